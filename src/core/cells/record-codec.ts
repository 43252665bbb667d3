// Column codecs by Zoho field type: a record value to a typed cell (pull), a cell back to the JSON
// value Zoho expects (push), with the field metadata checked before anything is sent. Which rows to
// push and how cells reach the sheet are sync/ and gas/ concerns, not this file's.
//
// Representation choices, each with its reason (the cell value decodeForCell returns, then the
// format numberFormatFor gives the column):
//
// - Text-like columns (text, textarea, email, phone, website, picklist, multiselect, lookups,
//   autonumber) are formatted '@' (Plain text) and written WITHOUT an apostrophe. Plain text makes
//   Sheets store whatever arrives as that text, whether written by setValues or typed by the user:
//   '00123' stays '00123', '+1 555 0100' stays a phone number, '=HYPERLINK(...)' is never evaluated.
//   The apostrophe guard (formula-safe.ts) only protects our own writes, not a user's later typing,
//   which is why the format is needed anyway. Both together are not safe: in a Plain-text cell
//   Sheets is believed to keep a leading apostrophe as a literal character (unverified on a real
//   sheet; listed as an open question), which would show "'+1 555 0100" and push the apostrophe to
//   Zoho. The caller must therefore set the column's format before writing its values, on every
//   pull (one setNumberFormat per column; cheap), so a format the user cleared is restored before
//   CRM text lands in it.
//   Text that ends up in a column that is not Plain text (a value Zoho sent in an unexpected shape,
//   a Long Integer too big for a number) goes through toSafeCellText instead.
// - Percent: Zoho's 25 (meaning 25 %) becomes the fraction 0.25 with format '0.00%'. Sheets then
//   shows "25.00%", formulas get the true ratio (=Amount*Probability works), and a user typing
//   "30%" gets 0.3, the same as the others. Encoding multiplies by 100 and rounds to the field's
//   decimal places (or to 9 places, which only removes float noise such as 0.07*100 =
//   7.000000000000001), so decode then encode gives Zoho's number back exactly. The alternative,
//   25 with format '0.00"%"', would silently send 0.3 when a user types "30%", since Sheets
//   parses the percent sign itself.
// - Multiselect: values joined with '; ' (ctx.multiSeparator). A value that itself contains ';'
//   needs no escaping: encode matches the allowed values (pick_list_values) against the text,
//   longest first, so "R&D; Ops; Sales" splits into the allowed value "R&D; Ops" and "Sales". If
//   both "R&D; Ops" and "R&D" + "Ops" are allowed, the longer value wins. Without pick-list
//   metadata the text is split on ';' and such a value cannot round-trip.
// - Dates are Dates at 00:00 of that day in the spreadsheet's zone, datetimes Dates of the exact
//   instant (apps-script-platform.md §1.10: getValues reads cells in the spreadsheet's zone).
//   Dates are created with `new Date(ms)` of the running realm.

import type { ZohoField, ZohoPicklistValue } from '../zoho/wire';
import { MAX_CELL_CHARS, isTruncatedCellText, toSafeCellText, truncateForCell } from './formula-safe';
import {
  ZoneOffsetPort, formatCalendarDate, formatZohoDateTime, isValidCalendarDate, roundToSecond,
  zonedMidnight, zonedParts, zonedWallTimeToInstant,
} from './time-zone';
import { parseZohoDate, parseZohoDateTime } from './zoho-time';

/** What a cell holds as getValues returns it and setValues accepts it; '' is an empty cell. */
export type CellValue = string | number | boolean | Date | '';

export interface CellContext {
  /** The spreadsheet's time zone (getSpreadsheetTimeZone), not the script's nor the Zoho org's. */
  timeZone: string;
  zones: ZoneOffsetPort;
  /** Between multiselect values in a cell; default '; '. Encode splits on its first non-space character. */
  multiSeparator?: string;
}

/** The record a lookup cell points at, kept by the caller so a push can send the id. */
export interface LookupLink {
  id: string;
  name: string;
}

export interface DecodedCell {
  value: CellValue;
  /** Set for lookup, owner and user fields that carry an id. */
  link?: LookupLink;
  /** True when the text was cut to fit a cell: warn the user and never push this cell back. */
  truncated?: boolean;
}

