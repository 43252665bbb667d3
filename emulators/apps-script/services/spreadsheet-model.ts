// The workbook data behind SpreadsheetApp, kept on the Node side so tests can seed and inspect it
// directly (`runtime.createSpreadsheet()`). Plain data that saves to JSON; no metering here.

import { MAX_CELLS_PER_SPREADSHEET, MAX_CHARS_PER_CELL, MESSAGES, NEW_SHEET_COLUMNS, NEW_SHEET_ROWS } from '../limits';
import { GasError } from '../execution';
import { isValidTimeZone } from '../time-zone';
import { parseA1, type GridRange } from './a1';
import {
  DEFAULT_DATETIME_FORMAT, displayOf, evaluateFormula, instantFromSerial, isDateFormat, parseInput, serialFromInstant,
  type CellData, type CellExtras, type CellScalar, type ValidationData,
} from './cell-values';
import { shiftRuleRanges, type ConditionalRuleData } from './sheet-styles';

export interface DeveloperMetadataData {
  id: number; key: string; value: string | null; visibility: 'DOCUMENT' | 'PROJECT';
  location: { type: 'SPREADSHEET' } | { type: 'SHEET'; sheetId: number } | { type: 'COLUMN' | 'ROW'; sheetId: number; index: number };
}

export interface ProtectionData {
  id: number; sheetId: number; type: 'RANGE' | 'SHEET'; range?: GridRange; description: string; warningOnly: boolean;
}

/** An empty slot is a hole, `undefined`, or `null` (what JSON gives back). */
type Slot<T> = T | null | undefined;

/**
 * One row, stored by layer: an array per kind of content, indexed by column (0-based), each absent
 * until the row has some. A synced sheet of 50,000 rows and 33 columns holds 1.65 million cells;
 * an object per cell cost about 100 bytes each, a slot in a layer costs 8. Number-format layers
 * and extras are shared between rows and cells that have the same ones, so they are replaced,
 * never changed in place.
 */
export interface RowData {
  /** Values: strings, numbers (dates as serial numbers), booleans. */
  v: Array<Slot<CellScalar>>;
  /** Formulas, with their leading '='. */
  f?: Array<Slot<string>>;
  /** Number formats (shared, read-only). */
  nf?: ReadonlyArray<Slot<string>>;
  /**
   * Notes, validation and styles, which few cells have, as pairs: column index, then what that
   * cell has (shared, read-only). Pairs, because a slot per column would cost a row of slots for
   * one checkbox at its end.
   */
  x?: Array<number | Readonly<CellExtras>>;
}

export interface SheetData {
  id: number; name: string; maxRows: number; maxCols: number; frozenRows: number; frozenCols: number;
  rows: Array<RowData | null>;
  hiddenCols: number[]; colWidths: Record<string, number>;
  /** Conditional format rules, in evaluation order (sheet-styles.ts). */
  cf?: ConditionalRuleData[];
}

export interface SpreadsheetData {
  id: string; name: string; timeZone: string; owner: string; locale: string;
  sheets: SheetData[]; metadata: DeveloperMetadataData[]; protections: ProtectionData[]; nextId: number;
  /** The user's selection (a click, or a script's Range.activate); it outlives executions, as in Sheets. */
  selection?: Block & { sheetId: number };
}

/** A value as the script reads it: numbers, strings, booleans, Dates (as instants), '' when empty. */
export type ReadValue = CellScalar | Date;

/** A block of cells, 1-based. */
export interface Block { row: number; col: number; numRows: number; numCols: number }

/** What readGrid reads from each cell of a block. */
export type GridKind = 'values' | 'display' | 'formulas' | 'formats' | 'extras' | 'cells';

/** A change to a cell's extras: a key set to null is removed. */
export type ExtrasPatch = { [K in keyof CellExtras]?: CellExtras[K] | null };

/** What insertCheckboxes, removeCheckboxes, check and uncheck do to a block. */
export type CheckboxAction = 'insert' | 'remove' | 'check' | 'uncheck';

/**
 * Where a workbook's cells live when they are not in this process: the block methods of
 * SheetModel are sent there by name with their arguments (cell-store.ts), and run there on a
 * SheetModel of the same sheet.
 */
export interface RemoteCells {
  call(sheet: SheetModel, method: RemoteMethod, args: unknown[]): unknown;
}

export type RemoteMethod = 'readGrid' | 'writeGrid' | 'setFormulaGrid' | 'setFormatGrid' | 'patchExtrasGrid' | 'checkboxes'
  | 'clearCells' | 'clearAllContents' | 'clearAll' | 'lastRow' | 'lastColumn' | 'spliceRows' | 'spliceColumns'
  | 'exportRows' | 'importRows' | 'permuteRows';

const remoteCells = new WeakMap<SpreadsheetData, RemoteCells>();

/** From now on the cells of this workbook live in `remote` (the workbook must have none yet). */
export function keepCellsIn(book: SpreadsheetData, remote: RemoteCells): void {
  remoteCells.set(book, remote);
}

/** Which kinds of content a range clear removes. */
export interface ClearWhat { contents?: boolean; formats?: boolean; validations?: boolean; notes?: boolean }

const STYLE_KEYS = ['bg', 'fc', 'fw'] as const;
/** Distinct shared layers kept per sheet before the table starts afresh (rows keep theirs). */
const MAX_SHARED = 2000;

/** Shared number-format layers and extras per sheet: most rows of a synced sheet have the same ones. */
const sharedTables = new WeakMap<SheetData, Map<string, unknown>>();

function share<T>(sheet: SheetData, key: string, value: T): T {
  let table = sharedTables.get(sheet);
  if (!table) { table = new Map(); sharedTables.set(sheet, table); }
  const known = table.get(key) as T | undefined;
  if (known !== undefined) return known;
  if (table.size >= MAX_SHARED) table.clear();
  table.set(key, value);
  return value;
}

