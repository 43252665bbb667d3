// SpreadsheetApp as a script sees it: Spreadsheet, Sheet, Range and their helpers over the
// Node-side models of spreadsheet-model.ts. Every call is metered: backend reads and writes cost a
// Sheets round trip plus per-cell time, navigation costs little (latency.ts).

import { GasError } from '../execution';
import { requireMode, requireScope, SCOPES, type ServiceEnv } from '../env';
import { MESSAGES } from '../limits';
import { GasObject, unwrapGas } from '../realm';
import { toA1 } from './a1';
import type { CellData, CellExtras, ValidationData } from './cell-values';
import { SheetModel, SpreadsheetModel, type DeveloperMetadataData, type ExtrasPatch, type GridKind, type ProtectionData } from './spreadsheet-model';
import { Ui } from './ui';
import type { ConditionalRuleData } from './sheet-styles';

export const AUTH_MODE = { NONE: 'NONE', LIMITED: 'LIMITED', CUSTOM_FUNCTION: 'CUSTOM_FUNCTION', FULL: 'FULL' } as const;

abstract class SheetsObject extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }

  _nav(): void {
    this._ex.counters.spreadsheetNavigations++;
    this._ex.charge(this._ex.latency.spreadsheetNavigationMs);
  }

  _read(method: string, cells = 0): void {
    requireMode(this._env, method, ['NONE']);
    const c = this._ex.counters;
    c.spreadsheetReads++; c.cellsRead += cells;
    this._ex.charge(this._ex.latency.spreadsheetCallMs + cells * this._ex.latency.spreadsheetReadPerCellMs);
  }

  _write(method: string, cells = 0): void {
    requireMode(this._env, method, ['NONE', 'CUSTOM_FUNCTION']);
    const c = this._ex.counters;
    c.spreadsheetWrites++; c.cellsWritten += cells;
    this._ex.charge(this._ex.latency.spreadsheetCallMs + cells * this._ex.latency.spreadsheetWritePerCellMs);
  }

  _book(id: string): SpreadsheetModel {
    const data = this._env.state.spreadsheets.find((s) => s.id === id);
    if (!data) throw new GasError(`Document ${id} is missing (perhaps it was deleted, or you don't have read access?)`);
    return new SpreadsheetModel(data, this._env.opts.workbooks);
  }
}

export class SpreadsheetAppService extends SheetsObject {
  readonly AuthMode = AUTH_MODE;
  readonly ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' };
  readonly DeveloperMetadataVisibility = { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' };
  readonly DeveloperMetadataLocationType = { SPREADSHEET: 'SPREADSHEET', SHEET: 'SHEET', COLUMN: 'COLUMN', ROW: 'ROW' };
  readonly DataValidationCriteria = { CHECKBOX: 'CHECKBOX', VALUE_IN_LIST: 'VALUE_IN_LIST', VALUE_IN_RANGE: 'VALUE_IN_RANGE', NUMBER_BETWEEN: 'NUMBER_BETWEEN', CUSTOM_FORMULA: 'CUSTOM_FORMULA', DATE_IS_VALID_DATE: 'DATE_IS_VALID_DATE' };
  readonly BooleanCriteria = { TEXT_EQUAL_TO: 'TEXT_EQUAL_TO', TEXT_CONTAINS: 'TEXT_CONTAINS', CELL_EMPTY: 'CELL_EMPTY', CELL_NOT_EMPTY: 'CELL_NOT_EMPTY' };
  _kind() { return 'SpreadsheetApp'; }

  getActive(): Spreadsheet | null { return this.getActiveSpreadsheet(); }

  getActiveSpreadsheet(): Spreadsheet | null {
    requireMode(this._env, 'SpreadsheetApp.getActiveSpreadsheet', ['NONE']);
    requireScope(this._env, 'SpreadsheetApp.getActiveSpreadsheet', SCOPES.spreadsheetsCurrentOnly, SCOPES.spreadsheets);
    this._nav();
    const id = this._env.activeSpreadsheetId;
    return id ? new Spreadsheet(this._env, this._book(id).id) : null;
  }

  getActiveSheet(): Sheet | null {
    const ss = this.getActiveSpreadsheet();
    return ss ? ss.getActiveSheet() : null;
  }

  openById(id: string): Spreadsheet {
    requireMode(this._env, 'SpreadsheetApp.openById', ['NONE', 'LIMITED', 'CUSTOM_FUNCTION']);
    requireScope(this._env, 'SpreadsheetApp.openById', SCOPES.spreadsheets);
    this._read('SpreadsheetApp.openById');
    return new Spreadsheet(this._env, this._book(String(id)).id);
  }

  openByUrl(url: string): Spreadsheet {
    const m = /\/d\/([^/]+)/.exec(String(url));
    if (!m) throw new GasError(`Invalid argument: url`);
    return this.openById(m[1]!);
  }

  flush(): void {
    this._ex.charge(this._ex.latency.spreadsheetFlushMs);
  }

  getUi(): Ui {
    if (!this._env.activeSpreadsheetId || this._env.ex.authMode === 'CUSTOM_FUNCTION') throw new GasError(MESSAGES.noUi);
    return new Ui(this._env, this._env.activeSpreadsheetId);
  }

  newDataValidation(): DataValidationBuilder { return new DataValidationBuilder(this._env); }
  newConditionalFormatRule(): ConditionalFormatRuleBuilder { return new ConditionalFormatRuleBuilder(this._env); }
}

export class Spreadsheet extends SheetsObject {
  constructor(env: ServiceEnv, readonly _id: string) { super(env); }
  _kind() { return 'Spreadsheet'; }
  get _model(): SpreadsheetModel { return this._book(this._id); }

