// The word each status sentence shows in its cell: one of each sentence push, pull and the row
// actions write, so a reworded sentence that would change its word fails here.
import { RESTORED_STATUS } from '../../../src/core/sync/conflicts';
import { RECREATE_STATUS } from '../../../src/core/sync/deleted-rows';
import { duplicateIdMessage, duplicateMarkMessage } from '../../../src/core/sync/duplicates';
import { CONFLICT_STATUS, DELETED_KEPT_STATUS, DELETED_STATUS } from '../../../src/core/sync/pull';
import { CHECKING_STATUS_PREFIX, SENDING_STATUS, sentStatus } from '../../../src/core/sync/push';
import { formatStatusTime, MAX_NOTE_RUNS, statusCell, writeStatusNotes } from '../../../src/core/sync/status';
import { ArrayGrid } from '../../helpers/fakes';

const berlin = { offsetMinutes: (ms: number) => (new Date(ms).getUTCMonth() >= 3 && new Date(ms).getUTCMonth() < 9 ? 120 : 60) };
const at = Date.UTC(2026, 0, 15, 9, 5);

describe('the word of a status', () => {
  it.each([
    [sentStatus(at, 'Europe/Berlin', berlin), 'Sent'],
    [`${sentStatus(at, 'Europe/Berlin', berlin)} (confirmed with Zoho after its answer was lost)`, 'Sent'],
    [`${sentStatus(at, 'Europe/Berlin', berlin)}: matched the existing record with the same Email, which was updated and is now linked to this row.`, 'Sent'],
    ['Not sent: Lead Status: "Lukewarm" is not an allowed value (Contacted, Junk Lead).', 'Refused'],
    ['Zoho refused this row: duplicate data — Email [DUPLICATE_DATA]', 'Refused'],
    [duplicateIdMessage(3, [3, 5], '1'), 'Refused'],
    [duplicateMarkMessage(3, [3, 5]), 'Refused'],
    ['This row has a Zoho record id but no sync data, so the add-on cannot tell what changed.', 'Refused'],
    [CONFLICT_STATUS, 'Conflict'],
    ['Conflict: Company: you have "Mine", Zoho has "Theirs". Choose "Keep mine" or "Take Zoho\'s".', 'Conflict'],
    [DELETED_STATUS, 'Deleted in Zoho'],
    [DELETED_KEPT_STATUS, 'Deleted in Zoho'],
    ['Not sent yet: this run ran out of time; the next sync sends it.', 'Waiting'],
    [RECREATE_STATUS, 'Waiting'],
    ['Keeping your version: it is sent to Zoho now.', 'Waiting'],
    [SENDING_STATUS, 'Sending'],
    [`${CHECKING_STATUS_PREFIX} (Zoho could not be reached). The next sync checks again.`, 'Checking'],
    ['Sent, but Zoho\'s answer was lost (no answer came back). The next sync checks with Zoho what arrived before sending anything again.', 'Checking'],
    [RESTORED_STATUS, 'Restored'],
  ])('%s shows %s, with the sentence as its note', (sentence, word) => {
    expect(statusCell(sentence)).toEqual({ word, note: sentence });
  });

  it('clears both word and note for no status', () => {
    expect(statusCell('')).toEqual({ word: '', note: '' });
  });

  it('gives a send\'s time as the spreadsheet shows it, not in UTC', () => {
    expect(formatStatusTime(at, 'Europe/Berlin', berlin)).toBe('2026-01-15 10:05');
    expect(sentStatus(at, 'Europe/Berlin', berlin)).toBe('Sent to Zoho 2026-01-15 10:05 (Europe/Berlin)');
  });
});

describe('status notes', () => {
  it('writes a run of adjacent rows in one call, and past the limit one block that keeps the notes between', () => {
    const grid = new ArrayGrid();
    grid.writeNotes(4, 7, [['a user\'s note']]);
    const calls = jest.spyOn(grid, 'writeNotes');

    writeStatusNotes(grid, 7, new Map([[2, 'x'], [3, 'y']]));
    expect(calls).toHaveBeenCalledTimes(1);

    const scattered = new Map(Array.from({ length: MAX_NOTE_RUNS + 1 }, (_, i) => [10 + 2 * i, `n${i}`] as [number, string]));
    writeStatusNotes(grid, 7, scattered);
    expect(calls).toHaveBeenCalledTimes(2);
    expect(grid.notes.get('10:7')).toBe('n0');
    expect(grid.notes.get('4:7')).toBe('a user\'s note');
  });
});
