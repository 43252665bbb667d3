// Small in-memory implementations of core's ports, for unit tests of core in plain Node.

import type { CachePort, Clock, HttpPort, HttpRequest, HttpResponse, TimeBudget } from '../../src/core/ports';
import type { CellRule, StatusColourRule } from '../../src/core/sync/sheet-dress';
import type { ColumnTag, SheetGrid } from '../../src/core/sync/grid';
import type { SyncState, SyncStateStore } from '../../src/core/sync/pull';
import type { DeletedPage, PageRequest, RecordPage, RecordSource } from '../../src/core/zoho/records';

export type ScriptedAnswer = Partial<HttpResponse> | Error | ((request: HttpRequest) => Partial<HttpResponse> | Error);

/** An HttpPort that answers from a script, in order, and records every request. */
export class ScriptedHttp implements HttpPort {
  readonly requests: HttpRequest[] = [];
  private readonly answers: ScriptedAnswer[];

  constructor(answers: ScriptedAnswer[]) {
    this.answers = [...answers];
  }

  send(request: HttpRequest): HttpResponse {
    this.requests.push(request);
    const next = this.answers.shift();
    if (next === undefined) throw new Error(`unexpected request ${request.method} ${request.url}`);
    const answer = typeof next === 'function' ? next(request) : next;
    if (answer instanceof Error) throw answer;
    return { status: 200, headers: {}, body: '', ...answer };
  }

  /** Sizes of the parallel batches sent (UrlFetchApp.fetchAll). */
  readonly batches: number[] = [];

  /** Like fetchAll: one scripted answer per member, in order; a member that gets no answer fails the batch. */
  sendAll(requests: HttpRequest[]): HttpResponse[] {
    this.batches.push(requests.length);
    const answers = requests.map((r) => {
      try {
        return this.send(r);
      } catch (error) {
        return error as Error;
      }
    });
    const failed = answers.find((a): a is Error => a instanceof Error);
    if (failed) throw failed;
    return answers as HttpResponse[];
  }
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}): Partial<HttpResponse> =>
  ({ status, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });

export class FakeClock implements Clock, TimeBudget {
  nowMs: number;
  readonly sleeps: number[] = [];
  private readonly deadline: number;

  constructor(start = Date.UTC(2026, 0, 15, 9), budgetMs = 300000) {
    this.nowMs = start;
    this.deadline = start + budgetMs;
  }

  now(): number {
    return this.nowMs;
  }

  sleep(ms: number): void {
    this.sleeps.push(ms);
    this.nowMs += ms;
  }

  remainingMs(): number {
    return this.deadline - this.nowMs;
  }
}

export class MemoryCache implements CachePort {
  readonly entries = new Map<string, string>();
  get(key: string): string | null {
    return this.entries.get(key) ?? null;
  }
  put(key: string, value: string): void {
    if (value.length > 100 * 1024) throw new Error('Argument too large: value');
    this.entries.set(key, value);
  }
  remove(key: string): void {
    this.entries.delete(key);
  }
}

export type ScriptedPage = Partial<RecordPage> | Error | ((request: PageRequest) => Partial<RecordPage> | Error);

/** A RecordSource that answers pages from a script, in order, and records every request. */
export class ScriptedRecordSource implements RecordSource {
  readonly requests: PageRequest[] = [];
  readonly deletedRequests: number[] = [];
  private readonly pages: ScriptedPage[];
  private readonly deletedPages: DeletedPage[];

  constructor(pages: ScriptedPage[], deletedPages: DeletedPage[] = []) {
    this.pages = [...pages];
    this.deletedPages = [...deletedPages];
  }

  page(request: PageRequest): RecordPage {
    this.requests.push(request);
    const next = this.pages.shift();
    if (next === undefined) throw new Error(`unexpected page request (token ${String(request.pageToken)})`);
    const answer = typeof next === 'function' ? next(request) : next;
    if (answer instanceof Error) throw answer;
    return { records: [], nextPageToken: null, serverTime: null, ...answer };
  }

  deleted(_module: string, _since: string, page: number): DeletedPage {
    this.deletedRequests.push(page);
    return this.deletedPages.shift() ?? { ids: [], more: false };
  }
}

/** Sync state kept as JSON, as developer metadata keeps it. */
export class MemoryStateStore implements SyncStateStore {
  private json = '{}';

  load(): SyncState {
    return JSON.parse(this.json) as SyncState;
  }

  save(state: SyncState): void {
    this.json = JSON.stringify(state);
  }
}

/** A SheetGrid backed by arrays: values as written (no parsing), formats per cell, Sheets' bounds. */
export class ArrayGrid implements SheetGrid {
  readonly name: string;
  readonly values: unknown[][] = [];
  readonly formats: string[][] = [];
  private rows: number;
  private columns: number;
  private readonly zone: string;

