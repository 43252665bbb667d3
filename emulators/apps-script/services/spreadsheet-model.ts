// The workbook data behind SpreadsheetApp, kept on the Node side so tests can seed and inspect it
// directly (`runtime.createSpreadsheet()`). Plain data that saves to JSON; no metering here.

import { MAX_CELLS_PER_SPREADSHEET, MAX_CHARS_PER_CELL, MESSAGES, NEW_SHEET_COLUMNS, NEW_SHEET_ROWS } from '../limits';
import { GasError } from '../execution';
import { parseA1, type GridRange } from './a1';
import {
  DEFAULT_DATETIME_FORMAT, displayValue, evaluateFormula, instantFromSerial, isDateFormat, parseInput, serialFromInstant,
  type CellData, type CellScalar,
} from './cell-values';

export interface DeveloperMetadataData {
  id: number; key: string; value: string | null; visibility: 'DOCUMENT' | 'PROJECT';
  location: { type: 'SPREADSHEET' } | { type: 'SHEET'; sheetId: number } | { type: 'COLUMN' | 'ROW'; sheetId: number; index: number };
}

export interface ProtectionData {
  id: number; sheetId: number; type: 'RANGE' | 'SHEET'; range?: GridRange; description: string; warningOnly: boolean;
}

export interface SheetData {
  id: number; name: string; maxRows: number; maxCols: number; frozenRows: number; frozenCols: number;
  rows: Array<Array<CellData | null> | null>;
  hiddenCols: number[]; colWidths: Record<string, number>;
}

export interface SpreadsheetData {
  id: string; name: string; timeZone: string; owner: string; locale: string;
  sheets: SheetData[]; metadata: DeveloperMetadataData[]; protections: ProtectionData[]; nextId: number;
}

/** A value as the script reads it: numbers, strings, booleans, Dates (as instants), '' when empty. */
export type ReadValue = CellScalar | Date;

export class SheetModel {
  constructor(readonly book: SpreadsheetModel, readonly data: SheetData) {}

  get id(): number { return this.data.id; }
  get name(): string { return this.data.name; }
  get maxRows(): number { return this.data.maxRows; }
  get maxCols(): number { return this.data.maxCols; }

  cell(row: number, col: number): CellData | undefined {
    return this.data.rows[row - 1]?.[col - 1] ?? undefined;
  }

  /** Creates the cell if needed; row/col are 1-based and must be inside the grid. */
  mutableCell(row: number, col: number): CellData {
    let r = this.data.rows[row - 1];
    if (!r) { r = []; this.data.rows[row - 1] = r; }
    let c = r[col - 1];
    if (!c) { c = {}; r[col - 1] = c; }
    return c;
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
    const c = this.cell(row, col);
    if (!c) return '';
    const v = c.f !== undefined ? evaluateFormula(c.f) : c.v;
    if (v === undefined) return '';
    if (typeof v === 'number' && isDateFormat(c.nf)) return new Date(instantFromSerial(v, this.book.timeZone));
    return v;
  }

  /** Writes one value as setValue does: strings are parsed as Sheets parses typed input. */
  writeValue(row: number, col: number, value: unknown): void {
    const existing = this.cell(row, col);
    if (value === null || value === undefined || value === '') {
      // Assigned, not deleted: `delete` turns V8 objects into slow dictionaries (a 50k-row sheet doubles in memory).
      if (existing) { existing.v = undefined; existing.f = undefined; }
      return;
    }
    const c = existing ?? this.mutableCell(row, col);
    c.f = undefined; c.v = undefined;
    if (Object.prototype.toString.call(value) === '[object Date]') {
      const ms = (value as Date).getTime();
      if (Number.isNaN(ms)) { c.v = ''; return; }
      c.v = serialFromInstant(ms, this.book.timeZone);
      if (!isDateFormat(c.nf)) c.nf = DEFAULT_DATETIME_FORMAT;
      return;
    }
    if (typeof value === 'number' || typeof value === 'boolean') { c.v = value; return; }
    const s = String(value);
    if (s.length > MAX_CHARS_PER_CELL) throw new GasError(MESSAGES.cellChars);
    const parsed = parseInput(s, c.nf);
    if (parsed.f !== undefined) c.f = parsed.f;
    if (parsed.v !== undefined) c.v = parsed.v;
    if (parsed.nf !== undefined && (!c.nf || c.nf === 'General' || isDateFormat(parsed.nf) !== isDateFormat(c.nf))) c.nf = parsed.nf;
  }

