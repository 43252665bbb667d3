// The hidden per-row sync data: what a push compares to find the fields a user changed. It is
// written into every synced row of the user's sheet, so it should be short, and rows written by
// an earlier version must still read the same.
import { fingerprintRow } from '../../../src/core/cells/fingerprint';
import { FIELD_HASH_CHARS, fieldHashes, formatRowMeta, parseRowMeta, type RowMeta } from '../../../src/core/sync/row-meta';

const CELLS = ['Lena Fischer', 'Mr.', 'Leon', 'Smith', 13916664.51, false, new Date('2024-05-18T02:37:54Z'), '', 'Ōsaka Shōji Group', 42];

function metaOf(cells: unknown[]): RowMeta {
  return { m: '2024-05-18T04:37:54+02:00', f: fingerprintRow(cells), k: '1wmchic9', h: fieldHashes(cells, fingerprintRow), l: { Owner: { id: '2098765000000000001', name: 'Lena Fischer' } } };
}

describe('row sync data', () => {
  it('saves the field hashes as one string and reads them back field by field', () => {
    const meta = metaOf(CELLS);

    const text = formatRowMeta(meta);

    expect(JSON.parse(text).h).toBe(meta.h!.join(''));
    expect(JSON.parse(text).h).toHaveLength(CELLS.length * FIELD_HASH_CHARS);
    expect(parseRowMeta(text)).toEqual(meta);
  });

  it('is 3 characters a field shorter than a list of hashes', () => {
    const meta = metaOf(CELLS);

    expect(JSON.stringify(meta).length - formatRowMeta(meta).length).toBe(3 * CELLS.length - 1);
  });

  it('reads a row saved with a list of hashes as the same hashes', () => {
    const meta = metaOf(CELLS);

    expect(parseRowMeta(JSON.stringify(meta))).toEqual(meta);
  });

  it('pads a hash shorter than its width, the same way when hashing and when reading an old row', () => {
    const short = () => 'abc';

    const hashes = fieldHashes(['x', 'y'], short);
    const old = parseRowMeta(JSON.stringify({ m: '', f: 'x', h: ['abc', 'abc'] }));
    const saved = parseRowMeta(formatRowMeta({ m: '', f: 'x', h: hashes }));

    expect(hashes).toEqual(['abc000', 'abc000']);
    expect(old!.h).toEqual(hashes);
    expect(saved!.h).toEqual(hashes);
  });

  it.each([
    ['not JSON', '{"m":'],
    ['no fingerprint', '{"m":"2024-05-18T04:37:54+02:00"}'],
    ['a number', 42],
    ['an empty cell', ''],
  ])('reads %s as no sync data', (_label, cell) => {
    expect(parseRowMeta(cell)).toBeNull();
  });
});
