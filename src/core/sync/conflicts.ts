// A row's version as Zoho has it (for a merge, "Take Zoho's" and restoring a row), and "Keep
// mine": the conflicting fields now count as my edits on top of Zoho's values, so the next push
// sends them knowingly. A conflict's saved values are Zoho's at the time; the buttons act on them
// or read Zoho again, never on another row's data.

import { displayCell } from '../cells/display';
import { zonedFingerprint } from '../cells/fingerprint';
import { decodeForCell, numberFormatFor, type CellValue, type LookupLink } from '../cells/record-codec';
import type { ZoneOffsetPort } from '../cells/time-zone';
import { ConfigError } from '../errors';
import type { RecordWriter } from '../zoho/records';
import type { ZohoField, ZohoRecord } from '../zoho/wire';
import { splitFieldRequests } from './definition';
import { conflictStatus, CONFLICT_CHOICE } from './merge';
import { fieldHashes, type RowMeta } from './row-meta';

/** The status of a row that took Zoho's values back ("Take Zoho's", "Restore from Zoho"). */
export const RESTORED_STATUS = 'Restored from Zoho: this row shows Zoho\'s values.';

export function requireConflict(meta: RowMeta | null, row: number): RowMeta & { c: NonNullable<RowMeta['c']> } {
  if (!meta?.c) throw new ConfigError('SYNC_NO_CONFLICT', `Row ${row} is not in conflict any more; nothing to choose.`);
  return meta as RowMeta & { c: NonNullable<RowMeta['c']> };
}

/**
 * Records' current values with every synced field: Zoho answers at most 50 fields a request
 * (splitFieldRequests), so wider sheets take one request per 50 fields, joined by id. Ids Zoho does
 * not return (deleted, merged, not visible to this user) are absent.
 */
export function readRecords(writer: RecordWriter, module: string, ids: readonly string[], fields: readonly string[]): Map<string, ZohoRecord> {
  const byId = new Map<string, ZohoRecord>();
  for (const chunk of splitFieldRequests(fields)) {
    for (const record of writer.current(module, ids, chunk)) byId.set(String(record.id), { ...byId.get(String(record.id)), ...record });
  }
  return byId;
}

/** Zoho's values (by api_name) as the row's cells, with clean sync data for them, as a pull writes them. */
export function zohoVersion(fields: readonly ZohoField[], values: Readonly<Record<string, unknown>>, modified: string, listKey: string, timeZone: string, zones: ZoneOffsetPort): { cells: CellValue[]; meta: RowMeta } {
  const links: Record<string, LookupLink> = {};
  const cells = fields.map((field) => {
    const decoded = decodeForCell(field, values[field.api_name], { timeZone, zones });
    if (decoded.link) links[field.api_name] = decoded.link;
    return decoded.value;
  });
  const fingerprint = zonedFingerprint(timeZone, zones);
  const meta: RowMeta = { m: modified, f: fingerprint(cells), k: listKey, h: fieldHashes(cells, fingerprint) };
  if (Object.keys(links).length) meta.l = links;
  return { cells, meta };
}

/**
 * My cells stay; each field Zoho's conflict values name now has Zoho's value as its base, so it
 * counts as my edit on top of Zoho's version (Modified_Time c.m). A newer change in Zoho is merged
 * again by the push.
 */
export function keepMyVersion(fields: readonly ZohoField[], meta: RowMeta & { c: NonNullable<RowMeta['c']> }, timeZone: string, zones: ZoneOffsetPort): RowMeta {
  const { c, ...rest } = meta;
  const theirs = zohoVersion(fields, c.v, c.m, meta.k ?? '', timeZone, zones).meta.h!;
  const h = fields.map((f, i) => (f.api_name in c.v ? theirs[i]! : rest.h?.[i] ?? theirs[i]!));
  return { ...rest, m: c.m, h };
}

/**
 * The status of a conflict row from its saved Zoho values: the fields where they differ from the
 * cells now, both values as the cells show them (`formatOf`: the row's format of a field). (Rows
 * marked before the merge saved every field.)
 */
export function conflictMessageOf(fields: readonly ZohoField[], cells: readonly unknown[], zohoValues: Readonly<Record<string, unknown>>, timeZone: string, zones: ZoneOffsetPort, formatOf: (field: ZohoField) => string | null = numberFormatFor): string {
  const fingerprint = zonedFingerprint(timeZone, zones);
  const theirs = zohoVersion(fields, zohoValues, '', '', timeZone, zones).cells;
  const differing = fields.flatMap((field, i) => {
    if (!(field.api_name in zohoValues) || fingerprint([cells[i]]) === fingerprint([theirs[i]])) return [];
    // The row's own format (an amount in its record's currency).
    const format = formatOf(field);
    return [{ label: field.field_label, mine: displayCell(cells[i], format, timeZone, zones), zoho: displayCell(theirs[i], format, timeZone, zones) }];
  });
  return differing.length ? conflictStatus(differing) : `Conflict: changed in Zoho and in this sheet. ${CONFLICT_CHOICE}`;
}
