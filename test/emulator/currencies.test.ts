// A multi-currency org (zoho/crm-oas v8.0 currencies; reference §4.2 `$currency_symbol`, §4.5
// mc_status): off in the seeded orgs, on through an admin call. Raw HTTP, as a client that is not
// ours would ask.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, givenConnectedUser, useEmulatorPerFile } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);
const DOLLARS_AND_EUROS = [{ iso_code: 'EUR', symbol: '€', name: 'Euro - EUR', exchange_rate: '0.920000000' }, { iso_code: 'JPY', symbol: '¥', decimal_places: 0, exchange_rate: '150.000000000' }];

useEmulatorPerFile(40, (e, t) => {
  emu = e;
  tokens = t;
});

async function firstDeal(): Promise<string> {
  const page = await api().get('/crm/v8/Deals?fields=Deal_Name&per_page=1&sort_by=id&sort_order=asc');
  return page.json.data[0].id as string;
}

describe('a single-currency org (the seeds)', () => {
  it('says mc_status false, refuses the currency list with CURRENCIES_NOT_ENABLED, and has no Currency field', async () => {
    const org = await api().get('/crm/v8/org');
    const list = await api().get('/crm/v8/org/currencies');
    const fields = await api().get('/crm/v8/settings/fields?module=Deals');
    const asked = await api().get('/crm/v8/Deals?fields=Amount,Currency');

    expect(org.json.org[0].mc_status).toBe(false);
    expect(list.status).toBe(403);
    expect(list.json).toMatchObject({ code: 'CURRENCIES_NOT_ENABLED', status: 'error' });
    expect(fields.json.fields.map((f: { api_name: string }) => f.api_name)).not.toContain('Currency');
    expect(asked.status).toBe(400);
  });
});

describe('a multi-currency org', () => {
  beforeEach(async () => {
    await emu.admin.setCurrencies('us', DOLLARS_AND_EUROS);
  });

  it('lists its currencies with the base first, each with its symbol and format', async () => {
    const org = await api().get('/crm/v8/org');
    const list = await api().get('/crm/v8/org/currencies');

    expect(org.json.org[0].mc_status).toBe(true);
    expect(list.status).toBe(200);
    expect(list.json.currencies.map((c: { iso_code: string; symbol: string; is_base: boolean }) => [c.iso_code, c.symbol, c.is_base])).toEqual([['USD', '$', true], ['EUR', '€', false], ['JPY', '¥', false]]);
    expect(list.json.currencies[2]).toMatchObject({ exchange_rate: '150.000000000', is_active: true, format: { decimal_places: '0', decimal_separator: 'Period', thousand_separator: 'Comma' } });
  });

  it('needs ZohoCRM.settings.currencies.READ (or settings.READ) for the list', async () => {
    const narrow = await givenConnectedUser(emu, 'us', 'ZohoCRM.modules.ALL,ZohoCRM.org.READ');
    const granted = await givenConnectedUser(emu, 'us', 'ZohoCRM.settings.currencies.READ');

    const refused = await crm(emu, 'us', narrow).get('/crm/v8/org/currencies');
    const allowed = await crm(emu, 'us', granted).get('/crm/v8/org/currencies');

    expect(refused.status).toBe(401);
    expect(refused.json.code).toBe('OAUTH_SCOPE_MISMATCH');
    expect(allowed.status).toBe(200);
  });

  it('adds Currency and Exchange_Rate to modules with amounts only, and a record is in the base until it has its own currency', async () => {
    const deals = await api().get('/crm/v8/settings/fields?module=Deals');
    const contacts = await api().get('/crm/v8/settings/fields?module=Contacts');
    const id = await firstDeal();

    const before = await api().get(`/crm/v8/Deals?fields=Amount,Currency,Exchange_Rate&ids=${id}`);
    const changed = await emu.admin.setRecordCurrency('us', 'Deals', id, 'EUR');
    const after = await api().get(`/crm/v8/Deals?fields=Amount,Currency,Exchange_Rate&ids=${id}`);

    const currency = deals.json.fields.find((f: { api_name: string }) => f.api_name === 'Currency');
    expect(currency).toMatchObject({ data_type: 'picklist' });
    expect(currency.pick_list_values.map((v: { actual_value: string }) => v.actual_value)).toEqual(['USD', 'EUR', 'JPY']);
    expect(deals.json.fields.find((f: { api_name: string }) => f.api_name === 'Exchange_Rate')).toMatchObject({ data_type: 'double', read_only: true });
    // The seed's Contacts have no currency field.
    expect(contacts.json.fields.some((f: { api_name: string }) => f.api_name === 'Currency')).toBe(false);
    expect(before.json.data[0]).toMatchObject({ Currency: 'USD', Exchange_Rate: 1, $currency_symbol: '$' });
    expect(after.json.data[0]).toMatchObject({ Currency: 'EUR', Exchange_Rate: 0.92, $currency_symbol: '€' });
    expect(changed).toMatchObject({ id, Currency: 'EUR' });
  });

  it('moves Modified_Time when a record\'s currency changes, as any edit in Zoho does', async () => {
    const id = await firstDeal();
    const before = await api().get(`/crm/v8/Deals?fields=Modified_Time&ids=${id}`);
    await emu.admin.advanceClock(60);

    await emu.admin.setRecordCurrency('us', 'Deals', id, 'JPY');
    const after = await api().get(`/crm/v8/Deals?fields=Modified_Time,Currency&ids=${id}`);

    expect(Date.parse(after.json.data[0].Modified_Time)).toBeGreaterThan(Date.parse(before.json.data[0].Modified_Time));
    expect(after.json.data[0]).toMatchObject({ Currency: 'JPY', $currency_symbol: '¥' });
  });

  it('gives a new record without a currency the base, keeps one a write names, and refuses an unknown code', async () => {
    const plain = await api().post('/crm/v8/Deals', { data: [{ Deal_Name: 'Plain', Stage: 'Qualification', Amount: 10 }] });
    const euro = await api().post('/crm/v8/Deals', { data: [{ Deal_Name: 'Euro', Stage: 'Qualification', Amount: 10, Currency: 'EUR' }] });
    const bad = await api().post('/crm/v8/Deals', { data: [{ Deal_Name: 'Bad', Stage: 'Qualification', Amount: 10, Currency: 'XXX' }] });
    const ids = [plain, euro].map((a) => a.json.data[0].details.id as string).join(',');

    const read = await api().get(`/crm/v8/Deals?fields=Deal_Name,Currency&ids=${ids}`);

    expect(Object.fromEntries(read.json.data.map((r: { Deal_Name: string; Currency: string }) => [r.Deal_Name, r.Currency]))).toEqual({ Plain: 'USD', Euro: 'EUR' });
    expect(bad.json.data[0].status).toBe('error');
  });

  it('leaves $currency_symbol out of records when the switch says so, keeping Currency', async () => {
    await emu.admin.setCurrencies('us', DOLLARS_AND_EUROS, { recordSymbols: false });
    const id = await firstDeal();
    await emu.admin.setRecordCurrency('us', 'Deals', id, 'EUR');

    const read = await api().get(`/crm/v8/Deals?fields=Amount,Currency&ids=${id}`);

    expect(read.json.data[0].Currency).toBe('EUR');
    expect(read.json.data[0]).not.toHaveProperty('$currency_symbol');
  });

  it('is single-currency again after a reset', async () => {
    await emu.admin.reset({ records: 40 });

    const org = await api().get('/crm/v8/org');

    expect(org.json.org[0].mc_status).toBe(false);
  });
});