/** Finds records (or users) by name for lookup cells the user typed. */
export interface LookupResolver {
  /** Ids of the records in the field's target module (or the users) whose name is `name`; [] when none. */
  idsForName(field: ZohoField, name: string): string[];
  /**
   * The name Zoho gives the record (or user) `id`, when a name search found it: a cell that named
   * it by email or in another case then shows it as Zoho does. Undefined when not known.
   */
  nameOf?(field: ZohoField, id: string): string | undefined;
}

export interface EncodeContext extends CellContext {
  links?: LookupResolver;
  /** The link the last pull wrote into this cell; when the name is unchanged its id is sent. */
  previousLink?: LookupLink;
  /** Whether the record is being created or updated; decides which fields are writable. Default 'update'. */
  action?: 'insert' | 'update';
}

export type EncodeResult =
  | { ok: true; /** Zoho JSON value; null clears the field. */ value: unknown }
  | { ok: false; /** One plain sentence for the row's status cell. */ message: string };

export const DEFAULT_MULTI_SEPARATOR = '; ';
export const TEXT_FORMAT = '@';
export const DATE_FORMAT = 'yyyy-mm-dd';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Zoho's Integer field holds a 32-bit signed number. */
export const MAX_ZOHO_INTEGER = 2147483647;
/** Zoho's Long Integer field holds a 64-bit signed number; beyond 2^53 it travels as a digit string. */
export const MAX_ZOHO_BIGINT = '9223372036854775807';
const DEFAULT_DECIMAL_PLACES = 2;
/** Rounding applied when the field names no decimal places: removes float noise only. */
const NOISE_DECIMAL_PLACES = 9;
const MAX_LISTED_VALUES = 10;
const MAX_QUOTED_CHARS = 40;

/** Fields Zoho maintains itself, whatever their metadata says. */
export const SYSTEM_READ_ONLY_FIELDS: readonly string[] = [
  'id', 'Created_Time', 'Modified_Time', 'Created_By', 'Modified_By', 'Last_Activity_Time',
];

type Kind =
  | 'text' | 'picklist' | 'multiselect' | 'lookup' | 'integer' | 'bigint' | 'decimal' | 'currency'
  | 'percent' | 'boolean' | 'date' | 'datetime' | 'other';

function kindOfType(dataType: string): Kind {
  switch (dataType) {
    case 'text': case 'textarea': case 'email': case 'phone': case 'website': case 'autonumber':
    case 'profileimage': case 'mediumtext': case 'string':
      return 'text';
    case 'picklist': return 'picklist';
    case 'multiselectpicklist': return 'multiselect';
    case 'lookup': case 'ownerlookup': case 'userlookup': return 'lookup';
    case 'integer': return 'integer';
    case 'bigint': case 'long': return 'bigint';
    case 'double': case 'decimal': return 'decimal';
    case 'currency': return 'currency';
    case 'percent': return 'percent';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return 'datetime';
    default: return 'other';
  }
}

/** A formula column is typed by what the formula returns (reference §4.2). */
function kindOf(field: ZohoField): Kind {
  if (field.data_type === 'formula') {
    const returnType = (field.formula as { return_type?: string } | undefined)?.return_type ?? 'string';
    const kind = kindOfType(returnType);
    return kind === 'other' ? 'text' : kind;
  }
  return kindOfType(field.data_type);
}

/**
 * Whether a field's cells are calendar days ('date': 00:00 of the day in the spreadsheet's zone) or
 * instants ('datetime'), including formulas returning either; null for every other field.
 */
export function dateKindOf(field: ZohoField): 'date' | 'datetime' | null {
  const kind = kindOf(field);
  return kind === 'date' || kind === 'datetime' ? kind : null;
}

function decimalPlaces(field: ZohoField, kind: Kind): number | null {
  if (kind === 'currency') {
    const precision = (field.currency as { precision?: number } | undefined)?.precision;
    if (typeof precision === 'number') return precision;
  }
  return typeof field.decimal_place === 'number' ? field.decimal_place : null;
}

function fixedPattern(places: number): string {
  return places > 0 ? `0.${'0'.repeat(places)}` : '0';
}

/**
 * The number format for a field's column, one per column; null means Automatic (boolean columns,
 * which Sheets shows as TRUE/FALSE whatever the format). Set it before writing the column's values.
 */
