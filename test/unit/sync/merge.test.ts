// The field-level three-way merge: which fields a row takes from Zoho, sends, or holds as a
// conflict, and that values compare as Zoho means them, not as text a zone or a format made.
import { displayCell } from '../../../src/core/cells/display';
import { zonedFingerprint } from '../../../src/core/cells/fingerprint';
import { decodeForCell } from '../../../src/core/cells/record-codec';
import { conflictStatus, mergedBase, mergeFields } from '../../../src/core/sync/merge';
import { fieldHashes } from '../../../src/core/sync/row-meta';
import { givenField, sheetIn } from '../cells/helpers/fields';
import { intlZones } from '../cells/helpers/intl-zone-offsets';

describe('mergeFields', () => {
  it.each([
    ['nobody changed it', 'a', 'a', 'a', 'same'],
    ['only Zoho changed it', 'a', 'a', 'z', 'take'],
    ['only the sheet changed it', 'a', 'm', 'a', 'send'],
    ['both changed it alike', 'a', 'x', 'x', 'same'],
    ['both changed it differently', 'a', 'm', 'z', 'conflict'],
  ])('decides a field %s', (_case, base, mine, theirs, decision) => {
    const merge = mergeFields([base], [mine], [theirs]);

    expect(merge.decisions).toEqual([decision]);
  });

  it('merges each field of a row on its own: a colleague\'s field comes in, mine goes out, only the shared one conflicts', () => {
    const base = ['b0', 'b1', 'b2', 'b3'];
    const mine = ['b0', 'm1', 'm2', 'b3'];
    const theirs = ['t0', 'b1', 't2', 'b3'];

    const merge = mergeFields(base, mine, theirs);

    expect(merge).toMatchObject({ take: [0], send: [1], conflicts: [2] });
    expect(mergedBase(merge, base, theirs)).toEqual(['t0', 'b1', 'b2', 'b3']);
  });
});

describe('comparing as Zoho means the values', () => {
  const BERLIN = sheetIn('Europe/Berlin');
  const hashOf = (cells: unknown[]) => fieldHashes(cells, zonedFingerprint('Europe/Berlin', intlZones));

  it.each([
    ['a date, read back as a Date at midnight in the sheet\'s zone', givenField('date'), '2026-03-01', new Date('2026-02-28T23:00:00Z')],
    ['a datetime with another offset', givenField('datetime'), '2026-03-01T10:00:00-05:00', new Date('2026-03-01T15:00:00Z')],
    ['a currency sent as text with trailing zeros', givenField('currency'), '1234.50', 1234.5],
    ['a percent', givenField('percent'), 25, 0.25],
  ])('hashes %s like the cell that shows it', (_case, field, zoho, cell) => {
    const theirs = decodeForCell(field, zoho, BERLIN).value;

    expect(hashOf([theirs])).toEqual(hashOf([cell]));
  });
});

describe('conflict status', () => {
  it('names each conflicting field with both values as the cells show them', () => {
    const tz = 'Europe/Berlin';
    const status = conflictStatus([
      { label: 'Company', mine: displayCell('Mine Inc', '@', tz, intlZones), zoho: displayCell('Theirs AG', '@', tz, intlZones) },
      { label: 'Close date', mine: displayCell(new Date('2026-02-28T23:00:00Z'), 'yyyy-mm-dd', tz, intlZones), zoho: displayCell(new Date('2026-03-04T23:00:00Z'), 'yyyy-mm-dd', tz, intlZones) },
      { label: 'Amount', mine: displayCell(1234.5, '#,##0.00', tz, intlZones), zoho: displayCell(-9876543.219, '#,##0.00', tz, intlZones) },
      { label: 'Probability', mine: displayCell(0.25, '0.00%', tz, intlZones), zoho: displayCell('', '0.00%', tz, intlZones) },
    ]);

    expect(status).toBe('Conflict: this sheet has Company "Mine Inc", Close date "2026-03-01", Amount "1,234.50", Probability "25.00%"; '
      + 'Zoho has Company "Theirs AG", Close date "2026-03-05", Amount "-9,876,543.22", Probability "(empty)". Choose "Keep mine" or "Take Zoho\'s".');
  });

  it('shows a datetime in the spreadsheet\'s zone', () => {
    expect(displayCell(new Date('2026-07-01T10:00:05Z'), 'yyyy-mm-dd hh:mm:ss', 'America/New_York', intlZones)).toBe('2026-07-01 06:00:05');
  });
});
