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
  it('writes the changed records that match, removes rows of those that stopped matching, and leaves one modified after COQL answered to the next pull', () => {
    const grid = new ArrayGrid();
    const state = new MemoryStateStore();
    const first = new FilteredSource([{ records: [lead(1, 1), lead(2, 2), lead(3, 3)], nextPageToken: null, serverTime: T0 + 10_000 }], []);
    givenPull(first, grid, state)();
    const coqlAnsweredAt = T0 + 200_000;
    const second = new FilteredSource(
      [(request: PageRequest) => ({
        // Every changed record, newest first, then one older than the watermark.
        records: request.order === 'desc' && !request.criteria ? [lead(3, 200, 'Changed after COQL'), lead(2, 150, 'Reassigned'), lead(1, 120, 'Still mine'), lead(9, 0)] : [],
        nextPageToken: null, serverTime: coqlAnsweredAt + 1000,
      })],
      [{ ids: [{ id: lead(1, 0).id as string, modified: null }], nextPageToken: null, serverTime: coqlAnsweredAt }],
    );

    const outcome = givenPull(second, grid, state)();

    expect(outcome.status).toBe('done');
    expect(second.idRequests[0]!.criteria).toBe(`(Owner = '111' and Modified_Time >= '${formatUtc(T0 + 10_000 - WATERMARK_OVERLAP_MS)}')`);
    expect(grid.column(ID_COLUMN)).toEqual([lead(1, 0).id, lead(3, 0).id]);
    expect(grid.column(LAST_NAME_COLUMN)).toEqual(['Still mine', 'Lead 3']);
    expect(state.load().watermark).toBe(formatUtc(coqlAnsweredAt - WATERMARK_OVERLAP_MS));
  });
});
