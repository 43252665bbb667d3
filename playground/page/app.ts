/// <reference lib="dom" />
// The playground page: sheet tabs and a grid that shows only the rows on screen, a formula bar and
// name box, a context menu for rows (insert, delete, sort), the add-on menu from onOpen, the sidebar
// panel, toasts and alerts, and the controls for the daily trigger and Reset. The grid follows the
// runtime's selection (a click here, or the add-on's Range.activate). Served transpiled by
// server.ts; cell text only ever goes in as text.

import type { CellView, SheetSummary, SheetWindow } from '../grid';
import type { ExecutionView } from '../workspace';

export {};

interface Workbook {
  version: number;
  user: string;
  spreadsheet: { id: string; name: string; timeZone: string };
  clock: string;
  nextDailyAt: string | null;
  sheets: SheetSummary[];
  selection: Selection | null;
}

/** The selection getActiveRange returns: the active cell is its top-left corner. */
interface Selection { sheet: string; row: number; col: number; numRows: number; numCols: number }

interface MenuItem { caption?: string; functionName?: string; separator?: boolean }
interface Menu { title: string; addon: boolean; items: MenuItem[] }

interface FireAnswer { fired: boolean; message: string; firedAt: string | null; runs: ExecutionView[]; nextDailyAt: string | null }

