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

describe('a full pull of a sheet whose filter changed', () => {
  function givenPulledUnfiltered(grid: ArrayGrid, state: MemoryStateStore): void {
    const source = new FilteredSource([{ records: [lead(1, 1), lead(2, 2), lead(3, 3)], nextPageToken: null, serverTime: T0 + 10_000 }], []);
    const clock = new FakeClock();
    runPull({ ...DEFINITION, filter: undefined }, { source, grid, state, fields: FIELDS, budget: clock, zones: intlZones, now: () => clock.now(), workbookCells: () => 0 });
  }

  it('removes the rows the new filter does not hold, from the ids it read in one execution', () => {
    const grid = new ArrayGrid();
    const state = new MemoryStateStore();
    givenPulledUnfiltered(grid, state);
    const source = new FilteredSource([{ records: [lead(2, 2)], nextPageToken: null, serverTime: T0 + 20_000 }], []);

    givenPull(source, grid, state)();

    expect(grid.column(ID_COLUMN)).toEqual([lead(2, 0).id]);
    expect(source.idRequests).toHaveLength(0);
  });

  it('reads the filter\'s ids again when the pull was resumed in another execution, and removes only rows outside it', () => {
    const grid = new ArrayGrid();
    const state = new MemoryStateStore();
    givenPulledUnfiltered(grid, state);
    const clock = new FakeClock(Date.UTC(2026, 0, 15, 9), 300_000);
    let pages = 0;
    const first = new FilteredSource([(request: PageRequest) => {
      pages++;
      // The first page takes most of the execution's time: the pull pauses after writing it.
      clock.nowMs += 280_000;
      return { records: [lead(2, 2)], nextPageToken: request.criteria ? 'next' : null, serverTime: T0 + 20_000 };
    }], []);
    const paused = runPull(DEFINITION, { source: first, grid, state, fields: FIELDS, budget: clock, zones: intlZones, now: () => clock.now(), workbookCells: () => 0 });
    const second = new FilteredSource([{ records: [lead(3, 3)], nextPageToken: null, serverTime: T0 + 30_000 }],
      [{ ids: [{ id: lead(2, 0).id as string, modified: null }, { id: lead(3, 0).id as string, modified: null }], nextPageToken: null }]);

    const done = givenPull(second, grid, state)();

    expect(pages).toBe(1);
    expect(paused.status).toBe('paused');
    expect(done.status).toBe('done');
    expect(second.idRequests[0]!.criteria).toBe("Owner = '111'");
    expect([...grid.column(ID_COLUMN)].sort()).toEqual([lead(2, 0).id, lead(3, 0).id].sort());
  });
});
