// An incremental pull of a sheet filtered by owner or conditions (issue 16): COQL names the changed
// records that match, then every changed record is read newest first; the matching ones are written,
// the others' rows leave, and one modified after COQL answered waits for the next pull.
import { formatUtc, runPull, WATERMARK_OVERLAP_MS, type PullDeps } from '../../../src/core/sync/pull';
import type { SyncDefinition } from '../../../src/core/sync/definition';
import type { IdPage, PageRequest } from '../../../src/core/zoho/records';
import type { ZohoField, ZohoRecord } from '../../../src/core/zoho/wire';
import { ArrayGrid, FakeClock, MemoryStateStore, ScriptedRecordSource, type ScriptedPage } from '../../helpers/fakes';
import { intlZones } from '../cells/helpers/intl-zone-offsets';

const DEFINITION: SyncDefinition = { module: 'Leads', fields: ['Last_Name'], deletedRows: 'remove', filter: { owner: { id: '111', name: 'Jane Roe' } } };
const FIELDS: ZohoField[] = [
  { api_name: 'Last_Name', field_label: 'Last Name', data_type: 'text' },
  { api_name: 'Modified_Time', field_label: 'Modified Time', data_type: 'datetime' },
];
const T0 = Date.UTC(2026, 0, 10, 8);
const ID_COLUMN = 3;
const LAST_NAME_COLUMN = 1;

function lead(n: number, second: number, name = `Lead ${n}`): ZohoRecord {
  return { id: String(4150868000000000000n + BigInt(n)), Last_Name: name, Modified_Time: formatUtc(T0 + second * 1000) };
}

class FilteredSource extends ScriptedRecordSource {
  readonly idRequests: Array<{ criteria?: string }> = [];
  constructor(pages: ScriptedPage[], private readonly idPages: IdPage[]) {
    super(pages);
  }
  ids(request: { module: string; criteria?: string; pageToken: string | null }): IdPage {
    this.idRequests.push(request);
    return this.idPages.shift() ?? { ids: [], nextPageToken: null };
  }
}

function givenPull(source: FilteredSource, grid: ArrayGrid, state: MemoryStateStore) {
  const clock = new FakeClock();
  const deps: PullDeps = { source, grid, state, fields: FIELDS, budget: clock, zones: intlZones, now: () => clock.now(), workbookCells: () => 0 };
  return () => runPull(DEFINITION, deps);
}

describe('an incremental pull of a sheet filtered by owner', () => {
  it('asks COQL after the first page of changes, writes those that match, removes rows of those that stopped matching, and leaves a later page\'s record modified after COQL answered to the next pull', () => {
    const grid = new ArrayGrid();
    const state = new MemoryStateStore();
    const first = new FilteredSource([{ records: [lead(1, 1), lead(2, 2), lead(3, 3), lead(4, 4)], nextPageToken: null, serverTime: T0 + 10_000 }], []);
    givenPull(first, grid, state)();
    const pageAt = T0 + 200_000;
    const calls: string[] = [];
    const second = new FilteredSource(
      [
        (request: PageRequest) => {
          calls.push(`page ${request.pageToken ?? 1}`);
          // Every changed record, newest first: the first page, read before COQL.
          return { records: request.order === 'desc' && !request.criteria ? [lead(3, 200, 'Reassigned just now'), lead(1, 120, 'Still mine')] : [], nextPageToken: 'p2', serverTime: pageAt };
        },
        (request: PageRequest) => {
          calls.push(`page ${request.pageToken ?? 1}`);
          // A record that moved while the pages were read, modified after COQL answered.
          return { records: [lead(4, 205, 'Modified after COQL'), lead(2, 110, 'Reassigned'), lead(9, 0)], nextPageToken: null, serverTime: pageAt + 2000 };
        },
      ],
      [{ ids: [{ id: lead(1, 0).id as string, modified: null }], nextPageToken: null, serverTime: pageAt + 1000 }],
    );
    const ids = second.ids.bind(second);
    second.ids = (request) => {
      calls.push('coql');
      return ids(request);
    };

    const outcome = givenPull(second, grid, state)();

    expect(outcome.status).toBe('done');
    expect(calls).toEqual(['page 1', 'coql', 'page p2']);
    expect(second.idRequests[0]!.criteria).toBe(`(Owner = '111' and Modified_Time >= '${formatUtc(T0 + 10_000 - WATERMARK_OVERLAP_MS)}')`);
    expect(grid.column(ID_COLUMN)).toEqual([lead(1, 0).id, lead(4, 0).id]);
    expect(grid.column(LAST_NAME_COLUMN)).toEqual(['Still mine', 'Lead 4']);
    expect(state.load().watermark).toBe(formatUtc(pageAt - WATERMARK_OVERLAP_MS));
  });
});
