// A cell's value as the user sees it in the sheet, for messages that quote it: dates in the
// spreadsheet's zone, numbers through their column's number format. Not a general Sheets
// formatter: only the formats numberFormatFor gives our columns.

import { formatCalendarDate, zonedParts, type ZoneOffsetPort } from './time-zone';

const MAX_SHOWN_CHARS = 60;

/**
 * `value` (as getValues returns it, or as decodeForCell makes it) shown as a cell with `format`
 * shows it in `timeZone`; '(empty)' for an empty cell. Long text is cut with an ellipsis.
 */
export function displayCell(value: unknown, format: string | null, timeZone: string, zones: ZoneOffsetPort): string {
  if (value === '' || value === null || value === undefined) return '(empty)';
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const ms = (value as Date).getTime();
    if (isNaN(ms)) return String(value);
    const parts = zonedParts(ms, timeZone, zones);
    const day = formatCalendarDate(parts);
    if (format && !/h/i.test(format)) return day;
    return `${day} ${[parts.hour, parts.minute, parts.second].map((n) => String(n).padStart(2, '0')).join(':')}`;
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return formatNumber(value, format);
  const text = String(value);
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}

/**
 * '0', '0.00', '#,##0.00', '0.00%' as Sheets renders them (en-US separators), and an amount's
 * quoted symbol ('"€"#,##0.00' shows -€1,234.50, the minus first, as Sheets puts it).
 */
function formatNumber(value: number, format: string | null): string {
  const quoted = format ? /^"([^"]*)"(.*)$/.exec(format) : null;
  if (quoted) {
    const shown = formatNumber(value, quoted[2] ?? null);
    return shown.startsWith('-') ? `-${quoted[1]}${shown.slice(1)}` : `${quoted[1]}${shown}`;
  }
  const pattern = format && format !== '@' && format !== 'General' ? format : null;
  if (!pattern) return String(value);
  const percent = pattern.endsWith('%');
  const shown = percent ? value * 100 : value;
  const places = (/\.(0+)/.exec(pattern)?.[1] ?? '').length;
  let text = Math.abs(shown).toFixed(places);
  if (pattern.includes(',')) {
    const [whole, fraction] = text.split('.');
    text = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction !== undefined ? `.${fraction}` : '');
  }
  return `${shown < 0 && Number(text.replace(/,/g, '')) !== 0 ? '-' : ''}${text}${percent ? '%' : ''}`;
}
