// A sync definition says what one sheet mirrors: a Zoho module, its fields in column order, and an
// optional custom view. It lives with the document (developer metadata on the sheet), so every
// collaborator and the scheduled run see the same definition.

import { ConfigError } from '../errors';
import type { ZohoField } from '../zoho/wire';
import type { OrgRef } from './binding';
import type { SheetFilter } from './filter';
import { filterProblem, normalizeFilter } from './filter-rules';

export type DeletedRowPolicy = 'remove' | 'mark';

export interface SyncDefinition {
  module: string;
  /** Field api_names in the order their columns were first laid out. */
  fields: string[];
  /** A Zoho custom view id: only its records are pulled (older definitions; `filter.view` now). */
  cvid?: string;
  /** Which records the sheet holds (issue 16); absent: the whole module. */
  filter?: SheetFilter;
  /** What happens to the row of a record deleted in Zoho. */
  deletedRows: DeletedRowPolicy;
  /** Whether Zoho runs its workflow rules on records this sheet pushes (default true, as in Zoho). */
  runWorkflows?: boolean;
  /**
   * A unique field (Email, say) that new rows are matched on: a new row whose value matches an
   * existing record updates and links that record through Zoho's upsert instead of creating a
   * duplicate. Unset: every new row creates a record (Zoho's insert).
   */
  matchField?: string;
  /** The Zoho org the sheet was set up with: only a user of that org syncs it (binding.ts). */
  org?: OrgRef;
  /** The id of the tab the sheet was set up on, so a duplicated tab is known as a copy (binding.ts). */
  sheetId?: number;
}

/** Checks a definition against the module's fields; unknown fields are named. @throws ConfigError */
export function checkDefinition(input: unknown, moduleFields: readonly ZohoField[]): SyncDefinition {
  const raw = (input ?? {}) as Partial<SyncDefinition>;
  if (typeof raw.module !== 'string' || !raw.module) throw new ConfigError('SYNC_NO_MODULE', 'Pick a Zoho module to sync.');
  const fields = Array.isArray(raw.fields) ? raw.fields.filter((f): f is string => typeof f === 'string' && f !== 'id') : [];
  if (!fields.length) throw new ConfigError('SYNC_NO_FIELDS', `Pick at least one field of ${raw.module} to sync.`);
  const known = new Set(moduleFields.map((f) => f.api_name));
  const unknown = fields.filter((f) => !known.has(f));
  if (unknown.length) {
    throw new ConfigError('SYNC_UNKNOWN_FIELDS', `${raw.module} has no field ${unknown.join(', ')} any more. Pick the fields again in the sidebar.`);
  }
  const unique = fields.filter((f, i) => fields.indexOf(f) === i);
  const definition: SyncDefinition = { module: raw.module, fields: unique, deletedRows: raw.deletedRows === 'mark' ? 'mark' : 'remove' };
  if (raw.runWorkflows === false) definition.runWorkflows = false;
  const match = (raw as { matchField?: unknown }).matchField;
  if (typeof match === 'string' && match) {
    const field = moduleFields.find((f) => f.api_name === match);
    if (!field || !isUniqueField(field)) {
      throw new ConfigError('SYNC_MATCH_FIELD', `Zoho does not keep ${field?.field_label ?? match} unique in ${raw.module}, so new rows cannot be matched on it. Pick a unique field (such as Email), or turn matching off.`);
    }
    if (!unique.includes(match)) {
      throw new ConfigError('SYNC_MATCH_FIELD', `New rows are matched on ${field.field_label}, so it must be one of the sheet's fields. Tick it, or turn matching off.`);
    }
    definition.matchField = match;
  }
  if (typeof raw.cvid === 'string' && /^\d{1,25}$/.test(raw.cvid)) definition.cvid = raw.cvid;
  // A filter Zoho cannot express is refused before it is saved, with the reason (filter-rules.ts).
  const filter = normalizeFilter((raw as { filter?: SheetFilter | null }).filter);
  const problem = filterProblem(filter, moduleFields);
  if (problem) throw new ConfigError('SYNC_FILTER', problem);
  if (filter) definition.filter = filter;
  return definition;
}

/**
 * The message for fields a sheet syncs that Zoho no longer has (an admin deleted one, changed its
 * api name, or hid it from the user's profile), named as the sheet's headers show them.
 */
export function goneFieldsMessage(sheetName: string, names: readonly string[]): string {
  const list = names.map((n) => `"${n}"`).join(', ');
  return `Sheet "${sheetName}" syncs ${names.length === 1 ? 'the field' : 'the fields'} ${list}, which Zoho CRM no longer has (an administrator deleted ${names.length === 1 ? 'it' : 'them'}, changed ${names.length === 1 ? 'its' : 'their'} API name, or hid ${names.length === 1 ? 'it' : 'them'} from your profile). `
    + `Nothing of this sheet was sent or changed. Remove ${names.length === 1 ? 'it' : 'them'} from the sheet's fields in the sidebar (the column stays as it is), then sync again.`;
}

/** Whether Zoho keeps a field's values unique (its metadata's `unique` is a non-empty object; reference §4.2). */
export function isUniqueField(field: ZohoField): boolean {
  return Boolean(field.unique && Object.keys(field.unique).length);
}

/** Zoho: at most 50 api names in `fields` (reference §5.1). */
export const MAX_FIELDS_PER_REQUEST = 50;

/**
 * Splits the fields to request into lists of at most 50, joined later by record id. The first list
 * always carries Modified_Time, which conflict checks and incremental pulls need.
 */
export function splitFieldRequests(fields: readonly string[], max = MAX_FIELDS_PER_REQUEST): string[][] {
  const wanted = ['Modified_Time', ...fields.filter((f) => f !== 'Modified_Time' && f !== 'id')];
  const chunks: string[][] = [];
  for (let i = 0; i < wanted.length; i += max) chunks.push(wanted.slice(i, i + max));
  return chunks;
}