export function numberFormatFor(field: ZohoField): string | null {
  const kind = kindOf(field);
  switch (kind) {
    case 'integer': case 'bigint': return '0';
    case 'decimal': return fixedPattern(decimalPlaces(field, kind) ?? DEFAULT_DECIMAL_PLACES);
    case 'currency': {
      // The org's symbol as a quoted literal, so the number stays a number (=SUM works) and reads as money.
      const symbol = (field.currency as { symbol?: string } | undefined)?.symbol;
      const pattern = `#,##${fixedPattern(decimalPlaces(field, kind) ?? DEFAULT_DECIMAL_PLACES)}`;
      return symbol ? `"${symbol.replace(/"/g, '')}"${pattern}` : pattern;
    }
    case 'percent': return `${fixedPattern(decimalPlaces(field, kind) ?? DEFAULT_DECIMAL_PLACES)}%`;
    case 'boolean': return null;
    case 'date': return DATE_FORMAT;
    case 'datetime': return DATETIME_FORMAT;
    default: return TEXT_FORMAT;
  }
}

/** Whether a field's cells are amounts of money (currency fields and formulas returning currency). */
export function isCurrencyField(field: ZohoField): boolean {
  return kindOf(field) === 'currency';
}

/**
 * Fields whose currency columns show the org's symbol: Zoho's field metadata names no currency, the
 * org's does (GET /org currency_symbol), and a single-currency org writes every amount in it.
 */
export function withOrgCurrency(fields: readonly ZohoField[], symbol: string): ZohoField[] {
  if (!symbol) return [...fields];
  return fields.map((f) => (kindOf(f) === 'currency' ? { ...f, currency: { ...f.currency, symbol } } : f));
}

function labelOf(field: ZohoField): string {
  return field.field_label || field.display_label || field.api_name;
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]' && !isNaN((value as Date).getTime());
}

/** Text for a Plain-text column: as is, cut to fit. */
function plainText(text: string): DecodedCell {
  const cut = truncateForCell(text);
  return cut.truncated ? { value: cut.text, truncated: true } : { value: cut.text };
}

/** Text for a column that is not Plain text: guarded so Sheets keeps it as text. */
function guardedText(text: string): DecodedCell {
  // One short of the limit, so the written string fits with its apostrophe too.
  const cut = truncateForCell(text, MAX_CELL_CHARS - 1);
  const value = toSafeCellText(cut.text);
  return cut.truncated ? { value, truncated: true } : { value };
}

/** A readable rendering of anything Zoho sends in a shape we do not map (subforms, attachments...). */
function summarize(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(summarize).filter((s) => s !== '').join(DEFAULT_MULTI_SEPARATOR);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string') return record.name;
    // Linking records of multiselect lookups nest the target: {Contacts: {name, id}}.
    for (const key of Object.keys(record)) {
      const inner = record[key];
      if (inner && typeof inner === 'object' && typeof (inner as Record<string, unknown>).name === 'string') {
        return (inner as Record<string, unknown>).name as string;
      }
    }
    return JSON.stringify(value);
  }
  return '';
}

function displayFor(field: ZohoField, actual: string): string {
  const match = (field.pick_list_values ?? []).find((v) => v.actual_value === actual);
  return match ? match.display_value : actual;
}

function numberFrom(value: unknown): number | null {
  if (typeof value === 'number') return isFinite(value) ? value : null;
  if (typeof value === 'string') return parseNumberText(value);
  return null;
}

/**
 * Turns a Zoho record value into the cell the pull writes, never throwing: a value in a shape the
 * field type does not expect is shown as text rather than lost.
 */
