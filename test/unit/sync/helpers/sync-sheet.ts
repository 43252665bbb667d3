// A synced Leads sheet for unit tests of core's sync over a MemoryGrid: pulled by the real pull
// from one page of records, pushed by the real push to a writer that records what it would send.

import { memoizeZoneOffsets } from '../../../../src/core/cells/time-zone';
import { runPull, type SyncState, type SyncStateStore } from '../../../../src/core/sync/pull';
import { runPush } from '../../../../src/core/sync/push';
import type { SyncDefinition } from '../../../../src/core/sync/definition';
import type { CreatedRecords, RecordPage, RecordSource, RecordWriter } from '../../../../src/core/zoho/records';
import type { ZohoField, ZohoRecord, ZohoWriteResult } from '../../../../src/core/zoho/wire';
import { FakeClock } from '../../../helpers/fakes';
import { intlZones } from '../../cells/helpers/intl-zone-offsets';
import { MemoryGrid } from './memory-grid';

export const FIELDS: ZohoField[] = [
  { api_name: 'Last_Name', field_label: 'Last Name', data_type: 'text' },
  { api_name: 'Company', field_label: 'Company', data_type: 'text' },
  { api_name: 'Next_Follow_Up', field_label: 'Next Follow Up', data_type: 'datetime' },
  { api_name: 'Last_Contacted_On', field_label: 'Last Contacted On', data_type: 'date' },
];
export const DEFINITION: SyncDefinition = { module: 'Leads', fields: FIELDS.map((f) => f.api_name), deletedRows: 'mark' };
export const zones = memoizeZoneOffsets(intlZones);

export class MemoryState implements SyncStateStore {
  state: SyncState = {};
  load(): SyncState {
    return JSON.parse(JSON.stringify(this.state)) as SyncState;
  }
  save(state: SyncState): void {
    this.state = JSON.parse(JSON.stringify(state)) as SyncState;
  }
}

class OnePage implements RecordSource {
  // Zoho answers just after the seed records were written: a record changed later is past the watermark.
  constructor(private readonly records: ZohoRecord[], private readonly serverTime = Date.UTC(2026, 0, 10, 10)) {}
  page(): RecordPage {
    return { records: this.records, nextPageToken: null, serverTime: this.serverTime };
  }
  deleted(): { ids: string[]; more: boolean } {
    return { ids: [], more: false };
  }
}

/** Zoho's side of a push: every record unchanged since the pull; records each update sent. */
class RecordingWriter implements RecordWriter {
  readonly updates: Array<Record<string, unknown>> = [];
  constructor(private readonly records: ZohoRecord[]) {}
  current(_module: string, ids: readonly string[]): ZohoRecord[] {
    return ids.map((id) => ({ id, Modified_Time: this.records.find((r) => r.id === id)!.Modified_Time }));
  }
  update(_module: string, records: ReadonlyArray<Record<string, unknown>>): ZohoWriteResult[] {
    this.updates.push(...records);
    return records.map((r) => ({ status: 'success', code: 'SUCCESS', message: '', details: { id: r.id, Modified_Time: '2026-02-02T00:00:00+00:00' } }));
  }
  insert(): ZohoWriteResult[] {
    throw new Error('no insert expected');
  }
  upsert(): ZohoWriteResult[] {
    throw new Error('no upsert expected');
  }
  createdSince(): CreatedRecords {
    throw new Error('no reconciliation expected');
  }
}

export function lead(i: number, values: Partial<ZohoRecord> = {}): ZohoRecord {
  return {
    id: String(4000000000000000000n + BigInt(i)),
    Modified_Time: '2026-01-10T09:00:00+00:00',
    Last_Name: `Lead ${i}`,
    Company: `Company ${i}`,
    Next_Follow_Up: `2026-0${1 + (i % 9)}-${String(10 + (i % 18)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00+00:00`,
    Last_Contacted_On: `2025-1${i % 3}-0${1 + (i % 9)}`,
    ...values,
  };
}

export interface Sheet {
  grid: MemoryGrid;
  state: MemoryState;
  records: ZohoRecord[];
  /** Zoho's clock when it answers the next pull (the Date header), in ms; default 2026-02-01. */
  serverTime?: number;
}

export function givenPulledSheet(zone: string, records: ZohoRecord[]): Sheet {
  const sheet = { grid: new MemoryGrid(zone), state: new MemoryState(), records };
  pull(sheet);
  return sheet;
}

export function pull(sheet: Sheet): void {
  const clock = new FakeClock();
  const outcome = runPull(DEFINITION, {
    source: new OnePage(sheet.records, sheet.serverTime), grid: sheet.grid, state: sheet.state, fields: FIELDS, zones,
    budget: clock, now: () => clock.now(), workbookCells: () => 0,
  });
  if (outcome.status !== 'done') throw new Error(`pull ${outcome.status}`);
}

export function push(sheet: Sheet): Array<Record<string, unknown>> {
  const clock = new FakeClock();
  const writer = new RecordingWriter(sheet.records);
  runPush(DEFINITION, { writer, grid: sheet.grid, state: sheet.state, fields: FIELDS, zones, budget: clock, now: () => clock.now(), userId: 'u1' });
  return writer.updates;
}

export const column = (sheet: Sheet, header: string): number => sheet.grid.readValues(1, 1, 1, sheet.grid.lastColumn())[0]!.indexOf(header) + 1;
export const cell = (sheet: Sheet, row: number, header: string): unknown => sheet.grid.get(row, column(sheet, header));
export const msOf = (value: unknown): number => (value as Date).getTime();
