// Java SimpleDateFormat patterns, as Utilities.formatDate and parseDate read them (§1.9), plus
// the spreadsheet number-format date tokens (yyyy-mm-dd hh:mm:ss) used for display values.

import { fromWallClock, offsetMinutes, toWallClock } from './time-zone';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const pad = (n: number, w: number) => String(Math.abs(n)).padStart(w, '0');

function zoneName(ms: number, tz: string): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'short' })
    .formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? tz;
  return name === 'UTC' ? 'UTC' : name;
}

function offsetText(mins: number, style: 'Z' | 'X' | 'XX' | 'XXX'): string {
  if (mins === 0 && style !== 'Z') return 'Z';
  const sign = mins < 0 ? '-' : '+';
  const h = pad(Math.floor(Math.abs(mins) / 60), 2);
  const m = pad(Math.abs(mins) % 60, 2);
  if (style === 'X') return `${sign}${h}`;
  if (style === 'XXX') return `${sign}${h}:${m}`;
  return `${sign}${h}${m}`;
}

/** Splits a pattern into letter runs and literals ('' quotes, as Java does). */
function tokenize(pattern: string): Array<{ letter?: string; count: number; text?: string }> {
  const out: Array<{ letter?: string; count: number; text?: string }> = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i] as string;
    if (c === "'") {
      let j = i + 1; let text = '';
      if (pattern[j] === "'") { out.push({ text: "'", count: 0 }); i += 2; continue; }
      while (j < pattern.length) {
        if (pattern[j] === "'" && pattern[j + 1] === "'") { text += "'"; j += 2; continue; }
        if (pattern[j] === "'") break;
        text += pattern[j]; j++;
      }
      out.push({ text, count: 0 }); i = j + 1; continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let j = i; while (pattern[j] === c) j++;
      out.push({ letter: c, count: j - i }); i = j; continue;
    }
    out.push({ text: c, count: 0 }); i++;
  }
  return out;
}

/** Formats an instant with a SimpleDateFormat pattern in a zone. */
export function formatSimpleDate(ms: number, tz: string, pattern: string): string {
  const w = toWallClock(ms, tz);
  const dow = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  return tokenize(pattern).map((t) => {
    if (t.text !== undefined) return t.text;
    const n = t.count;
    switch (t.letter) {
      case 'y': case 'Y': return n === 2 ? pad(w.year % 100, 2) : pad(w.year, n);
      case 'M': return n >= 4 ? MONTHS[w.month - 1] : n === 3 ? MONTHS[w.month - 1]!.slice(0, 3) : pad(w.month, n);
      case 'd': return pad(w.day, n);
      case 'H': return pad(w.hour, n);
      case 'k': return pad(w.hour === 0 ? 24 : w.hour, n);
      case 'h': return pad(w.hour % 12 === 0 ? 12 : w.hour % 12, n);
      case 'K': return pad(w.hour % 12, n);
      case 'm': return pad(w.minute, n);
      case 's': return pad(w.second, n);
      case 'S': return pad(w.ms, 3).slice(0, Math.max(n, 3)).padEnd(n, '0');
      case 'a': return w.hour < 12 ? 'AM' : 'PM';
      case 'E': return n >= 4 ? DAYS[dow]! : DAYS[dow]!.slice(0, 3);
      case 'u': return String(dow === 0 ? 7 : dow);
      case 'z': return zoneName(ms, tz);
      case 'Z': return offsetText(offsetMinutes(ms, tz), 'Z');
      case 'X': return offsetText(offsetMinutes(ms, tz), n === 1 ? 'X' : n === 2 ? 'XX' : 'XXX');
      case 'D': {
        const start = Date.UTC(w.year, 0, 1);
        return pad(Math.floor((Date.UTC(w.year, w.month - 1, w.day) - start) / 86400000) + 1, n);
      }
      default: throw new Error(`Illegal pattern character '${t.letter}'`);
    }
  }).join('');
}

/** Parses text with a SimpleDateFormat pattern in a zone; null when it does not match. */
export function parseSimpleDate(text: string, tz: string, pattern: string): number | null {
  const w = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, ms: 0 };
  let pm: boolean | undefined; let offset: number | undefined; let pos = 0;
  const tokens = tokenize(pattern);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text !== undefined) {
      if (text.slice(pos, pos + t.text.length) !== t.text) return null;
      pos += t.text.length; continue;
    }
    const nextIsLetter = tokens[i + 1]?.letter !== undefined;
    const readNum = () => {
      const m = (nextIsLetter ? new RegExp(`^[+-]?\\d{1,${t.count}}`) : /^[+-]?\d+/).exec(text.slice(pos));
      if (!m) return null;
      pos += m[0].length; return Number(m[0]);
    };
    let v: number | null = null;
    switch (t.letter) {
      case 'y': case 'Y': v = readNum(); if (v === null) return null; w.year = t.count === 2 && v < 100 ? 2000 + v : v; break;
      case 'M':
        if (t.count >= 3) {
          const idx = MONTHS.findIndex((m) => text.slice(pos).toLowerCase().startsWith((t.count === 3 ? m.slice(0, 3) : m).toLowerCase()));
          if (idx < 0) return null; pos += t.count === 3 ? 3 : MONTHS[idx]!.length; w.month = idx + 1;
        } else { v = readNum(); if (v === null) return null; w.month = v; }
        break;
      case 'd': v = readNum(); if (v === null) return null; w.day = v; break;
      case 'H': case 'k': v = readNum(); if (v === null) return null; w.hour = v % 24; break;
      case 'h': case 'K': v = readNum(); if (v === null) return null; w.hour = v % 12; break;
      case 'm': v = readNum(); if (v === null) return null; w.minute = v; break;
      case 's': v = readNum(); if (v === null) return null; w.second = v; break;
      case 'S': v = readNum(); if (v === null) return null; w.ms = v; break;
      case 'a': { const s = text.slice(pos, pos + 2).toUpperCase(); if (s !== 'AM' && s !== 'PM') return null; pm = s === 'PM'; pos += 2; break; }
      case 'E': { const idx = DAYS.findIndex((d) => text.slice(pos).startsWith(t.count >= 4 ? d : d.slice(0, 3))); if (idx < 0) return null; pos += t.count >= 4 ? DAYS[idx]!.length : 3; break; }
      case 'X': case 'Z': {
        if (text[pos] === 'Z') { offset = 0; pos++; break; }
        const m = /^([+-])(\d{2}):?(\d{2})?/.exec(text.slice(pos)); if (!m) return null;
        offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)); pos += m[0].length; break;
      }
      default: return null;
    }
  }
  if (pm !== undefined) w.hour = (w.hour % 12) + (pm ? 12 : 0);
  if (offset !== undefined) return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - offset * 60000;
  return fromWallClock(w, tz);
}
