// Reading Zoho's JSON without losing digits. Zoho may send a Long Integer field as a bare number
// (reference §4.2: "number or numeric string", unconfirmed); JSON.parse would round one past 2^53
// (123456789012345678 becomes 123456789012345680), and the sheet would show digits nobody typed.

/** Integer literals of this many digits or more may be past 2^53 (16 digits); shorter ones never are. */
const MIN_UNSAFE_DIGITS = 16;
/** A value starting with 16 digits outside quotes (ids come quoted, so most answers skip the walk). */
const MAYBE_UNSAFE = /[:[,]\s*-?\d{16}/;

/**
 * JSON.parse, except that an integer literal (no fraction, no exponent) outside every string whose
 * value is not a safe integer becomes a string of its digits. A number with a fraction or an
 * exponent stays a number: it is an amount, and rounding it is what a cell does anyway.
 * @throws SyntaxError as JSON.parse does
 */
export function parseJsonKeepingDigits(text: string): unknown {
  if (!MAYBE_UNSAFE.test(text)) return JSON.parse(text);
  return JSON.parse(quoteUnsafeIntegers(text));
}

function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let copied = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const startsNumber = c === 0x2d || (c >= 0x30 && c <= 0x39);
    if (!startsNumber) continue;
    let end = i + 1;
    while (end < text.length && isNumberChar(text.charCodeAt(end))) end++;
    const literal = text.slice(i, end);
    const digits = literal.charAt(0) === '-' ? literal.length - 1 : literal.length;
    if (digits >= MIN_UNSAFE_DIGITS && /^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += `${text.slice(copied, i)}"${literal}"`;
      copied = end;
    }
    i = end - 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function isNumberChar(c: number): boolean {
  // Digits, '.', 'e'/'E', '+', '-'.
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}
