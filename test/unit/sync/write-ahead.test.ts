import { ConfigError, NoPermissionError, NotConnectedError, RateLimitedError, ZohoServiceError } from '../../../src/core/errors';
import { checkBinding } from '../../../src/core/sync/binding';
import { canonicalValue, markFor, matchInserts, mayHaveBeenApplied, recordMatches } from '../../../src/core/sync/write-ahead';
import type { ZohoField, ZohoRecord } from '../../../src/core/zoho/wire';

const field = (api_name: string, data_type: string): ZohoField => ({ api_name, field_label: api_name, data_type });
const FIELDS = new Map([
  ['Last_Name', field('Last_Name', 'text')],
  ['Annual_Revenue', field('Annual_Revenue', 'currency')],
  ['Last_Activity_Time', field('Last_Activity_Time', 'datetime')],
  ['Owner', field('Owner', 'ownerlookup')],
  ['Tags_Multi', field('Tags_Multi', 'multiselectpicklist')],
]);

describe('canonicalValue: a value as sent and as Zoho reads it back compare equal', () => {
  it.each([
    ['a datetime sent in UTC and read back in the org offset', 'Last_Activity_Time', '2026-03-01T08:00:00Z', '2026-03-01T09:00:00+01:00'],
    ['a lookup sent as {id} and read back as {id, name}', 'Owner', { id: '2098765000000000001' }, { id: '2098765000000000001', name: 'Lena' }],
    ['a currency sent as 100 and read as 100.0 text', 'Annual_Revenue', 100, '100.0'],
    ['a multiselect in another order', 'Tags_Multi', ['b', 'a'], ['a', 'b']],
    ['empty in every form', 'Last_Name', null, ''],
  ])('%s', (_name, api, sent, read) => {
    expect(canonicalValue(FIELDS.get(api), sent)).toBe(canonicalValue(FIELDS.get(api), read));
  });

  it.each([
    ['different instants', 'Last_Activity_Time', '2026-03-01T08:00:00Z', '2026-03-01T08:00:00+01:00'],
    ['different lookups', 'Owner', { id: '1' }, { id: '2' }],
    ['different text', 'Last_Name', 'Meyer', 'Mayer'],
  ])('tells %s apart', (_name, api, a, b) => {
    expect(canonicalValue(FIELDS.get(api), a)).not.toBe(canonicalValue(FIELDS.get(api), b));
  });
});

function mark(payload: Record<string, unknown>, at: number, attempt: string) {
  return markFor('i', payload, FIELDS, { at, attempt, user: 'u1', fingerprint: 'f', hashes: [] });
}

const record = (id: string, created: string, values: Record<string, unknown>): ZohoRecord => ({ id, Created_Time: created, ...values });

describe('matchInserts', () => {
  it('pairs identical rows with distinct records, as a multiset', () => {
    const marks = [mark({ Last_Name: 'Twin' }, 1000, 'a'), mark({ Last_Name: 'Twin' }, 1000, 'b')];
    const created = [record('r1', '2026-01-01T00:00:01Z', { Last_Name: 'Twin' }), record('r2', '2026-01-01T00:00:02Z', { Last_Name: 'Twin' })];

    const adopted = matchInserts(marks, created, new Set(), FIELDS);

    expect(new Set([adopted.get('a'), adopted.get('b')])).toEqual(new Set(['r1', 'r2']));
  });

  it('adopts no more records than exist, and never one already linked to a row', () => {
    const marks = [mark({ Last_Name: 'Twin' }, 1000, 'a'), mark({ Last_Name: 'Twin' }, 1000, 'b')];
    const created = [record('r1', '2026-01-01T00:00:01Z', { Last_Name: 'Twin' }), record('r2', '2026-01-01T00:00:02Z', { Last_Name: 'Twin' })];

    const adopted = matchInserts(marks, created, new Set(['r1']), FIELDS);

    expect([...adopted.values()].sort()).toEqual(['r2', null].sort());
  });

  it('adopts nothing whose values differ from what was sent', () => {
    const marks = [mark({ Last_Name: 'Sent', Annual_Revenue: 5 }, 1000, 'a')];

    const adopted = matchInserts(marks, [record('r1', '2026-01-01T00:00:01Z', { Last_Name: 'Sent', Annual_Revenue: 6 })], new Set(), FIELDS);

    expect(adopted.get('a')).toBeNull();
  });

  it('recognises an update by the values sent, whatever else the record holds', () => {
    const sent = markFor('u', { Last_Name: 'New' }, FIELDS, { at: 1, attempt: 'x', user: 'u1', fingerprint: 'f', hashes: [] });

    expect(recordMatches(sent, { id: '1', Last_Name: 'New', Annual_Revenue: 9 }, FIELDS)).toBe(true);
    expect(recordMatches(sent, { id: '1', Last_Name: 'Old' }, FIELDS)).toBe(false);
  });
});

describe('mayHaveBeenApplied: only certain refusals let a write be sent again', () => {
  it.each([
    ['no answer at all', new ZohoServiceError('ZOHO_NETWORK', 'x', 'y', { retryable: true }), true],
    ['a cut answer', new ZohoServiceError('ZOHO_MALFORMED_ANSWER', 'x', 'y', { status: 201, retryable: true }), true],
    ['a 5xx', new ZohoServiceError('ZOHO_UNAVAILABLE', 'x', 'y', { status: 503, retryable: true }), true],
    ['an error we do not know', new Error('boom'), true],
    ['a 4xx', new ZohoServiceError('ZOHO_INVALID_DATA', 'x', 'y', { status: 400 }), false],
    ['a 429', new RateLimitedError('x'), false],
    ['no connection', new NotConnectedError(), false],
    ['no permission', new NoPermissionError('x'), false],
    ['a setup problem', new ConfigError('C', 'x'), false],
  ])('%s', (_name, error, expected) => {
    expect(mayHaveBeenApplied(error)).toBe(expected);
  });
});

describe('checkBinding', () => {
  const definition = { module: 'Leads', fields: ['Last_Name'], deletedRows: 'remove' as const };
  const eu = { id: '1', name: 'Beispiel', dc: 'Europe' };
  const us = { id: '2', name: 'Acme', dc: 'United States' };

  it('refuses another org, naming both', () => {
    const binding = checkBinding({ ...definition, org: eu, sheetId: 7 }, 'Leads', 7, 'Leads', us);
    expect(binding).toMatchObject({ ok: false, code: 'SYNC_OTHER_ORG' });
    expect(!binding.ok && binding.message).toMatch(/"Beispiel" \(Europe data center\).*"Acme" \(United States data center\)/);
  });

  it('refuses a copy of a synced tab while the original is there', () => {
    expect(checkBinding({ ...definition, org: eu, sheetId: 7 }, 'Copy of Leads', 9, 'Leads', eu)).toMatchObject({ ok: false, code: 'SYNC_SHEET_COPY' });
  });

  it('lets a definition from before adopt the org and tab, once', () => {
    expect(checkBinding(definition, 'Leads', 7, null, eu)).toEqual({ ok: true, adopted: { org: eu, sheetId: 7 } });
    expect(checkBinding({ ...definition, org: eu, sheetId: 7 }, 'Leads', 7, 'Leads', eu)).toEqual({ ok: true, adopted: null });
  });
});
