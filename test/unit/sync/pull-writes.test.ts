// A pull writes only the cells it changes, after re-reading the rows it is about to overwrite
// (team-safety §8): what the user types into a row after the pull read it is never reverted.
import { givenPulledSheet, lead, pull, push, cell, column, type Sheet } from './helpers/sync-sheet';

/** The user types `text` into (row, header) right after the pull first reads that cell. */
function typeRightAfterTheRead(sheet: Sheet, row: number, header: string, text: string): void {
  const target = column(sheet, header);
  const grid = sheet.grid;
  const read = grid.readValues.bind(grid);
  let typed = false;
  grid.readValues = (r, c, numRows, numColumns) => {
    const values = read(r, c, numRows, numColumns);
    if (!typed && numRows > 0 && r <= row && row < r + numRows && c <= target && target < c + numColumns && r > 1) {
      typed = true;
      grid.set(row, target, text);
    }
    return values;
  };
}

function givenCompanyChangedInZoho(): Sheet {
  const records = Array.from({ length: 8 }, (_, i) => lead(i + 1));
  const sheet = givenPulledSheet('UTC', records);
  sheet.records = records.map((r, i) => (i === 2 ? { ...r, Company: 'Changed In Zoho', Modified_Time: '2026-01-11T09:00:00+00:00' } : r));
  return sheet;
}

describe('a pull that updates rows while the user types', () => {
  it('keeps what the user typed into a cell the pull does not change, and sends it at the next push', () => {
    const sheet = givenCompanyChangedInZoho();
    typeRightAfterTheRead(sheet, 4, 'Last Name', 'Typed During Pull');

    pull(sheet);

    expect(cell(sheet, 4, 'Company')).toBe('Changed In Zoho');
    expect(cell(sheet, 4, 'Last Name')).toBe('Typed During Pull');
    expect(push(sheet)).toEqual([expect.objectContaining({ Last_Name: 'Typed During Pull' })]);
  });

  it('skips a row whose changed cell the user typed into after the pull read it', () => {
    const sheet = givenCompanyChangedInZoho();
    typeRightAfterTheRead(sheet, 4, 'Company', 'Typed During Pull');

    pull(sheet);

    expect(cell(sheet, 4, 'Company')).toBe('Typed During Pull');
    expect(cell(sheet, 5, 'Company')).toBe('Company 4');
  });

  it('keeps the watermark where it was when it skipped a row, so the next pull looks at that record again', () => {
    const sheet = givenCompanyChangedInZoho();
    const before = sheet.state.state.watermark;
    sheet.serverTime = Date.UTC(2026, 1, 2);
    typeRightAfterTheRead(sheet, 4, 'Company', 'Typed During Pull');

    pull(sheet);
    const afterSkip = sheet.state.state.watermark;
    pull(sheet);

    expect(before).toBeDefined();
    expect(afterSkip).toBe(before);
    // Without the skip, the watermark moves on to this pull's start.
    expect(sheet.state.state.watermark).toBe('2026-02-01T23:59:00+00:00');
    // The cell shows the word; its note names the field with both values.
    expect(cell(sheet, 4, 'Sync status')).toBe('Conflict');
    expect(sheet.grid.notes.get(`4:${column(sheet, 'Sync status')}`)).toMatch(/^Conflict: this sheet has Company "Typed During Pull"; Zoho has Company "Changed In Zoho"/);
  });

  it('writes only the changed cells', () => {
    const sheet = givenCompanyChangedInZoho();
    const written: Array<[number, number, number, number]> = [];
    const write = sheet.grid.writeValues.bind(sheet.grid);
    sheet.grid.writeValues = (row, col, values) => {
      written.push([row, col, values.length, values[0]!.length]);
      write(row, col, values);
    };

    pull(sheet);

    const metaCol = column(sheet, 'Zoho sync data');
    expect(written).toEqual(expect.arrayContaining([[4, column(sheet, 'Company'), 1, 1], [4, metaCol, 1, 1]]));
    expect(written.every(([row, , rows, cols]) => row === 4 && rows === 1 && cols === 1)).toBe(true);
  });
});