  getId(): string { this._nav(); return this._id; }
  getName(): string { this._nav(); return this._model.name; }
  rename(name: string): void { this._write('Spreadsheet.rename'); this._model.data.name = String(name); }
  getUrl(): string { this._nav(); return `https://docs.google.com/spreadsheets/d/${this._id}/edit`; }
  getOwner(): { getEmail(): string } { this._nav(); const email = this._model.data.owner; return { getEmail: () => email }; }
  getSpreadsheetTimeZone(): string { this._nav(); return this._model.timeZone; }
  setSpreadsheetTimeZone(tz: string): void { this._write('Spreadsheet.setSpreadsheetTimeZone'); this._model.data.timeZone = String(tz); }
  getSpreadsheetLocale(): string { this._nav(); return this._model.data.locale; }

  getSheets(): Sheet[] { this._nav(); return this._model.data.sheets.map((s) => new Sheet(this._env, this._id, s.id)); }
  getNumSheets(): number { this._nav(); return this._model.data.sheets.length; }
  getSheetByName(name: string): Sheet | null {
    this._nav();
    const s = this._model.sheet(String(name));
    return s ? new Sheet(this._env, this._id, s.id) : null;
  }
  getSheetById(id: number): Sheet | null {
    this._nav();
    const s = this._model.sheetById(Number(id));
    return s ? new Sheet(this._env, this._id, s.id) : null;
  }
  getActiveSheet(): Sheet {
    this._nav();
    return new Sheet(this._env, this._id, this._activeSheet().id);
  }
  _activeSheet(): SheetModel {
    const book = this._model;
    const id = this._env.activeSheets.get(this._id) ?? book.data.selection?.sheetId;
    return (id === undefined ? undefined : book.sheetById(id)) ?? book.sheets[0]!;
  }
  /** The selected range on the active sheet; A1 there when nothing of it is selected. */
  getActiveRange(): Range {
    this._nav();
    const sheet = this._activeSheet();
    const sel = this._model.data.selection;
    return sel && sel.sheetId === sheet.id
      ? new Range(this._env, this._id, sheet.id, sel.row, sel.col, sel.numRows, sel.numCols)
      : new Range(this._env, this._id, sheet.id, 1, 1, 1, 1);
  }
  /**
   * A copy of the active sheet right after it, which becomes the active sheet
   * (https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#duplicateActiveSheet()).
   * Copied as the tab menu's Duplicate does (SpreadsheetModel.copySheet).
   */
  duplicateActiveSheet(): Sheet {
    this._write('Spreadsheet.duplicateActiveSheet');
    const book = this._model;
    const active = this._activeSheet();
    const copy = book.copySheet(active, { index: book.data.sheets.indexOf(active.data) + 1 });
    this._env.activeSheets.set(this._id, copy.id);
    return new Sheet(this._env, this._id, copy.id);
  }
  getRange(a1: string): Range {
    this._nav();
    const bang = String(a1).lastIndexOf('!');
    const sheet = bang >= 0 ? this.getSheetByName(String(a1).slice(0, bang).replace(/^'(.*)'$/, '$1')) : this.getActiveSheet();
    if (!sheet) throw new GasError('Range not found');
    return sheet.getRange(bang >= 0 ? String(a1).slice(bang + 1) : String(a1));
  }

  insertSheet(nameOrIndex?: string | number, index?: number): Sheet {
    this._write('Spreadsheet.insertSheet');
    const book = this._model;
    let name = typeof nameOrIndex === 'string' ? nameOrIndex : undefined;
    const at = typeof nameOrIndex === 'number' ? nameOrIndex : index;
    if (!name) { let n = book.data.sheets.length + 1; while (book.sheet(`Sheet${n}`)) n++; name = `Sheet${n}`; }
    const s = book.addSheet(name, undefined, undefined, undefined, at);
    return new Sheet(this._env, this._id, s.id);
  }
  deleteSheet(sheet: Sheet): void {
    this._write('Spreadsheet.deleteSheet');
    this._model.deleteSheet(sheet._model.name);
  }
  setActiveSheet(sheet: Sheet): Sheet { this._nav(); this._env.activeSheets.set(sheet._ssId, sheet._sheetId); return sheet; }

  toast(message: string, title?: string, timeoutSeconds?: number): void {
    requireMode(this._env, 'Spreadsheet.toast', ['NONE']);
    this._ex.charge(this._ex.latency.uiMs);
    this._ex.ui.toasts.push({ spreadsheetId: this._id, message: String(message), title: title === undefined ? undefined : String(title), timeoutSeconds });
  }

  addDeveloperMetadata(key: string, value?: string, visibility?: string): Spreadsheet {
    this._write('Spreadsheet.addDeveloperMetadata');
    addMetadata(this._model, { type: 'SPREADSHEET' }, key, value, visibility);
    return this;
  }
  getDeveloperMetadata(): DeveloperMetadata[] {
    this._read('Spreadsheet.getDeveloperMetadata');
    return this._model.data.metadata.filter((m) => m.location.type === 'SPREADSHEET').map((m) => new DeveloperMetadata(this._env, this._id, m.id));
  }
  createDeveloperMetadataFinder(): DeveloperMetadataFinder { this._nav(); return new DeveloperMetadataFinder(this._env, this._id, () => true); }
  getProtections(type: string): Protection[] {
    this._read('Spreadsheet.getProtections');
    return this._model.data.protections.filter((p) => p.type === String(type)).map((p) => new Protection(this._env, this._id, p.id));
  }
}

function addMetadata(book: SpreadsheetModel, location: DeveloperMetadataData['location'], key: string, value: string | undefined, visibility: string | undefined): void {
  if (!key) throw new GasError('Invalid argument: key');
  book.data.metadata.push({ id: book.nextId(), key: String(key), value: value === undefined || value === null ? null : String(value), visibility: visibility === 'PROJECT' ? 'PROJECT' : 'DOCUMENT', location });
}

export class Sheet extends SheetsObject {
  constructor(env: ServiceEnv, readonly _ssId: string, readonly _sheetId: number) { super(env); }
  _kind() { return 'Sheet'; }
  get _model(): SheetModel {
    const s = this._book(this._ssId).sheetById(this._sheetId);
    // GUESS: Google documents no message for a Sheet used after its deletion, only that it is gone;
    // the add-on tells a deleted tab by asking getSheets(), never by this text.
    if (!s) throw new GasError('This sheet has been deleted.');
    return s;
  }

