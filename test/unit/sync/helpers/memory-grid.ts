// A SheetGrid backed by arrays that keeps dates the way Sheets does: as a wall-clock serial in the
// spreadsheet's zone, read back as an instant in whatever the zone is at the time of the read
// (the runtime's own conversion, emulators/apps-script/services/cell-values.ts). Counts calls.

import { instantFromSerial, serialFromInstant } from '../../../../emulators/apps-script/services/cell-values';
import type { CellRule, StatusColourRule } from '../../../../src/core/sync/sheet-dress';
import type { ColumnTag, SheetGrid } from '../../../../src/core/sync/grid';

interface Cell {
  value: unknown;
  /** Set when value is a date serial. */
  serial?: boolean;
  formula?: string;
}

export class MemoryGrid implements SheetGrid {
  readonly name = 'Leads';
  zone: string;
  readonly calls = { readValues: 0, readFormulas: 0, writeValues: 0, other: 0 };
  private readonly cells: Cell[][] = [];

  constructor(zone: string) {
    this.zone = zone;
  }

  timeZone(): string {
    this.calls.other++;
    return this.zone;
  }

  maxRows(): number {
    this.calls.other++;
    return Math.max(this.cells.length, 1000);
  }

  lastRow(): number {
    this.calls.other++;
    for (let r = this.cells.length; r > 0; r--) if (this.cells[r - 1]?.some((c) => c && c.value !== '')) return r;
    return 0;
  }

  lastColumn(): number {
    this.calls.other++;
    return Math.max(0, ...this.cells.map((row) => row.length));
  }

  maxColumns(): number {
    return Math.max(26, ...this.cells.map((row) => row.length));
  }

  readValues(row: number, column: number, numRows: number, numColumns: number): unknown[][] {
    this.calls.readValues++;
    return this.rectangle(row, column, numRows, numColumns, (r, c) => this.get(r, c));
  }

  readFormulas(row: number, column: number, numRows: number, numColumns: number): string[][] {
    this.calls.readFormulas++;
    return this.rectangle(row, column, numRows, numColumns, (r, c) => this.cells[r - 1]?.[c - 1]?.formula ?? '');
  }

  writeValues(row: number, column: number, values: unknown[][]): void {
    this.calls.writeValues++;
    values.forEach((line, i) => line.forEach((value, k) => this.set(row + i, column + k, value)));
  }

  writeNumberFormats(): void {
    this.calls.other++;
  }

  ensureRows(): void {
    this.calls.other++;
  }

  ensureColumns(): void {
    this.calls.other++;
  }

  deleteRows(row: number, count: number): void {
    this.calls.other++;
    this.cells.splice(row - 1, count);
  }

  flush(): void {
    this.calls.other++;
  }

  decorate(): void {
    this.calls.other++;
  }

  /** Column tags (developer metadata on whole columns), as readColumnTags returns them. */
  readonly tags: ColumnTag[] = [];
  private nextTagId = 1;

  readColumnTags(): ColumnTag[] {
    this.calls.other++;
    return this.tags.map((t) => ({ ...t }));
  }

  tagColumn(column: number, key: string, value: string): void {
    this.calls.other++;
    this.tags.push({ id: this.nextTagId++, column, key, value });
  }

  removeColumnTag(id: number): void {
    this.calls.other++;
    const at = this.tags.findIndex((t) => t.id === id);
    if (at >= 0) this.tags.splice(at, 1);
  }

  /** Notes by 'row:column', rules by 'row:column' of each rectangle set, widths by column, text colours by column. */
  readonly notes = new Map<string, string>();
  readonly rules: Array<{ row: number; column: number; numRows: number; numColumns: number; rule: CellRule | null }> = [];
  readonly widths = new Map<number, number>();
  readonly textColours = new Map<number, readonly StatusColourRule[]>();

  readNotes(row: number, column: number, numRows: number, numColumns: number): string[][] {
    this.calls.other++;
    return Array.from({ length: numRows }, (_, r) => Array.from({ length: numColumns }, (_, c) => this.notes.get(`${row + r}:${column + c}`) ?? ''));
  }

  writeNotes(row: number, column: number, notes: string[][]): void {
    this.calls.other++;
    notes.forEach((line, r) => line.forEach((note, c) => {
      if (note) this.notes.set(`${row + r}:${column + c}`, note);
      else this.notes.delete(`${row + r}:${column + c}`);
    }));
  }

  setRule(row: number, column: number, numRows: number, numColumns: number, rule: CellRule | null): void {
    this.calls.other++;
    this.rules.push({ row, column, numRows, numColumns, rule });
  }

  setColumnWidths(column: number, count: number, widthPx: number): void {
    this.calls.other++;
    for (let c = column; c < column + count; c++) this.widths.set(c, widthPx);
  }

  setTextColours(column: number, rules: readonly StatusColourRule[]): void {
    this.calls.other++;
    this.textColours.set(column, rules);
  }

  insertCheckboxes(): void {
    this.calls.other++;
  }

  /** One cell as getValue reads it. */
  get(row: number, column: number): unknown {
    const cell = this.cells[row - 1]?.[column - 1];
    if (!cell) return '';
    if (cell.serial) return new Date(instantFromSerial(cell.value as number, this.zone));
    return cell.value;
  }

  /** One cell as setValue (or a user typing a value) writes it: a Date becomes a serial in the current zone. */
  set(row: number, column: number, value: unknown): void {
    while (this.cells.length < row) this.cells.push([]);
    const line = this.cells[row - 1]!;
    while (line.length < column) line.push({ value: '' });
    if (value instanceof Date) line[column - 1] = { value: serialFromInstant(value.getTime(), this.zone), serial: true };
    else if (typeof value === 'string' && value.startsWith('=')) line[column - 1] = { value: '', formula: value };
    else if (typeof value === 'string' && value.startsWith("'")) line[column - 1] = { value: value.slice(1) };
    else line[column - 1] = { value: value ?? '' };
  }

  resetCalls(): void {
    this.calls.readValues = 0;
    this.calls.readFormulas = 0;
    this.calls.writeValues = 0;
    this.calls.other = 0;
  }

  private rectangle<T>(row: number, column: number, numRows: number, numColumns: number, at: (r: number, c: number) => T): T[][] {
    return Array.from({ length: numRows }, (_, i) => Array.from({ length: numColumns }, (_, k) => at(row + i, column + k)));
  }
}