export function decodeForCell(field: ZohoField, value: unknown, ctx: CellContext): DecodedCell {
  if (isEmpty(value)) return { value: '' };
  const kind = kindOf(field);
  switch (kind) {
    case 'text':
      return plainText(summarize(value));
    case 'picklist':
      return plainText(typeof value === 'string' ? displayFor(field, value) : summarize(value));
    case 'multiselect': {
      if (!Array.isArray(value)) return plainText(summarize(value));
      const separator = ctx.multiSeparator ?? DEFAULT_MULTI_SEPARATOR;
      return plainText(value.map((v) => (typeof v === 'string' ? displayFor(field, v) : summarize(v))).join(separator));
    }
    case 'lookup': {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        const id = record.id === undefined || record.id === null ? '' : String(record.id);
        const name = typeof record.name === 'string' ? record.name : id;
        const cell = plainText(name);
        return id ? { ...cell, link: { id, name } } : cell;
      }
      return plainText(summarize(value));
    }
    case 'integer': case 'decimal': case 'currency': {
      const n = numberFrom(value);
      return n === null ? guardedText(summarize(value)) : { value: n };
    }
    case 'bigint': {
      const n = numberFrom(value);
      // Past 2^53 a number cell would round the id-like value; keep the digits as text instead.
      if (n === null || !Number.isSafeInteger(n)) return guardedText(summarize(value));
      return { value: n };
    }
    case 'percent': {
      const n = numberFrom(value);
      return n === null ? guardedText(summarize(value)) : { value: n / 100 };
    }
    case 'boolean':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return guardedText(summarize(value));
    case 'date': {
      const day = typeof value === 'string' ? parseZohoDate(value) : null;
      if (!day) return guardedText(summarize(value));
      return { value: new Date(zonedMidnight(day.year, day.month, day.day, ctx.timeZone, ctx.zones)) };
    }
    case 'datetime': {
      const instant = typeof value === 'string' ? parseZohoDateTime(value) : null;
      return instant === null ? guardedText(summarize(value)) : { value: new Date(instant) };
    }
    default:
      return plainText(summarize(value));
  }
}

/**
 * Whether the sheet may send a value for this field. False for read-only metadata (for this user
 * or everyone), formulas, auto-numbers, Zoho's system fields, types the sheet cannot edit
 * (subforms, attachments, multi-lookups) and fields the API may not create or update.
 */
export function isWritableField(field: ZohoField, action: 'insert' | 'update' = 'update'): boolean {
  if (field.field_read_only || field.read_only) return false;
  if (field.data_type === 'formula' || field.data_type === 'autonumber') return false;
  if (SYSTEM_READ_ONLY_FIELDS.indexOf(field.api_name) >= 0) return false;
  if (kindOf(field) === 'other') return false;
  const operations = field.operation_type;
  if (operations && action === 'update' && operations.api_update === false) return false;
  if (operations && action === 'insert' && operations.api_create === false) return false;
  return true;
}

function clip(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS - 1)}…` : text;
}

/** How a refused cell is quoted in a message: "text", 12.5, TRUE, "2026-01-31 10:00:00". */
function describeCell(cell: unknown, ctx: CellContext): string {
  if (typeof cell === 'string') return `"${clip(cell)}"`;
  if (typeof cell === 'number') return String(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isDate(cell)) return `"${dateCellText(cell, ctx)}"`;
  return `"${clip(String(cell))}"`;
}

/** A Date cell as the user sees it in the sheet's zone; the time part only when it is not midnight. */
function dateCellText(cell: Date, ctx: CellContext): string {
  const p = zonedParts(roundToSecond(cell.getTime()), ctx.timeZone, ctx.zones);
  const day = formatCalendarDate(p);
  if (p.hour === 0 && p.minute === 0 && p.second === 0) return day;
  const two = (n: number): string => (n < 10 ? `0${n}` : String(n));
  return `${day} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** The canonical text of a number: no exponent for ordinary magnitudes, no '-0'. */
function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/** A cell as text, for text-like fields; numbers and dates appear when a column lost its Plain-text format. */
function cellText(cell: unknown, ctx: CellContext): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return numberText(cell);
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (isDate(cell)) return dateCellText(cell, ctx);
  return String(cell);
}

/**
 * Reads a number typed as text, locale-neutral: '1234.5', '-12', '+3', '1,234.50' (comma thousands
 * only in groups of three), '1e5'. Returns null for anything else.
 */
export function parseNumberText(text: string): number | null {
  const t = text.trim().replace(/^\+/, '');
  if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''));
  if (/^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return null;
}

/** Rounds half away from zero to `places` decimals, without 1.005 -> 1.00 float surprises. */
export function roundToPlaces(value: number, places: number): number {
  const abs = Math.abs(value);
  const text = String(abs);
  let rounded = text.indexOf('e') < 0 ? Number(`${Math.round(Number(`${text}e${places}`))}e-${places}`) : NaN;
  if (!isFinite(rounded)) rounded = Math.round(abs * Math.pow(10, places)) / Math.pow(10, places);
  const signed = value < 0 ? -rounded : rounded;
  return signed === 0 ? 0 : signed;
}

