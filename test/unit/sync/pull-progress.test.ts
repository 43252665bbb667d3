// A pull that stops making progress ends with a message (ProgressGuard), and the cursor it leaves
// starts a new page chain; the legitimate look-alikes (a restarted chain re-reading its overlap, an
// empty last page, a glitch of a page or two) still complete.

import { PullStalledError, ZohoServiceError } from '../../../src/core/errors';
import { formatUtc, runPull, type PullDeps } from '../../../src/core/sync/pull';
import { MAX_STALLED_PAGES } from '../../../src/core/sync/progress-guard';
import type { SyncDefinition } from '../../../src/core/sync/definition';
import type { ZohoField, ZohoRecord } from '../../../src/core/zoho/wire';
import { ArrayGrid, FakeClock, MemoryStateStore, ScriptedRecordSource, type ScriptedPage } from '../../helpers/fakes';
import { intlZones } from '../cells/helpers/intl-zone-offsets';

const DEFINITION: SyncDefinition = { module: 'Leads', fields: ['Last_Name'], deletedRows: 'remove' };
const FIELDS: ZohoField[] = [
  { api_name: 'Last_Name', field_label: 'Last Name', data_type: 'text' },
  { api_name: 'Modified_Time', field_label: 'Modified Time', data_type: 'datetime' },
];
const T0 = Date.UTC(2026, 0, 10, 8);
const ID_COLUMN = 3;

/** Lead n, modified n seconds after T0 unless `second` says otherwise. */
function lead(n: number, second = n): ZohoRecord {
  return { id: String(4150868000000000000n + BigInt(n)), Last_Name: `Lead ${n}`, Modified_Time: new Date(T0 + second * 1000).toISOString().replace('.000Z', '+00:00') };
}

function leads(from: number, to: number, second?: number): ZohoRecord[] {
  return Array.from({ length: to - from + 1 }, (_, i) => lead(from + i, second));
}

function page(records: ZohoRecord[], nextPageToken: string | null): ScriptedPage {
  return { records, nextPageToken };
}

const paginationLimit = (): Error => new ZohoServiceError('ZOHO_PAGINATION_LIMIT_EXCEEDED', 'Zoho pages no further.');

function givenPull(pages: ScriptedPage[], options: { grid?: ArrayGrid; state?: MemoryStateStore; deleted?: Array<{ ids: string[]; more: boolean }> } = {}) {
  const source = new ScriptedRecordSource(pages, options.deleted);
  const grid = options.grid ?? new ArrayGrid();
  const state = options.state ?? new MemoryStateStore();
  const clock = new FakeClock();
  const deps: PullDeps = {
    source, grid, state, fields: FIELDS, budget: clock, zones: intlZones, now: () => clock.now(), workbookCells: () => 0,
  };
  return { source, grid, state, run: () => runPull(DEFINITION, deps) };
}

function stallOf(run: () => unknown): PullStalledError {
  try {
    run();
  } catch (error) {
    if (error instanceof PullStalledError) return error;
    throw error;
  }
  throw new Error('the pull did not stop');
}

