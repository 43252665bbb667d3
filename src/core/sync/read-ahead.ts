// What a sheet's pull asks Zoho first, worked out before it runs, so a Sync now of several sheets
// can send those reads together (ZohoClient.prefetch, UrlFetchApp.fetchAll; issue 20). Only the
// common case is planned: an incremental pull of an unfiltered sheet with no pull under way, whose
// first reads are its newest-first page of changes and its first page of deletions. Anything else
// is left to the pull; a plan that misses only costs the read it did not save.

import { splitFieldRequests, type SyncDefinition } from './definition';
import { filterKey, normalizeFilter } from './filter-rules';
import type { SyncState } from './pull';
import type { PageRequest } from '../zoho/records';

export interface FirstReads {
  /** The first page of changes, one request per list of at most 50 fields. */
  pages: PageRequest[];
  /** The watermark the first page of deletions is asked from. */
  deletedSince: string;
}

/** The first reads of the sheet's next pull (pull.ts run), or null when they cannot be known ahead. */
export function firstPullReads(definition: SyncDefinition, state: SyncState): FirstReads | null {
  if (definition.cvid || normalizeFilter(definition.filter)) return null;
  if (state.cursor || !state.watermark || (state.watermarkKey ?? '') !== filterKey(definition.filter)) return null;
  const pages = splitFieldRequests(definition.fields).map((fields): PageRequest => ({ module: definition.module, fields, pageToken: null, order: 'desc' }));
  return { pages, deletedSince: state.watermark };
}