function fail(message: string): EncodeResult {
  return { ok: false, message };
}

function ok(value: unknown): EncodeResult {
  return { ok: true, value };
}

function isBlankCell(cell: unknown): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'on', 'checked', 'x'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'off', 'unchecked'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RECORD_ID = /^\d{5,25}$/;
/** Zoho record and user ids are 19-digit strings (reference §3). */
const ZOHO_ID = /^\d{19}$/;
/**
 * Sheets keeps 15 significant digits of a number (a 19-digit id typed into a cell that is not Plain
 * text comes back with its last four digits as zeros), so a number cell from 10^15 up may no longer
 * hold the digits the user typed.
 */
const MIN_INEXACT_NUMBER_CELL = 1e15;
const LOOSE_DATE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const LOOSE_DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Turns a cell the user may have edited into the value Zoho expects for the field, checking the
 * field metadata first so a bad value is reported in the row's status cell instead of being sent.
 * Call it only for cells whose value changed (or every writable cell of an inserted row): a
 * read-only field is always refused. Blank cells clear the field (null), except booleans, where
 * blank is unchecked (false), and mandatory fields, which are refused.
 */
export function encodeFromCell(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const label = labelOf(field);
  const action = ctx.action ?? 'update';
  if (!isWritableField(field, action)) {
    return fail(kindOf(field) === 'other' && !field.read_only && !field.field_read_only
      ? `${label} can't be edited from the sheet; change it in Zoho CRM.`
      : `${label} is read-only in Zoho CRM, so edits to it can't be sent.`);
  }
  const kind = kindOf(field);
  if (kind === 'boolean') return encodeBoolean(field, cell, ctx);
  if (isBlankCell(cell)) {
    return field.system_mandatory ? fail(`${label} is required in Zoho CRM and can't be empty.`) : ok(null);
  }
  if (typeof cell === 'string' && isTruncatedCellText(cell)) {
    return fail(`${label}: this cell was cut to fit the sheet, so it can't be sent; edit the full text in Zoho CRM.`);
  }
  switch (kind) {
    case 'text': return encodeText(field, cell, ctx);
    case 'picklist': return encodePicklist(field, cell, ctx);
    case 'multiselect': return encodeMultiselect(field, cell, ctx);
    case 'lookup': return encodeLookup(field, cell, ctx);
    case 'integer': case 'bigint': return encodeInteger(field, cell, ctx, kind);
    case 'decimal': case 'currency': case 'percent': return encodeDecimal(field, cell, ctx, kind);
    case 'date': return encodeDate(field, cell, ctx);
    case 'datetime': return encodeDateTime(field, cell, ctx);
    default: return fail(`${label} can't be edited from the sheet; change it in Zoho CRM.`);
  }
}

function codePointLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count += 1;
  }
  return count;
}

/**
 * A leading apostrophe typed to keep `=`, `+`, `-` or `@` from being read as a formula: Sheets drops
 * it in other formats, but a Plain-text cell keeps what was typed (this file's header), so the
 * apostrophe would reach Zoho. Any other leading apostrophe ("'s-Hertogenbosch") is the text's own.
 */
const ESCAPING_APOSTROPHE = /^'(?=[=+\-@])/;

function encodeText(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const label = labelOf(field);
  let text = cellText(cell, ctx).replace(ESCAPING_APOSTROPHE, '');
  if (field.data_type === 'email') {
    text = text.trim();
    if (!EMAIL.test(text)) return fail(`${label}: ${describeCell(cell, ctx)} is not an email address (use name@example.com).`);
  }
  const length = codePointLength(text);
  if (typeof field.length === 'number' && field.length > 0 && length > field.length) {
    return fail(`${label}: the text has ${length} characters; Zoho CRM allows at most ${field.length}.`);
  }
  return ok(text);
}

function listAllowed(values: ZohoPicklistValue[]): string {
  const names = values.map((v) => v.display_value).filter((v) => v !== '-None-');
  const shown = names.slice(0, MAX_LISTED_VALUES).join(', ');
  return names.length > MAX_LISTED_VALUES ? `${shown}, …` : shown;
}