describe('a pull that stops making progress', () => {
  it.each<[string, ScriptedPage[], string]>([
    ['Zoho returns the same next_page_token again',
      [page(leads(1, 3), 'a'), page(leads(4, 6), 'a'), page(leads(4, 6), 'a'), page(leads(4, 6), 'a')],
      'Zoho kept sending the same page of Leads (page 4) without moving on, so the pull stopped. Rows pulled so far are kept; try again later — if it persists, contact Zoho support.'],
    ['Zoho sends the records already read under new tokens',
      [page(leads(1, 3), 'a'), page(leads(1, 3), 'b'), page(leads(1, 3), 'c'), page(leads(1, 3), 'd')],
      'Zoho kept sending the same page of Leads (page 4) without moving on, so the pull stopped. Rows pulled so far are kept; try again later — if it persists, contact Zoho support.'],
    ['Zoho sends empty pages that claim more records',
      [page(leads(1, 3), 'a'), page([], 'b'), page([], 'c'), page([], 'd')],
      'Zoho kept sending empty pages of Leads (page 4) while saying more records follow, so the pull stopped. Rows pulled so far are kept; try again later — if it persists, contact Zoho support.'],
  ])('stops with a message when %s, keeping the rows pulled so far', (_case, pages, message) => {
    const pull = givenPull(pages);

    const stalled = stallOf(pull.run);

    expect(stalled.userMessage).toBe(message);
    expect(stalled.code).toBe('ZOHO_PULL_STALLED');
    expect(pull.source.requests).toHaveLength(1 + MAX_STALLED_PAGES);
    expect(pull.grid.column(ID_COLUMN)).toEqual(expect.arrayContaining(leads(1, 3).map((r) => r.id)));
  });

  it('stops even when Zoho would answer the same page forever', () => {
    const forever: ScriptedPage = () => ({ records: leads(1, 200), nextPageToken: 'same' });
    const pull = givenPull([forever, forever, forever, forever, forever, forever]);

    const stalled = stallOf(pull.run);

    expect(stalled.userMessage).toMatch(/^Zoho kept sending the same page of Leads \(page \d\) without moving on/);
    expect(pull.source.requests.length).toBeLessThanOrEqual(1 + MAX_STALLED_PAGES);
  });

  it('leaves a cursor that starts a new chain from the last record written, so the next run does not resume the stuck page', () => {
    const state = new MemoryStateStore();
    const grid = new ArrayGrid();
    stallOf(givenPull([page(leads(1, 3), 'a'), page([], 'b'), page([], 'c'), page([], 'd')], { grid, state }).run);
    const saved = state.load().cursor!;

    const next = givenPull([page(leads(3, 5), null)], { grid, state });
    const outcome = next.run();

    // The new chain reads newest first down to just before the last record written (no If-Modified-Since: issue 18).
    expect(saved).toMatchObject({ pageTokens: [null], order: 'desc', stopBelow: Date.parse(lead(3).Modified_Time as string) - 1000, recordsDone: false });
    expect(next.source.requests[0]).toMatchObject({ pageToken: null, order: 'desc' });
    expect(outcome.status).toBe('done');
    expect(grid.column(ID_COLUMN)).toEqual(leads(1, 5).map((r) => r.id));
  });

  it('reads the rest newest first after Zoho\'s 100,000-record reach, then what lies between by COQL, every record once', () => {
    const pull = givenPull([page(leads(1, 3), 'a'), paginationLimit(), page(leads(7, 9).reverse(), 'b'), paginationLimit(), page(leads(4, 6), null)]);

    const outcome = pull.run();

    expect(outcome.status).toBe('done');
    expect(pull.source.requests.map((r) => r.order)).toEqual(['asc', 'asc', 'desc', 'desc', 'asc']);
    // No If-Modified-Since anywhere (issue 18); the middle is a COQL range of Modified_Time.
    expect(pull.source.requests[4]!.criteria).toBe(`(Modified_Time >= '${formatUtc(Date.parse(lead(3).Modified_Time as string) - 1000)}' and Modified_Time <= '${formatUtc(Date.parse(lead(7).Modified_Time as string) + 1000)}')`);
    expect([...pull.grid.column(ID_COLUMN)].sort()).toEqual(leads(1, 9).map((r) => r.id).sort());
  });

  it('stops on empty pages of deleted records that claim more', () => {
    const state = new MemoryStateStore();
    const grid = new ArrayGrid();
    givenPull([page(leads(1, 3), null)], { grid, state }).run();
    const empty = { ids: [], more: true };
    const pull = givenPull([page([], null)], { grid, state, deleted: [empty, empty, empty, empty, empty] });

    const stalled = stallOf(pull.run);

    expect(stalled.userMessage).toBe('Zoho kept sending empty pages of records deleted from Leads (page 3) while saying more follow, so the pull stopped. Rows pulled so far are kept; try again later — if it persists, contact Zoho support.');
    expect(pull.source.deletedRequests).toEqual([1, 2, 3]);
  });
});

describe('pulls that only look stuck still complete', () => {
  it.each<[string, ScriptedPage[], number]>([
    ['a single empty last page with more_records false', [page(leads(1, 3), 'a'), page([], null)], 3],
    [`${MAX_STALLED_PAGES - 1} empty pages that claim more, then records`, [page(leads(1, 3), 'a'), page([], 'b'), page([], 'c'), page(leads(4, 6), null)], 6],
    [`a page repeated ${MAX_STALLED_PAGES - 1} times, then Zoho moves on`, [page(leads(1, 3), 'a'), page(leads(1, 3), 'b'), page(leads(1, 3), 'c'), page(leads(4, 6), null)], 6],
    ['a record modified during the pull, read again with its new time', [page(leads(1, 3), 'a'), page([lead(2, 90)], 'b'), page([lead(1, 91)], 'c'), page([lead(3, 92)], 'd'), page(leads(4, 4, 93), null)], 4],
    ['a restarted chain re-reading records of the last second, page after page', [
      page(leads(1, 4, 7), 'a'), paginationLimit(),
      page([lead(1, 7)], 'b'), page([lead(2, 7)], 'c'), page([lead(3, 7)], 'd'), page([lead(4, 7)], 'e'), page(leads(5, 6, 8), null)], 6],
  ])('%s', (_case, pages, rows) => {
    const pull = givenPull(pages);

    const outcome = pull.run();

    expect(outcome.status).toBe('done');
    expect(pull.grid.column(ID_COLUMN)).toEqual(leads(1, rows).map((r) => r.id));
  });
});
