// Record pages that make no progress (repeatPage, emptyPage): answers Zoho does not document, as a
// misbehaving proxy or an API bug would give them. A client that trusts more_records loops.

import type { RunningZohoEmulator } from '../../emulators/zoho/server';
import { type ZohoTokens, crm, useEmulatorPerFile } from '../helpers/zoho-emulator';

let emu: RunningZohoEmulator;
let tokens: ZohoTokens;
const api = () => crm(emu, 'us', tokens);
const LIST = '/crm/v8/Leads?fields=Last_Name&per_page=200';
const withToken = (token: string) => `${LIST}&page_token=${encodeURIComponent(token)}`;
const idsOf = (answer: { json: { data: { id: string }[] } }) => answer.json.data.map((r) => r.id);

useEmulatorPerFile(450, (e, t) => {
  emu = e;
  tokens = t;
});

describe('repeatPage', () => {
  it('answers the first page again with more_records:true and the page_token that was sent', async () => {
    const first = await api().get(LIST);
    const token = first.json.info.next_page_token as string;
    await emu.admin.addFault({ kind: 'repeatPage', match: 'page_token=' });

    const repeated = await api().get(withToken(token));
    const recovered = await api().get(withToken(token));

    expect(repeated.status).toBe(200);
    expect(idsOf(repeated)).toEqual(idsOf(first));
    expect(repeated.json.info).toMatchObject({ more_records: true, next_page_token: token, count: 200, per_page: 200 });
    expect(idsOf(recovered)).not.toEqual(idsOf(first));
    expect(recovered.json.data).toHaveLength(200);
  });

  it('keeps a client that follows next_page_token busy for as long as the fault lasts', async () => {
    await emu.admin.addFault({ kind: 'repeatPage', count: 5 });

    const seen: string[][] = [];
    const tokensSeen: string[] = [];
    let answer = await api().get(LIST);
    for (let i = 0; i < 4; i++) {
      seen.push(idsOf(answer));
      tokensSeen.push(answer.json.info.next_page_token);
      answer = await api().get(withToken(answer.json.info.next_page_token));
    }

    expect(new Set(seen.map((ids) => ids.join())).size).toBe(1);
    expect(new Set(tokensSeen).size).toBe(1);
    expect(answer.json.info.more_records).toBe(true);
  });

  it('leaves calls other than a records list alone, and does not use itself up on them', async () => {
    await emu.admin.addFault({ kind: 'repeatPage' });

    const org = await api().get('/crm/v8/org');
    const one = await api().get('/crm/v8/Leads/4876876000110000001');
    const faults = await emu.admin.listFaults();

    expect(org.status).toBe(200);
    expect(one.json.data[0].id).toBe('4876876000110000001');
    expect(faults).toEqual([expect.objectContaining({ kind: 'repeatPage', remaining: 1, applied: 0 })]);
  });
});

describe('emptyPage', () => {
  it('answers 200 with no records, more_records:true and a new token for the same place', async () => {
    const first = await api().get(LIST);
    const token = first.json.info.next_page_token as string;
    const second = await api().get(withToken(token));
    await emu.admin.addFault({ kind: 'emptyPage', match: 'page_token=' });

    const empty = await api().get(withToken(token));
    const next = empty.json.info.next_page_token as string;
    const followed = await api().get(withToken(next));

    expect(empty.status).toBe(200);
    expect(empty.json.data).toEqual([]);
    expect(empty.json.info).toMatchObject({ per_page: 200, count: 0, page: 2, more_records: true, sort_by: 'id', sort_order: 'desc' });
    expect(typeof next).toBe('string');
    expect(next).not.toBe(token);
    expect(idsOf(followed)).toEqual(idsOf(second));
  });

  it('gives a new token each time, so only the lack of records shows that nothing moved', async () => {
    await emu.admin.addFault({ kind: 'emptyPage', count: 3 });

    const a = await api().get(LIST);
    const b = await api().get(withToken(a.json.info.next_page_token));
    const c = await api().get(withToken(b.json.info.next_page_token));

    const answers = [a, b, c];
    expect(answers.map((x) => x.json.data.length)).toEqual([0, 0, 0]);
    expect(answers.map((x) => x.json.info.page)).toEqual([1, 1, 1]);
    expect(new Set(answers.map((x) => x.json.info.next_page_token)).size).toBe(3);
  });
});