  getName(): string { this._nav(); return this._model.name; }
  setName(name: string): Sheet {
    this._write('Sheet.setName');
    const book = this._book(this._ssId);
    if (book.data.sheets.some((s) => s.id !== this._sheetId && s.name.toLowerCase() === String(name).toLowerCase())) {
      throw new GasError(`A sheet with the name "${name}" already exists. Please enter another name.`);
    }
    this._model.data.name = String(name);
    return this;
  }
  getSheetId(): number { this._nav(); return this._sheetId; }
  getIndex(): number { this._nav(); return this._book(this._ssId).data.sheets.findIndex((s) => s.id === this._sheetId) + 1; }
  getParent(): Spreadsheet { this._nav(); return new Spreadsheet(this._env, this._ssId); }
  getMaxRows(): number { this._nav(); return this._model.maxRows; }
  getMaxColumns(): number { this._nav(); return this._model.maxCols; }
  getLastRow(): number { this._read('Sheet.getLastRow'); return this._model.lastRow(); }
  getLastColumn(): number { this._read('Sheet.getLastColumn'); return this._model.lastColumn(); }

  getRange(a: string | number, col?: number, numRows?: number, numCols?: number): Range {
    this._nav();
    const m = this._model;
    if (typeof a === 'string') {
      const r = m.range(a);
      m.checkInside(r.row, r.col, r.numRows, r.numCols);
      return new Range(this._env, this._ssId, this._sheetId, r.row, r.col, r.numRows, r.numCols);
    }
    const row = Number(a); const c = Number(col); const nr = numRows === undefined ? 1 : Number(numRows); const nc = numCols === undefined ? 1 : Number(numCols);
    if (![row, c, nr, nc].every(Number.isInteger)) throw new GasError('Invalid argument');
    if (nr < 1) throw new GasError('The number of rows in the range must be at least 1.');
    if (nc < 1) throw new GasError('The number of columns in the range must be at least 1.');
    m.checkInside(row, c, nr, nc);
    return new Range(this._env, this._ssId, this._sheetId, row, c, nr, nc);
  }
  getDataRange(): Range {
    this._read('Sheet.getDataRange');
    const m = this._model;
    return new Range(this._env, this._ssId, this._sheetId, 1, 1, Math.max(1, m.lastRow()), Math.max(1, m.lastColumn()));
  }