const present = <T>(x: Slot<T>): x is T => x !== undefined && x !== null;

const one = (row: number, col: number): Block => ({ row, col, numRows: 1, numCols: 1 });

/** The rule insertCheckboxes() gives every cell (read-only, so one object serves them all). */
const CHECKBOX: ValidationData = Object.freeze({ type: 'CHECKBOX', values: [], allowInvalid: false }) as ValidationData;

function extrasAt(r: RowData | null | undefined, i: number): Readonly<CellExtras> | undefined {
  const x = r?.x;
  if (!x) return undefined;
  for (let k = 0; k < x.length; k += 2) if (x[k] === i) return x[k + 1] as CellExtras;
  return undefined;
}

/** Strings kept once per sheet up to this length: picklist values, names, owners repeat down a column. */
const MAX_SHARED_STRING = 64;
/** Distinct strings kept per sheet for sharing; past this, new strings are stored as they come. */
const MAX_SHARED_STRINGS = 50_000;
const stringTables = new WeakMap<SheetData, Map<string, string>>();

function shareString(sheet: SheetData, s: string): string {
  if (s.length > MAX_SHARED_STRING) return s;
  let table = stringTables.get(sheet);
  if (!table) { table = new Map(); stringTables.set(sheet, table); }
  const known = table.get(s);
  if (known !== undefined) return known;
  if (table.size < MAX_SHARED_STRINGS) table.set(s, s);
  return s;
}

export class SheetModel {
  /** Set when the workbook's cells live in another process (keepCellsIn). */
  private readonly remote: RemoteCells | undefined;

  constructor(readonly book: SpreadsheetModel, readonly data: SheetData) {
    this.remote = book ? remoteCells.get(book.data) : undefined;
  }

  get id(): number { return this.data.id; }
  get name(): string { return this.data.name; }
  get maxRows(): number { return this.data.maxRows; }
  get maxCols(): number { return this.data.maxCols; }

  // ---- Reading one cell ---------------------------------------------------------------------------

  /** The stored value (a serial number for a date), undefined when empty. */
  value(row: number, col: number): CellScalar | undefined {
    if (this.remote) return this.cell(row, col)?.v;
    return this.data.rows[row - 1]?.v[col - 1] ?? undefined;
  }

  formula(row: number, col: number): string | undefined {
    if (this.remote) return this.cell(row, col)?.f;
    return this.data.rows[row - 1]?.f?.[col - 1] ?? undefined;
  }

  numberFormat(row: number, col: number): string | undefined {
    if (this.remote) return this.cell(row, col)?.nf;
    return this.data.rows[row - 1]?.nf?.[col - 1] ?? undefined;
  }

  extras(row: number, col: number): Readonly<CellExtras> | undefined {
    if (this.remote) {
      const { v: _v, f: _f, nf: _nf, ...extras } = this.cell(row, col) ?? {};
      return Object.keys(extras).length ? extras : undefined;
    }
    return extrasAt(this.data.rows[row - 1], col - 1);
  }

  /** Everything one cell holds, as a copy (undefined when it holds nothing). */
  cell(row: number, col: number): CellData | undefined {
    if (this.remote) return (this.readGrid(one(row, col), 'cells')[0]![0] as CellData | null) ?? undefined;
    const r = this.data.rows[row - 1];
    if (!r) return undefined;
    const i = col - 1;
    const v = r.v[i]; const f = r.f?.[i]; const nf = r.nf?.[i]; const x = extrasAt(r, i);
    if (!present(v) && !present(f) && !present(nf) && !present(x)) return undefined;
    const out: CellData = { ...(x ?? {}) };
    if (present(v)) out.v = v;
    if (present(f)) out.f = f;
    if (present(nf)) out.nf = nf;
    return out;
  }

  checkInside(row: number, col: number, numRows: number, numCols: number): void {
    if (row < 1 || col < 1 || numRows < 1 || numCols < 1 || row + numRows - 1 > this.data.maxRows || col + numCols - 1 > this.data.maxCols) {
      throw new GasError(MESSAGES.rangeOutside);
    }
  }

  range(a1: string): GridRange {
    const r = parseA1(a1, this.data.maxRows, this.data.maxCols);
    if (!r) throw new GasError(`Range not found`);
    return r;
  }

  /** The value the script reads from one cell (Date instants for date-formatted numbers). */
  readValue(row: number, col: number): ReadValue {
    if (this.remote) return this.readGrid(one(row, col), 'values')[0]![0] as ReadValue;
    const r = this.data.rows[row - 1];
    if (!r) return '';
    const f = r.f?.[col - 1];
    const v = present(f) ? evaluateFormula(f) : r.v[col - 1];
    if (!present(v)) return this.book?.behaviour?.emptyCheckboxReadsFalse && extrasAt(r, col - 1)?.dv?.type === 'CHECKBOX' ? false : '';
    if (typeof v === 'number') {
      const nf = r.nf?.[col - 1];
      if (present(nf) && isDateFormat(nf)) return new Date(instantFromSerial(v, this.book.timeZone));
    }
    return v;
  }

  displayValue(row: number, col: number): string {
    if (this.remote) return this.readGrid(one(row, col), 'display')[0]![0] as string;
    const r = this.data.rows[row - 1];
    if (!r) return '';
    return displayOf(r.v[col - 1] ?? undefined, r.f?.[col - 1] ?? undefined, r.nf?.[col - 1] ?? undefined);
  }

  // ---- Writing one cell ---------------------------------------------------------------------------