const ROW_HEIGHT_PX = 24;
const ROW_HEAD_WIDTH_PX = 46;
const DEFAULT_COL_WIDTH_PX = 110;
/** Rows fetched beyond the screen each way, so a short scroll needs no new request. */
const OVERSCAN_ROWS = 40;
const POLL_MS = 1500;
/** Rows and columns shown past the selection, so the name box can go anywhere in the sheet. */
const SPARE_PAST_SELECTION = 10;
const DEFAULT_ADDED_ROWS = 1000;
const TOAST_DEFAULT_SECONDS = 5;

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing`);
  return el as T;
};

const gridEl = $<HTMLDivElement>('grid');
const headEl = $<HTMLDivElement>('grid-head');
const bodyEl = $<HTMLDivElement>('grid-body');
// Rows are redrawn inside these; the cell editor sits beside them, so a redraw never takes it
// out of the page (which would blur it mid-typing).
const headRows = el('div');
const bodyRows = el('div');
headEl.append(headRows);
bodyEl.append(bodyRows);
const addRowsBar = el('div', 'add-rows');
const addRowsCount = el('input');
const addRowsButton = el('button', 'tool', 'Add');
addRowsCount.type = 'number';
addRowsCount.min = '1';
addRowsCount.value = String(DEFAULT_ADDED_ROWS);
addRowsCount.setAttribute('aria-label', 'Rows to add');
addRowsButton.type = 'button';
addRowsBar.append(addRowsButton, addRowsCount, document.createTextNode(' more rows at the bottom'));
addRowsBar.hidden = true;
gridEl.append(addRowsBar);
const nameBox = $<HTMLInputElement>('name-box');
const formulaBar = $<HTMLInputElement>('formula-bar');
const tabsEl = $<HTMLDivElement>('tabs');
const statusEl = $<HTMLSpanElement>('status');
const menuButton = $<HTMLButtonElement>('extensions');
const menuPopup = $<HTMLDivElement>('extensions-menu');
const panel = $<HTMLElement>('sidebar-panel');
const frame = $<HTMLIFrameElement>('sidebar-frame');
const dialog = $<HTMLDialogElement>('dialog');

let workbook: Workbook | null = null;
let activeSheet = '';
let knownSheets = new Set<string>();
let menus: Menu[] = [];
/** The fetched rows of the active sheet, by row number, for one workbook version. */
let cache: { sheet: string; version: number; from: number; to: number; cols: number; rows: Map<number, CellView[]> } | null = null;
let frozenRows: Map<number, CellView[]> = new Map();
let fetching = false;
let selection = { row: 1, col: 1 };
/** The selected block (the active cell is `selection`, inside it). */
let block = { row: 1, col: 1, numRows: 1, numCols: 1 };
/** The runtime's selection the grid last showed or sent, so a change made by a script stands out. */
let lastSelectionKey = '';
let selectsInFlight = 0;
let selectPending = false;
/** When the runtime last took a selection from this page (performance.now()). */
let selectionSentAt = 0;
let listBox: HTMLSelectElement | null = null;
let notePopup: HTMLDivElement | null = null;
let editor: HTMLInputElement | null = null;
let renderQueued = false;

// ---- Helpers -------------------------------------------------------------------------------------

async function api<T>(method: 'GET' | 'POST', url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json() as T & { error?: string };
  if (!res.ok) throw new Error(answer.error ?? `HTTP ${res.status}`);
  return answer;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function columnName(col: number): string {
  let name = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function parseA1(text: string): { row: number; col: number } | null {
  const m = /^\s*([A-Za-z]{1,3})(\d{1,7})\s*$/.exec(text);
  if (!m) return null;
  let col = 0;
  for (const ch of (m[1] ?? '').toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}

function sheetInfo(): SheetSummary | undefined {
  return workbook?.sheets.find((s) => s.name === activeSheet);
}

/** Rows the grid draws: the data and some spare, and always the selection, within the sheet. */
function shownRows(sheet: SheetSummary): number {
  return Math.min(sheet.maxRows, Math.max(sheet.shownRows, selection.row + SPARE_PAST_SELECTION));
}

function shownCols(sheet: SheetSummary): number {
  return Math.min(sheet.maxCols, Math.max(sheet.shownCols, selection.col + 2));
}

/** Shown columns, skipping hidden ones, with their pixel widths. */
function columns(sheet: SheetSummary): Array<{ col: number; width: number }> {
  const hidden = new Set(sheet.hiddenCols);
  const out: Array<{ col: number; width: number }> = [];
  for (let c = 1; c <= shownCols(sheet); c++) if (!hidden.has(c)) out.push({ col: c, width: sheet.colWidths[String(c)] ?? DEFAULT_COL_WIDTH_PX });
  return out;
}

function toast(message: string, title?: string, seconds = TOAST_DEFAULT_SECONDS, bad = false): void {
  const box = el('div', bad ? 'toast bad' : 'toast');
  if (title) box.append(el('strong', undefined, title));
  box.append(document.createTextNode(message));
  $('toasts').append(box);
  window.setTimeout(() => box.remove(), Math.max(1, seconds) * 1000);
}

function showDialog(title: string, body: Node[]): void {
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(...body);
  if (!dialog.open) dialog.showModal();
}

function formatClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

// ---- Workbook and tabs ---------------------------------------------------------------------------

async function loadWorkbook(): Promise<void> {
  const started = performance.now();
  const next = await api<Workbook>('GET', '/api/workbook');
  const changed = !workbook || next.version !== workbook.version;
  workbook = next;
  // A sheet the add-on just made becomes the active one, as insertSheet does in Sheets.
  const added = next.sheets.find((s) => !knownSheets.has(s.name));
  if (knownSheets.size > 0 && added) selectSheet(added.name);
  knownSheets = new Set(next.sheets.map((s) => s.name));
  if (!next.sheets.some((s) => s.name === activeSheet)) selectSheet(next.sheets[0]?.name ?? '');
  $('user').textContent = next.user;
  $('doc-name').textContent = next.spreadsheet.name;
  $('clock').textContent = `Clock: ${formatClock(next.clock, next.spreadsheet.timeZone)}${next.nextDailyAt ? ` · next daily sync ${formatClock(next.nextDailyAt, next.spreadsheet.timeZone)}` : ''}`;
  renderTabs();
  // An answer that left before the runtime had the user's latest click would move them back.
  if (selectsInFlight === 0 && !selectPending && started >= selectionSentAt) followSelection(next.selection);
  // The old rows stay on screen until the new version's arrive (ensureRows sees the version change).
  if (changed) queueRender();
}

const selectionKey = (s: Selection): string => `${s.sheet}\u0000${s.row}:${s.col}:${s.numRows}:${s.numCols}`;

/** A selection the runtime has and this grid did not make (selectRow's Range.activate): go there. */
function followSelection(sel: Selection | null): void {
  if (!sel || selectionKey(sel) === lastSelectionKey) return;
  lastSelectionKey = selectionKey(sel);
  if (sel.sheet !== activeSheet) selectSheet(sel.sheet, false);
  block = { row: sel.row, col: sel.col, numRows: sel.numRows, numCols: sel.numCols };
  selection = { row: sel.row, col: sel.col };
  scrollIntoView();
  queueRender();
  showSelection();
}

/**
 * Tells the runtime what the user selected, as a click in Sheets sets getActiveRange: at once, one
 * request at a time (the latest selection follows when the one on its way is answered), so a
 * script's selection made after the click (a sidebar row link) is never overwritten by it.
 */
function sendSelection(): void {
  if (selectsInFlight > 0) {
    selectPending = true;
    return;
  }
  const sel: Selection = { sheet: activeSheet, ...block };
  if (!activeSheet || selectionKey(sel) === lastSelectionKey) return;
  lastSelectionKey = selectionKey(sel);
  selectsInFlight++;
  void api('POST', '/api/select', sel).catch(() => undefined).finally(() => {
    selectsInFlight--;
    selectionSentAt = performance.now();
    if (selectPending) {
      selectPending = false;
      sendSelection();
    }
  });
}

function renderTabs(): void {
  tabsEl.replaceChildren(...(workbook?.sheets ?? []).map((s) => {
    const tab = el('button', undefined, s.name);
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.setAttribute('aria-selected', String(s.name === activeSheet));
    tab.addEventListener('click', () => {
      selectSheet(s.name);
      sendSelection();
    });
    return tab;
  }));
  const info = sheetInfo();
  statusEl.textContent = info ? `${info.name}: ${Math.max(0, info.lastRow - info.frozenRows).toLocaleString('en-US')} data rows · ${info.maxRows.toLocaleString('en-US')} × ${info.maxCols} grid` : '';
}

function selectSheet(name: string, resetSelection = true): void {
  if (name === activeSheet) return;
  closeEditor(false);
  closeListBox();
  activeSheet = name;
  cache = null;
  frozenRows = new Map();
  if (resetSelection) {
    selection = { row: 1, col: 1 };
    block = { row: 1, col: 1, numRows: 1, numCols: 1 };
  }
  gridEl.scrollTop = 0;
  gridEl.scrollLeft = 0;
  renderTabs();
  queueRender();
}

// ---- Grid: fetch the rows on screen, draw them ---------------------------------------------------

function visibleRange(sheet: SheetSummary): { first: number; last: number } {
  const headHeight = headEl.offsetHeight;
  const first = sheet.frozenRows + 1 + Math.floor(Math.max(0, gridEl.scrollTop) / ROW_HEIGHT_PX);
  const count = Math.ceil(Math.max(0, gridEl.clientHeight - headHeight) / ROW_HEIGHT_PX) + 1;
  return { first, last: Math.min(shownRows(sheet), first + count) };
}

async function ensureRows(sheet: SheetSummary, first: number, last: number): Promise<void> {
  const version = workbook?.version ?? 0;
  if (cache && cache.sheet === sheet.name && cache.version === version && cache.from <= first && cache.to >= last && cache.cols >= shownCols(sheet)) return;
  if (fetching) return;
  fetching = true;
  try {
    const from = Math.max(sheet.frozenRows + 1, first - OVERSCAN_ROWS);
    const to = Math.min(shownRows(sheet), last + OVERSCAN_ROWS);
    const cols = shownCols(sheet);
    const [body, frozen] = await Promise.all([
      to >= from ? api<SheetWindow>('GET', `/api/sheet?name=${encodeURIComponent(sheet.name)}&from=${from}&count=${to - from + 1}&cols=${cols}`) : null,
      sheet.frozenRows > 0 ? api<SheetWindow>('GET', `/api/sheet?name=${encodeURIComponent(sheet.name)}&from=1&count=${sheet.frozenRows}&cols=${cols}`) : null,
    ]);
    if (sheet.name !== activeSheet) return;
    const rows = new Map<number, CellView[]>();
    body?.rows.forEach((line, i) => rows.set(from + i, line));
    cache = { sheet: sheet.name, version, from, to, cols, rows };
    frozenRows = new Map();
    frozen?.rows.forEach((line, i) => frozenRows.set(1 + i, line));
  } finally {
    fetching = false;
  }
  queueRender();
}

function queueRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

function render(): void {
  const sheet = sheetInfo();
  if (!sheet) {
    headRows.replaceChildren();
    bodyRows.replaceChildren();
    return;
  }
  const cols = columns(sheet);
  const width = ROW_HEAD_WIDTH_PX + cols.reduce((n, c) => n + c.width, 0);

  const letters = el('div', 'row');
  letters.style.width = `${width}px`;
  const corner = el('div', 'corner');
  letters.append(corner);
  for (const c of cols) {
    const head = el('div', inBlockCols(c.col) ? 'col-head selected' : 'col-head', columnName(c.col));
    head.style.width = `${c.width}px`;
    head.setAttribute('role', 'columnheader');
    letters.append(head);
  }
  const frozen: HTMLElement[] = [];
  for (let r = 1; r <= sheet.frozenRows; r++) {
    const line = rowElement(sheet, cols, r, frozenRows.get(r), width);
    line.style.position = 'relative';
    if (r === sheet.frozenRows) line.classList.add('frozen-edge');
    frozen.push(line);
  }
  headRows.replaceChildren(letters, ...frozen);
  headEl.style.width = `${width}px`;

  const bodyRowCount = Math.max(0, shownRows(sheet) - sheet.frozenRows);
  bodyEl.style.height = `${bodyRowCount * ROW_HEIGHT_PX}px`;
  bodyEl.style.width = `${width}px`;
  const { first, last } = visibleRange(sheet);
  const lines: HTMLElement[] = [];
  for (let r = first; r <= last; r++) {
    const line = rowElement(sheet, cols, r, cache?.sheet === sheet.name ? cache.rows.get(r) : undefined, width);
    line.style.top = `${(r - sheet.frozenRows - 1) * ROW_HEIGHT_PX}px`;
    lines.push(line);
  }
  bodyRows.replaceChildren(...lines);
  // Past the sheet's last row, Sheets offers more rows; the grid grows by them.
  addRowsBar.hidden = shownRows(sheet) < sheet.maxRows;
  addRowsBar.style.width = `${Math.min(width, gridEl.clientWidth)}px`;
  void ensureRows(sheet, first, last);
  showSelection();
}

const inBlockRows = (r: number): boolean => r >= block.row && r < block.row + block.numRows;
const inBlockCols = (c: number): boolean => c >= block.col && c < block.col + block.numCols;

function rowElement(sheet: SheetSummary, cols: Array<{ col: number; width: number }>, r: number, cells: CellView[] | undefined, width: number): HTMLElement {
  const line = el('div', 'row');
  line.style.width = `${width}px`;
  line.setAttribute('role', 'row');
  line.dataset.row = String(r);
  const head = el('div', inBlockRows(r) ? 'row-head selected' : 'row-head', String(r));
  head.setAttribute('role', 'rowheader');
  head.dataset.row = String(r);
  if (inBlockRows(r) && block.numCols >= sheet.maxCols) line.setAttribute('aria-selected', 'true');
  line.append(head);
  for (const c of cols) {
    const view = cells?.[c.col - 1];
    line.append(cellElement(sheet, r, c.col, c.width, view));
  }
  return line;
}

function cellElement(sheet: SheetSummary, row: number, col: number, width: number, view: CellView | undefined): HTMLElement {
  const cell = el('div', `cell ${view?.kind ?? 'empty'}`);
  cell.style.width = `${width}px`;
  cell.setAttribute('role', 'gridcell');
  cell.dataset.row = String(row);
  cell.dataset.col = String(col);
  cell.dataset.a1 = `${columnName(col)}${row}`;
  if (row === selection.row && col === selection.col) {
    cell.classList.add('selected');
    cell.setAttribute('aria-selected', 'true');
  } else if (inBlockRows(row) && inBlockCols(col)) {
    cell.classList.add('in-block');
  }
  if (view?.kind === 'c') {
    const box = el('input');
    box.type = 'checkbox';
    box.checked = Boolean(view.checked);
    box.setAttribute('aria-label', `${columnName(col)}${row}`);
    box.addEventListener('click', (event) => {
      event.preventDefault();
      select(row, col);
      void writeCell(sheet.name, row, col, { checked: !view.checked });
    });
    cell.append(box);
  } else if (view) {
    cell.append(el('span', 'text', view.text));
    if (view.text) cell.title = view.text;
  }
  if (view?.options) {
    // A list rule's dropdown, as Sheets draws it: an arrow that opens the allowed values.
    cell.classList.add('has-list');
    // Drawn by CSS, so the cell's text stays what getDisplayValue gives.
    const arrow = el('span', 'dv-arrow');
    arrow.setAttribute('role', 'button');
    arrow.setAttribute('aria-label', `Open the list of ${columnName(col)}${row}`);
    arrow.dataset.list = '1';
    cell.append(arrow);
  }
  if (view?.invalid) {
    cell.classList.add('invalid');
    cell.dataset.invalid = view.invalid;
    cell.title = `${cell.title ? `${cell.title}\n` : ''}Invalid: ${view.invalid}`;
  }
  if (view?.note) {
    cell.classList.add('has-note');
    cell.dataset.note = view.note;
  }
  if (view?.bg) cell.style.background = view.bg;
  if (view?.color) cell.style.color = view.color;
  if (view?.bold) cell.style.fontWeight = 'bold';
  return cell;
}

function viewAt(row: number, col: number): CellView | undefined {
  const sheet = sheetInfo();
  if (sheet && row <= sheet.frozenRows) return frozenRows.get(row)?.[col - 1];
  return cache?.rows.get(row)?.[col - 1];
}

// ---- Selection and editing ------------------------------------------------------------------------

function select(row: number, col: number, scroll = false, rows?: { numRows: number; whole: boolean }): void {
  const sheet = sheetInfo();
  if (!sheet) return;
  closeListBox();
  selection = { row: Math.max(1, Math.min(row, sheet.maxRows)), col: Math.max(1, Math.min(col, sheet.maxCols)) };
  block = rows?.whole
    ? { row: selection.row, col: 1, numRows: Math.max(1, Math.min(rows.numRows, sheet.maxRows - selection.row + 1)), numCols: sheet.maxCols }
    : { ...selection, numRows: 1, numCols: 1 };
  if (scroll) scrollIntoView();
  queueRender();
  showSelection();
  sendSelection();
}

function showSelection(): void {
  // Redraws happen while the user types in these boxes too; leave what they are typing alone.
  if (document.activeElement !== nameBox) {
    nameBox.value = block.numCols > 1 && block.col === 1 && block.numCols === sheetInfo()?.maxCols
      ? `${block.row}:${block.row + block.numRows - 1}`
      : `${columnName(selection.col)}${selection.row}`;
  }
  if (document.activeElement !== formulaBar) formulaBar.value = viewAt(selection.row, selection.col)?.input ?? '';
}

function scrollIntoView(): void {
  const sheet = sheetInfo();
  if (!sheet) return;
  // The body must already be tall enough to scroll to a row past the ones drawn so far.
  bodyEl.style.height = `${Math.max(0, shownRows(sheet) - sheet.frozenRows) * ROW_HEIGHT_PX}px`;
  if (selection.row <= sheet.frozenRows) return;
  const top = (selection.row - sheet.frozenRows - 1) * ROW_HEIGHT_PX;
  const visible = gridEl.clientHeight - headEl.offsetHeight;
  if (top < gridEl.scrollTop) gridEl.scrollTop = top;
  else if (top + ROW_HEIGHT_PX > gridEl.scrollTop + visible) gridEl.scrollTop = top + ROW_HEIGHT_PX - visible;
  const cols = columns(sheet);
  let left = 0;
  for (const c of cols) {
    if (c.col === selection.col) break;
    left += c.width;
  }
  const width = cols.find((c) => c.col === selection.col)?.width ?? DEFAULT_COL_WIDTH_PX;
  const visibleWidth = gridEl.clientWidth - ROW_HEAD_WIDTH_PX;
  if (left < gridEl.scrollLeft) gridEl.scrollLeft = left;
  else if (left + width > gridEl.scrollLeft + visibleWidth) gridEl.scrollLeft = left + width - visibleWidth;
}

function openEditor(initial: string): void {
  const sheet = sheetInfo();
  if (!sheet || viewAt(selection.row, selection.col)?.kind === 'c') return;
  closeEditor(false);
  scrollIntoView();
  const target = gridEl.querySelector<HTMLElement>(`.cell[data-row="${selection.row}"][data-col="${selection.col}"]`);
  if (!target) return;
  const box = el('input', 'cell-editor');
  box.setAttribute('aria-label', `Edit ${columnName(selection.col)}${selection.row}`);
  box.value = initial;
  // Frozen rows sit in the sticky head, so their editor goes there too.
  const host = selection.row <= sheet.frozenRows ? headEl : bodyEl;
  const base = host.getBoundingClientRect();
  const rect = target.getBoundingClientRect();
  box.style.left = `${rect.left - base.left}px`;
  box.style.top = `${rect.top - base.top}px`;
  box.style.minWidth = `${rect.width}px`;
  const at = { sheet: sheet.name, ...selection };
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      const text = box.value;
      closeEditor(false);
      void writeCell(at.sheet, at.row, at.col, { input: text });
      if (event.key === 'Enter') select(at.row + 1, at.col, true);
      else select(at.row, at.col + 1, true);
      gridEl.focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeEditor(false);
      gridEl.focus();
    }
    event.stopPropagation();
  });
  box.addEventListener('blur', () => {
    if (editor === box) closeEditor(true, at);
  });
  editor = box;
  host.append(box);
  box.focus();
  box.setSelectionRange(box.value.length, box.value.length);
}

function closeEditor(commit: boolean, at?: { sheet: string; row: number; col: number }): void {
  const box = editor;
  editor = null;
  if (!box) return;
  box.remove();
  if (commit && at) void writeCell(at.sheet, at.row, at.col, { input: box.value });
}

type RowAction =
  | { action: 'insert-above' | 'insert-below' | 'delete'; row: number; count: number }
  | { action: 'sort'; col: number; descending: boolean }
  | { action: 'add-rows'; count: number }
  | { action: 'insert-left' | 'insert-right' | 'delete-columns'; col: number; count: number };

/** Inserts, deletes or sorts rows (or inserts and deletes columns) through the runtime's Sheets model, then shows the result. */
async function rowAction(action: RowAction): Promise<void> {
  closeEditor(false);
  closeListBox();
  try {
    await api('POST', '/api/rows', { sheet: activeSheet, ...action });
    // The runtime moved the selection to the rows it changed; the grid follows it.
    lastSelectionKey = '';
  } catch (error) {
    toast(error instanceof Error ? error.message : String(error), 'Rows', 6, true);
  }
  await loadWorkbook();
}

addRowsButton.addEventListener('click', () => {
  void rowAction({ action: 'add-rows', count: Number(addRowsCount.value) || DEFAULT_ADDED_ROWS });
});

// ---- Context menu -----------------------------------------------------------------------------------

const contextMenu = el('div', 'menu-popup context-menu');
contextMenu.setAttribute('role', 'menu');
contextMenu.setAttribute('aria-label', 'Cell actions');
contextMenu.hidden = true;
document.body.append(contextMenu);
let contextReturnFocus: HTMLElement | null = null;

function openContextMenu(x: number, y: number): void {
  const sheet = sheetInfo();
  if (!sheet) return;
  closeMenu(false);
  const n = block.numRows;
  const rows = n === 1 ? `row ${block.row}` : `rows ${block.row} - ${block.row + n - 1}`;
  const letter = columnName(selection.col);
  const item = (caption: string, run: () => void): HTMLElement => {
    const entry = el('button', undefined, caption);
    entry.type = 'button';
    entry.setAttribute('role', 'menuitem');
    entry.addEventListener('click', () => {
      closeContextMenu(true);
      run();
    });
    return entry;
  };
  contextMenu.replaceChildren(
    item(`Insert ${n} row${n === 1 ? '' : 's'} above`, () => void rowAction({ action: 'insert-above', row: block.row, count: n })),
    item(`Insert ${n} row${n === 1 ? '' : 's'} below`, () => void rowAction({ action: 'insert-below', row: block.row + n - 1, count: n })),
    item(`Delete ${rows}`, () => void rowAction({ action: 'delete', row: block.row, count: n })),
    el('hr'),
    item(`Insert 1 column left`, () => void rowAction({ action: 'insert-left', col: selection.col, count: 1 })),
    item(`Insert 1 column right`, () => void rowAction({ action: 'insert-right', col: selection.col, count: 1 })),
    item(`Delete column ${letter}`, () => void rowAction({ action: 'delete-columns', col: selection.col, count: 1 })),
    el('hr'),
    item(`Sort sheet by column ${letter}, A to Z`, () => void rowAction({ action: 'sort', col: selection.col, descending: false })),
    item(`Sort sheet by column ${letter}, Z to A`, () => void rowAction({ action: 'sort', col: selection.col, descending: true })),
  );
  contextReturnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : gridEl;
  contextMenu.hidden = false;
  const box = contextMenu.getBoundingClientRect();
  contextMenu.style.left = `${Math.max(0, Math.min(x, window.innerWidth - box.width - 4))}px`;
  contextMenu.style.top = `${Math.max(0, Math.min(y, window.innerHeight - box.height - 4))}px`;
  contextMenu.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
}

function closeContextMenu(restoreFocus: boolean): void {
  if (contextMenu.hidden) return;
  contextMenu.hidden = true;
  if (restoreFocus) (contextReturnFocus ?? gridEl).focus();
  contextReturnFocus = null;
}

/** Arrow keys, Home and End move between a menu's items; Escape and Tab close it. */
function menuKeys(popup: HTMLElement, close: (restoreFocus: boolean) => void): void {
  popup.addEventListener('keydown', (event) => {
    const items = [...popup.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    const at = items.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (event.key === 'ArrowDown') next = (at + 1) % items.length;
    else if (event.key === 'ArrowUp') next = (at - 1 + items.length) % items.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = items.length - 1;
    else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    } else if (event.key === 'Tab') {
      close(false);
      return;
    }
    if (next >= 0) {
      event.preventDefault();
      items[next]?.focus();
    }
  });
}
menuKeys(contextMenu, closeContextMenu);

// ---- A cell's list, and notes on hover ---------------------------------------------------------------

/** The allowed values of the selected list cell, as Sheets' dropdown chip shows them. */
function openListBox(): void {
  const view = viewAt(selection.row, selection.col);
  const sheet = sheetInfo();
  if (!view?.options || !sheet) return;
  closeListBox();
  const target = gridEl.querySelector<HTMLElement>(`.cell[data-row="${selection.row}"][data-col="${selection.col}"]`);
  if (!target) return;
  const box = el('select', 'list-box');
  box.size = Math.min(8, Math.max(2, view.options.length));
  box.setAttribute('aria-label', `Values for ${columnName(selection.col)}${selection.row}`);
  for (const value of view.options) {
    const option = el('option', undefined, value);
    option.value = value;
    option.selected = value === view.text;
    box.append(option);
  }
  const rect = target.getBoundingClientRect();
  box.style.left = `${rect.left}px`;
  box.style.top = `${rect.bottom}px`;
  box.style.minWidth = `${rect.width}px`;
  const at = { sheet: sheet.name, ...selection };
  const choose = (): void => {
    const value = box.value;
    closeListBox();
    gridEl.focus();
    if (value !== view.text) void writeCell(at.sheet, at.row, at.col, { input: value });
  };
  box.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).tagName === 'OPTION') choose();
  });
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      choose();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeListBox();
      gridEl.focus();
    }
    event.stopPropagation();
  });
  box.addEventListener('blur', () => {
    if (listBox === box) closeListBox();
  });
  listBox = box;
  document.body.append(box);
  box.focus();
}

function closeListBox(): void {
  const box = listBox;
  listBox = null;
  box?.remove();
}

function showNote(cell: HTMLElement, note: string): void {
  if (!notePopup) {
    notePopup = el('div', 'note-popup');
    notePopup.setAttribute('role', 'tooltip');
    document.body.append(notePopup);
  }
  notePopup.textContent = note;
  const rect = cell.getBoundingClientRect();
  notePopup.style.left = `${rect.right + 2}px`;
  notePopup.style.top = `${rect.top}px`;
  notePopup.hidden = false;
}

function hideNote(): void {
  if (notePopup) notePopup.hidden = true;
}

async function writeCell(sheet: string, row: number, col: number, what: { input: string } | { checked: boolean }): Promise<void> {
  try {
    await api('POST', '/api/cell', { sheet, row, col, ...what });
  } catch (error) {
    toast(error instanceof Error ? error.message : String(error), 'Could not change the cell', 6, true);
  }
  await loadWorkbook();
}

gridEl.addEventListener('scroll', () => queueRender());
window.addEventListener('resize', () => queueRender());
gridEl.addEventListener('mousedown', (event) => {
  if (event.button !== 0) return;
  const from = event.target as HTMLElement;
  if (from.closest('.add-rows')) return;
  const rowHead = from.closest<HTMLElement>('.row-head');
  if (rowHead?.dataset.row) {
    // A row number selects the whole row; with Shift, every row from the selected one.
    const row = Number(rowHead.dataset.row);
    const whole = block.numCols === sheetInfo()?.maxCols && block.col === 1;
    if (event.shiftKey && whole) {
      const top = Math.min(block.row, row);
      select(top, 1, false, { numRows: Math.max(block.row + block.numRows - 1, row) - top + 1, whole: true });
    } else {
      select(row, 1, false, { numRows: 1, whole: true });
    }
    event.preventDefault();
    gridEl.focus();
    return;
  }
  const target = from.closest<HTMLElement>('.cell');
  if (!target || target === editor) return;
  select(Number(target.dataset.row), Number(target.dataset.col));
  if (from.dataset.list) {
    event.preventDefault();
    openListBox();
    return;
  }
  gridEl.focus();
});
gridEl.addEventListener('contextmenu', (event) => {
  const from = event.target as HTMLElement;
  const rowHead = from.closest<HTMLElement>('.row-head');
  const target = from.closest<HTMLElement>('.cell');
  const row = Number(rowHead?.dataset.row ?? target?.dataset.row ?? 0);
  if (!row) return;
  event.preventDefault();
  // Right-clicking outside the selection selects what was clicked first, as Sheets does.
  if (!inBlockRows(row) || (target && !inBlockCols(Number(target.dataset.col)))) {
    if (rowHead) select(row, 1, false, { numRows: 1, whole: true });
    else select(row, Number(target?.dataset.col ?? 1));
  }
  openContextMenu(event.clientX, event.clientY);
});
gridEl.addEventListener('mouseover', (event) => {
  const cell = (event.target as HTMLElement).closest<HTMLElement>('.cell.has-note');
  if (cell?.dataset.note) showNote(cell, cell.dataset.note);
  else hideNote();
});
gridEl.addEventListener('mouseleave', () => hideNote());
gridEl.addEventListener('dblclick', (event) => {
  const target = (event.target as HTMLElement).closest<HTMLElement>('.cell');
  if (!target) return;
  openEditor(viewAt(selection.row, selection.col)?.input ?? '');
});
gridEl.addEventListener('keydown', (event) => {
  if (event.target !== gridEl) return;
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  const move = moves[event.key];
  const view = viewAt(selection.row, selection.col);
  // Sheets' shortcuts: Ctrl+Alt+= inserts rows above the selected ones, Ctrl+Alt+- deletes them;
  // Shift+F10 (or the context-menu key) opens the context menu; Alt+Down opens a cell's list.
  if ((event.ctrlKey || event.metaKey) && event.altKey && (event.key === '=' || event.key === '+')) {
    event.preventDefault();
    void rowAction({ action: 'insert-above', row: block.row, count: block.numRows });
  } else if ((event.ctrlKey || event.metaKey) && event.altKey && (event.key === '-' || event.key === '_')) {
    event.preventDefault();
    void rowAction({ action: 'delete', row: block.row, count: block.numRows });
  } else if ((event.shiftKey && event.key === 'F10') || event.key === 'ContextMenu') {
    event.preventDefault();
    const cell = gridEl.querySelector<HTMLElement>(`.cell[data-row="${selection.row}"][data-col="${selection.col}"]`);
    const rect = cell?.getBoundingClientRect();
    openContextMenu(rect ? rect.left + 8 : 100, rect ? rect.bottom : 100);
  } else if (event.altKey && event.key === 'ArrowDown' && view?.options) {
    event.preventDefault();
    openListBox();
  } else if (event.key === ' ' && view?.kind === 'c') {
    event.preventDefault();
    void writeCell(activeSheet, selection.row, selection.col, { checked: !view.checked });
  } else if (move) {
    event.preventDefault();
    select(selection.row + move[0], selection.col + move[1], true);
  } else if (event.key === 'Enter' || event.key === 'F2') {
    event.preventDefault();
    openEditor(viewAt(selection.row, selection.col)?.input ?? '');
  } else if (event.key === 'Delete' || event.key === 'Backspace') {
    event.preventDefault();
    void writeCell(activeSheet, selection.row, selection.col, { input: '' });
  } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    openEditor(event.key);
  }
});

nameBox.addEventListener('keydown', (event) => {
  if (event.key !== 'Enter') return;
  event.preventDefault();
  const sheet = sheetInfo();
  const rows = /^\s*(\d{1,7})\s*:\s*(\d{1,7})\s*$/.exec(nameBox.value);
  const target = rows ? { row: Math.min(Number(rows[1]), Number(rows[2])), col: 1 } : parseA1(nameBox.value);
  if (!target || !sheet) {
    toast(`"${nameBox.value}" is not a cell like B12 or rows like 5:7.`, 'Name box', 5, true);
    return;
  }
  const lastAsked = rows ? Math.max(Number(rows[1]), Number(rows[2])) : target.row;
  // Never a cell other than the one asked for: say why instead (the sheet is smaller).
  if (lastAsked > sheet.maxRows || target.col > sheet.maxCols || target.row < 1 || target.col < 1) {
    const where = lastAsked > sheet.maxRows || target.row < 1
      ? `"${sheet.name}" has ${sheet.maxRows.toLocaleString('en-US')} rows. Add rows with "Add" at the bottom of the grid, then try again.`
      : `"${sheet.name}" has ${sheet.maxCols} columns (up to ${columnName(sheet.maxCols)}).`;
    toast(`${nameBox.value.trim().toUpperCase()} is outside the sheet. ${where}`, 'Name box', 6, true);
    return;
  }
  if (rows) select(target.row, 1, true, { numRows: lastAsked - target.row + 1, whole: true });
  else select(target.row, target.col, true);
  gridEl.focus();
});
formulaBar.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    const at = { ...selection };
    void writeCell(activeSheet, at.row, at.col, { input: formulaBar.value });
    formulaBar.blur();
    select(at.row + 1, at.col, true);
    gridEl.focus();
  } else if (event.key === 'Escape') {
    formulaBar.blur();
    showSelection();
    gridEl.focus();
  }
});

// ---- Menu, sidebar, toasts --------------------------------------------------------------------------

async function loadMenu(): Promise<void> {
  menus = (await api<{ menus: Menu[] }>('GET', '/api/menu')).menus;
  menuPopup.replaceChildren(...menus.flatMap((menu) => [
    el('div', 'menu-title', menu.title),
    ...menu.items.map((item) => {
      if (item.separator) return el('hr');
      const entry = el('button', undefined, item.caption ?? item.functionName ?? '');
      entry.type = 'button';
      entry.setAttribute('role', 'menuitem');
      entry.addEventListener('click', () => {
        closeMenu(true);
        if (item.functionName) void runMenuItem(item.functionName, item.caption ?? item.functionName);
      });
      return entry;
    }),
  ]));
}

/** Where focus was before the menu opened (the grid, a cell), so Escape can put it back. */
let menuReturnFocus: HTMLElement | null = null;

function closeMenu(restoreFocus = false): void {
  if (menuPopup.hidden) return;
  menuPopup.hidden = true;
  menuButton.setAttribute('aria-expanded', 'false');
  if (restoreFocus) (menuReturnFocus && menuReturnFocus !== document.body ? menuReturnFocus : menuButton).focus();
  menuReturnFocus = null;
}

function openMenu(focusLast = false): void {
  if (!menuPopup.hidden) return;
  closeContextMenu(false);
  // The button takes focus on click; what had it before is where Escape goes back to.
  const before = lastFocused;
  void loadMenu().then(() => {
    menuReturnFocus = before;
    menuPopup.hidden = false;
    menuButton.setAttribute('aria-expanded', 'true');
    const items = menuPopup.querySelectorAll<HTMLElement>('[role="menuitem"]');
    items[focusLast ? items.length - 1 : 0]?.focus();
  }, (error: unknown) => toast(String(error), 'Menu', 5, true));
}

/** The element that had focus before the latest focus change outside the menus. */
let lastFocused: HTMLElement | null = null;
document.addEventListener('focusin', (event) => {
  const target = event.target as HTMLElement;
  if (!target.closest('.menu') && !target.closest('.context-menu')) lastFocused = target;
});

menuButton.addEventListener('click', () => {
  if (menuPopup.hidden) openMenu();
  else closeMenu(true);
});
menuButton.addEventListener('keydown', (event) => {
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    openMenu(event.key === 'ArrowUp');
  }
});
menuKeys(menuPopup, closeMenu);
document.addEventListener('mousedown', (event) => {
  const target = event.target as HTMLElement;
  if (!menuPopup.hidden && !target.closest('.menu')) closeMenu();
  if (!contextMenu.hidden && !target.closest('.context-menu')) closeContextMenu(false);
  if (listBox && !target.closest('.list-box') && !target.closest('.dv-arrow')) closeListBox();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && !menuPopup.hidden) closeMenu(true);
  if (event.key === 'Escape' && !contextMenu.hidden) closeContextMenu(true);
});

async function runMenuItem(fn: string, caption: string): Promise<void> {
  statusEl.textContent = `Running ${caption}…`;
  try {
    const answer = await api<{ execution: ExecutionView; sidebar: { url: string; title: string } | null }>('POST', '/api/run', { fn });
    showExecutionUi(answer.execution);
    if (answer.sidebar) openSidebar(answer.sidebar.url, answer.sidebar.title);
    if (!answer.execution.ok) toast(answer.execution.error ?? 'The script failed.', caption, 8, true);
  } catch (error) {
    toast(error instanceof Error ? error.message : String(error), caption, 6, true);
  }
  await loadWorkbook();
}

function showExecutionUi(execution: ExecutionView): void {
  for (const t of execution.toasts) toast(t.message, t.title, t.timeoutSeconds ?? TOAST_DEFAULT_SECONDS);
  if (execution.alerts.length) {
    showDialog(execution.alerts[0]?.title ?? 'Zoho CRM Sync for Sheets', execution.alerts.map((a) => el('p', undefined, a.prompt)));
  }
}

function openSidebar(url: string, title: string): void {
  $('sidebar-title').textContent = title;
  frame.src = url;
  panel.hidden = false;
  queueRender();
}

function closeSidebar(): void {
  panel.hidden = true;
  frame.src = 'about:blank';
  queueRender();
}

$('sidebar-close').addEventListener('click', closeSidebar);
window.addEventListener('message', (event) => {
  // The sidebar lives on another origin (as in Apps Script); only its frame may ask.
  if (event.source !== frame.contentWindow) return;
  const data = event.data as { type?: string } | null;
  if (data?.type === 'zcs-playground:close-sidebar') closeSidebar();
  if (data?.type === 'zcs-playground:focus-editor') gridEl.focus();
  if (data?.type === 'zcs-playground:ran' && !editor) void loadWorkbook().catch(() => undefined);
});

// ---- Daily trigger and Reset -----------------------------------------------------------------------

$('fire-daily').addEventListener('click', () => {
  const button = $<HTMLButtonElement>('fire-daily');
  button.disabled = true;
  void api<FireAnswer>('POST', '/api/fire-daily', {}).then((answer) => {
    const body: Node[] = [el('p', undefined, answer.message)];
    for (const run of answer.runs) {
      const box = el('div', 'run');
      const head = el('div');
      head.append(el('strong', undefined, run.functionName), document.createTextNode(' '),
        el('span', run.ok ? 'ok' : 'bad', run.ok ? 'completed' : `failed: ${run.error ?? ''}`),
        document.createTextNode(` · ${(run.elapsedMs / 1000).toFixed(1)} s of virtual time · ${run.urlfetchCalls} UrlFetch calls`));
      box.append(head);
      if (run.logs.length) box.append(el('pre', undefined, run.logs.join('\n')));
      body.push(box);
    }
    if (answer.nextDailyAt && workbook) body.push(el('p', undefined, `Next daily sync: ${formatClock(answer.nextDailyAt, workbook.spreadsheet.timeZone)}`));
    showDialog(answer.fired ? 'Daily trigger fired' : 'Nothing to fire', body);
  }, (error: unknown) => toast(error instanceof Error ? error.message : String(error), 'Daily trigger', 6, true))
    .finally(() => {
      button.disabled = false;
      void loadWorkbook();
    });
});

$('reset').addEventListener('click', () => {
  if (!window.confirm('Reset the playground? The workbook, the add-on\'s properties and triggers, and Zoho\'s records and tokens start over.')) return;
  void api('POST', '/api/reset', {}).then(() => location.reload(), (error: unknown) => toast(String(error), 'Reset', 6, true));
});

// ---- Start -----------------------------------------------------------------------------------------

async function start(): Promise<void> {
  await loadWorkbook();
  await loadMenu();
  // Opening the document shows the add-on's sidebar, as the menu's first item would.
  const open = menus.flatMap((m) => m.items).find((i) => i.functionName === 'showSidebar');
  if (open?.functionName) await runMenuItem(open.functionName, open.caption ?? 'Open sidebar');
  window.setInterval(() => {
    if (!editor) void loadWorkbook().catch(() => undefined);
  }, POLL_MS);
}

void start().catch((error: unknown) => toast(error instanceof Error ? error.message : String(error), 'The playground could not start', 30, true));