/** The canonical actual value of a picklist entry named by display value, actual value, or either in any case. */
function matchPicklist(values: ZohoPicklistValue[], text: string): ZohoPicklistValue | undefined {
  const lower = text.toLowerCase();
  return values.find((v) => v.display_value === text)
    ?? values.find((v) => v.actual_value === text)
    ?? values.find((v) => v.display_value.toLowerCase() === lower || v.actual_value.toLowerCase() === lower);
}

function encodePicklist(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const text = cellText(cell, ctx).trim();
  const values = field.pick_list_values ?? [];
  if (values.length === 0) return ok(text);
  const match = matchPicklist(values, text);
  if (!match) return fail(`${labelOf(field)}: ${describeCell(text, ctx)} is not an allowed value (${listAllowed(values)}).`);
  return ok(match.actual_value);
}

/**
 * Splits a multiselect cell against the allowed values, longest match first and backtracking, so a
 * value containing the separator still round-trips. Returns the canonical values, or the first
 * piece no allowed value matches.
 */
function splitMultiselect(text: string, values: ZohoPicklistValue[], separator: string): { values: string[] } | { unknown: string } {
  const candidates = values
    .map((v) => ({ v, keys: [v.display_value, v.actual_value] }))
    .sort((a, b) => Math.max(b.keys[0]!.length, b.keys[1]!.length) - Math.max(a.keys[0]!.length, a.keys[1]!.length));
  let firstUnknown: string | null = null;
  const atBoundary = (pos: number): number | null => {
    let p = pos;
    while (p < text.length && /\s/.test(text.charAt(p))) p += 1;
    if (p === text.length) return p;
    return text.charAt(p) === separator ? p + 1 : null;
  };
  const walk = (pos: number): string[] | null => {
    let start = pos;
    while (start < text.length && /\s/.test(text.charAt(start))) start += 1;
    if (start === text.length) return [];
    if (text.charAt(start) === separator) return walk(start + 1);
    for (const caseSensitive of [true, false]) {
      for (const { v, keys } of candidates) {
        for (const key of keys) {
          if (key === '') continue;
          const piece = text.slice(start, start + key.length);
          if (caseSensitive ? piece !== key : piece.toLowerCase() !== key.toLowerCase()) continue;
          const next = atBoundary(start + key.length);
          if (next === null) continue;
          const rest = walk(next);
          if (rest) return [v.actual_value, ...rest];
        }
      }
    }
    if (firstUnknown === null) {
      const end = text.indexOf(separator, start);
      firstUnknown = (end < 0 ? text.slice(start) : text.slice(start, end)).trim();
    }
    return null;
  };
  const result = walk(0);
  return result ? { values: result } : { unknown: firstUnknown ?? text.trim() };
}

function encodeMultiselect(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const text = cellText(cell, ctx);
  const separator = (ctx.multiSeparator ?? DEFAULT_MULTI_SEPARATOR).trim().charAt(0) || ';';
  const allowed = field.pick_list_values ?? [];
  let chosen: string[];
  if (allowed.length === 0) {
    chosen = text.split(separator).map((s) => s.trim()).filter((s) => s !== '');
  } else {
    let split = splitMultiselect(text, allowed, separator);
    // Sheets' own multi-select dropdowns, and most people, list values with commas: read them so
    // when the configured separator gives no match (allowed values still match longest first, so
    // one that contains a comma stays whole).
    if ('unknown' in split && separator !== ',' && text.indexOf(',') >= 0) {
      const byComma = splitMultiselect(text, allowed, ',');
      // Refused either way: name the piece as the rep wrote the list.
      if (!('unknown' in byComma) || text.indexOf(separator) < 0) split = byComma;
    }
    if ('unknown' in split) {
      return fail(`${labelOf(field)}: ${describeCell(split.unknown, ctx)} is not an allowed value (${listAllowed(allowed)}).`);
    }
    chosen = split.values;
  }
  const unique = chosen.filter((v, i) => chosen.indexOf(v) === i);
  if (unique.length === 0) return field.system_mandatory ? fail(`${labelOf(field)} is required in Zoho CRM and can't be empty.`) : ok(null);
  return ok(unique);
}

/**
 * A lookup or owner cell names its record (or user) by name or by id. A 19-digit id is sent as the
 * id without a name search, and Zoho checks that it exists. A number cell can only be a name made of
 * digits, since no 19-digit id survives as a number: up to 15 digits it is exact and its digits are
 * the name; longer, Sheets may have changed digits, so the row is refused rather than sent.
 */