  /** Writes one value as setValue does: strings are parsed as Sheets parses typed input. */
  writeValue(row: number, col: number, value: unknown): void {
    if (this.remote) { this.writeGrid(one(row, col), [[value]]); return; }
    if (value === null || value === undefined || value === '') { this.setContent(row, col, undefined); return; }
    if (Object.prototype.toString.call(value) === '[object Date]') {
      const ms = (value as Date).getTime();
      if (Number.isNaN(ms)) { this.setContent(row, col, ''); return; }
      this.setContent(row, col, serialFromInstant(ms, this.book.timeZone));
      if (!isDateFormat(this.numberFormat(row, col))) this.setNumberFormat(row, col, DEFAULT_DATETIME_FORMAT);
      return;
    }
    if (typeof value === 'number' || typeof value === 'boolean') { this.setContent(row, col, value); return; }
    const s = String(value);
    if (s.length > MAX_CHARS_PER_CELL) throw new GasError(MESSAGES.cellChars);
    const nf = this.numberFormat(row, col);
    const parsed = parseInput(s, nf);
    this.setContent(row, col, parsed.v, parsed.f);
    if (parsed.nf !== undefined && (!nf || nf === 'General' || isDateFormat(parsed.nf) !== isDateFormat(nf))) this.setNumberFormat(row, col, parsed.nf);
  }

  /** Sets a cell's value and formula (a formula wins when reading); undefined clears. */
  setContent(row: number, col: number, value: CellScalar | undefined, formula?: string): void {
    this.localOnly();
    const i = col - 1;
    const r = value === undefined && formula === undefined ? this.data.rows[row - 1] : this.rowFor(row);
    if (!r) return;
    if (value !== undefined || i < r.v.length) r.v[i] = typeof value === 'string' ? shareString(this.data, value) : value;
    if (formula !== undefined) (r.f ??= [])[i] = formula;
    else if (r.f && i < r.f.length) r.f[i] = undefined;
  }

  setNumberFormat(row: number, col: number, format: string | undefined): void {
    if (this.remote) { this.setFormatGrid(one(row, col), [[format ?? null]]); return; }
    this.setNumberFormats(row, col, [format]);
  }

  /** Number formats of consecutive cells of one row from `col`; undefined clears. */
  setNumberFormats(row: number, col: number, formats: ReadonlyArray<string | undefined>): void {
    this.localOnly();
    const r = formats.some(present) ? this.rowFor(row) : this.data.rows[row - 1];
    if (!r) return;
    const next: Array<Slot<string>> = r.nf ? r.nf.slice() : [];
    formats.forEach((nf, j) => { if (present(nf) || col - 1 + j < next.length) next[col - 1 + j] = nf; });
    r.nf = next.some(present) ? share(this.data, `nf\u0000${next.join('\u0000')}`, next) : undefined;
  }

  /** Changes a cell's notes, validation or styles: keys given as undefined are removed. */
  patchExtras(row: number, col: number, patch: ExtrasPatch): void {
    this.localOnly();
    const i = col - 1;
    const current = this.extras(row, col);
    const next: Record<string, unknown> = { ...(current ?? {}) };
    for (const [k, v] of Object.entries(patch)) { if (v === undefined || v === null) delete next[k]; else next[k] = v; }
    const keys = Object.keys(next);
    const r = keys.length ? this.rowFor(row) : this.data.rows[row - 1];
    if (!r) return;
    const x = r.x ?? [];
    let at = -1;
    for (let k = 0; k < x.length; k += 2) if (x[k] === i) { at = k; break; }
    if (keys.length === 0) {
      if (at >= 0) x.splice(at, 2);
      r.x = x.length ? x : undefined;
      return;
    }
    const key = keys.sort().map((k) => `${k}=${JSON.stringify(next[k])}`).join('\u0000');
    const extras = share(this.data, `x\u0000${key}`, next as CellExtras);
    // concat, not push: push would leave room for 16 more entries in every row with a checkbox.
    if (at >= 0) x[at + 1] = extras; else r.x = x.concat([i, extras]);
  }


  /**
   * Makes room for a row's cells up to column `lastCol` in one step before a block write, so its
   * value layer is exactly as long as needed (grown cell by cell, V8 would leave a third spare).
   */
  reserve(row: number, lastCol: number): void {
    this.localOnly();
    const r = this.rowFor(row);
    if (r.v.length < lastCol) r.v.length = lastCol;
  }

  /** Clears what `what` names in a block of cells. */
  clearCells(range: Block, what: ClearWhat): void {
    if (this.remote) { this.remote.call(this, 'clearCells', [range, what]); return; }
    const from = range.col - 1; const to = from + range.numCols;
    for (let row = range.row; row < range.row + range.numRows; row++) {
      const r = this.data.rows[row - 1];
      if (!r) continue;
      if (what.contents) {
        for (let i = from; i < Math.min(to, r.v.length); i++) r.v[i] = undefined;
        if (r.f) for (let i = from; i < Math.min(to, r.f.length); i++) r.f[i] = undefined;
      }
      if (what.formats && r.nf) this.setNumberFormats(row, range.col, new Array<undefined>(range.numCols).fill(undefined));
      if (r.x && (what.formats || what.validations || what.notes)) {
        const drop: ExtrasPatch = {};
        if (what.formats) for (const k of STYLE_KEYS) drop[k] = null;
        if (what.validations) drop.dv = null;
        if (what.notes) drop.note = null;
        const cols = r.x.filter((_, k) => k % 2 === 0) as number[];
        for (const i of cols) if (i >= from && i < to) this.patchExtras(row, i + 1, drop);
      }
    }
  }

  /** Clears every cell's value and formula, keeping formats. */
  clearAllContents(): void {
    if (this.remote) { this.remote.call(this, 'clearAllContents', []); return; }
    for (const r of this.data.rows) if (r) { r.v = []; r.f = undefined; }
  }

  /** Empties the sheet: values, formats, everything (Sheet.clear). */
  clearAll(): void {
    if (this.remote) { this.remote.call(this, 'clearAll', []); return; }
    this.data.rows = [];
  }

  // ---- Blocks: one service call reads or writes one block (one remote call when cells are remote)

