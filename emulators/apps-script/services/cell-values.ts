// How Sheets stores what a script writes, and how it shows it: typed input parsing (numbers,
// booleans, dates, formulas, the apostrophe prefix), date serial numbers in the spreadsheet's zone,
// and display formatting by number format.

import { fromWallClock, toWallClock } from '../time-zone';

export type CellScalar = number | string | boolean;

/** What few cells have: a note, a validation rule, styles. */
export interface CellExtras {
  note?: string;
  dv?: ValidationData;
  bg?: string;
  fc?: string;
  fw?: string;
}

/** Everything one cell holds. Absent cell = empty. Dates are serial numbers with a date number format. */
export interface CellData extends CellExtras {
  v?: CellScalar;
  f?: string;   // formula, with its leading '='
  nf?: string;  // number format
}

export interface ValidationData {
  type: 'CHECKBOX' | 'VALUE_IN_LIST' | 'VALUE_IN_RANGE' | 'NUMBER_BETWEEN' | 'CUSTOM_FORMULA' | 'DATE_IS_VALID_DATE';
  values: unknown[];
  allowInvalid: boolean;
  helpText?: string;
}

const SERIAL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
export const DEFAULT_DATETIME_FORMAT = 'M/d/yyyy H:mm:ss'; // what Sheets (en_US) applies to a written Date

export function serialFromInstant(ms: number, tz: string): number {
  const w = toWallClock(ms, tz);
  return (Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - SERIAL_EPOCH_MS) / DAY_MS;
}

export function instantFromSerial(serial: number, tz: string): number {
  const wallMs = Math.round(SERIAL_EPOCH_MS + serial * DAY_MS);
  const d = new Date(wallMs);
  return fromWallClock({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(),
    minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds() }, tz);
}

function stripLiterals(nf: string): string {
  return nf.replace(/"[^"]*"/g, '').replace(/\[[^\]]*\]/g, '').replace(/\\./g, '');
}

const dateFormats = new Map<string, boolean>();

/** Whether a number format shows a date or time (memoised: a bulk read asks for every cell). */
export function isDateFormat(nf: string | undefined): boolean {
  if (!nf || nf === '@') return false;
  let known = dateFormats.get(nf);
  if (known === undefined) {
    known = /[ydhs]|m/i.test(stripLiterals(nf)) && !/^[#0.,%E+-]*$/i.test(stripLiterals(nf));
    if (dateFormats.size < 1000) dateFormats.set(nf, known);
  }
  return known;
}

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_RE = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const PERCENT_RE = /^([+-]?(\d+\.?\d*|\.\d+))%$/;
const CURRENCY_RE = /^([+-]?)\$(\d{1,3}(,\d{3})*|\d+)(\.\d+)?$/;
const ISO_DATE_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

export interface ParsedInput { v?: CellScalar; f?: string; nf?: string }

/** Significant digits Sheets keeps of a typed number. */
export const TYPED_NUMBER_DIGITS = 15;

/**
 * The number Sheets stores for typed digits: only the first 15 significant digits count, later ones
 * become zeros, so a 19-digit record id typed into a cell that is not Plain text loses its last four
 * digits (1234567890123456789 -> 1234567890123450000). Sources: Microsoft KB 269370 ("Last digits are
 * changed to zeros when you type long numbers", the spreadsheet rule Sheets follows) and sheets.wiki
 * /docs/Number ("approximately 15 decimal digits of precision"). Cutting rather than rounding is
 * Excel's documented behaviour; for Sheets it is assumed (an open question for a real sheet) and
 * changes nothing that matters here: past 15 digits the typed digits are lost either way.
 */
export function typedNumber(text: string): number {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+)?$/.exec(text);
  if (!m) return Number(text);
  const whole = m[2] ?? '';
  const fraction = m[3] ?? '';
  const digits = whole + fraction;
  const first = digits.search(/[1-9]/);
  if (first < 0 || digits.length - first <= TYPED_NUMBER_DIGITS) return Number(text);
  const kept = digits.slice(0, first + TYPED_NUMBER_DIGITS).padEnd(digits.length, '0');
  return Number(`${m[1]}${kept.slice(0, whole.length)}.${kept.slice(whole.length) || '0'}${m[4] ?? ''}`);
}

/** What Sheets stores for a string typed or written by setValue(s) (USER_ENTERED-like parsing). */
export function parseInput(s: string, currentFormat: string | undefined): ParsedInput {
  if (currentFormat === '@') return { v: s };
  if (s.startsWith("'")) return { v: s.slice(1) };
  if (s.length > 1 && s.startsWith('=')) return { f: s };
  const t = s.trim();
  if (t === '') return { v: s === '' ? undefined : s };
  if (NUMBER_RE.test(t)) return { v: typedNumber(t) };
  if (GROUPED_RE.test(t)) return { v: typedNumber(t.replace(/,/g, '')), nf: t.includes('.') ? '#,##0.00' : '#,##0' };
  let m = PERCENT_RE.exec(t);
  if (m) return { v: Number(m[1]) / 100, nf: m[1]!.includes('.') ? '0.00%' : '0%' };
  m = CURRENCY_RE.exec(t);
  if (m) return { v: Number(`${m[1]}${m[2]!.replace(/,/g, '')}${m[4] ?? ''}`), nf: '"$"#,##0.00' };
  if (/^(true|false)$/i.test(t)) return { v: t.toLowerCase() === 'true' };
  m = ISO_DATE_RE.exec(t);
  if (m) return dateInput(s, +m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[4] ? 'yyyy-mm-dd hh:mm:ss' : 'yyyy-mm-dd');
  m = US_DATE_RE.exec(t);
  if (m) return dateInput(s, +m[3]!, +m[1]!, +m[2]!, m[4], m[5], m[6], m[4] ? DEFAULT_DATETIME_FORMAT : 'M/d/yyyy');
  return { v: s };
}

