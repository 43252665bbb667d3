// The seed and the metadata: deterministic data per seed and DC, tricky text present, sizes that
// scale from `records`, the field list and its keys, modules, org and users of each DC.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { spawnZohoEmulator } from '../../emulators/zoho/spawn';
import { type ZohoTokens, crm, givenConnectedUser, givenZohoEmulator } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let us: ZohoTokens;
let eu: ZohoTokens;

beforeAll(async () => {
  emu = await givenZohoEmulator({ records: 300 });
  us = await givenConnectedUser(emu, 'us');
  eu = await givenConnectedUser(emu, 'eu');
});
afterAll(async () => {
  await emu.stop();
});

const PAGE = '/crm/v8/Leads?fields=Last_Name,First_Name,Email,Company,Phone,Created_Time,Modified_Time,Owner,Products_Interested,Annual_Revenue&per_page=50';

describe('the seed', () => {
  it('is the same for the same seed and different for another seed or DC', async () => {
    const other = await givenZohoEmulator({ records: 300 });
    const otherTokens = await givenConnectedUser(other, 'us');

    const a = await crm(emu, 'us', us).get(PAGE);
    const b = await crm(other, 'us', otherTokens).get(PAGE);
    await other.admin.reset({ seed: 2 });
    const c = await crm(other, 'us', otherTokens).get(PAGE);
    const euPage = await crm(emu, 'eu', eu).get(PAGE);
    await other.stop();

    expect(b.json.data).toEqual(a.json.data);
    expect(c.json.data).not.toEqual(a.json.data);
    expect(euPage.json.data[0].id.startsWith('2098765000')).toBe(true);
    expect(euPage.json.data[0].Modified_Time).toMatch(/\+0[12]:00$/);
    expect(euPage.json.data.map((r: { Last_Name: string }) => r.Last_Name)).not.toEqual(a.json.data.map((r: { Last_Name: string }) => r.Last_Name));
  });

  it('spreads Created/Modified times over the year before 2025-01-01', async () => {
    const all = await emu.admin.listRecords('us', 'Leads', { limit: 300 });

    const created = all.records.map((r) => Date.parse(String(r.Created_Time)));
    expect(Math.min(...created)).toBeGreaterThanOrEqual(Date.parse('2024-01-01T00:00:00Z'));
    expect(Math.max(...all.records.map((r) => Date.parse(String(r.Modified_Time))))).toBeLessThan(Date.parse('2025-01-01T00:00:00Z'));
    expect(new Set(all.records.map((r) => (r.Owner as { id: string }).id)).size).toBeGreaterThan(2);
  });

  it('carries formula-like text, unicode, long text and empty values', async () => {
    const get = (id: string) => emu.admin.getRecord('us', 'Leads', id);

    expect((await get('4876876000110000000')).Company).toBe('=HYPERLINK("http://evil","x")');
    expect((await get('4876876000110000001')).Phone).toBe('+1 555 0100');
    expect((await get('4876876000110000001')).Last_Name).toBe('@home');
    expect((await get('4876876000110000002')).Description).toBe('-5 days');
    expect((await get('4876876000110000003')).Last_Name).toBe('山田');
    expect((await get('4876876000110000004')).Company).toBe('🚀 Rocket Labs 🌟');
    expect((await get('4876876000110000005')).Company).toBe('شركة الأمل');
    expect(String((await get('4876876000110000006')).Description).length).toBeGreaterThan(8000);
    expect(await get('4876876000110000007')).toMatchObject({ Email: null, Phone: null, Company: '' });
    expect((await emu.admin.getRecord('us', 'Accounts', '4876876000130000000')).Account_Name).toBe('=SUM(A1:A9) Corp');
  });

  it('sizes modules from records (Contacts N/2, Accounts N/10, Deals N/4) and per-module overrides', async () => {
    const sizes = await emu.admin.reset({ records: 1001, moduleSizes: { Deals: 7 } });
    const contacts = await emu.admin.listRecords('us', 'Contacts', { limit: 1 });
    const deals = await emu.admin.listRecords('eu', 'Deals', { limit: 1 });
    await emu.admin.reset({ records: 300 });

    expect(sizes.moduleSizes).toEqual({ Leads: 1001, Contacts: 501, Accounts: 100, Deals: 7 });
    expect(contacts.total).toBe(501);
    expect(deals.total).toBe(7);
  });
});