  /** What each cell of a block holds, by kind (values as the script reads them, Dates included). */
  readGrid(block: Block, kind: GridKind): unknown[][] {
    if (this.remote) return this.remote.call(this, 'readGrid', [block, kind]) as unknown[][];
    return this.grid(block, (row, col) => {
      switch (kind) {
        case 'values': return this.readValue(row, col);
        case 'display': return this.displayValue(row, col);
        case 'formulas': return this.formula(row, col) ?? '';
        case 'formats': return this.numberFormat(row, col) ?? null;
        case 'extras': return this.extras(row, col) ?? null;
        case 'cells': return this.cell(row, col) ?? null;
      }
    });
  }

  /** Writes a block of values as setValues does. */
  writeGrid(block: Block, values: unknown[][]): void {
    if (this.remote) { this.remote.call(this, 'writeGrid', [block, values]); return; }
    const lastCol = block.col + block.numCols - 1;
    values.forEach((line, i) => {
      if (line.some((v) => v !== '' && v !== null && v !== undefined)) this.reserve(block.row + i, lastCol);
      line.forEach((v, j) => this.writeValue(block.row + i, block.col + j, v));
    });
  }

  /** Formulas (with their '='); '' empties the cell. */
  setFormulaGrid(block: Block, formulas: string[][]): void {
    if (this.remote) { this.remote.call(this, 'setFormulaGrid', [block, formulas]); return; }
    formulas.forEach((line, i) => line.forEach((f, j) => {
      if (f === '') this.writeValue(block.row + i, block.col + j, '');
      else this.setContent(block.row + i, block.col + j, undefined, f);
    }));
  }

  /** Number formats; null clears. */
  setFormatGrid(block: Block, formats: Array<Array<string | null>>): void {
    if (this.remote) { this.remote.call(this, 'setFormatGrid', [block, formats]); return; }
    formats.forEach((line, i) => this.setNumberFormats(block.row + i, block.col, line.map((nf) => nf ?? undefined)));
  }

  /** One patch for every cell of the block, or one per cell. */
  patchExtrasGrid(block: Block, patch: ExtrasPatch | ExtrasPatch[][]): void {
    if (this.remote) { this.remote.call(this, 'patchExtrasGrid', [block, patch]); return; }
    const each = Array.isArray(patch);
    for (let i = 0; i < block.numRows; i++) {
      for (let j = 0; j < block.numCols; j++) this.patchExtras(block.row + i, block.col + j, each ? patch[i]![j]! : patch);
    }
  }

  checkboxes(block: Block, action: CheckboxAction): void {
    if (this.remote) { this.remote.call(this, 'checkboxes', [block, action]); return; }
    for (let row = block.row; row < block.row + block.numRows; row++) {
      for (let col = block.col; col < block.col + block.numCols; col++) {
        if (action === 'insert') {
          this.patchExtras(row, col, { dv: CHECKBOX });
          if (this.value(row, col) === undefined && this.formula(row, col) === undefined) this.setContent(row, col, false);
          continue;
        }
        if (this.extras(row, col)?.dv?.type !== 'CHECKBOX') continue;
        if (action === 'remove') { this.patchExtras(row, col, { dv: null }); this.setContent(row, col, undefined); }
        else this.setContent(row, col, action === 'check');
      }
    }
  }

  /** The one-cell setters work on this process's cells; with a cell store, use the block methods. */
  private localOnly(): void {
    if (this.remote) throw new Error('This workbook\'s cells live in a cell store: use the block methods (writeGrid, setFormatGrid, ...)');
  }

  private rowFor(row: number): RowData {
    let r = this.data.rows[row - 1];
    if (!r) { r = { v: [] }; this.data.rows[row - 1] = r; }
    return r;
  }

  // ---- Extent and shape ---------------------------------------------------------------------------

  lastRow(): number {
    if (this.remote) return this.remote.call(this, 'lastRow', []) as number;
    for (let r = this.data.rows.length; r >= 1; r--) {
      const row = this.data.rows[r - 1];
      if (row && (row.v.some(present) || row.f?.some(present))) return r;
    }
    return 0;
  }

  lastColumn(): number {
    if (this.remote) return this.remote.call(this, 'lastColumn', []) as number;
    let last = 0;
    for (const row of this.data.rows) {
      if (!row) continue;
      for (const layer of [row.v, row.f ?? []]) {
        for (let c = layer.length; c > last; c--) if (present(layer[c - 1])) { last = c; break; }
      }
    }
    return last;
  }

  /** Node-side convenience for tests: values of an A1 range (default: the data range). */
  getValues(a1?: string): ReadValue[][] {
    return this.readGrid(a1 ? this.range(a1) : this.dataBlock(), 'values') as ReadValue[][];
  }

  getDisplayValues(a1?: string): string[][] {
    return this.readGrid(a1 ? this.range(a1) : this.dataBlock(), 'display') as string[][];
  }

  private dataBlock(): Block {
    return { row: 1, col: 1, numRows: Math.max(1, this.lastRow()), numCols: Math.max(1, this.lastColumn()) };
  }

  /** Node-side convenience for tests: writes with the same parsing as Range.setValues. */
  setValues(a1: string, values: unknown[][]): void {
    const r = this.range(a1);
    const numRows = values.length; const numCols = values[0]?.length ?? 0;
    this.growTo(r.row + numRows - 1, r.col + numCols - 1);
    this.writeGrid({ row: r.row, col: r.col, numRows, numCols }, values);
  }