  appendRow(values: unknown[]): Sheet {
    this._write('Sheet.appendRow', values.length);
    const m = this._model;
    const row = m.lastRow() + 1;
    m.growTo(row, values.length);
    if (values.length) m.writeGrid({ row, col: 1, numRows: 1, numCols: values.length }, [values]);
    return this;
  }
  insertRowsAfter(after: number, n: number): Sheet { this._write('Sheet.insertRowsAfter'); this._model.insertRows(Number(after), Number(n)); return this; }
  insertRowsBefore(before: number, n: number): Sheet { this._write('Sheet.insertRowsBefore'); this._model.insertRows(Number(before) - 1, Number(n)); return this; }
  insertRowAfter(after: number): Sheet { return this.insertRowsAfter(after, 1); }
  insertColumnsAfter(after: number, n: number): Sheet { this._write('Sheet.insertColumnsAfter'); this._model.insertColumns(Number(after), Number(n)); return this; }
  insertColumnsBefore(before: number, n: number): Sheet { this._write('Sheet.insertColumnsBefore'); this._model.insertColumns(Number(before) - 1, Number(n)); return this; }
  insertColumnAfter(after: number): Sheet { return this.insertColumnsAfter(after, 1); }
  deleteRow(row: number): Sheet { return this.deleteRows(row, 1); }
  deleteRows(row: number, n: number): Sheet {
    this._write('Sheet.deleteRows');
    const m = this._model;
    m.checkInside(Number(row), 1, Number(n), 1);
    if (Number(n) >= m.maxRows) throw new GasError('Sorry, it is not possible to delete all non-frozen rows.');
    m.deleteRows(Number(row), Number(n));
    return this;
  }
  deleteColumn(col: number): Sheet { return this.deleteColumns(col, 1); }
  deleteColumns(col: number, n: number): Sheet {
    this._write('Sheet.deleteColumns');
    const m = this._model;
    m.checkInside(1, Number(col), 1, Number(n));
    m.deleteColumns(Number(col), Number(n));
    return this;
  }
  clear(): Sheet { this._write('Sheet.clear'); this._model.clearAll(); return this; }
  clearContents(): Sheet {
    this._write('Sheet.clearContents');
    this._model.clearAllContents();
    return this;
  }
  setFrozenRows(n: number): void { this._write('Sheet.setFrozenRows'); this._model.data.frozenRows = Number(n); }
  getFrozenRows(): number { this._nav(); return this._model.data.frozenRows; }
  setFrozenColumns(n: number): void { this._write('Sheet.setFrozenColumns'); this._model.data.frozenCols = Number(n); }
  getFrozenColumns(): number { this._nav(); return this._model.data.frozenCols; }
  hideColumns(col: number, n = 1): void {
    this._write('Sheet.hideColumns');
    const d = this._model.data;
    for (let c = Number(col); c < Number(col) + Number(n); c++) if (!d.hiddenCols.includes(c)) d.hiddenCols.push(c);
  }
  showColumns(col: number, n = 1): void {
    this._write('Sheet.showColumns');
    const d = this._model.data;
    d.hiddenCols = d.hiddenCols.filter((c) => c < Number(col) || c >= Number(col) + Number(n));
  }
  isColumnHiddenByUser(col: number): boolean { this._read('Sheet.isColumnHiddenByUser'); return this._model.data.hiddenCols.includes(Number(col)); }
  setColumnWidth(col: number, width: number): Sheet { this._write('Sheet.setColumnWidth'); this._model.data.colWidths[String(col)] = Number(width); return this; }
  /** https://developers.google.com/apps-script/reference/spreadsheet/sheet#setcolumnwidthsstartcolumn,-numcolumns,-width */
  setColumnWidths(start: number, n: number, width: number): Sheet {
    this._write('Sheet.setColumnWidths');
    for (let c = Number(start); c < Number(start) + Number(n); c++) this._model.data.colWidths[String(c)] = Number(width);
    return this;
  }
  getConditionalFormatRules(): ConditionalFormatRule[] {
    this._read('Sheet.getConditionalFormatRules');
    return (this._model.data.cf ?? []).map((rule) => new ConditionalFormatRule(this._env, this._ssId, this._sheetId, rule));
  }
  /** Replaces every rule of the sheet (Sheet reference: "Replaces all currently existing conditional format rules"). */
  setConditionalFormatRules(given: ConditionalFormatRule[]): void {
    this._write('Sheet.setConditionalFormatRules');
    // Elements of an array from the script are still wrapped; only top-level arguments are unwrapped.
    const rules = Array.from(given, (r) => unwrapGas(r));
    for (const rule of rules) if (!(rule instanceof ConditionalFormatRule)) throw new GasError('The parameters (number[]) don\'t match the method signature for SpreadsheetApp.Sheet.setConditionalFormatRules.');
    const data = rules.map((rule) => ({ ...rule._data, ranges: rule._data.ranges.map((r) => ({ ...r })) }));
    this._model.data.cf = data.length ? data : undefined;
  }
  getColumnWidth(col: number): number { this._read('Sheet.getColumnWidth'); return this._model.data.colWidths[String(col)] ?? 100; }
  activate(): Sheet { this._nav(); this._env.activeSheets.set(this._ssId, this._sheetId); return this; }
  /**
   * Copies the sheet into `spreadsheet` (this one or another), last, named "Copy of <name>"
   * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#copyTo(Spreadsheet)).
   * Copied as the tab menu's Duplicate does (SpreadsheetModel.copySheet).
   */
  copyTo(spreadsheet: Spreadsheet): Sheet {
    if (!(spreadsheet instanceof Spreadsheet)) throw new GasError('The parameters (String) don\'t match the method signature for SpreadsheetApp.Sheet.copyTo.');
    this._write('Sheet.copyTo');
    const copy = this._book(spreadsheet._id).copySheet(this._model);
    return new Sheet(this._env, spreadsheet._id, copy.id);
  }

  addDeveloperMetadata(key: string, value?: string, visibility?: string): Sheet {
    this._write('Sheet.addDeveloperMetadata');
    addMetadata(this._book(this._ssId), { type: 'SHEET', sheetId: this._sheetId }, key, value, visibility);
    return this;
  }
  getDeveloperMetadata(): DeveloperMetadata[] {
    this._read('Sheet.getDeveloperMetadata');
    return this._book(this._ssId).data.metadata
      .filter((m) => m.location.type === 'SHEET' && m.location.sheetId === this._sheetId)
      .map((m) => new DeveloperMetadata(this._env, this._ssId, m.id));
  }
  createDeveloperMetadataFinder(): DeveloperMetadataFinder {
    this._nav();
    return new DeveloperMetadataFinder(this._env, this._ssId, (m) => 'sheetId' in m.location && m.location.sheetId === this._sheetId);
  }
  protect(): Protection {
    this._write('Sheet.protect');
    const book = this._book(this._ssId);
    const p: ProtectionData = { id: book.nextId(), sheetId: this._sheetId, type: 'SHEET', description: '', warningOnly: false };
    book.data.protections.push(p);
    return new Protection(this._env, this._ssId, p.id);
  }
  getProtections(type: string): Protection[] {
    this._read('Sheet.getProtections');
    return this._book(this._ssId).data.protections.filter((p) => p.sheetId === this._sheetId && p.type === String(type))
      .map((p) => new Protection(this._env, this._ssId, p.id));
  }
}

type Grid<T> = T[][];

export class Range extends SheetsObject {
  constructor(env: ServiceEnv, readonly _ssId: string, readonly _sheetId: number,
    readonly _row: number, readonly _col: number, readonly _numRows: number, readonly _numCols: number) { super(env); }
  _kind() { return 'Range'; }
  get _sheet(): SheetModel {
    const s = this._book(this._ssId).sheetById(this._sheetId);
    if (!s) throw new GasError('This sheet has been deleted.');
    return s;
  }
  get _cells(): number { return this._numRows * this._numCols; }

