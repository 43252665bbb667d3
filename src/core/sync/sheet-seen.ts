// What a push read of a sheet and left untouched, handed to the pull that follows it in the same
// run, so a Sync now with nothing to send reads each sheet once rather than twice (issue 20).
//
// Only a push that wrote nothing, neither to the sheet nor to Zoho, hands it on: then nothing of
// the sync has changed the sheet since the read, and the pull starts from the same picture it would
// read itself a moment later. What the user does meanwhile (type, sort, delete rows) is met as the
// pull meets it during its own reads: row numbers are hints that each write checks against the id
// column first (pull.ts updateSegment, cell-writes.ts), and new rows go below the last row read
// just before they are written.

import type { SheetLayout } from './layout';

export interface SheetSeen {
  layout: SheetLayout;
  /** The header row as read (after any repair the read made). */
  header: string[];
  /** The sheet's last row with content, when read. */
  lastRow: number;
  /** Record id -> row; of two rows with one id, the one further down (as one read of the id column gives it). */
  ids: ReadonlyMap<string, number>;
}

/** A copy the pull may change (it puts back a deleted status column) without touching the push's. */
export function copyOfSeen(seen: SheetSeen): SheetSeen {
  return {
    layout: { ...seen.layout, fieldColumns: [...seen.layout.fieldColumns], taggedFields: { ...seen.layout.taggedFields } },
    header: [...seen.header],
    lastRow: seen.lastRow,
    ids: new Map(seen.ids),
  };
}
