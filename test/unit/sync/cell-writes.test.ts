// Checked cell writes give each cell its own row's format (an amount in its record's currency),
// whether the rows are written as rectangles or as one block, and a format-only change never
// touches the value the user sees or typed.

import { writeCheckedCells, MAX_WRITE_BLOCKS_PER_BATCH, type CellWrite, type CellWriteOptions } from '../../../src/core/sync/cell-writes';
import { ArrayGrid } from '../../helpers/fakes';

// Columns: 1 amount, 2 note, 3 record id, 4 sync data (the row's currency, as text here).
const AMOUNT = 1;
const NOTE = 2;
const ID = 3;
const META = 4;
const FORMAT_OF_CURRENCY: Record<string, string> = { USD: '"$"#,##0.00', EUR: '"€"#,##0.00' };
const options: CellWriteOptions = {
  identityColumns: [ID, META],
  ownColumns: [AMOUNT, NOTE, ID, META],
  formatOf: (column, cell) => (column === AMOUNT ? FORMAT_OF_CURRENCY[String(cell(META) || 'EUR')]! : '@'),
  rewrite: (value) => value,
};

/** Rows 2.. of [amount, note, id, currency]; every cell formatted as its row's currency says. */
function givenRows(rows: Array<[number, string, string, string]>): ArrayGrid {
  const grid = new ArrayGrid('Deals');
  grid.writeValues(2, 1, rows);
  grid.writeNumberFormats(2, 1, rows.map((r) => [FORMAT_OF_CURRENCY[r[3] || 'EUR']!, '@', '@', '@']));
  return grid;
}

function write(grid: ArrayGrid, row: number, changes: Array<[number, unknown]>, reformat?: number[]): CellWrite {
  const read = new Map([ID, META, ...changes.map(([c]) => c)].map((c) => [c, grid.values[row - 1]![c - 1]]));
  return { row, changes: new Map(changes), read, ...(reformat ? { reformat } : {}) };
}

describe('writeCheckedCells formats', () => {
  it('re-formats an amount whose row changed currency without writing its value, which the user may have typed', () => {
    const grid = givenRows([[100, 'a', 'r1', ''], [4321.5, 'b', 'r2', ''], [300, 'c', 'r3', 'USD']]);

    writeCheckedCells(grid, [write(grid, 3, [[META, 'USD']], [AMOUNT])], options);

    expect(grid.formats.slice(1).map((r) => r[AMOUNT - 1])).toEqual(['"€"#,##0.00', '"$"#,##0.00', '"$"#,##0.00']);
    expect(grid.values[2]).toEqual([4321.5, 'b', 'r2', 'USD']);
  });

  it('gives each row of a block write its own row\'s format, rows not written included', () => {
    const currencies = Array.from({ length: 30 }, (_, i) => (i % 3 === 1 ? 'USD' : ''));
    const grid = givenRows(currencies.map((c, i) => [i, `n${i}`, `r${i}`, c]));
    // Every other row's note changes: more rectangles than are written one by one.
    const writes = currencies.flatMap((_, i) => (i % 2 === 0 ? [write(grid, i + 2, [[AMOUNT, 1000 + i], [NOTE, `changed ${i}`]])] : []));

    writeCheckedCells(grid, writes, options);

    expect(writes.length).toBeGreaterThan(MAX_WRITE_BLOCKS_PER_BATCH);
    expect(grid.formats.slice(1, 31).map((r) => r[AMOUNT - 1])).toEqual(currencies.map((c) => FORMAT_OF_CURRENCY[c || 'EUR']));
    expect(grid.values.slice(1, 31).map((r) => r[AMOUNT - 1])).toEqual(currencies.map((_, i) => (i % 2 === 0 ? 1000 + i : i)));
  });
});
