// A datetime in the hour repeated when clocks go back: Sheets keeps only its wall-clock reading and
// may read either instant back, so the row must not look edited for that (and nothing be sent).

import { CONFLICT_STATUS } from '../../../src/core/sync/pull';
import { cell, givenPulledSheet, lead, pull, push } from './helpers/sync-sheet';

describe('a datetime in the hour repeated when clocks go back', () => {
  it.each([
    ['at summer time (+02:00)', '2026-10-25T02:30:00+02:00'],
    ['at winter time (+01:00)', '2026-10-25T02:30:00+01:00'],
  ])('is not seen as edited %s, though Sheets may read it back as the other instant', (_case, value) => {
    const records = [lead(1, { Next_Follow_Up: value })];
    const sheet = givenPulledSheet('Europe/Berlin', records);

    const sent = push(sheet);

    expect(sent).toEqual([]);
  });

  it.each([
    ['at summer time (+02:00)', '2026-10-25T02:30:00+02:00'],
    ['at winter time (+01:00)', '2026-10-25T02:30:00+01:00'],
  ])('lets a later pull update the row %s instead of calling it a conflict', (_case, value) => {
    const records = [lead(1, { Next_Follow_Up: value })];
    const sheet = givenPulledSheet('Europe/Berlin', records);
    records[0] = { ...records[0]!, Company: 'Changed in Zoho', Modified_Time: '2026-01-20T09:00:00+00:00' };

    pull(sheet);

    expect(cell(sheet, 2, 'Company')).toBe('Changed in Zoho');
    expect(cell(sheet, 2, 'Sync status')).not.toBe(CONFLICT_STATUS);
  });
});