  grid<T>(r: { row: number; col: number; numRows: number; numCols: number }, f: (row: number, col: number) => T): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < r.numRows; i++) {
      const line: T[] = [];
      for (let j = 0; j < r.numCols; j++) line.push(f(r.row + i, r.col + j));
      out.push(line);
    }
    return out;
  }

  /** Grows the grid (as appendRow does); enforces the workbook cell limit. */
  growTo(rows: number, cols: number): void {
    const newRows = Math.max(rows, this.data.maxRows); const newCols = Math.max(cols, this.data.maxCols);
    this.book.checkCells((newRows * newCols) - (this.data.maxRows * this.data.maxCols));
    this.data.maxRows = newRows; this.data.maxCols = newCols;
  }

  /**
   * Inserts `n` empty rows after row `afterRow` (0 = at the top). Row metadata and protected
   * ranges below move down; a protected range the rows land inside grows (shiftProtections).
   * `inheritFrom` is what a user's Insert row above/below does in the Sheets UI: the new rows take
   * the number formats, validation and styles (not values or notes) of the row before or after,
   * as the Sheets API's InsertDimensionRequest.inheritFromBefore describes
   * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#insertdimensionrequest).
   * Without it the rows are bare: Sheet.insertRowsAfter as the runtime has always modelled it
   * (whether Apps Script's insertRows* inherit formats is not documented; an open question).
   */
  insertRows(afterRow: number, n: number, o: { inheritFrom?: 'before' | 'after' } = {}): void {
    this.book.checkCells(n * this.data.maxCols);
    this.spliceRows(afterRow, 0, n);
    this.data.maxRows += n;
    this.shiftMetadata('ROW', afterRow, n);
    this.shiftProtections('ROW', afterRow, n);
    const from = o.inheritFrom === 'before' ? afterRow : o.inheritFrom === 'after' ? afterRow + n + 1 : 0;
    if (from >= 1 && from <= this.data.maxRows) this.inheritRowFormats(from, afterRow + 1, n);
    this.data.cf = shiftRuleRanges(this.data.cf, 'ROW', afterRow, n);
  }

  deleteRows(row: number, n: number): void {
    this.spliceRows(row - 1, n, 0);
    this.data.maxRows -= n;
    this.shiftMetadata('ROW', row - 1, -n);
    this.shiftProtections('ROW', row - 1, -n);
    this.data.cf = shiftRuleRanges(this.data.cf, 'ROW', row - 1, -n);
  }

  insertColumns(afterCol: number, n: number): void {
    this.book.checkCells(n * this.data.maxRows);
    this.spliceColumns(afterCol, 0, n);
    this.data.maxCols += n;
    this.data.hiddenCols = this.data.hiddenCols.map((c) => (c > afterCol ? c + n : c));
    this.data.colWidths = shiftWidths(this.data.colWidths, afterCol, n);
    this.shiftMetadata('COLUMN', afterCol, n);
    this.shiftProtections('COLUMN', afterCol, n);
    this.data.cf = shiftRuleRanges(this.data.cf, 'COLUMN', afterCol, n);
  }

  deleteColumns(col: number, n: number): void {
    this.spliceColumns(col - 1, n, 0);
    this.data.maxCols -= n;
    this.data.hiddenCols = this.data.hiddenCols.filter((c) => c < col || c >= col + n).map((c) => (c >= col + n ? c - n : c));
    this.data.colWidths = shiftWidths(this.data.colWidths, col - 1, -n);
    this.shiftMetadata('COLUMN', col - 1, -n);
    this.shiftProtections('COLUMN', col - 1, -n);
    this.data.cf = shiftRuleRanges(this.data.cf, 'COLUMN', col - 1, -n);
  }

  /** Rows `to`..`to+n-1` get row `from`'s number formats, validation and styles (no values, no notes). */
  private inheritRowFormats(from: number, to: number, n: number): void {
    const width = this.data.maxCols;
    const block = { row: from, col: 1, numRows: 1, numCols: width };
    const formats = this.readGrid(block, 'formats')[0] as Array<string | null>;
    const extras = this.readGrid(block, 'extras')[0] as Array<Readonly<CellExtras> | null>;
    const patch: ExtrasPatch[] = extras.map((x) => {
      const { note: _note, ...rest } = x ?? {};
      return rest;
    });
    const target = { row: to, col: 1, numRows: n, numCols: width };
    if (formats.some((f) => f !== null)) this.setFormatGrid(target, new Array(n).fill(formats) as Array<Array<string | null>>);
    if (patch.some((x) => Object.keys(x).length > 0)) this.patchExtrasGrid(target, new Array(n).fill(patch) as ExtrasPatch[][]);
  }

  /** Removes `remove` rows at index `at` (0-based), then inserts `insert` empty ones. */
  spliceRows(at: number, remove: number, insert: number): void {
    if (this.remote) { this.remote.call(this, 'spliceRows', [at, remove, insert]); return; }
    if (this.data.rows.length > at) this.data.rows.splice(at, remove, ...new Array<null>(insert).fill(null));
  }

  /** Removes `remove` columns at index `at` (0-based) of every layer, then inserts `insert` empty ones. */
  spliceColumns(at: number, remove: number, insert: number): void {
    if (this.remote) { this.remote.call(this, 'spliceColumns', [at, remove, insert]); return; }
    const blanks = new Array<undefined>(insert).fill(undefined);
    const cut = <T>(layer: ReadonlyArray<Slot<T>>): Array<Slot<T>> => {
      const copy = layer.slice();
      if (copy.length > at) copy.splice(at, remove, ...blanks);
      return copy;
    };
    for (const r of this.data.rows) {
      if (!r) continue;
      if (r.v.length > at) r.v = cut(r.v);
      if (r.f && r.f.length > at) r.f = cut(r.f);
      if (r.x) r.x = shiftPairs(r.x, at, remove, insert);
      if (r.nf && r.nf.length > at) {
        const next = cut(r.nf);
        r.nf = next.some(present) ? share(this.data, `nf\u0000${next.join('\u0000')}`, next) : undefined;
      }
    }
  }

  /**
   * What a user does with Data > Sort range over whole rows `firstRow`..`lastRow` (1-based,
   * inclusive), by the values of `column`: each row moves with everything it holds (values,
   * formulas as written, number formats, notes, validation, styles) and with its row developer
   * metadata. Blank keys go last either way; otherwise numbers and dates, then text (case-
   * insensitive), then booleans, reversed when descending. Equal keys keep their order.
   */
  sortRows(firstRow: number, lastRow: number, column: number, o: { descending?: boolean } = {}): void {
    const n = lastRow - firstRow + 1;
    this.checkInside(firstRow, column, n, 1);
    const keys = this.readGrid({ row: firstRow, col: column, numRows: n, numCols: 1 }, 'values').map((line) => sortKey(line[0]));
    const sign = o.descending ? -1 : 1;
    const order = keys.map((_, i) => i).sort((a, b) => compareSortKeys(keys[a]!, keys[b]!, sign));
    this.permuteRows(firstRow - 1, order);
    const newIndex = new Map(order.map((old, i) => [firstRow + old, firstRow + i]));
    for (const m of this.book.data.metadata) {
      const loc = m.location;
      if (loc.type === 'ROW' && loc.sheetId === this.id && newIndex.has(loc.index)) loc.index = newIndex.get(loc.index)!;
    }
  }

  /**
   * What a user does by dragging whole columns `col`..`col + n - 1` (1-based) to just before column
   * `before` (counted before the move), as Sheet.moveColumns does: each column moves with everything
   * it holds (values, formulas, formats, notes, validation, styles), its hidden state and width, its
   * one-column protections and its developer metadata (the DeveloperMetadata reference: metadata on
   * a column moves with it).
   */
  moveColumns(col: number, n: number, before: number): void {
    if (n < 1 || col < 1 || col + n - 1 > this.data.maxCols || before < 1 || before > this.data.maxCols + 1) throw new Error('moveColumns: columns out of range');
    if (before >= col && before <= col + n) return;
    // order[i] = the old 0-based index of the column that ends up at index i.
    const indexes = Array.from({ length: this.data.maxCols }, (_, i) => i);
    const block = indexes.splice(col - 1, n);
    const at = before > col ? before - 1 - n : before - 1;
    indexes.splice(at, 0, ...block);
    const order = indexes;
    const newIndex = new Map(order.map((old, i) => [old + 1, i + 1]));
    const moved = <T>(layer: ReadonlyArray<Slot<T>>): Array<Slot<T>> => {
      const out: Array<Slot<T>> = [];
      order.forEach((old, i) => { if (old < layer.length && present(layer[old])) out[i] = layer[old]; });
      return out;
    };
    this.importRows(this.exportRows().map((r) => {
      if (!r) return null;
      const out: RowData = { v: moved(r.v) };
      if (r.f) out.f = moved(r.f);
      if (r.nf) out.nf = moved(r.nf);
      if (r.x) {
        const pairs: Array<number | Readonly<CellExtras>> = [];
        for (let k = 0; k < r.x.length; k += 2) pairs.push(newIndex.get((r.x[k] as number) + 1)! - 1, r.x[k + 1]!);
        out.x = pairs;
      }
      return out;
    }));
    this.data.hiddenCols = this.data.hiddenCols.map((c) => newIndex.get(c) ?? c);
    this.data.colWidths = Object.fromEntries(Object.entries(this.data.colWidths).map(([c, w]) => [String(newIndex.get(Number(c)) ?? c), w]));
    for (const p of this.book.data.protections) {
      if (p.sheetId === this.id && p.range && p.range.numCols === 1) p.range = { ...p.range, col: newIndex.get(p.range.col) ?? p.range.col };
    }
    for (const m of this.book.data.metadata) {
      const loc = m.location;
      if (loc.type === 'COLUMN' && loc.sheetId === this.id) loc.index = newIndex.get(loc.index) ?? loc.index;
    }
  }

  /** Row `at + i` (0-based) gets what row `at + order[i]` held: one block move of whole rows. */
  permuteRows(at: number, order: number[]): void {
    if (this.remote) { this.remote.call(this, 'permuteRows', [at, order]); return; }
    const rows = this.data.rows;
    const moved = order.map((k) => rows[at + k] ?? null);
    moved.forEach((r, i) => { if (r || at + i < rows.length) rows[at + i] = r; });
  }

  /**
   * Every row's cells, as copies that share nothing changeable with this sheet (number-format
   * layers and extras are read-only, so they are shared).
   */
  exportRows(): Array<RowData | null> {
    if (this.remote) return this.remote.call(this, 'exportRows', []) as Array<RowData | null>;
    return Array.from(this.data.rows, (r) => (r ? copyRow(r) : null));
  }

  /** Replaces every row's cells with `rows` (from exportRows), which this sheet then owns. */
  importRows(rows: Array<RowData | null>): void {
    if (this.remote) { this.remote.call(this, 'importRows', [rows]); return; }
    this.data.rows = rows;
  }

  /**
   * Protected ranges follow their cells when rows or columns are inserted or deleted. Google's
   * ProtectedRange reference (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/sheets#protectedrange)
   * gives the range as a GridRange and does not spell this out; we follow how every range reference
   * in Sheets adjusts (formulas, named ranges): a range below or right of the change moves; one the
   * new rows land strictly inside grows; one the deleted rows cut shrinks; one whose rows or
   * columns are all deleted is gone. `n` < 0 deletes -n after index `at` (0-based: at+1..at-n).
   */
  private shiftProtections(type: 'ROW' | 'COLUMN', at: number, n: number): void {
    const key = type === 'ROW' ? 'row' : 'col';
    const size = type === 'ROW' ? 'numRows' : 'numCols';
    this.book.data.protections = this.book.data.protections.filter((p) => {
      if (p.sheetId !== this.id || !p.range) return true;
      const first = p.range[key]; const last = first + p.range[size] - 1;
      if (n > 0) {
        if (first > at) p.range = { ...p.range, [key]: first + n };
        else if (last > at) p.range = { ...p.range, [size]: p.range[size] + n };
        return true;
      }
      const cutFirst = at + 1; const cutLast = at - n;
      const overlap = Math.max(0, Math.min(last, cutLast) - Math.max(first, cutFirst) + 1);
      if (overlap === p.range[size]) return false;
      const newFirst = first > cutLast ? first + n : first < cutFirst ? first : cutFirst;
      p.range = { ...p.range, [key]: newFirst, [size]: p.range[size] - overlap };
      return true;
    });
  }

  /** Row/column metadata moves with inserts and goes away with deletes, as in Sheets. */
  private shiftMetadata(type: 'ROW' | 'COLUMN', at: number, n: number): void {
    this.book.data.metadata = this.book.data.metadata.filter((m) => {
      const loc = m.location;
      if (loc.type !== type || loc.sheetId !== this.id) return true;
      if (n < 0 && loc.index > at && loc.index <= at - n) return false;
      if (loc.index > at) loc.index += n;
      return true;
    });
  }
}

