// Data Sharing Settings: under a private module a user who is not an administrator sees, updates
// and deletes only the records they own; the admin sees all; /deleted stays unfiltered. A non-admin
// connects through the consent page, and what they create is theirs.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, authUrl, crm, givenZohoEmulator, tokenCall } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let lena: ZohoTokens;
let jonas: ZohoTokens;
const JONAS = { id: '2098765000000000002', name: 'Jonas Weber', email: 'jonas.weber@beispiel-eu.example' };
const asJonas = () => crm(emu, 'eu', jonas);
const asLena = () => crm(emu, 'eu', lena);
const LIST = '/crm/v8/Leads?fields=Last_Name,Owner&per_page=200';

/** Connects a user the way the add-on does: consent page, then the code exchanged at the user's DC. */
async function givenUserConsented(user: string): Promise<ZohoTokens> {
  const redirect = await emu.admin.completeConsent(authUrl(emu, 'us', { prompt: 'consent' }), { user });
  const code = new URL(redirect).searchParams.get('code') ?? '';
  const answer = await tokenCall(emu, 'eu', {
    grant_type: 'authorization_code', client_id: emu.info.client.client_id, client_secret: emu.info.client.client_secret,
    code, redirect_uri: emu.info.client.redirect_uris[0] ?? '',
  });
  if (!answer.json?.access_token) throw new Error(`token exchange failed: ${answer.text}`);
  return answer.json as ZohoTokens;
}

/** Every live EU lead as admin sees it, split by whether Jonas owns it. */
async function leadsByOwner(): Promise<{ all: string[]; jonas: string[]; others: string[] }> {
  const { records } = await emu.admin.listRecords('eu', 'Leads', { limit: 10_000 });
  const owned = (r: Record<string, unknown>) => (r.Owner as { id: string }).id === JONAS.id;
  return { all: records.map((r) => r.id), jonas: records.filter(owned).map((r) => r.id), others: records.filter((r) => !owned(r)).map((r) => r.id) };
}

const sorted = (ids: string[]) => [...ids].sort();