  constructor(name = 'Leads', rows = 1000, columns = 26, zone = 'UTC') {
    this.name = name;
    this.rows = rows;
    this.columns = columns;
    this.zone = zone;
  }

  timeZone(): string {
    return this.zone;
  }

  lastRow(): number {
    for (let r = this.values.length; r > 0; r--) if ((this.values[r - 1] ?? []).some((v) => v !== '' && v !== undefined)) return r;
    return 0;
  }

  maxRows(): number {
    return this.rows;
  }

  maxColumns(): number {
    return this.columns;
  }

  lastColumn(): number {
    return this.values.reduce((last, row) => {
      for (let c = row.length; c > last; c--) if (row[c - 1] !== '' && row[c - 1] !== undefined) return c;
      return last;
    }, 0);
  }

  readValues(row: number, column: number, numRows: number, numColumns: number): unknown[][] {
    this.checkInside(row, column, numRows, numColumns);
    return Array.from({ length: numRows }, (_, r) => Array.from({ length: numColumns }, (_, c) => this.values[row - 1 + r]?.[column - 1 + c] ?? ''));
  }

  readFormulas(_row: number, _column: number, numRows: number, numColumns: number): string[][] {
    return Array.from({ length: numRows }, () => Array.from({ length: numColumns }, () => ''));
  }

  writeValues(row: number, column: number, values: unknown[][]): void {
    this.write(this.values, row, column, values);
  }

  writeNumberFormats(row: number, column: number, formats: string[][]): void {
    this.write(this.formats, row, column, formats);
  }

  ensureRows(rows: number): void {
    this.rows = Math.max(this.rows, rows);
  }

  ensureColumns(columns: number): void {
    this.columns = Math.max(this.columns, columns);
  }

  deleteRows(row: number, count: number): void {
    this.values.splice(row - 1, count);
    this.formats.splice(row - 1, count);
    this.rows -= count;
  }

  flush(): void {}

  decorate(): void {}

  /** Column tags (developer metadata on whole columns), as readColumnTags returns them. */
  readonly tags: ColumnTag[] = [];
  private nextTagId = 1;

  readColumnTags(): ColumnTag[] {
    return this.tags.map((t) => ({ ...t }));
  }

  tagColumn(column: number, key: string, value: string): void {
    this.tags.push({ id: this.nextTagId++, column, key, value });
  }

  removeColumnTag(id: number): void {
    const at = this.tags.findIndex((t) => t.id === id);
    if (at >= 0) this.tags.splice(at, 1);
  }

  /** Notes by 'row:column', rules by 'row:column' of each rectangle set, widths by column, text colours by column. */
  readonly notes = new Map<string, string>();
  readonly rules: Array<{ row: number; column: number; numRows: number; numColumns: number; rule: CellRule | null }> = [];
  readonly widths = new Map<number, number>();
  readonly textColours = new Map<number, readonly StatusColourRule[]>();

  readNotes(row: number, column: number, numRows: number, numColumns: number): string[][] {
    return Array.from({ length: numRows }, (_, r) => Array.from({ length: numColumns }, (_, c) => this.notes.get(`${row + r}:${column + c}`) ?? ''));
  }

  writeNotes(row: number, column: number, notes: string[][]): void {
    notes.forEach((line, r) => line.forEach((note, c) => {
      if (note) this.notes.set(`${row + r}:${column + c}`, note);
      else this.notes.delete(`${row + r}:${column + c}`);
    }));
  }

  setRule(row: number, column: number, numRows: number, numColumns: number, rule: CellRule | null): void {
    this.rules.push({ row, column, numRows, numColumns, rule });
  }

  setColumnWidths(column: number, count: number, widthPx: number): void {
    for (let c = column; c < column + count; c++) this.widths.set(c, widthPx);
  }

  setTextColours(column: number, rules: readonly StatusColourRule[]): void {
    this.textColours.set(column, rules);
  }

  insertCheckboxes(): void {}

  /** The values of one column from row 2 down to the last row, as a user reads them. */
  column(column: number): unknown[] {
    return this.readValues(1, column, Math.max(1, this.lastRow()), 1).slice(1).map((row) => row[0]);
  }

  private write<T>(target: T[][], row: number, column: number, block: T[][]): void {
    if (!block.length) return;
    this.checkInside(row, column, block.length, block[0]!.length);
    block.forEach((cells, r) => {
      const line = (target[row - 1 + r] ??= []);
      cells.forEach((cell, c) => { line[column - 1 + c] = cell; });
    });
  }

  private checkInside(row: number, column: number, numRows: number, numColumns: number): void {
    if (row < 1 || column < 1 || row + numRows - 1 > this.rows || column + numColumns - 1 > this.columns) {
      throw new Error(`range ${row},${column} ${numRows}x${numColumns} is outside the sheet (${this.rows}x${this.columns})`);
    }
  }
}