type SortKey = { rank: number; n: number; s: string };

/** Sort rank of a cell value: 0 numbers and dates, 1 text, 2 booleans, 3 blank. */
function sortKey(v: unknown): SortKey {
  if (v === '' || v === null || v === undefined) return { rank: 3, n: 0, s: '' };
  if (typeof v === 'number') return { rank: 0, n: v, s: '' };
  if (Object.prototype.toString.call(v) === '[object Date]') return { rank: 0, n: (v as Date).getTime(), s: '' };
  if (typeof v === 'boolean') return { rank: 2, n: v ? 1 : 0, s: '' };
  return { rank: 1, n: 0, s: String(v) };
}

function compareSortKeys(a: SortKey, b: SortKey, sign: number): number {
  if (a.rank === 3 || b.rank === 3) return (a.rank === 3 ? 1 : 0) - (b.rank === 3 ? 1 : 0);
  if (a.rank !== b.rank) return sign * (a.rank - b.rank);
  if (a.rank === 1) return sign * a.s.localeCompare(b.s, 'en', { sensitivity: 'base' });
  return sign * (a.n - b.n);
}

/** Column widths after inserting `n` columns after column `at` (n < 0: deleting -n from at+1). */
function shiftWidths(widths: Record<string, number>, at: number, n: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [c, w] of Object.entries(widths)) {
    const col = Number(c);
    if (col <= at) out[c] = w;
    else if (n > 0) out[String(col + n)] = w;
    else if (col > at - n) out[String(col + n)] = w;
  }
  return out;
}

