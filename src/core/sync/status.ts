// What a row's status cell shows: one short word a rep reads at a glance (Sent, Refused, Conflict,
// Deleted in Zoho, Waiting, and the write-ahead words Sending and Checking), coloured by its kind,
// with the whole sentence in the cell's note. Push, pull and the row actions keep composing their
// sentences as before; this is the one place that turns a sentence into what the cell holds.

import { zonedParts, type ZoneOffsetPort } from '../cells/time-zone';
import type { SheetGrid } from './grid';

export type StatusKind = 'sent' | 'refused' | 'conflict' | 'deleted' | 'left' | 'waiting' | 'sending' | 'checking' | 'restored';

/** The word each kind shows in the status cell. */
export const STATUS_WORDS: Readonly<Record<StatusKind, string>> = {
  sent: 'Sent',
  refused: 'Refused',
  conflict: 'Conflict',
  deleted: 'Deleted in Zoho',
  left: 'Not in filter',
  waiting: 'Waiting',
  sending: 'Sending',
  checking: 'Checking',
  restored: 'Restored',
};

/** Background and text colour of each kind: Sheets' light palette, dark text, readable by colour-blind users through the word. */
export const STATUS_COLOURS: Readonly<Record<StatusKind, { background: string; text: string }>> = {
  sent: { background: '#d9ead3', text: '#274e13' },
  refused: { background: '#f4cccc', text: '#660000' },
  conflict: { background: '#fce5cd', text: '#783f04' },
  deleted: { background: '#efefef', text: '#434343' },
  left: { background: '#efefef', text: '#434343' },
  waiting: { background: '#fff2cc', text: '#7f6000' },
  sending: { background: '#cfe2f3', text: '#073763' },
  checking: { background: '#cfe2f3', text: '#073763' },
  restored: { background: '#d9ead3', text: '#274e13' },
};

/**
 * The kind of a status sentence, by how the sentences of push.ts, pull.ts, conflicts and
 * deleted-rows begin (test/unit/sync/status.test.ts holds one of each). Anything not known as
 * another kind is a refusal: a row that was not sent and will not be until the user acts.
 */
export function statusKind(detail: string): StatusKind {
  const text = detail.trim();
  if (text.startsWith('Sent, but')) return 'checking';
  if (text.startsWith('Sent to Zoho')) return 'sent';
  if (text.startsWith('Sending to Zoho')) return 'sending';
  if (text.startsWith('Checking with Zoho')) return 'checking';
  if (text.startsWith('Conflict')) return 'conflict';
  if (text.startsWith('Deleted in Zoho')) return 'deleted';
  if (text.startsWith('No longer matches')) return 'left';
  if (text.startsWith('Restored from Zoho')) return 'restored';
  if (text.startsWith('Not sent yet') || text.startsWith('Will be created') || text.startsWith('Keeping your version')) return 'waiting';
  return 'refused';
}

/** The cell value and note of a status sentence; '' clears both. */
export function statusCell(detail: string): { word: string; note: string } {
  if (!detail) return { word: '', note: '' };
  return { word: STATUS_WORDS[statusKind(detail)], note: detail };
}

/** 'YYYY-MM-DD hh:mm' in the spreadsheet's zone, for a status sentence (the zone the user reads the sheet in). */
export function formatStatusTime(instantMs: number, timeZone: string, zones: ZoneOffsetPort): string {
  const p = zonedParts(instantMs, timeZone, zones);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** Above this many runs of adjacent rows, notes are read and written back as one block. */
export const MAX_NOTE_RUNS = 8;

/**
 * Writes the notes of status cells, by row: one call per run of adjacent rows, or past
 * MAX_NOTE_RUNS runs one read and one write of the block from the first row to the last, keeping
 * the notes of the rows between.
 */
export function writeStatusNotes(grid: SheetGrid, column: number, notes: ReadonlyMap<number, string>): void {
  if (column < 1 || !notes.size) return;
  const rows = [...notes.keys()].sort((a, b) => a - b);
  const runs: Array<{ start: number; notes: string[][] }> = [];
  for (let i = 0; i < rows.length; ) {
    const start = rows[i]!;
    const run: string[][] = [];
    while (i < rows.length && rows[i] === start + run.length) run.push([notes.get(rows[i++]!)!]);
    runs.push({ start, notes: run });
  }
  if (runs.length <= MAX_NOTE_RUNS) {
    for (const run of runs) grid.writeNotes(run.start, column, run.notes);
    return;
  }
  const first = rows[0]!;
  const block = grid.readNotes(first, column, rows[rows.length - 1]! - first + 1, 1);
  for (const [row, note] of notes) block[row - first] = [note];
  grid.writeNotes(first, column, block);
}
