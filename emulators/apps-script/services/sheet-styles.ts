// Conditional formatting and what data validation shows, as Sheets does them: the rules a sheet
// keeps (Sheet.setConditionalFormatRules replaces them all), how their ranges follow inserted and
// deleted rows and columns, the background a cell shows, and whether a cell is marked invalid.
// The Apps Script classes over them live in spreadsheet.ts.
//
// Sources:
// - https://developers.google.com/apps-script/reference/spreadsheet/sheet#setconditionalformatrulesrules
//   ("Replaces all currently existing conditional format rules in the sheet with the input rules.
//   Rules are evaluated in their input order.")
// - https://developers.google.com/apps-script/reference/spreadsheet/conditional-format-rule-builder
//   (whenTextEqualTo, setBackground, setFontColor, setRanges; the first matching rule formats a cell)
// - https://developers.google.com/apps-script/reference/spreadsheet/data-validation-builder
//   (setAllowInvalid(true) shows a warning and keeps the input; requireDate, requireCheckbox,
//   requireValueInList(values, showDropdown))

import type { Block, SheetModel } from './spreadsheet-model';
import type { CellData, ValidationData } from './cell-values';
import { isDateFormat } from './cell-values';

/** One conditional format rule, as the sheet keeps it. Only boolean text/emptiness conditions are modelled. */
export interface ConditionalRuleData {
  ranges: Block[];
  criteria: 'TEXT_EQUAL_TO' | 'TEXT_CONTAINS' | 'CELL_EMPTY' | 'CELL_NOT_EMPTY';
  values: string[];
  background?: string;
  fontColor?: string;
  bold?: boolean;
}

/**
 * Moves the rules' ranges as rows (or columns) are inserted after `at` (n > 0) or deleted from
 * at+1 (n < 0). As in Sheets, a range grows when lines are inserted inside it or right below its
 * first line, shrinks when some of its lines are deleted, and goes when all of them are.
 */
export function shiftRuleRanges(rules: ConditionalRuleData[] | undefined, type: 'ROW' | 'COLUMN', at: number, n: number): ConditionalRuleData[] | undefined {
  if (!rules) return rules;
  const startKey = type === 'ROW' ? 'row' : 'col';
  const sizeKey = type === 'ROW' ? 'numRows' : 'numCols';
  const shifted = rules.map((rule) => ({
    ...rule,
    ranges: rule.ranges.flatMap((range) => {
      const start = range[startKey];
      const end = start + range[sizeKey] - 1;
      if (n > 0) {
        if (at < start) return [{ ...range, [startKey]: start + n }];
        if (at < end) return [{ ...range, [sizeKey]: range[sizeKey] + n }];
        return [range];
      }
      const from = at + 1;
      const to = at - n;
      const before = Math.max(0, Math.min(end, from - 1) - start + 1);
      const after = Math.max(0, end - Math.max(start, to + 1) + 1);
      if (before + after === 0) return [];
      return [{ ...range, [startKey]: start < from ? start : start > to ? start + n : from, [sizeKey]: before + after }];
    }),
  }));
  return shifted.filter((rule) => rule.ranges.length);
}

/** The formatting the first matching rule gives a cell whose display text is `display`, if any. */
export function conditionalStyle(rules: readonly ConditionalRuleData[] | undefined, row: number, col: number, display: string): { background?: string; fontColor?: string; bold?: boolean } | undefined {
  for (const rule of rules ?? []) {
    if (!rule.ranges.some((r) => row >= r.row && row < r.row + r.numRows && col >= r.col && col < r.col + r.numCols)) continue;
    const value = rule.values[0] ?? '';
    const matches = rule.criteria === 'TEXT_EQUAL_TO' ? display === value
      : rule.criteria === 'TEXT_CONTAINS' ? display.includes(value)
        : rule.criteria === 'CELL_EMPTY' ? display === '' : display !== '';
    if (matches) return { background: rule.background, fontColor: rule.fontColor, bold: rule.bold };
  }
  return undefined;
}

/**
 * Whether Sheets marks a cell as invalid (the red corner): its value breaks its rule. A blank cell
 * never does. A list compares the text as shown; a checkbox wants TRUE or FALSE (or its custom
 * values); a date rule wants a date (a number with a date format).
 */
export function isInvalidCell(cell: CellData | undefined | null, display: string): boolean {
  const dv: ValidationData | undefined = cell?.dv;
  if (!dv || cell?.v === undefined || cell.v === null || cell.v === '') return false;
  switch (dv.type) {
    case 'VALUE_IN_LIST': return !((dv.values[0] as unknown[] | undefined) ?? []).map(String).includes(display);
    case 'CHECKBOX': return dv.values.length ? !dv.values.some((v) => v === cell.v) : typeof cell.v !== 'boolean';
    case 'DATE_IS_VALID_DATE': return !(typeof cell.v === 'number' && isDateFormat(cell.nf));
    default: return false;
  }
}

/** What a user sees of one cell: text, colours (a conditional rule over the cell's own), note, marks. */
export interface CellLook {
  display: string;
  background: string;
  fontColor: string;
  note: string;
  invalid: boolean;
  checkbox: boolean;
  dropdown: string[] | null;
}

export function cellLook(sheet: SheetModel, row: number, col: number): CellLook {
  const cell = sheet.cell(row, col);
  const display = sheet.displayValue(row, col);
  const style = conditionalStyle(sheet.data.cf, row, col, display);
  const dv = cell?.dv;
  return {
    display,
    background: style?.background ?? cell?.bg ?? '#ffffff',
    fontColor: style?.fontColor ?? cell?.fc ?? '#000000',
    note: cell?.note ?? '',
    invalid: isInvalidCell(cell, display),
    checkbox: dv?.type === 'CHECKBOX',
    dropdown: dv?.type === 'VALUE_IN_LIST' && dv.values[1] !== false ? ((dv.values[0] as unknown[] | undefined) ?? []).map(String) : null,
  };
}