function copyRow(r: RowData): RowData {
  const out: RowData = { v: r.v.slice() };
  if (r.f) out.f = r.f.slice();
  if (r.nf) out.nf = r.nf;
  if (r.x) out.x = r.x.slice();
  return out;
}

/** Extras pairs after removing `remove` columns at `at`, then inserting `insert` (see RowData.x). */
function shiftPairs(x: Array<number | Readonly<CellExtras>>, at: number, remove: number, insert: number): RowData['x'] {
  const out: Array<number | Readonly<CellExtras>> = [];
  for (let k = 0; k < x.length; k += 2) {
    const i = x[k] as number;
    if (i >= at && i < at + remove) continue;
    out.push(i >= at + remove ? i - remove + insert : i, x[k + 1]!);
  }
  return out.length ? out : undefined;
}

/**
 * Rows saved by version 1 of the runtime state (an object per cell) in today's layers, shared
 * where they can be. Rows already in layers are returned as they are.
 */
export function rowsFromCells(sheet: SheetData): void {
  const model = new SheetModel(undefined as unknown as SpreadsheetModel, sheet);
  const old = sheet.rows as unknown as Array<Array<CellData | null> | RowData | null>;
  if (!old.some((r) => Array.isArray(r))) return;
  sheet.rows = [];
  old.forEach((cells, r) => {
    if (!Array.isArray(cells)) { sheet.rows[r] = cells; return; }
    cells.forEach((c, j) => {
      if (!c) return;
      const { v, f, nf, ...extras } = c;
      if (present(v) || present(f)) model.setContent(r + 1, j + 1, v ?? undefined, f ?? undefined);
      if (present(nf)) model.setNumberFormat(r + 1, j + 1, nf);
      if (Object.keys(extras).length) model.patchExtras(r + 1, j + 1, extras);
    });
  });
}

/** How Sheets behaves where the docs leave it open (RuntimeOptions carries the same switches). */
export interface WorkbookBehaviour {
  /**
   * Whether a duplicated sheet gets copies of the developer metadata on the sheet and on its rows
   * and columns. Google's docs do not say: the DeveloperMetadata reference only has metadata move
   * with and die with its location (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata;
   * README, "What a user does in the Sheets UI"). Default true, the case that can fool an add-on
   * which finds its sheets by metadata.
   */
  duplicateCopiesDeveloperMetadata?: boolean;
  /**
   * Whether getValues reads FALSE from a blank cell that has checkbox validation (set with
   * requireCheckbox, which unlike insertCheckboxes writes no value). Sheets shows such a cell as an
   * unchecked box; the DataValidationBuilder reference does not say what a script reads. Default
   * false (it reads ''); getLastRow counts neither, since the cell holds no value.
   */
  emptyCheckboxReadsFalse?: boolean;
}

export class SpreadsheetModel {
  constructor(readonly data: SpreadsheetData, readonly behaviour: WorkbookBehaviour = {}) {}

  static create(opts: { id: string; name?: string; timeZone?: string; owner?: string }, behaviour: WorkbookBehaviour = {}): SpreadsheetModel {
    const book = new SpreadsheetModel({
      id: opts.id, name: opts.name ?? 'Untitled spreadsheet', timeZone: opts.timeZone ?? 'Etc/UTC',
      owner: opts.owner ?? 'owner@example.com', locale: 'en_US', sheets: [], metadata: [], protections: [], nextId: 1,
    }, behaviour);
    book.addSheet('Sheet1', undefined, undefined, 0);
    return book;
  }

