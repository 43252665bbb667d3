// Text written into cells so Sheets keeps it as the same text: the leading-apostrophe guard, and
// the 50,000-character cell limit. Which columns get the guard is record-codec.ts's decision.

/**
 * Sheets treats a leading apostrophe as "this is text": it stores and shows what follows, and
 * getValues returns the text without the apostrophe. So `toSafeCellText(s)` written through
 * setValues reads back as exactly `s`, for every `s` (see {@link expectedReadBack}).
 *
 * The apostrophe is added when a string written into an Automatic-format cell could become
 * something else:
 * - a formula or a sign: it starts with `=`, `+`, `-` or `@` (after any whitespace), or with a tab
 *   or line break (the usual CSV-injection set);
 * - an apostrophe of its own, which Sheets would otherwise strip;
 * - an error literal such as `#N/A` (any leading `#`);
 * - a boolean: TRUE / FALSE in any case;
 * - a number, date, time, percent or currency amount in any locale: any text with a digit whose
 *   other characters are number punctuation plus at most a few short words ('Jan 5, 2026',
 *   '5. Januar 2026', '10:30 pm', '1e5', '00123', '50%', '$1,200', '(5)').
 * The detector is deliberately loose: an unneeded apostrophe is invisible in the cell and never
 * reaches getValues, while a missed one turns '00123' into 123 or a phone number into a formula.
 */
export function toSafeCellText(text: string): string {
  return needsTextGuard(text) ? `'${text}` : text;
}

/** What getValues returns for a string written through setValues into a cell that is not plain-text
 * formatted: the text with one leading apostrophe removed. */
export function expectedReadBack(written: string): string {
  return written.charAt(0) === "'" ? written.slice(1) : written;
}

const LEADING_TRIGGER = /^[\t\r\n]|^\s*[=+\-@'#]/;
const BOOLEAN_WORD = /^(true|false)$/i;
/** Digits, separators, signs, brackets, percent and currency signs Sheets reads as part of a number or date. */
const NUMBER_PUNCTUATION = /[0-9\s.,:;/\\\-+%()'’$€£¥₹¢₩₽]+/g;
const MAX_WORDS_IN_DATE = 4;
const MAX_WORD_LENGTH = 12;

/** True when Sheets might read `text` as anything but that text. */
export function needsTextGuard(text: string): boolean {
  if (text === '') return false;
  if (LEADING_TRIGGER.test(text)) return true;
  const trimmed = text.trim();
  if (BOOLEAN_WORD.test(trimmed)) return true;
  if (!/[0-9]/.test(trimmed)) return false;
  // What is left once number punctuation is gone must look like month, weekday, AM/PM, 'T', 'e'
  // or a currency code for Sheets to parse it; anything more wordy stays text.
  const words = trimmed.replace(NUMBER_PUNCTUATION, ' ').trim().split(/\s+/).filter((w) => w !== '');
  return words.length <= MAX_WORDS_IN_DATE && words.every((w) => w.length <= MAX_WORD_LENGTH);
}

/** Google Sheets: a cell holds at most 50,000 characters (apps-script-platform.md §1.7). */
export const MAX_CELL_CHARS = 50000;

const MARKER_PATTERN = / \[cut to fit the sheet: [0-9,]+ more characters are in Zoho CRM\]$/;

export interface TruncatedText {
  /** The text to write; equal to the input when it fits. */
  text: string;
  /** True when characters were cut; the caller must warn and must not push the cell back. */
  truncated: boolean;
  /** UTF-16 code units that were cut (0 when nothing was). */
  removedChars: number;
}

function groupThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Cuts text that does not fit in one cell and ends it with a visible marker
 * (' [cut to fit the sheet: 12,345 more characters are in Zoho CRM]'), never splitting a surrogate
 * pair. The result is at most `maxChars` long. Text that fits comes back unchanged.
 */
export function truncateForCell(text: string, maxChars: number = MAX_CELL_CHARS): TruncatedText {
  if (text.length <= maxChars) return { text, truncated: false, removedChars: 0 };
  // The marker's own length depends on the count it prints; size it for the worst case.
  const markerFor = (removed: number): string => ` [cut to fit the sheet: ${groupThousands(removed)} more characters are in Zoho CRM]`;
  let keep = Math.max(0, maxChars - markerFor(text.length).length);
  const last = text.charCodeAt(keep - 1);
  if (keep > 0 && last >= 0xd800 && last <= 0xdbff) keep -= 1;
  const removed = text.length - keep;
  return { text: text.slice(0, keep) + markerFor(removed), truncated: true, removedChars: removed };
}

/** True when a cell's text ends with the marker {@link truncateForCell} adds, i.e. it is not the whole value. */
export function isTruncatedCellText(text: string): boolean {
  return MARKER_PATTERN.test(text);
}
