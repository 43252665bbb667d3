// One row, one record: rows that point at the same Zoho record (a row copied or pasted with its
// hidden columns, a sorted-in copy) or carry the same in-flight write (a copy of a row whose send
// is being checked, or of a new row whose insert has landed since) are never sent, since whichever went last would silently win, or one write
// would become two. Each such row is told which others share it; nothing of any of them changes.

/** Rows by the key they share; only keys held by two rows or more are returned. */
export function sharedKeys(rowsByKey: ReadonlyMap<string, readonly number[]>): Map<string, number[]> {
  const shared = new Map<string, number[]>();
  for (const [key, rows] of rowsByKey) if (rows.length > 1) shared.set(key, [...rows].sort((a, b) => a - b));
  return shared;
}

/** "rows 4 and 9", "rows 4, 9 and 12" */
function listRows(rows: readonly number[]): string {
  if (rows.length === 1) return `row ${rows[0]}`;
  return `rows ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`;
}

/** The status of one of several rows linked to one record. */
export function duplicateIdMessage(row: number, rows: readonly number[], id: string): string {
  const others = rows.filter((r) => r !== row);
  return `Not sent: this row and ${listRows(others)} are linked to the same Zoho record (${id}), so none of them is sent. `
    + 'A copied row keeps the hidden link of the original. Delete the copy, or clear its "Zoho record ID" and "Zoho sync data" cells to create it as a new record.';
}

/** The status of one of several copies of a row whose last send is still being checked. */
export function duplicateMarkMessage(row: number, rows: readonly number[]): string {
  const others = rows.filter((r) => r !== row);
  return `Not sent: this row and ${listRows(others)} are copies of one row whose last send to Zoho is still being checked, so none of them is sent. Delete the copies and sync again.`;
}

/** The status of a copy of a new row, taken with its hidden columns while the row's insert was on the wire. */
export function copyOfSentMessage(original: number, id: string): string {
  return `Not sent: this row is a copy of row ${original}, taken while row ${original} was being sent to Zoho; that send created Zoho record ${id}, which row ${original} is linked to. `
    + 'Delete this copy, or clear its "Zoho sync data" cell to create it as a new record.';
}
