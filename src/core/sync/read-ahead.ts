// What a sheet's pull asks Zoho first, worked out before it runs, so a Sync now of several sheets
// can send those reads together (ZohoClient.prefetch, UrlFetchApp.fetchAll; issue 20). Only the
// common case is planned: an incremental pull of an unfiltered sheet with no pull under way, whose
// first reads are its newest-first page of changes and its first page of deletions. Anything else
// is left to the pull; a plan that misses only costs the read it did not save.

import { splitFieldRequests, type SyncDefinition } from './definition';
import { filterKey, normalizeFilter } from './filter-rules';
import type { SyncState } from './pull';
import type { PageRequest } from '../zoho/records';
import type { RowCurrencies } from '../cells/currency';

export interface FirstReads {
  /** The first page of changes, one request per list of at most 50 fields. */
  pages: PageRequest[];
  /** The watermark the first page of deletions is asked from. */
  deletedSince: string;
}

/**
 * The first reads of the sheet's next pull (pull.ts run), or null when they cannot be known ahead.
 * `currencies`: the sheet's rows' currencies as its pull will see them (the pull then asks for the
 * records' Currency too); null when that is not known yet (a multi-currency org whose field
 * metadata is not cached), which leaves the reads to the pull.
 */
export function firstPullReads(definition: SyncDefinition, state: SyncState, currencies?: RowCurrencies | null): FirstReads | null {
  if (currencies === null) return null;
  if (definition.cvid || normalizeFilter(definition.filter)) return null;
  const key = currencies ? currencies.watermarkKey(filterKey(definition.filter)) : filterKey(definition.filter);
  if (state.cursor || !state.watermark || (state.watermarkKey ?? '') !== key) return null;
  const names = currencies ? currencies.requestFields(definition.fields) : definition.fields;
  const pages = splitFieldRequests(names).map((fields): PageRequest => ({ module: definition.module, fields, pageToken: null, order: 'desc' }));
  return { pages, deletedSince: state.watermark };
}