function encodeLookup(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const label = labelOf(field);
  const target = field.data_type === 'lookup' ? 'record' : 'user';
  if (typeof cell === 'number' && !(Math.abs(cell) < MIN_INEXACT_NUMBER_CELL)) {
    return fail(`${label}: ${describeCell(cell, ctx)} was stored as a number, and Sheets keeps only 15 digits of a number, so the ${target} id may have changed. Format the column as Plain text (Format > Number > Plain text) and type the id again.`);
  }
  const name = cellText(cell, ctx).trim();
  if (ctx.previousLink && ctx.previousLink.name === name) return ok({ id: ctx.previousLink.id });
  if (ZOHO_ID.test(name)) return ok({ id: name });
  const ids = ctx.links ? ctx.links.idsForName(field, name) : [];
  const distinct = ids.filter((id, i) => ids.indexOf(id) === i);
  if (distinct.length === 1) return ok({ id: distinct[0] });
  if (distinct.length > 1) {
    return fail(`${label}: ${distinct.length} records are named ${describeCell(name, ctx)}; put the record id in the cell instead.`);
  }
  if (RECORD_ID.test(name)) return ok({ id: name });
  return fail(`${label}: no ${target} named ${describeCell(name, ctx)} was found; use the exact name or the ${target} id.`);
}