describe('metadata', () => {
  it('lists API modules and non-API ones with api_supported false', async () => {
    const answer = await crm(emu, 'us', us).get('/crm/v8/settings/modules');
    const one = await crm(emu, 'us', us).get('/crm/v8/settings/modules/Deals');

    const byName = Object.fromEntries(answer.json.modules.map((m: { api_name: string; api_supported: boolean }) => [m.api_name, m.api_supported]));
    expect(byName).toEqual({ Home: false, Leads: true, Contacts: true, Accounts: true, Deals: true, Feeds: false });
    expect(one.json.modules[0]).toMatchObject({ api_name: 'Deals', singular_label: 'Deal', plural_label: 'Deals', id: expect.stringMatching(/^\d{19}$/) });
  });

  it('describes 55 Leads fields with Zoho\'s per-field keys', async () => {
    const answer = await crm(emu, 'us', us).get('/crm/v8/settings/fields?module=Leads');
    const fields = answer.json.fields as Record<string, unknown>[];
    const byName = Object.fromEntries(fields.map((f) => [f.api_name, f]));

    expect(fields).toHaveLength(55);
    for (const key of ['api_name', 'field_label', 'display_label', 'id', 'data_type', 'json_type', 'read_only', 'field_read_only', 'system_mandatory', 'length', 'decimal_place', 'pick_list_values', 'lookup', 'formula', 'currency', 'auto_number', 'unique']) {
      expect(fields[0]).toHaveProperty(key);
    }
    expect(new Set(fields.map((f) => f.data_type))).toEqual(new Set(['ownerlookup', 'picklist', 'text', 'email', 'phone', 'website', 'integer', 'currency', 'boolean', 'textarea', 'percent', 'double', 'bigint', 'date', 'datetime', 'multiselectpicklist', 'autonumber', 'formula']));
    expect(byName.Last_Name).toMatchObject({ system_mandatory: true, read_only: false, length: 80, json_type: 'string' });
    expect(byName.Email).toMatchObject({ unique: { case_sensitive: false } });
    expect(byName.Days_In_Pipeline).toMatchObject({ data_type: 'formula', read_only: true, field_read_only: true, formula: { return_type: 'double' } });
    expect(byName.Lead_Number).toMatchObject({ data_type: 'autonumber', read_only: true, auto_number: { prefix: 'LD-' } });
    expect(byName.Modified_Time).toMatchObject({ read_only: true, data_type: 'datetime' });
    expect(byName.Products_Interested).toMatchObject({ json_type: 'jsonarray', pick_list_values: expect.arrayContaining([expect.objectContaining({ actual_value: 'CRM', display_value: 'CRM' })]) });
    expect(byName.Annual_Revenue).toMatchObject({ currency: { rounding_option: 'normal', precision: 2 }, decimal_place: 2 });
  });

  it('describes lookups to their target modules', async () => {
    const contacts = await crm(emu, 'us', us).get('/crm/v8/settings/fields?module=Contacts');
    const deals = await crm(emu, 'us', us).get('/crm/v8/settings/fields?module=Deals');
    const lookupOf = (answer: typeof deals, name: string) => answer.json.fields.find((f: { api_name: string }) => f.api_name === name).lookup.module.api_name;

    expect(lookupOf(contacts, 'Account_Name')).toBe('Accounts');
    expect(lookupOf(deals, 'Account_Name')).toBe('Accounts');
    expect(lookupOf(deals, 'Contact_Name')).toBe('Contacts');
  });

  it('answers each DC\'s org and its current user', async () => {
    const usOrg = await crm(emu, 'us', us).get('/crm/v8/org');
    const euOrg = await crm(emu, 'eu', eu).get('/crm/v8/org');
    const me = await crm(emu, 'eu', eu).get('/crm/v8/users?type=CurrentUser');
    const all = await crm(emu, 'us', us).get('/crm/v8/users?type=AllUsers');

    expect(usOrg.json.org[0]).toMatchObject({ time_zone: 'America/Los_Angeles', iso_code: 'USD', currency: 'US Dollar - USD', max_per_page: 200, zgid: expect.any(String) });
    expect(euOrg.json.org[0]).toMatchObject({ time_zone: 'Europe/Berlin', iso_code: 'EUR', currency_symbol: '€' });
    expect(me.json.users).toEqual([expect.objectContaining({ email: emu.info.users.eu, id: expect.stringMatching(/^\d{19}$/) })]);
    expect(all.json.users.length).toBeGreaterThan(2);
    expect(all.json.info).toMatchObject({ count: all.json.users.length, more_records: false });
  });
});

describe('the CLI', () => {
  it('prints one JSON line and serves the four ports, admin on the first', async () => {
    const child = await spawnZohoEmulator({ records: 10, redirectUris: ['http://localhost:9999/cb'] });
    try {
      const info = child.info;
      const ports = [info.dataCenters.us?.accountsServer, info.dataCenters.us?.apiDomain, info.dataCenters.eu?.accountsServer, info.dataCenters.eu?.apiDomain];

      expect(new Set(ports).size).toBe(4);
      expect(info.admin).toBe(`${info.dataCenters.us?.accountsServer}/__admin`);
      expect(info.client.redirect_uris).toEqual(['https://script.google.com/macros/d/test-script-id/usercallback', 'http://localhost:9999/cb']);
      expect(info.users).toEqual({ us: 'alex.morgan@acme-us.example', eu: 'lena.fischer@beispiel-eu.example' });
      expect((await child.admin.listRecords('us', 'Leads', { limit: 1 })).total).toBe(10);
    } finally {
      await child.stop();
    }
  });
});

