import { fingerprintRow, zonedFingerprint } from '../../../src/core/cells/fingerprint';
import { intlZones } from './helpers/intl-zone-offsets';

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

describe('zonedFingerprint', () => {
  it.each([
    ['Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z'],
    ['America/Los_Angeles', '2026-11-01T08:30:00Z', '2026-11-01T09:30:00Z'],
  ])('fingerprints both instants of a wall time repeated in %s alike (Sheets keeps only the wall time)', (zone, first, second) => {
    const fingerprint = zonedFingerprint(zone, intlZones);

    expect(fingerprint(['Acme', new Date(second)])).toBe(fingerprint(['Acme', new Date(first)]));
    expect(fingerprintRow(['Acme', new Date(second)])).not.toBe(fingerprintRow(['Acme', new Date(first)]));
  });

  it.each(['Europe/Berlin', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC'])(
    'gives every instant that is not ambiguous in %s the fingerprint saved before zones counted',
    (zone) => {
      const fingerprint = zonedFingerprint(zone, intlZones);
      // Every 37 minutes through 2026, so the days of each daylight-saving change are crossed too.
      const instants = Array.from({ length: (366 * 24 * 60) / 37 }, (_, i) => Date.UTC(2026, 0, 1) + i * 37 * 60000);
      const ambiguous = (ms: number): boolean => fingerprint([new Date(ms)]) === fingerprint([new Date(ms + 3600000)])
        || fingerprint([new Date(ms)]) === fingerprint([new Date(ms - 3600000)]);

      const changed = instants.filter((ms) => fingerprint(['x', new Date(ms)]) !== fingerprintRow(['x', new Date(ms)]));

      expect(changed.every((ms) => ambiguous(ms))).toBe(true);
      expect(changed.length).toBeLessThanOrEqual(2);
    },
  );

  it('still notices a datetime moved by an hour', () => {
    const fingerprint = zonedFingerprint('Europe/Berlin', intlZones);

    expect(fingerprint([new Date('2026-10-25T02:30:00Z')])).not.toBe(fingerprint([new Date('2026-10-25T01:30:00Z')]));
    expect(fingerprint([new Date('2026-07-01T10:00:00Z')])).not.toBe(fingerprint([new Date('2026-07-01T11:00:00Z')]));
  });
});
