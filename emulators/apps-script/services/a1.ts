// A1 notation: column letters, cells, ranges (with optional sheet name and open ends).

export interface GridRange { sheetName?: string; row: number; col: number; numRows: number; numCols: number }

export function columnToLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function toA1(row: number, col: number, numRows = 1, numCols = 1): string {
  const start = `${columnToLetters(col)}${row}`;
  return numRows === 1 && numCols === 1 ? start : `${start}:${columnToLetters(col + numCols - 1)}${row + numRows - 1}`;
}

/** Parses 'A1', 'A1:C3', 'Sheet 1'!B:B, '2:5', 'A2:C' against a sheet's size; null if invalid. */
export function parseA1(a1: string, maxRows: number, maxCols: number): GridRange | null {
  let ref = a1.trim();
  let sheetName: string | undefined;
  const bang = ref.lastIndexOf('!');
  if (bang >= 0) {
    sheetName = ref.slice(0, bang).replace(/^'(.*)'$/, '$1').replace(/''/g, "'");
    ref = ref.slice(bang + 1);
  }
  const parts = ref.replace(/\$/g, '').toUpperCase().split(':');
  if (parts.length > 2) return null;
  const cells = parts.map((p) => /^([A-Z]*)(\d*)$/.exec(p));
  if (cells.some((m) => !m || (!m[1] && !m[2]))) return null;
  const [a, b] = [cells[0]!, cells[1] ?? cells[0]!];
  const c1 = a[1] ? lettersToColumn(a[1]) : 1;
  const r1 = a[2] ? Number(a[2]) : 1;
  const c2 = b[1] ? lettersToColumn(b[1]) : (a[1] && !b[1] && parts.length === 2 ? maxCols : a[1] ? c1 : maxCols);
  const r2 = b[2] ? Number(b[2]) : (parts.length === 1 && a[2] ? r1 : maxRows);
  if (parts.length === 1 && (!a[1] || !a[2])) return null;
  if (r1 < 1 || c1 < 1) return null;
  const row = Math.min(r1, r2); const col = Math.min(c1, c2);
  return { sheetName, row, col, numRows: Math.abs(r2 - r1) + 1, numCols: Math.abs(c2 - c1) + 1 };
}