/** A date Sheets recognises becomes a serial number; an impossible one (31/02/2026 in a US locale) stays the text typed. */
function dateInput(text: string, y: number, mo: number, d: number, h: string | undefined, mi: string | undefined, sec: string | undefined, nf: string): ParsedInput {
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth) return { v: text };
  const wall = Date.UTC(y, mo - 1, d, Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0));
  return { v: (wall - SERIAL_EPOCH_MS) / DAY_MS, nf };
}

/** Computed value of a formula: plain arithmetic is evaluated; anything else is not (no engine). */
export function evaluateFormula(f: string): CellScalar {
  const body = f.slice(1).trim();
  if (/^[\d\s+\-*/().]+$/.test(body) && /\d/.test(body)) {
    try {
      const v = Function(`"use strict"; return (${body});`)() as unknown;
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      return '#DIV/0!';
    } catch { return '#ERROR!'; }
  }
  if (/^[A-Za-z_][\w.]*\(.*\)$/s.test(body) || /^\$?[A-Za-z]{1,3}\$?\d+(:\$?[A-Za-z]{1,3}\$?\d+)?$/.test(body)) return '';
  if (/^[A-Za-z_][\w.]*$/.test(body)) return '#NAME?';
  return '#ERROR!';
}

function formatGeneral(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  const p = Number(n.toPrecision(10));
  return Math.abs(p) >= 1e15 || (Math.abs(p) < 1e-9 && p !== 0) ? p.toExponential().toUpperCase() : String(p);
}

function formatNumber(n: number, nf: string): string {
  const section = nf.split(';')[n < 0 && nf.includes(';') ? 1 : 0] ?? nf;
  const prefix = (/^(?:"([^"]*)"|\[\$([^\]-]*)[^\]]*\]|([$€£¥]))/.exec(section) ?? []).slice(1).find((x) => x !== undefined) ?? '';
  const core = stripLiterals(section).replace(/[$€£¥]/g, '');
  const percent = core.includes('%');
  const value = Math.abs(percent ? n * 100 : n);
  const decimals = (/\.([0#]+)/.exec(core)?.[1] ?? '').length;
  let digits = value.toFixed(decimals);
  if (core.includes(',')) {
    const [int, frac] = digits.split('.');
    digits = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? `.${frac}` : '');
  }
  const sign = n < 0 && !nf.includes(';') ? '-' : '';
  return `${sign}${prefix}${digits}${percent ? '%' : ''}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function formatDateSerial(serial: number, nf: string): string {
  const d = new Date(Math.round(SERIAL_EPOCH_MS + serial * DAY_MS));
  const tokens = nf.match(/"[^"]*"|\\.|am\/pm|a\/p|[yY]+|[mM]+|[dD]+|[hH]+|[sS]+|\.0+|./g) ?? [];
  const hasAmPm = tokens.some((t) => /^(am\/pm|a\/p)$/i.test(t));
  const pad = (v: number, w: number) => String(v).padStart(w, '0');
  let prevTime = false;
  return tokens.map((tok, i) => {
    const lower = tok.toLowerCase();
    if (tok.startsWith('"')) return tok.slice(1, -1);
    if (tok.startsWith('\\')) return tok.slice(1);
    if (/^y+$/.test(lower)) { prevTime = false; return lower.length <= 2 ? pad(d.getUTCFullYear() % 100, 2) : String(d.getUTCFullYear()); }
    if (/^d+$/.test(lower)) {
      prevTime = false;
      if (lower.length >= 4) return DAYS[d.getUTCDay()]!;
      if (lower.length === 3) return DAYS[d.getUTCDay()]!.slice(0, 3);
      return pad(d.getUTCDate(), lower.length);
    }
    if (/^h+$/.test(lower)) { prevTime = true; const h = hasAmPm ? (d.getUTCHours() % 12 || 12) : d.getUTCHours(); return pad(h, lower.length); }
    if (/^s+$/.test(lower)) { prevTime = true; return pad(d.getUTCSeconds(), lower.length); }
    if (/^\.0+$/.test(lower)) return `.${pad(d.getUTCMilliseconds(), 3).slice(0, lower.length - 1)}`;
    if (/^m+$/.test(lower)) {
      const nextIsSeconds = tokens.slice(i + 1).find((t) => /^[a-z]/i.test(t))?.toLowerCase().startsWith('s');
      if ((prevTime || nextIsSeconds) && lower.length <= 2) return pad(d.getUTCMinutes(), lower.length);
      if (lower.length >= 4) return MONTHS[d.getUTCMonth()]!;
      if (lower.length === 3) return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      return pad(d.getUTCMonth() + 1, lower.length);
    }
    if (lower === 'am/pm') return d.getUTCHours() < 12 ? 'AM' : 'PM';
    if (lower === 'a/p') return d.getUTCHours() < 12 ? 'A' : 'P';
    return tok;
  }).join('');
}

/** What the user sees (getDisplayValue) for a stored value, formula and number format. Date serials are already wall-clock time. */
export function displayOf(value: CellScalar | undefined, formula: string | undefined, nf: string | undefined): string {
  const v = formula !== undefined ? evaluateFormula(formula) : value;
  if (v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (!nf || nf === 'General' || nf === '@') return formatGeneral(v);
  if (isDateFormat(nf)) return formatDateSerial(v, nf);
  return formatNumber(v, nf);
}