  _grid<T>(f: (row: number, col: number) => T): Grid<T> {
    return this._sheet.grid({ row: this._row, col: this._col, numRows: this._numRows, numCols: this._numCols }, f);
  }
  _checkShape(data: unknown): unknown[][] {
    if (!Array.isArray(data)) throw new GasError('The parameters (String) don\'t match the method signature for SpreadsheetApp.Range.setValues.');
    if (data.length !== this._numRows) throw new GasError(MESSAGES.rowsMismatch(data.length, this._numRows));
    for (const line of data) {
      if (!Array.isArray(line)) throw new GasError('The parameters (number[]) don\'t match the method signature for SpreadsheetApp.Range.setValues.');
      if (line.length !== this._numCols) throw new GasError(MESSAGES.columnsMismatch(line.length, this._numCols));
    }
    return data as unknown[][];
  }
  /** Changes notes, validation or styles cell by cell (keys given as null are removed). */
  _patch(f: (row: number, col: number) => ExtrasPatch): void {
    this._sheet.patchExtrasGrid(this._block(), this._grid(f));
  }
  _block(): { row: number; col: number; numRows: number; numCols: number } {
    return { row: this._row, col: this._col, numRows: this._numRows, numCols: this._numCols };
  }

  getRow(): number { this._nav(); return this._row; }
  getColumn(): number { this._nav(); return this._col; }
  getLastRow(): number { this._nav(); return this._row + this._numRows - 1; }
  getLastColumn(): number { this._nav(); return this._col + this._numCols - 1; }
  getNumRows(): number { this._nav(); return this._numRows; }
  getNumColumns(): number { this._nav(); return this._numCols; }
  getA1Notation(): string { this._nav(); return toA1(this._row, this._col, this._numRows, this._numCols); }
  getSheet(): Sheet { this._nav(); return new Sheet(this._env, this._ssId, this._sheetId); }
  activate(): Range {
    this._nav();
    this._env.activeSheets.set(this._ssId, this._sheetId);
    this._book(this._ssId).data.selection = { sheetId: this._sheetId, ...this._block() };
    return this;
  }
  offset(rowOffset: number, colOffset: number, numRows?: number, numCols?: number): Range {
    this._nav();
    const r = new Range(this._env, this._ssId, this._sheetId, this._row + Number(rowOffset), this._col + Number(colOffset), numRows ?? this._numRows, numCols ?? this._numCols);
    this._sheet.checkInside(r._row, r._col, r._numRows, r._numCols);
    return r;
  }

  /** One read of the block (or of its top-left cell). */
  _readGrid(kind: GridKind, first = false): unknown[][] {
    return this._sheet.readGrid(first ? { row: this._row, col: this._col, numRows: 1, numCols: 1 } : this._block(), kind);
  }
  _extras(first = false): Array<Array<CellExtras | null>> { return this._readGrid('extras', first) as Array<Array<CellExtras | null>>; }

  getValues(): Grid<unknown> { this._read('Range.getValues', this._cells); return this._readGrid('values'); }
  getValue(): unknown { this._read('Range.getValue', 1); return this._readGrid('values', true)[0]![0]; }
  getDisplayValues(): Grid<string> { this._read('Range.getDisplayValues', this._cells); return this._readGrid('display') as Grid<string>; }
  getDisplayValue(): string { this._read('Range.getDisplayValue', 1); return this._readGrid('display', true)[0]![0] as string; }
  getFormulas(): Grid<string> { this._read('Range.getFormulas', this._cells); return this._readGrid('formulas') as Grid<string>; }
  getFormula(): string { this._read('Range.getFormula', 1); return this._readGrid('formulas', true)[0]![0] as string; }
  getNumberFormats(): Grid<string> { this._read('Range.getNumberFormats', this._cells); return this._readGrid('formats').map((line) => line.map((nf) => (nf as string | null) ?? '0.###############')); }
  getNumberFormat(): string { this._read('Range.getNumberFormat', 1); return (this._readGrid('formats', true)[0]![0] as string | null) ?? '0.###############'; }
  getNote(): string { this._read('Range.getNote', 1); return this._extras(true)[0]![0]?.note ?? ''; }
  getNotes(): Grid<string> { this._read('Range.getNotes', this._cells); return this._extras().map((line) => line.map((x) => x?.note ?? '')); }
  getBackgrounds(): Grid<string> { this._read('Range.getBackgrounds', this._cells); return this._extras().map((line) => line.map((x) => x?.bg ?? '#ffffff')); }
  getBackground(): string { this._read('Range.getBackground', 1); return this._extras(true)[0]![0]?.bg ?? '#ffffff'; }
  getFontWeights(): Grid<string> { this._read('Range.getFontWeights', this._cells); return this._extras().map((line) => line.map((x) => x?.fw ?? 'normal')); }
  isChecked(): boolean | null {
    this._read('Range.isChecked', this._cells);
    const cell = this._readGrid('cells', true)[0]![0] as CellData | null;
    return cell?.dv?.type === 'CHECKBOX' ? cell.v === true : null;
  }