  get id(): string { return this.data.id; }
  get name(): string { return this.data.name; }
  get timeZone(): string { return this.data.timeZone; }

  /**
   * What a user does in File > Settings > Time zone. Cells keep their serial numbers, so a date
   * cell shows the same wall-clock time and a script reads it as another instant.
   */
  setTimeZone(tz: string): void {
    if (!isValidTimeZone(tz)) throw new Error(`Unknown time zone ${tz}`);
    this.data.timeZone = tz;
  }
  get sheets(): SheetModel[] { return this.data.sheets.map((s) => new SheetModel(this, s)); }

  /** What a user does by clicking a cell (or dragging over a block): the selection getActiveRange returns. */
  select(sheetName: string, row: number, col = 1, numRows = 1, numCols = 1): void {
    const sheet = this.sheet(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    this.data.selection = { sheetId: sheet.id, row, col, numRows, numCols };
  }

  sheet(name: string): SheetModel | undefined {
    const s = this.data.sheets.find((x) => x.name === name);
    return s && new SheetModel(this, s);
  }

  sheetById(id: number): SheetModel | undefined {
    const s = this.data.sheets.find((x) => x.id === id);
    return s && new SheetModel(this, s);
  }

  totalCells(): number {
    return this.data.sheets.reduce((n, s) => n + s.maxRows * s.maxCols, 0);
  }

  checkCells(added: number): void {
    if (added > 0 && this.totalCells() + added > MAX_CELLS_PER_SPREADSHEET) throw new GasError(MESSAGES.cellLimit);
  }

  nextId(): number {
    return this.data.nextId++;
  }

  addSheet(name: string, rows = NEW_SHEET_ROWS, cols = NEW_SHEET_COLUMNS, id?: number, index?: number): SheetModel {
    if (this.data.sheets.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
      throw new GasError(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this.checkCells(rows * cols);
    const data: SheetData = {
      id: id ?? (this.data.sheets.length === 0 ? 0 : 100000000 + this.nextId() * 7919), name, maxRows: rows, maxCols: cols,
      frozenRows: 0, frozenCols: 0, rows: [], hiddenCols: [], colWidths: {},
    };
    this.data.sheets.splice(index ?? this.data.sheets.length, 0, data);
    return new SheetModel(this, data);
  }

  /**
   * What a user does with the tab menu's Delete: the sheet goes, and with it the developer metadata
   * on it and its rows and columns, and its protections. A script's Sheet or Range object for it
   * then throws at its next use (spreadsheet.ts). Google: "You can't remove all the sheets in a
   * document" when it is the last one.
   */
  deleteSheet(name: string): void {
    const gone = this.sheet(name);
    if (!gone) throw new Error(`No sheet ${name} in ${this.id}`);
    if (this.data.sheets.length === 1) throw new GasError("You can't remove all the sheets in a document.");
    const id = gone.data.id;
    this.data.sheets = this.data.sheets.filter((s) => s.id !== id);
    this.data.metadata = this.data.metadata.filter((m) => !('sheetId' in m.location) || m.location.sheetId !== id);
    this.data.protections = this.data.protections.filter((p) => p.sheetId !== id);
  }

  /**
   * What a user does with the tab menu's Duplicate: a copy named "Copy of <name>" right after the
   * sheet, with a new sheetId. Returns the copy's name.
   */
  duplicateSheet(name: string): string {
    const source = this.sheet(name);
    if (!source) throw new Error(`No sheet ${name} in ${this.id}`);
    return this.copySheet(source, { index: this.data.sheets.indexOf(source.data) + 1 }).name;
  }

  /**
   * Copies a sheet of this or another workbook into this one (at `index`, default last): a new
   * sheetId, every cell (values, formulas, number formats, notes, validation, styles), the size,
   * frozen rows and columns, hidden columns, column widths and protections, and, unless
   * `behaviour.duplicateCopiesDeveloperMetadata` is false, the developer metadata on the sheet
   * and its rows and columns (new ids). Sheets API: DuplicateSheetRequest "duplicates the
   * contents of a sheet" and picks a name when none is given
   * (https://googleapis.dev/dotnet/Google.Apis.Sheets.v4/latest/api/Google.Apis.Sheets.v4.Data.DuplicateSheetRequest.html);
   * Google names it "Copy of <name>", then "Copy of <name> 2", ... (googlesheets4's sheet_copy,
   * https://rdrr.io/cran/googlesheets4/man/sheet_copy.html).
   */
  copySheet(source: SheetModel, o: { index?: number } = {}): SheetModel {
    const from = source.data;
    const taken = (n: string) => this.data.sheets.some((s) => s.name.toLowerCase() === n.toLowerCase());
    let name = `Copy of ${from.name}`;
    for (let n = 2; taken(name); n++) name = `Copy of ${from.name} ${n}`;
    const copy = this.addSheet(name, from.maxRows, from.maxCols, undefined, o.index);
    Object.assign(copy.data, { frozenRows: from.frozenRows, frozenCols: from.frozenCols, hiddenCols: [...from.hiddenCols], colWidths: { ...from.colWidths } });
    copy.importRows(source.exportRows());
    const src = source.book.data;
    if (this.behaviour.duplicateCopiesDeveloperMetadata ?? true) {
      for (const m of src.metadata.filter((x) => 'sheetId' in x.location && x.location.sheetId === from.id)) {
        this.data.metadata.push({ ...m, id: this.nextId(), location: { ...m.location, sheetId: copy.id } as DeveloperMetadataData['location'] });
      }
    }
    for (const p of src.protections.filter((x) => x.sheetId === from.id)) {
      this.data.protections.push({ ...p, id: this.nextId(), sheetId: copy.id, ...(p.range ? { range: { ...p.range } } : {}) });
    }
    return copy;
  }
}
