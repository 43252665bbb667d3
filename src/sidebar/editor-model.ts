// Pure list logic behind the sync editor: search, select all / none, reorder, default sheet names,
// and which authorization URLs may become a link. No DOM here, so jest runs it in plain Node.

/** Lower-cases and strips accents, so "cafe" finds "Café" and "LEAD" finds "Lead Source". */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** Items where every word of `query` appears in one of `texts(item)`; an empty query keeps all. */
export function filterByQuery<T>(items: readonly T[], query: string, texts: (item: T) => readonly string[]): T[] {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  if (!words.length) return items.slice();
  return items.filter((item) => {
    const haystack = texts(item).map(normalizeForSearch).join('\n');
    return words.every((word) => haystack.includes(word));
  });
}

/** A copy of `list` with the item at `index` moved by `delta` places; out-of-range moves change nothing. */
export function moveItem<T>(list: readonly T[], index: number, delta: number): T[] {
  const copy = list.slice();
  const target = index + delta;
  if (index < 0 || index >= copy.length || target < 0 || target >= copy.length) return copy;
  const [item] = copy.splice(index, 1);
  copy.splice(target, 0, item as T);
  return copy;
}

/** Adds `names` that are not selected yet, at the end and in the given order; keeps the existing order. */
export function selectAll(selected: readonly string[], names: readonly string[]): string[] {
  const have = new Set(selected);
  return [...selected, ...names.filter((n, i) => !have.has(n) && names.indexOf(n) === i)];
}

/** Removes `names` from the selection; the rest keep their order. */
export function selectNone(selected: readonly string[], names: readonly string[]): string[] {
  const drop = new Set(names);
  return selected.filter((n) => !drop.has(n));
}

/** Selects (at the end) or deselects one name. */
export function toggleSelected(selected: readonly string[], name: string, on: boolean): string[] {
  return on ? selectAll(selected, [name]) : selectNone(selected, [name]);
}

/** Sheets allows at most 100 characters in a sheet name. */
export const MAX_SHEET_NAME_CHARS = 100;

/** "Leads", or "Leads 2", "Leads 3"… when taken (Sheets compares names case-insensitively). */
export function uniqueSheetName(base: string, taken: readonly string[]): string {
  const clean = base.trim().slice(0, MAX_SHEET_NAME_CHARS - 4) || 'Zoho';
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let i = 2; ; i++) {
    const candidate = `${clean} ${i}`;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/** Why a sheet name cannot be used, or null when it can. */
export function sheetNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the sheet a name.';
  if (trimmed.length > MAX_SHEET_NAME_CHARS) return `Sheet names have at most ${MAX_SHEET_NAME_CHARS} characters.`;
  return null;
}

const ZOHO_ACCOUNTS_URL = /^https:\/\/accounts\.(zoho\.(com|eu|in|com\.au|jp|sa|uk|com\.cn)|zohocloud\.ca)\//;
// The local Zoho emulator of the playground serves plain HTTP on loopback only.
const LOOPBACK_URL = /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}\//;

/**
 * The URL if it points at Zoho's accounts server (or the local emulator), else null: the sidebar
 * turns nothing else into a link, even from its own server.
 */
export function trustedAuthorizationUrl(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  return ZOHO_ACCOUNTS_URL.test(url) || LOOPBACK_URL.test(url) ? url : null;
}