  setValues(values: unknown[][]): Range {
    const data = this._checkShape(values);
    this._write('Range.setValues', this._cells);
    this._sheet.writeGrid(this._block(), data);
    return this;
  }
  setValue(value: unknown): Range {
    this._write('Range.setValue', this._cells);
    this._sheet.writeGrid(this._block(), this._grid(() => value));
    return this;
  }
  setFormulas(formulas: string[][]): Range {
    const data = this._checkShape(formulas);
    this._write('Range.setFormulas', this._cells);
    this._sheet.setFormulaGrid(this._block(), data.map((line) => line.map((f) => {
      const text = String(f ?? '');
      return text === '' || text.startsWith('=') ? text : `=${text}`;
    })));
    return this;
  }
  setFormula(f: string): Range { return this.setFormulas(this._grid(() => f)); }
  setNumberFormat(nf: string): Range {
    this._write('Range.setNumberFormat', this._cells);
    this._sheet.setFormatGrid(this._block(), this._grid(() => String(nf)));
    return this;
  }
  setNumberFormats(nfs: string[][]): Range {
    const data = this._checkShape(nfs);
    this._write('Range.setNumberFormats', this._cells);
    this._sheet.setFormatGrid(this._block(), data.map((line) => line.map(String)));
    return this;
  }
  /** https://developers.google.com/apps-script/reference/spreadsheet/range#setnotesnotes: a grid the range's size; '' or null removes a note. */
  setNotes(notes: Array<Array<string | null>>): Range {
    const data = this._checkShape(notes);
    this._write('Range.setNotes', this._cells);
    this._patch((r, col) => { const v = data[r - this._row]![col - this._col]; return { note: v === null || v === undefined || v === '' ? null : String(v) }; });
    return this;
  }
  setNote(note: string | null): Range { this._write('Range.setNote', this._cells); this._patch(() => ({ note: note === null || note === '' ? null : String(note) })); return this; }
  setBackground(color: string | null): Range { this._write('Range.setBackground', this._cells); this._patch(() => ({ bg: color ? String(color) : null })); return this; }
  setBackgrounds(colors: string[][]): Range {
    const data = this._checkShape(colors);
    this._write('Range.setBackgrounds', this._cells);
    this._patch((r, col) => { const v = data[r - this._row]![col - this._col]; return { bg: v ? String(v) : null }; });
    return this;
  }
  setFontColor(color: string | null): Range { this._write('Range.setFontColor', this._cells); this._patch(() => ({ fc: color ? String(color) : null })); return this; }
  setFontColors(colors: string[][]): Range {
    const data = this._checkShape(colors);
    this._write('Range.setFontColors', this._cells);
    this._patch((r, col) => { const v = data[r - this._row]![col - this._col]; return { fc: v ? String(v) : null }; });
    return this;
  }
  setFontWeight(w: string | null): Range { this._write('Range.setFontWeight', this._cells); this._patch(() => ({ fw: w ? String(w) : null })); return this; }
  clear(): Range { this._write('Range.clear', this._cells); this._sheet.clearCells(this._block(), { contents: true, formats: true, validations: true, notes: true }); return this; }
  clearContent(): Range { this._write('Range.clearContent', this._cells); this._sheet.clearCells(this._block(), { contents: true }); return this; }
  clearFormat(): Range { this._write('Range.clearFormat', this._cells); this._sheet.clearCells(this._block(), { formats: true }); return this; }
  clearDataValidations(): Range { this._write('Range.clearDataValidations', this._cells); this._sheet.clearCells(this._block(), { validations: true }); return this; }

  insertCheckboxes(): Range { this._write('Range.insertCheckboxes', this._cells); this._sheet.checkboxes(this._block(), 'insert'); return this; }
  removeCheckboxes(): Range { this._write('Range.removeCheckboxes', this._cells); this._sheet.checkboxes(this._block(), 'remove'); return this; }
  check(): Range { this._write('Range.check', this._cells); this._sheet.checkboxes(this._block(), 'check'); return this; }
  uncheck(): Range { this._write('Range.uncheck', this._cells); this._sheet.checkboxes(this._block(), 'uncheck'); return this; }
  setDataValidation(rule: DataValidation | null): Range {
    this._write('Range.setDataValidation', this._cells);
    const dv = rule ? { ...rule._data, values: [...rule._data.values] } : null;
    this._sheet.patchExtrasGrid(this._block(), { dv });
    return this;
  }
  getDataValidations(): Grid<DataValidation | null> {
    this._read('Range.getDataValidations', this._cells);
    return this._extras().map((line) => line.map((x) => (x?.dv ? new DataValidation(this._env, x.dv) : null)));
  }
  getDataValidation(): DataValidation | null {
    this._read('Range.getDataValidation', 1);
    const dv = this._extras(true)[0]![0]?.dv;
    return dv ? new DataValidation(this._env, dv) : null;
  }

  _wholeLine(): { type: 'COLUMN' | 'ROW'; index: number } {
    const s = this._sheet;
    if (this._row === 1 && this._numRows === s.maxRows && this._numCols === 1) return { type: 'COLUMN', index: this._col };
    if (this._col === 1 && this._numCols === s.maxCols && this._numRows === 1) return { type: 'ROW', index: this._row };
    throw new GasError('Adding developer metadata to arbitrary ranges is not currently supported. Developer metadata may only be added to the top-level spreadsheet, an individual sheet, or an entire row or column.');
  }
  addDeveloperMetadata(key: string, value?: string, visibility?: string): Range {
    const line = this._wholeLine();
    this._write('Range.addDeveloperMetadata');
    addMetadata(this._book(this._ssId), { ...line, sheetId: this._sheetId }, key, value, visibility);
    return this;
  }
  getDeveloperMetadata(): DeveloperMetadata[] {
    this._read('Range.getDeveloperMetadata');
    return this._book(this._ssId).data.metadata.filter((m) => this._covers(m)).map((m) => new DeveloperMetadata(this._env, this._ssId, m.id));
  }
  createDeveloperMetadataFinder(): DeveloperMetadataFinder { this._nav(); return new DeveloperMetadataFinder(this._env, this._ssId, (m) => this._covers(m)); }
  _covers(m: DeveloperMetadataData): boolean {
    const loc = m.location;
    if (loc.type === 'COLUMN') return loc.sheetId === this._sheetId && loc.index >= this._col && loc.index < this._col + this._numCols;
    if (loc.type === 'ROW') return loc.sheetId === this._sheetId && loc.index >= this._row && loc.index < this._row + this._numRows;
    return false;
  }

