// Speed and size of the Zoho emulator, measured in a child process (npx tsx bench/emulator-bench.ts):
// the time for a GET of 200 records with 30 fields (median of 50 calls; target < 10 ms) and the
// emulator's RSS with 200,000 records in one module (target < 1 GiB).

import { execFileSync } from 'node:child_process';
import { spawnZohoEmulator } from '../emulators/zoho/spawn';

const LEADS_30_FIELDS = [
  'Owner', 'Salutation', 'First_Name', 'Last_Name', 'Full_Name', 'Company', 'Designation', 'Email', 'Phone', 'Mobile',
  'Website', 'Lead_Source', 'Lead_Status', 'Industry', 'Rating', 'No_of_Employees', 'Annual_Revenue', 'Email_Opt_Out', 'City', 'Country',
  'Description', 'Budget', 'Win_Probability', 'Discount_Rate', 'Last_Contacted_On', 'Next_Follow_Up', 'Products_Interested', 'Lead_Number',
  'Created_Time', 'Modified_Time',
].join(',');
const CALLS = 50;
const TARGET_MS = 10;
const TARGET_RSS_MIB = 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] ?? 0 : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function rssMiB(pid: number): number {
  // Linux: VmRSS of the emulator's node process (the child of `node --import tsx`).
  const status = execFileSync('cat', [`/proc/${pid}/status`]).toString();
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

function emulatorPid(port: string): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`]).toString();
  return Number(/pid=(\d+)/.exec(out)?.[1] ?? 0);
}

async function token(emu: Awaited<ReturnType<typeof spawnZohoEmulator>>): Promise<{ api: string; access: string }> {
  const { code } = await emu.admin.selfClient({ scope: 'ZohoCRM.modules.ALL', user: emu.info.users.us ?? '' });
  const urls = emu.info.dataCenters.us;
  if (!urls) throw new Error('no US data centre');
  const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: emu.info.client.client_id, client_secret: emu.info.client.client_secret, code });
  const answer = (await (await fetch(`${urls.accountsServer}/oauth/v2/token`, { method: 'POST', body: form })).json()) as { access_token: string };
  return { api: urls.apiDomain, access: answer.access_token };
}

async function timeGets(api: string, access: string, pathAndQuery: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CALLS + 5; i++) {
    const started = performance.now();
    const res = await fetch(`${api}${pathAndQuery}`, { headers: { Authorization: `Zoho-oauthtoken ${access}` } });
    const body = (await res.json()) as { data: unknown[] };
    const elapsed = performance.now() - started;
    if (res.status !== 200 || body.data.length !== 200) throw new Error(`unexpected answer ${res.status}`);
    if (i >= 5) times.push(elapsed); // the first calls warm up the JIT
  }
  return times;
}

async function main(): Promise<void> {
  const emu = await spawnZohoEmulator({ records: 200_000, moduleSizes: { Leads: 200_000 }, creditsPerDay: 10_000_000 });
  try {
    const port = new URL(emu.info.dataCenters.us?.apiDomain ?? '').port;
    const pid = emulatorPid(port);
    const rssIdle = pid ? rssMiB(pid) : NaN;
    const { api, access } = await token(emu);
    // The first call seeds the org's Leads (seeding is lazy); RSS after it is the seeded size.
    await fetch(`${api}/crm/v8/Leads?fields=Last_Name&per_page=1`, { headers: { Authorization: `Zoho-oauthtoken ${access}` } });
    const rssSeeded = pid ? rssMiB(pid) : NaN;
    const first = await timeGets(api, access, `/crm/v8/Leads?fields=${LEADS_30_FIELDS}&per_page=200`);
    const byModified = await timeGets(api, access, `/crm/v8/Leads?fields=${LEADS_30_FIELDS}&per_page=200&sort_by=Modified_Time&sort_order=asc`);
    let pageToken = '';
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${api}/crm/v8/Leads?fields=id&per_page=200${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ''}`, { headers: { Authorization: `Zoho-oauthtoken ${access}` } });
      pageToken = ((await res.json()) as { info: { next_page_token: string } }).info.next_page_token;
    }
    const deep = await timeGets(api, access, `/crm/v8/Leads?fields=${LEADS_30_FIELDS}&per_page=200&page_token=${encodeURIComponent(pageToken)}`);
    // A criteria search reads one field of every one of the 200,000 records.
    const scanStarted = performance.now();
    await fetch(`${api}/crm/v8/Leads/search?criteria=(Last_Name:equals:nobody-matches-this)&fields=Last_Name`, { headers: { Authorization: `Zoho-oauthtoken ${access}` } });
    const scanMs = performance.now() - scanStarted;
    const rssLoaded = pid ? rssMiB(pid) : NaN;

    const rows = [
      ['GET 200 Leads x 30 fields, page 1 (median of 50)', `${median(first).toFixed(2)} ms`, `< ${TARGET_MS} ms`, median(first) < TARGET_MS],
      ['same, sort_by=Modified_Time asc', `${median(byModified).toFixed(2)} ms`, `< ${TARGET_MS} ms`, median(byModified) < TARGET_MS],
      ['same, page_token at record 20,000', `${median(deep).toFixed(2)} ms`, `< ${TARGET_MS} ms`, median(deep) < TARGET_MS],
      ['emulator RSS at start (nothing seeded yet)', `${rssIdle.toFixed(0)} MiB`, `< ${TARGET_RSS_MIB} MiB`, rssIdle < TARGET_RSS_MIB],
      ['emulator RSS, 200,000 Leads seeded', `${rssSeeded.toFixed(0)} MiB`, `< ${TARGET_RSS_MIB} MiB`, rssSeeded < TARGET_RSS_MIB],
      ['emulator RSS after the runs + a 200,000-record search', `${rssLoaded.toFixed(0)} MiB`, `< ${TARGET_RSS_MIB} MiB`, rssLoaded < TARGET_RSS_MIB],
      ['criteria search over 200,000 records (one call)', `${scanMs.toFixed(0)} ms`, 'info', true],
    ] as const;
    console.log('\nZoho emulator benchmark (child process, 127.0.0.1, keep-alive fetch)\n');
    console.log(`${'measure'.padEnd(56)}${'result'.padStart(12)}  ${'target'.padEnd(12)} ok`);
    for (const [name, value, target, ok] of rows) console.log(`${name.padEnd(56)}${value.padStart(12)}  ${target.padEnd(12)} ${ok ? 'yes' : 'NO'}`);
    console.log(`\np90 page 1: ${[...first].sort((a, b) => a - b)[Math.floor(first.length * 0.9)]?.toFixed(2)} ms; min ${Math.min(...first).toFixed(2)} ms`);
  } finally {
    await emu.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
