// What a row shows once Zoho took its edit: the values as Zoho keeps them, not as they were typed.
// The push sends canonical values ("junk lead" goes as the allowed "Junk Lead", 10.005 as 10.01,
// "crm;desk" as CRM and Desk); the cell and the row's base must then say the same, or the next merge
// takes the difference for a colleague's change and reports a conflict nobody made.

import { decodeForCell, type CellValue } from '../cells/record-codec';
import type { ZoneOffsetPort } from '../cells/time-zone';
import type { ZohoField } from '../zoho/wire';
import { fieldHashes } from './row-meta';

/** A field cell to rewrite with Zoho's form of what was sent, only if it still hashes as `expect`. */
export interface SentCellWrite {
  index: number;
  value: CellValue;
  expect: string;
}

/**
 * The row's cells as Zoho now has them, and the writes that make the sheet show it: for each field
 * in `payload` whose value, shown as a pull would show it, differs from the cell typed. A lookup or
 * owner (Zoho was sent the id) shows the name Zoho gives it when `nameOf` knows it ("Jonas Weber"
 * for the email typed), else keeps the name typed; anything cut to fit a cell stays as it is.
 * @param cells the row's field cells as sent, aligned with `fields`
 * @returns also `names`: by field, the name each lookup cell now shows, for the row's links
 */
export function sentCells(
  fields: readonly ZohoField[], cells: readonly unknown[], payload: Readonly<Record<string, unknown>>,
  timeZone: string, zones: ZoneOffsetPort, fingerprint: (values: readonly unknown[]) => string,
  nameOf: (field: ZohoField, id: string) => string | undefined = () => undefined,
): { cells: unknown[]; writes: SentCellWrite[]; names: Record<string, string> } {
  const now = [...cells];
  const writes: SentCellWrite[] = [];
  const names: Record<string, string> = {};
  fields.forEach((field, i) => {
    if (!(field.api_name in payload)) return;
    const sent = payload[field.api_name];
    let shownAs: unknown = sent;
    if (sent && typeof sent === 'object' && !Array.isArray(sent)) {
      const id = (sent as { id?: unknown }).id;
      const name = typeof id === 'string' ? nameOf(field, id) : undefined;
      if (name === undefined) return;
      names[field.api_name] = name;
      shownAs = name;
    }
    const decoded = shownAs === sent ? decodeForCell(field, sent, { timeZone, zones }) : { value: String(shownAs) as CellValue };
    if (('truncated' in decoded && decoded.truncated) || ('link' in decoded && decoded.link)) return;
    const [typed, shown] = fieldHashes([cells[i], decoded.value], fingerprint);
    // Hashes ignore one leading apostrophe, which a Plain-text cell shows: compare such text as written.
    const sameText = typeof cells[i] !== 'string' || cells[i] === decoded.value;
    if (typed === shown && sameText) return;
    writes.push({ index: i, value: decoded.value, expect: typed! });
    now[i] = decoded.value;
  });
  return { cells: now, writes, names };
}