  protect(): Protection {
    this._write('Range.protect');
    const book = this._book(this._ssId);
    const p: ProtectionData = { id: book.nextId(), sheetId: this._sheetId, type: 'RANGE', description: '', warningOnly: false,
      range: { row: this._row, col: this._col, numRows: this._numRows, numCols: this._numCols } };
    book.data.protections.push(p);
    return new Protection(this._env, this._ssId, p.id);
  }
}

export class DeveloperMetadata extends SheetsObject {
  constructor(env: ServiceEnv, readonly _ssId: string, readonly _id: number) { super(env); }
  _kind() { return 'DeveloperMetadata'; }
  get _data(): DeveloperMetadataData {
    const m = this._book(this._ssId).data.metadata.find((x) => x.id === this._id);
    if (!m) throw new GasError('The developer metadata has been deleted.'); // GUESS
    return m;
  }
  getId(): number { this._nav(); return this._id; }
  getKey(): string { this._nav(); return this._data.key; }
  getValue(): string | null { this._nav(); return this._data.value; }
  getVisibility(): string { this._nav(); return this._data.visibility; }
  setKey(k: string): DeveloperMetadata { this._write('DeveloperMetadata.setKey'); this._data.key = String(k); return this; }
  setValue(v: string): DeveloperMetadata { this._write('DeveloperMetadata.setValue'); this._data.value = String(v); return this; }
  remove(): void {
    this._write('DeveloperMetadata.remove');
    const book = this._book(this._ssId);
    book.data.metadata = book.data.metadata.filter((m) => m.id !== this._id);
  }
  getLocation(): { getLocationType(): string; getColumn(): Range | null; getRow(): Range | null; getSheet(): Sheet | null } {
    this._nav();
    const loc = this._data.location; const env = this._env; const ssId = this._ssId;
    const sheetModel = 'sheetId' in loc ? this._book(ssId).sheetById(loc.sheetId) : undefined;
    return {
      getLocationType: () => loc.type,
      getSheet: () => ('sheetId' in loc ? new Sheet(env, ssId, loc.sheetId) : null),
      getColumn: () => (loc.type === 'COLUMN' && sheetModel ? new Range(env, ssId, loc.sheetId, 1, loc.index, sheetModel.maxRows, 1) : null),
      getRow: () => (loc.type === 'ROW' && sheetModel ? new Range(env, ssId, loc.sheetId, loc.index, 1, 1, sheetModel.maxCols) : null),
    };
  }
}

export class DeveloperMetadataFinder extends SheetsObject {
  private key: string | undefined;
  private value: string | undefined;
  private id: number | undefined;
  private locationType: string | undefined;
  constructor(env: ServiceEnv, readonly _ssId: string, readonly _scope: (m: DeveloperMetadataData) => boolean) { super(env); }
  _kind() { return 'DeveloperMetadataFinder'; }
  withKey(k: string): DeveloperMetadataFinder { this.key = String(k); return this; }
  withValue(v: string): DeveloperMetadataFinder { this.value = String(v); return this; }
  withId(id: number): DeveloperMetadataFinder { this.id = Number(id); return this; }
  withLocationType(type: string): DeveloperMetadataFinder { this.locationType = String(type); return this; }
  find(): DeveloperMetadata[] {
    this._read('DeveloperMetadataFinder.find');
    return this._book(this._ssId).data.metadata
      .filter((m) => this._scope(m) && (this.key === undefined || m.key === this.key) && (this.value === undefined || m.value === this.value) && (this.id === undefined || m.id === this.id) && (this.locationType === undefined || m.location.type === this.locationType))
      .map((m) => new DeveloperMetadata(this._env, this._ssId, m.id));
  }
}

export class Protection extends SheetsObject {
  constructor(env: ServiceEnv, readonly _ssId: string, readonly _id: number) { super(env); }
  _kind() { return 'Protection'; }
  get _data(): ProtectionData {
    const p = this._book(this._ssId).data.protections.find((x) => x.id === this._id);
    if (!p) throw new GasError('The protection has been removed.'); // GUESS
    return p;
  }
  setDescription(d: string): Protection { this._write('Protection.setDescription'); this._data.description = String(d); return this; }
  getDescription(): string { this._nav(); return this._data.description; }
  setWarningOnly(w: boolean): Protection { this._write('Protection.setWarningOnly'); this._data.warningOnly = !!w; return this; }
  isWarningOnly(): boolean { this._nav(); return this._data.warningOnly; }
  getProtectionType(): string { this._nav(); return this._data.type; }
  getRange(): Range {
    this._nav();
    const p = this._data; const s = this._book(this._ssId).sheetById(p.sheetId)!;
    const r = p.range ?? { row: 1, col: 1, numRows: s.maxRows, numCols: s.maxCols };
    return new Range(this._env, this._ssId, p.sheetId, r.row, r.col, r.numRows, r.numCols);
  }
  canEdit(): boolean { this._nav(); return true; }
  addEditor(): Protection { this._write('Protection.addEditor'); return this; }
  removeEditors(): Protection { this._write('Protection.removeEditors'); return this; }
  getEditors(): unknown[] { this._nav(); return []; }
  remove(): void {
    this._write('Protection.remove');
    const book = this._book(this._ssId);
    book.data.protections = book.data.protections.filter((p) => p.id !== this._id);
  }
}

export class DataValidation extends GasObject {
  constructor(env: ServiceEnv, readonly _data: ValidationData) { super(env.ex); this._env = env; }
  readonly _env: ServiceEnv;
  _kind() { return 'DataValidation'; }
  getCriteriaType(): string { return this._data.type; }
  getCriteriaValues(): unknown[] { return [...this._data.values]; }
  getAllowInvalid(): boolean { return this._data.allowInvalid; }
  getHelpText(): string | null { return this._data.helpText ?? null; }
  copy(): DataValidationBuilder { const b = new DataValidationBuilder(this._env); b._data = { ...this._data, values: [...this._data.values] }; return b; }
}

export class DataValidationBuilder extends GasObject {
  _data: ValidationData = { type: 'VALUE_IN_LIST', values: [], allowInvalid: true };
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'DataValidationBuilder'; }
  requireCheckbox(checked?: unknown, unchecked?: unknown): DataValidationBuilder {
    this._data = { ...this._data, type: 'CHECKBOX', values: checked === undefined ? [] : [checked, unchecked] }; return this;
  }
  requireValueInList(values: unknown[], showDropdown = true): DataValidationBuilder {
    this._data = { ...this._data, type: 'VALUE_IN_LIST', values: [[...values], showDropdown] }; return this;
  }
  /** Criteria DATE_IS_VALID_DATE; a datetime is a date too. */
  requireDate(): DataValidationBuilder { this._data = { ...this._data, type: 'DATE_IS_VALID_DATE', values: [] }; return this; }
  requireNumberBetween(a: number, b: number): DataValidationBuilder { this._data = { ...this._data, type: 'NUMBER_BETWEEN', values: [a, b] }; return this; }
  requireFormulaSatisfied(f: string): DataValidationBuilder { this._data = { ...this._data, type: 'CUSTOM_FORMULA', values: [f] }; return this; }
  setAllowInvalid(v: boolean): DataValidationBuilder { this._data = { ...this._data, allowInvalid: !!v }; return this; }
  setHelpText(t: string): DataValidationBuilder { this._data = { ...this._data, helpText: String(t) }; return this; }
  build(): DataValidation { return new DataValidation(this._env, { ...this._data, values: [...this._data.values] }); }
}