describe('a field renamed by an admin', () => {
  it('shows the new label in settings/fields of that org only, answers If-Modified-Since from before it, and goes back on reset', async () => {
    const since = new Date(Date.now() - 60_000).toUTCString();
    const before = await crm(emu, 'eu', eu).get('/crm/v8/settings/fields?module=Contacts', { 'If-Modified-Since': since });

    const renamed = await emu.admin.renameField('eu', 'Contacts', 'Email', '=E-Mail');
    const eu1 = await crm(emu, 'eu', eu).get('/crm/v8/settings/fields?module=Contacts', { 'If-Modified-Since': since });
    const us1 = await crm(emu, 'us', us).get('/crm/v8/settings/fields?module=Contacts');
    await emu.admin.reset();
    const eu2 = await crm(emu, 'eu', eu).get('/crm/v8/settings/fields?module=Contacts');
    const email = (answer: typeof eu1) => answer.json.fields.find((f: { api_name: string }) => f.api_name === 'Email');

    expect(before.status).toBe(304);
    expect(renamed).toEqual({ module: 'Contacts', api_name: 'Email', field_label: '=E-Mail' });
    expect(eu1.status).toBe(200);
    expect(email(eu1)).toMatchObject({ api_name: 'Email', field_label: '=E-Mail', display_label: '=E-Mail' });
    expect(email(us1)).toMatchObject({ field_label: 'Email' });
    expect(email(eu2)).toMatchObject({ field_label: 'Email' });
    await expect(emu.admin.renameField('eu', 'Contacts', 'No_Such_Field', 'X')).rejects.toThrow(/no field/);
  });

  it('follows an admin deleting a custom field: gone from settings/fields, refused in reads and writes, back after a reset', async () => {
    await emu.admin.deleteField('eu', 'Leads', 'Nickname');
    const fields = await crm(emu, 'eu', eu).get('/crm/v8/settings/fields?module=Leads');
    const read = await crm(emu, 'eu', eu).get('/crm/v8/Leads?fields=Last_Name,Nickname');
    const write = await crm(emu, 'eu', eu).post('/crm/v8/Leads', { data: [{ Last_Name: 'Deleted Field', Nickname: 'Nick' }] });
    const other = await crm(emu, 'us', us).get('/crm/v8/Leads?fields=Last_Name,Nickname&per_page=1');
    await emu.admin.reset();
    const after = await crm(emu, 'eu', eu).get('/crm/v8/Leads?fields=Last_Name,Nickname&per_page=1');

    expect(fields.json.fields.map((f: { api_name: string }) => f.api_name)).not.toContain('Nickname');
    expect(fields.json.fields.map((f: { api_name: string }) => f.api_name)).toContain('Last_Name');
    expect(read.status).toBe(400);
    expect(read.json).toMatchObject({ code: 'INVALID_DATA', details: { param_name: 'fields', api_name: 'Nickname' } });
    expect(write.json.data[0]).toMatchObject({ code: 'INVALID_DATA', message: 'the field api name given seems to be invalid', details: { api_name: 'Nickname' } });
    expect(other.status).toBe(200);
    expect(after.status).toBe(200);
    await expect(emu.admin.deleteField('eu', 'Leads', 'Company')).rejects.toThrow(/standard field/);
  });

  it('follows an admin making a field read-only: read_only in settings/fields, updates of it refused, the others taken, undone by a reset', async () => {
    const id = String((await crm(emu, 'eu', eu).get('/crm/v8/Leads?fields=Last_Name&per_page=1')).json.data[0].id);

    await emu.admin.setFieldReadOnly('eu', 'Leads', 'Company', true);
    const fields = await crm(emu, 'eu', eu).get('/crm/v8/settings/fields?module=Leads');
    const refused = await crm(emu, 'eu', eu).put('/crm/v8/Leads', { data: [{ id, Company: 'Locked GmbH' }] });
    const taken = await crm(emu, 'eu', eu).put('/crm/v8/Leads', { data: [{ id, Last_Name: 'Still Writable' }] });
    await emu.admin.reset();
    const after = await crm(emu, 'eu', eu).get('/crm/v8/settings/fields?module=Leads');
    const company = (answer: typeof fields) => answer.json.fields.find((f: { api_name: string }) => f.api_name === 'Company');

    expect(company(fields)).toMatchObject({ read_only: true, field_read_only: true });
    expect(refused.json.data[0]).toMatchObject({ code: 'INVALID_DATA', status: 'error', details: { api_name: 'Company' } });
    expect(taken.json.data[0]).toMatchObject({ code: 'SUCCESS' });
    expect(company(after)).toMatchObject({ read_only: false, field_read_only: false });
  });
});