beforeAll(async () => {
  emu = await givenZohoEmulator({ records: 60 });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(async () => {
  await emu.admin.reset({ records: 60 });
  lena = await givenUserConsented('lena.fischer@beispiel-eu.example');
  jonas = await givenUserConsented(JONAS.email);
});

describe('a user who is not the admin', () => {
  it('connects through the consent page and owns the records they create', async () => {
    const inserted = await asJonas().post('/crm/v8/Leads', { data: [{ Last_Name: 'Jonas Own Lead' }] });
    const id = inserted.json.data[0].details.id;
    const stored = await emu.admin.getRecord('eu', 'Leads', id);

    expect(inserted.status).toBe(201);
    expect(inserted.json.data[0].details.Created_By).toEqual({ id: JONAS.id, name: JONAS.name });
    expect(stored).toMatchObject({ Owner: JONAS, Created_By: JONAS, Modified_By: JONAS });
  });

  it('sees every record while the module is public (the default)', async () => {
    const { all } = await leadsByOwner();

    const listed = await asJonas().get(LIST);
    const sharing = await emu.admin.getSharing('eu');

    expect(sharing).toEqual({ Leads: 'public', Contacts: 'public', Accounts: 'public', Deals: 'public' });
    expect(sorted(listed.json.data.map((r: { id: string }) => r.id))).toEqual(sorted(all));
  });
});

describe('a private module', () => {
  beforeEach(async () => {
    await emu.admin.setSharing('eu', 'Leads', 'private');
  });

  it('lists only the records the user owns, while the admin still sees all', async () => {
    const owners = await leadsByOwner();

    const jonasList = await asJonas().get(LIST);
    const lenaList = await asLena().get(LIST);

    expect(owners.jonas.length).toBeGreaterThan(0);
    expect(owners.others.length).toBeGreaterThan(0);
    expect(sorted(jonasList.json.data.map((r: { id: string }) => r.id))).toEqual(sorted(owners.jonas));
    expect(jonasList.json.info).toMatchObject({ count: owners.jonas.length, more_records: false });
    expect(lenaList.json.data).toHaveLength(owners.all.length);
  });

  it('leaves other modules and other orgs public', async () => {
    const contacts = await asJonas().get('/crm/v8/Contacts?fields=Last_Name,Owner&per_page=200');
    const { total } = await emu.admin.listRecords('eu', 'Contacts', { limit: 1 });

    expect(contacts.json.data).toHaveLength(total);
    expect(await emu.admin.getSharing('us')).toMatchObject({ Leads: 'public' });
  });

  it('hides records of others from ?ids=, GET by id, search, count, COQL and Bulk Read', async () => {
    const owners = await leadsByOwner();
    const own = owners.jonas[0] ?? '';
    const other = owners.others[0] ?? '';

    const byIds = await asJonas().get(`${LIST}&ids=${own},${other}`);
    const ownOne = await asJonas().get(`/crm/v8/Leads/${own}`);
    const otherOne = await asJonas().get(`/crm/v8/Leads/${other}`);
    const otherForLena = await asLena().get(`/crm/v8/Leads/${other}`);
    const search = await asJonas().get('/crm/v8/Leads/search?criteria=(id:not_equal:0)&fields=Owner');
    const count = await asJonas().get('/crm/v8/Leads/actions/count');
    const coql = await asJonas().post('/crm/v8/coql', { select_query: 'select Last_Name, Owner from Leads limit 200' });
    const bulk = await asJonas().post('/crm/bulk/v8/read', { query: { module: { api_name: 'Leads' }, fields: ['Last_Name'] } });
    const jobId = bulk.json.data[0].details.id;
    await asJonas().get(`/crm/bulk/v8/read/${jobId}`);
    const done = await asJonas().get(`/crm/bulk/v8/read/${jobId}`);

    expect(byIds.json.data.map((r: { id: string }) => r.id)).toEqual([own]);
    expect(ownOne.status).toBe(200);
    expect(otherOne.status).toBe(204);
    expect(otherForLena.status).toBe(200);
    expect(sorted(search.json.data.map((r: { id: string }) => r.id))).toEqual(sorted(owners.jonas));
    expect(count.json).toEqual({ count: owners.jonas.length });
    expect(sorted(coql.json.data.map((r: { id: string }) => r.id))).toEqual(sorted(owners.jonas));
    expect(coql.json.data.every((r: { Owner: { id: string } }) => r.Owner.id === JONAS.id)).toBe(true);
    expect(done.json.data[0].result.count).toBe(owners.jonas.length);
  });

  it('refuses to update or delete a record of another owner with NO_PERMISSION, and leaves it as it was', async () => {
    const owners = await leadsByOwner();
    const own = owners.jonas[0] ?? '';
    const other = owners.others[0] ?? '';
    const before = await emu.admin.getRecord('eu', 'Leads', other);

    const single = await asJonas().put(`/crm/v8/Leads/${other}`, { data: [{ Last_Name: 'Not Yours' }] });
    const mixed = await asJonas().put('/crm/v8/Leads', { data: [{ id: own, Company: 'Mine' }, { id: other, Company: 'Not Mine' }] });
    const deleted = await asJonas().delete(`/crm/v8/Leads?ids=${other}`);
    const after = await emu.admin.getRecord('eu', 'Leads', other);

    expect(single.status).toBe(400);
    expect(single.json.data).toEqual([{
      code: 'NO_PERMISSION', details: { id: other, api_name: 'id', json_path: '$.data[0].id' }, message: 'no permission to perform an action on this record', status: 'error',
    }]);
    expect(mixed.status).toBe(207);
    expect(mixed.json.data.map((r: { code: string }) => r.code)).toEqual(['SUCCESS', 'NO_PERMISSION']);
    expect(deleted.status).toBe(400);
    expect(deleted.json.data[0]).toMatchObject({ code: 'NO_PERMISSION', details: { id: other } });
    expect(after).toEqual(before);
  });

  it('keeps /deleted unfiltered: a non-admin sees deletions of records they never owned', async () => {
    const other = (await leadsByOwner()).others[0] ?? '';
    await emu.admin.deleteRecord('eu', 'Leads', other);

    const jonasDeleted = await asJonas().get('/crm/v8/Leads/deleted?type=recycle');
    const lenaDeleted = await asLena().get('/crm/v8/Leads/deleted?type=recycle');

    expect(jonasDeleted.json.data.map((r: { id: string }) => r.id)).toContain(other);
    expect(jonasDeleted.json).toEqual(lenaDeleted.json);
  });

  it('goes back to public through admin or a reset, and refuses an unknown access', async () => {
    const { all } = await leadsByOwner();

    await emu.admin.setSharing('eu', 'Leads', 'public');
    const reopened = await asJonas().get(LIST);
    await emu.admin.setSharing('eu', 'Leads', 'private');
    await emu.admin.reset({ records: 60 });
    const afterReset = await emu.admin.getSharing('eu');

    expect(reopened.json.data).toHaveLength(all.length);
    expect(afterReset.Leads).toBe('public');
    await expect(emu.admin.setSharing('eu', 'Leads', 'secret' as never)).rejects.toThrow(/access must be public or private/);
  });
});

describe('a module taken away from a user\'s profile', () => {
  it('answers that user 403 NO_PERMISSION on its record routes, leaves the admin and metadata alone, and a reset gives it back', async () => {
    await emu.admin.setModulePermission('eu', JONAS.email, 'Leads', false);

    const list = await asJonas().get(LIST);
    const write = await asJonas().post('/crm/v8/Leads', { data: [{ Last_Name: 'Not Allowed' }] });
    const fields = await asJonas().get('/crm/v8/settings/fields?module=Leads');
    const contacts = await asJonas().get('/crm/v8/Contacts?fields=Last_Name');
    const admin = await asLena().get(LIST);
    await emu.admin.reset({ records: 60 });
    const after = await asJonas().get(LIST);

    expect(list.status).toBe(403);
    expect(list.json).toEqual({ code: 'NO_PERMISSION', details: { permissions: ['Crm_Implied_View_Leads'] }, message: 'permission denied', status: 'error' });
    expect(write.status).toBe(403);
    expect(fields.status).toBe(200);
    expect(contacts.status).toBe(200);
    expect(admin.status).toBe(200);
    expect(after.status).toBe(200);
  });
});