/** A built conditional format rule (https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule). */
export class ConditionalFormatRule extends GasObject {
  constructor(readonly _env: ServiceEnv, readonly _ssId: string | null, readonly _sheetId: number | null, readonly _data: ConditionalRuleData) { super(_env.ex); }
  _kind() { return 'ConditionalFormatRule'; }
  copy(): ConditionalFormatRuleBuilder { const b = new ConditionalFormatRuleBuilder(this._env); b._data = { ...this._data, values: [...this._data.values], ranges: [...this._data.ranges] }; b._ranges = this._ranges(); return b; }
  getBooleanCondition(): { getCriteriaType(): string; getCriteriaValues(): string[]; getBackground(): string | null; getFontColor(): string | null } | null {
    const d = this._data;
    return { getCriteriaType: () => d.criteria, getCriteriaValues: () => [...d.values], getBackground: () => d.background ?? null, getFontColor: () => d.fontColor ?? null };
  }
  getGradientCondition(): null { return null; }
  getRanges(): Range[] { return this._ranges(); }
  _ranges(): Range[] {
    const ssId = this._ssId; const sheetId = this._sheetId;
    if (ssId === null || sheetId === null) return [];
    return this._data.ranges.map((r) => new Range(this._env, ssId, sheetId, r.row, r.col, r.numRows, r.numCols));
  }
}

/** https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule-builder (boolean text conditions only). */
export class ConditionalFormatRuleBuilder extends GasObject {
  _data: ConditionalRuleData = { ranges: [], criteria: 'CELL_NOT_EMPTY', values: [] };
  _ranges: Range[] = [];
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'ConditionalFormatRuleBuilder'; }
  whenTextEqualTo(text: string): ConditionalFormatRuleBuilder { this._data = { ...this._data, criteria: 'TEXT_EQUAL_TO', values: [String(text)] }; return this; }
  whenTextContains(text: string): ConditionalFormatRuleBuilder { this._data = { ...this._data, criteria: 'TEXT_CONTAINS', values: [String(text)] }; return this; }
  whenCellEmpty(): ConditionalFormatRuleBuilder { this._data = { ...this._data, criteria: 'CELL_EMPTY', values: [] }; return this; }
  whenCellNotEmpty(): ConditionalFormatRuleBuilder { this._data = { ...this._data, criteria: 'CELL_NOT_EMPTY', values: [] }; return this; }
  setBackground(color: string | null): ConditionalFormatRuleBuilder { this._data = { ...this._data, background: color ? String(color) : undefined }; return this; }
  setFontColor(color: string | null): ConditionalFormatRuleBuilder { this._data = { ...this._data, fontColor: color ? String(color) : undefined }; return this; }
  setBold(bold: boolean): ConditionalFormatRuleBuilder { this._data = { ...this._data, bold: !!bold }; return this; }
  setRanges(given: Range[]): ConditionalFormatRuleBuilder {
    const ranges = Array.from(given, (r) => unwrapGas(r));
    for (const r of ranges) if (!(r instanceof Range)) throw new GasError('The parameters (String) don\'t match the method signature for SpreadsheetApp.ConditionalFormatRuleBuilder.setRanges.');
    this._ranges = [...ranges];
    this._data = { ...this._data, ranges: ranges.map((r) => ({ row: r._row, col: r._col, numRows: r._numRows, numCols: r._numCols })) };
    return this;
  }
  build(): ConditionalFormatRule {
    const first = this._ranges[0];
    return new ConditionalFormatRule(this._env, first?._ssId ?? null, first?._sheetId ?? null, { ...this._data, values: [...this._data.values], ranges: [...this._data.ranges] });
  }
}
