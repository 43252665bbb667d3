import { fingerprintRow } from '../../../src/core/cells/fingerprint';

const pulled = (): unknown[] => ['Acme', 1200.5, true, new Date(Date.UTC(2026, 0, 31, 10)), '', 'Hot; Warm'];

describe('fingerprintRow', () => {
  it('gives the same fingerprint to a row nobody touched', () => {
    const written = fingerprintRow(pulled());

    const readBack = fingerprintRow(pulled());

    expect(readBack).toBe(written);
    expect(written).toMatch(/^[0-9a-z]{1,11}$/);
  });

  it.each([
    ['a text edit', 0, 'Acme Ltd'],
    ['a changed amount', 1, 1200.51],
    ['an unticked box', 2, false],
    ['a date moved by a second', 3, new Date(Date.UTC(2026, 0, 31, 10, 0, 1))],
    ['a filled-in empty cell', 4, 'new'],
    ['a cleared cell', 0, ''],
    ['a number typed as text', 1, '1200.5'],
    ['a boolean typed as text', 2, 'TRUE'],
    ['a case change', 5, 'hot; warm'],
  ])('notices %s', (_case, column, value) => {
    const row = pulled();
    row[column] = value;

    expect(fingerprintRow(row)).not.toBe(fingerprintRow(pulled()));
  });

  it('notices rows sorted into a different order of columns', () => {
    expect(fingerprintRow(['a', 'b'])).not.toBe(fingerprintRow(['b', 'a']));
    expect(fingerprintRow(['a,b'])).not.toBe(fingerprintRow(['a', 'b']));
    expect(fingerprintRow(['a', ''])).not.toBe(fingerprintRow(['a']));
  });

  it.each([
    ['the apostrophe Sheets drops from guarded text', ["'00123"], ['00123']],
    ['millisecond noise on a date read back from the sheet', [new Date(Date.UTC(2026, 0, 31, 10) - 1)], [new Date(Date.UTC(2026, 0, 31, 10))]],
    ['null, undefined and empty text (all an empty cell)', [null, undefined], ['', '']],
    ['minus zero', [-0], [0]],
  ])('ignores %s', (_case, written, readBack) => {
    expect(fingerprintRow(readBack)).toBe(fingerprintRow(written));
  });

  it('keeps the fingerprints stored by earlier versions valid (changing the hash would mark every row edited)', () => {
    const empty = fingerprintRow([]);
    const typical = fingerprintRow(['Acme', 1200.5, true, new Date(Date.UTC(2026, 0, 31, 10)), '', "'00123"]);

    expect(empty).toBe('7a9irxvnx6');
    expect(typical).toBe('lzfeott0zj');
  });

  it('spreads 100,000 similar rows without a collision', () => {
    const seen = new Set<string>();

    for (let i = 0; i < 100000; i += 1) seen.add(fingerprintRow([`Lead ${i}`, i, i % 2 === 0]));

    expect(seen.size).toBe(100000);
  });
});
