// Resolving a conflict row: take Zoho's version (its values become the row, clean), or keep mine
// (Zoho's newer Modified_Time becomes the row's base, so the next push sends my version knowingly).

import { zonedFingerprint } from '../cells/fingerprint';
import { decodeForCell, type LookupLink } from '../cells/record-codec';
import type { ZoneOffsetPort } from '../cells/time-zone';
import { ConfigError } from '../errors';
import type { ZohoField } from '../zoho/wire';
import { fieldHashes, type RowMeta } from './row-meta';

export function requireConflict(meta: RowMeta | null, row: number): RowMeta & { c: NonNullable<RowMeta['c']> } {
  if (!meta?.c) throw new ConfigError('SYNC_NO_CONFLICT', `Row ${row} is not in conflict any more; nothing to choose.`);
  return meta as RowMeta & { c: NonNullable<RowMeta['c']> };
}

/** Zoho's values as cells, and the clean sync data for them. */
export function takeZohoVersion(fields: readonly ZohoField[], meta: RowMeta & { c: NonNullable<RowMeta['c']> }, listKey: string, timeZone: string, zones: ZoneOffsetPort): { cells: unknown[]; meta: RowMeta } {
  const links: Record<string, LookupLink> = {};
  const cells = fields.map((field) => {
    const decoded = decodeForCell(field, meta.c.v[field.api_name], { timeZone, zones });
    if (decoded.link) links[field.api_name] = decoded.link;
    return decoded.value;
  });
  const fingerprint = zonedFingerprint(timeZone, zones);
  const next: RowMeta = { m: meta.c.m, f: fingerprint(cells), k: listKey, h: fieldHashes(cells, fingerprint) };
  if (Object.keys(links).length) next.l = links;
  return { cells, meta: next };
}

/** My cells stay; the row now counts as edited on top of Zoho's latest version. */
export function keepMyVersion(meta: RowMeta & { c: NonNullable<RowMeta['c']> }): RowMeta {
  const { c, ...rest } = meta;
  return { ...rest, m: c.m };
}
