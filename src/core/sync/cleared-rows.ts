// A synced row whose every field cell was cleared. A rep who selects a row and presses Delete
// usually means to get rid of the row, not to erase the record's fields in Zoho; sent as it is,
// that edit would blank every synced field of the record, so the push refuses it and says what to do.

/** Whether a cell counts as empty: nothing, blank text, or an unticked checkbox. */
function isBlank(cell: unknown): boolean {
  return cell === '' || cell === null || cell === undefined || cell === false || (typeof cell === 'string' && cell.trim() === '');
}

/**
 * True when every field cell of a row is empty; an unticked checkbox counts as empty. A sheet of a
 * single field is left out: clearing its one cell is how a rep clears that field.
 */
export function isClearedRow(cells: readonly unknown[]): boolean {
  return cells.length > 1 && cells.every(isBlank);
}

export const CLEARED_ROW_STATUS = 'Not sent: every cell of this row is empty, and sending that would erase the record\'s fields in Zoho CRM. To take the row out of the sheet, delete the row (right-click > Delete row); to get its values back, use Restore from Zoho. To clear a field in Zoho, leave at least one other cell of the row filled.';