function compareDigitStrings(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

function encodeInteger(field: ZohoField, cell: unknown, ctx: EncodeContext, kind: 'integer' | 'bigint'): EncodeResult {
  const label = labelOf(field);
  if (kind === 'bigint' && typeof cell === 'string') {
    // Long Integers past 2^53 arrive as text (see decodeForCell) and go back as digit strings.
    const digits = /^\s*([+-]?)0*(\d+)\s*$/.exec(cell);
    if (digits && !Number.isSafeInteger(Number(digits[2]))) {
      if (compareDigitStrings(digits[2] ?? '', MAX_ZOHO_BIGINT) > 0) {
        return fail(`${label}: ${describeCell(cell, ctx)} is too large; Zoho CRM allows at most ${MAX_ZOHO_BIGINT}.`);
      }
      return ok(`${digits[1] === '-' ? '-' : ''}${digits[2]}`);
    }
  }
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' ? parseNumberText(cell) : null;
  if (n === null || !isFinite(n)) return fail(`${label}: ${describeCell(cell, ctx)} is not a number.`);
  if (!Number.isInteger(n)) return fail(`${label}: ${describeCell(cell, ctx)} is not a whole number.`);
  const limit = kind === 'integer' ? MAX_ZOHO_INTEGER : Number.MAX_SAFE_INTEGER;
  if (n > limit || n < -limit - (kind === 'integer' ? 1 : 0)) {
    return fail(`${label}: ${describeCell(cell, ctx)} is too large; Zoho CRM allows whole numbers from ${-limit - (kind === 'integer' ? 1 : 0)} to ${limit}.`);
  }
  return ok(n === 0 ? 0 : n);
}

function encodeDecimal(field: ZohoField, cell: unknown, ctx: EncodeContext, kind: 'decimal' | 'currency' | 'percent'): EncodeResult {
  const label = labelOf(field);
  let n: number | null = null;
  if (typeof cell === 'number') {
    // A percent cell holds the fraction Sheets shows as a percentage.
    n = kind === 'percent' ? cell * 100 : cell;
  } else if (typeof cell === 'string') {
    const percentSign = kind === 'percent' ? /^\s*(.*?)\s*%\s*$/.exec(cell) : null;
    // Text in a percent column (typed into a cell that lost its format) is read as written: "25" or "25%" is 25 %.
    n = parseNumberText(percentSign ? percentSign[1] ?? '' : cell);
  }
  if (n === null || !isFinite(n)) {
    const hint = kind === 'percent' ? ' (use a percentage such as 25%)' : '';
    return fail(`${label}: ${describeCell(cell, ctx)} is not a number${hint}.`);
  }
  return ok(roundToPlaces(n, decimalPlaces(field, kind) ?? NOISE_DECIMAL_PLACES));
}

function encodeBoolean(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  if (typeof cell === 'boolean') return ok(cell);
  if (isBlankCell(cell)) return ok(false);
  if (cell === 1 || cell === 0) return ok(cell === 1);
  if (typeof cell === 'string') {
    const word = cell.trim().toLowerCase();
    if (TRUE_WORDS.indexOf(word) >= 0) return ok(true);
    if (FALSE_WORDS.indexOf(word) >= 0) return ok(false);
  }
  return fail(`${labelOf(field)}: ${describeCell(cell, ctx)} is not a yes/no value (use TRUE or FALSE).`);
}

function yearInRange(year: number): boolean {
  return year >= 1 && year <= 9999;
}

function encodeDate(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const refused = fail(`${labelOf(field)}: ${describeCell(cell, ctx)} is not a date (use YYYY-MM-DD).`);
  if (isDate(cell)) {
    // The calendar day the user sees: the cell's instant read in the spreadsheet's zone (§1.10).
    const p = zonedParts(roundToSecond(cell.getTime()), ctx.timeZone, ctx.zones);
    return yearInRange(p.year) ? ok(formatCalendarDate(p)) : refused;
  }
  if (typeof cell !== 'string') return refused;
  const match = LOOSE_DATE.exec(cell.trim());
  if (!match) return refused;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (!yearInRange(year) || !isValidCalendarDate(year, month, day)) return refused;
  return ok(formatCalendarDate({ year, month, day }));
}

function encodeDateTime(field: ZohoField, cell: unknown, ctx: EncodeContext): EncodeResult {
  const refused = fail(`${labelOf(field)}: ${describeCell(cell, ctx)} is not a date and time (use YYYY-MM-DD hh:mm:ss).`);
  let instant: number | null = null;
  if (isDate(cell)) {
    instant = cell.getTime();
  } else if (typeof cell === 'string') {
    const text = cell.trim();
    instant = parseZohoDateTime(text);
    const wall = instant === null ? LOOSE_DATETIME.exec(text) : null;
    const day = instant === null && !wall ? parseZohoDate(text) : null;
    if (wall) {
      const parts = {
        year: Number(wall[1]), month: Number(wall[2]), day: Number(wall[3]),
        hour: Number(wall[4]), minute: Number(wall[5]), second: Number(wall[6] ?? '0'),
      };
      const valid = isValidCalendarDate(parts.year, parts.month, parts.day) && parts.hour < 24 && parts.minute < 60 && parts.second < 60;
      // Text without an offset means wall-clock time in the spreadsheet's zone, like a typed date.
      if (valid) instant = zonedWallTimeToInstant(parts, ctx.timeZone, ctx.zones);
    } else if (day) {
      instant = zonedMidnight(day.year, day.month, day.day, ctx.timeZone, ctx.zones);
    }
  }
  if (instant === null) return refused;
  // Zoho reads the offset, so any zone names the same instant; the sheet's zone keeps it readable.
  const formatted = formatZohoDateTime(instant, ctx.timeZone, ctx.zones);
  // Zoho's form has a four-digit year: refuse year 0 and below, and 10000 onwards.
  return /^\d{4}-/.test(formatted) && !formatted.startsWith('0000') ? ok(formatted) : refused;
}

function isEmptyForMandatory(value: unknown): boolean {
  if (isBlankCell(value)) return true;
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * The system-mandatory fields an inserted row leaves empty, in `fields` order: checked before
 * sending so the row's status names them instead of Zoho's MANDATORY_NOT_FOUND.
 * @param rowValues cell values by field api_name; a field with no column counts as empty.
 * Owner is never reported (Zoho makes the connected user the owner) nor checkboxes (blank is false).
 */
export function mandatoryMissing(fields: ZohoField[], rowValues: Readonly<Record<string, unknown>>): ZohoField[] {
  return fields.filter((field) => field.system_mandatory
    && isWritableField(field, 'insert')
    && field.data_type !== 'ownerlookup'
    && kindOf(field) !== 'boolean'
    && isEmptyForMandatory(rowValues[field.api_name]));
}

/** One sentence for the status cell naming the missing fields; '' when none are. */
export function describeMandatoryMissing(missing: ZohoField[]): string {
  if (missing.length === 0) return '';
  const labels = missing.map(labelOf);
  return missing.length === 1
    ? `${labels[0]} is required in Zoho CRM; fill it in before the row can be added.`
    : `${labels.join(', ')} are required in Zoho CRM; fill them in before the row can be added.`;
}