  displayValue(row: number, col: number): string {
    return displayValue(this.cell(row, col));
  }

  lastRow(): number {
    for (let r = this.data.rows.length; r >= 1; r--) {
      if (this.data.rows[r - 1]?.some((c) => c && (c.v !== undefined || c.f !== undefined))) return r;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.data.rows) {
      if (!row) continue;
      for (let c = row.length; c > last; c--) {
        const cell = row[c - 1];
        if (cell && (cell.v !== undefined || cell.f !== undefined)) { last = c; break; }
      }
    }
    return last;
  }

  /** Node-side convenience for tests: values of an A1 range (default: the data range). */
  getValues(a1?: string): ReadValue[][] {
    const r = a1 ? this.range(a1) : { row: 1, col: 1, numRows: Math.max(1, this.lastRow()), numCols: Math.max(1, this.lastColumn()) };
    return this.grid(r, (row, col) => this.readValue(row, col));
  }

  getDisplayValues(a1?: string): string[][] {
    const r = a1 ? this.range(a1) : { row: 1, col: 1, numRows: Math.max(1, this.lastRow()), numCols: Math.max(1, this.lastColumn()) };
    return this.grid(r, (row, col) => this.displayValue(row, col));
  }

  /** Node-side convenience for tests: writes with the same parsing as Range.setValues. */
  setValues(a1: string, values: unknown[][]): void {
    const r = this.range(a1);
    const numRows = values.length; const numCols = values[0]?.length ?? 0;
    this.growTo(r.row + numRows - 1, r.col + numCols - 1);
    values.forEach((line, i) => line.forEach((v, j) => this.writeValue(r.row + i, r.col + j, v)));
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

  insertRows(afterRow: number, n: number): void {
    this.book.checkCells(n * this.data.maxCols);
    this.data.rows.splice(afterRow, 0, ...new Array<null>(n).fill(null));
    this.data.maxRows += n;
    this.shiftMetadata('ROW', afterRow, n);
  }

  deleteRows(row: number, n: number): void {
    this.data.rows.splice(row - 1, n);
    this.data.maxRows -= n;
    this.shiftMetadata('ROW', row - 1, -n);
  }

  insertColumns(afterCol: number, n: number): void {
    this.book.checkCells(n * this.data.maxRows);
    for (const r of this.data.rows) if (r && r.length > afterCol) r.splice(afterCol, 0, ...new Array<null>(n).fill(null));
    this.data.maxCols += n;
    this.data.hiddenCols = this.data.hiddenCols.map((c) => (c > afterCol ? c + n : c));
    this.shiftMetadata('COLUMN', afterCol, n);
  }

  deleteColumns(col: number, n: number): void {
    for (const r of this.data.rows) if (r) r.splice(col - 1, n);
    this.data.maxCols -= n;
    this.data.hiddenCols = this.data.hiddenCols.filter((c) => c < col || c >= col + n).map((c) => (c >= col + n ? c - n : c));
    this.shiftMetadata('COLUMN', col - 1, -n);
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

export class SpreadsheetModel {
  constructor(readonly data: SpreadsheetData) {}

  static create(opts: { id: string; name?: string; timeZone?: string; owner?: string }): SpreadsheetModel {
    const book = new SpreadsheetModel({
      id: opts.id, name: opts.name ?? 'Untitled spreadsheet', timeZone: opts.timeZone ?? 'Etc/UTC',
      owner: opts.owner ?? 'owner@example.com', locale: 'en_US', sheets: [], metadata: [], protections: [], nextId: 1,
    });
    book.addSheet('Sheet1', undefined, undefined, 0);
    return book;
  }

  get id(): string { return this.data.id; }
  get name(): string { return this.data.name; }
  get timeZone(): string { return this.data.timeZone; }
  get sheets(): SheetModel[] { return this.data.sheets.map((s) => new SheetModel(this, s)); }

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
}
