// Edits a push holds back because Zoho no longer lets the field be changed (an admin made it
// read-only, or the rep's profile lost the right to edit it), while the row's other edits go out.
// The held edit stays in its cell and stays an unsent edit (the row's base keeps Zoho's value for
// that field), so no pull overwrites it and the row's note keeps saying what to do until the rep
// undoes it. Whether a field may be sent is isWritableField's to say (record-codec.ts).

import type { ZohoField } from '../zoho/wire';

/** Whether a field's metadata says Zoho refuses edits to it now (reference §4.2: read_only for this user, field_read_only for everyone). */
export function isMadeReadOnly(field: ZohoField): boolean {
  return Boolean(field.read_only || field.field_read_only || field.operation_type?.api_update === false);
}

/**
 * The note of a row whose edits to these read-only fields were held back. `sentNote` is the
 * sentence about the row's other edits ('' when the row had none).
 */
export function heldEditsNote(labels: readonly string[], sentNote: string): string {
  const names = labels.length > 1 ? `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]!}` : labels[0] ?? '';
  const [verb, it, edit] = labels.length > 1 ? ['are', 'they', 'edits stay in their cells; undo them'] : ['is', 'it', 'edit stays in the cell; undo it'];
  return `Not sent: ${names} ${verb} read-only in Zoho CRM now (an admin's setting or your profile's), so ${it} can't be changed from the sheet. Your ${edit} (put back Zoho's value, or choose Restore) to clear this note.`
    + (sentNote ? ` ${sentNote}` : '');
}

/** A row's field hashes once its other edits are sent: the held fields keep the base's hash, so they stay unsent edits. */
export function keepHeldBase(hashes: readonly string[], base: readonly string[], held: readonly number[]): string[] {
  return hashes.map((h, i) => (held.includes(i) ? base[i] ?? h : h));
}
