// The runtime stores a sheet's cells in layers (values, formulas, shared number formats, sparse
// extras; spreadsheet-model.ts RowData) so that a 50,000-row sync fits in memory. What a script
// sees must not change with that: formats stay per cell, extras move with columns, clears clear
// only what they name, and saved state (old and new layout) loads back the same.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const inSheet = (body: string): string => `var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];\n${body}`;

function stateFile(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'gas-cells-')), 'state.json');
}

describe('cells stored by layer', () => {
  it('keeps number formats per cell although rows with the same formats share them', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();

    const result = runtime.evaluate<unknown[]>(inSheet(`
      sheet.getRange('A1:B3').setNumberFormat('0.00').setValues([[1, 2], [3, 4], [5, 6]]);
      sheet.getRange('B2').setNumberFormat('@');
      sheet.getRange('A3').setNumberFormats([['yyyy-mm-dd']]);
      [sheet.getRange('A1:B3').getNumberFormats(), sheet.getRange('A1:B3').getDisplayValues()]`), { spreadsheetId });

    expect(result.value).toEqual([
      [['0.00', '0.00'], ['0.00', '@'], ['yyyy-mm-dd', '0.00']],
      [['1.00', '2.00'], ['3.00', '4'], ['1900-01-04', '6.00']],
    ]);
  });

  it('moves values, formulas, formats, notes and checkboxes with inserted and deleted columns', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();

    const result = runtime.evaluate<unknown[]>(inSheet(`
      sheet.getRange('A1:C1').setValues([['a', 'b', '=1+1']]);
      sheet.getRange('B1').setNumberFormat('@').setNote('keep');
      sheet.getRange('C2:C3').insertCheckboxes();
      sheet.getRange('C3').check();
      sheet.insertColumnsBefore(2, 2);
      var afterInsert = [sheet.getRange('A1:E1').getValues(), sheet.getRange('D1').getNote(), sheet.getRange('D1').getNumberFormat(),
        sheet.getRange('E1').getFormula(), sheet.getRange('E2:E3').getValues(), sheet.getRange('E3').getDataValidation().getCriteriaType()];
      sheet.deleteColumns(1, 2);
      afterInsert.concat([sheet.getRange('A1:C1').getValues(), sheet.getRange('B1').getNote(), sheet.getRange('C2:C3').getValues(),
        sheet.getRange('E3').getDataValidation()])`), { spreadsheetId });

    expect(result.value).toEqual([
      [['a', '', '', 'b', 2]], 'keep', '@', '=1+1', [[false], [true]], 'CHECKBOX',
      [['', 'b', 2]], 'keep', [[false], [true]], null,
    ]);
  });

  it('clears only what each clear names', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();
    const setUp = `
      sheet.getRange('A1:B1').setNumberFormat('0.0').setValues([[1.25, 2]]);
      sheet.getRange('A1').setNote('n').setBackground('#ff0000');
      sheet.getRange('B1').insertCheckboxes();
      var r = sheet.getRange('A1:B1');`;
    const look = `[sheet.getRange('A1').getValues(), r.getNumberFormats(), r.getNotes(), r.getBackgrounds(), r.getDataValidations().map(function (row) { return row.map(function (v) { return v ? v.getCriteriaType() : null; }); })]`;

    const contents = runtime.evaluate(inSheet(`${setUp} r.clearContent(); ${look}`), { spreadsheetId }).value;
    const formats = runtime.evaluate(inSheet(`${setUp} r.clearFormat(); ${look}`), { spreadsheetId }).value;
    const validations = runtime.evaluate(inSheet(`${setUp} r.clearDataValidations(); ${look}`), { spreadsheetId }).value;
    const everything = runtime.evaluate(inSheet(`${setUp} r.clear(); ${look}`), { spreadsheetId }).value;

    expect(contents).toEqual([[['']], [['0.0', '0.0']], [['n', '']], [['#ff0000', '#ffffff']], [[null, 'CHECKBOX']]]);
    expect(formats).toEqual([[[1.25]], [['0.###############', '0.###############']], [['n', '']], [['#ffffff', '#ffffff']], [[null, 'CHECKBOX']]]);
    expect(validations).toEqual([[[1.25]], [['0.0', '0.0']], [['n', '']], [['#ff0000', '#ffffff']], [[null, null]]]);
    expect(everything).toEqual([[['']], [['0.###############', '0.###############']], [['', '']], [['#ffffff', '#ffffff']], [[null, null]]]);
  });

  it('empties every cell of a sheet but keeps its formats with clearContents', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();

    const result = runtime.evaluate<unknown[]>(inSheet(`
      sheet.getRange('A1:B2').setNumberFormat('@').setValues([['x', '=1+1'], ['y', 'z']]);
      sheet.clearContents();
      [sheet.getLastRow(), sheet.getLastColumn(), sheet.getRange('B2').getNumberFormat(), sheet.getRange('A1:B1').getFormulas()]`), { spreadsheetId });

    expect(result.value).toEqual([0, 0, '@', [['', '']]]);
  });

  it('saves and loads cells by layer', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();
    runtime.evaluate(inSheet(`
      sheet.getRange('A1:C2').setNumberFormat('@').setValues([['001', 'x', ''], ['002', '', 'y']]);
      sheet.getRange('C1').insertCheckboxes().setFormula('=1+1');`), { spreadsheetId });
    const file = stateFile();

    runtime.save(file);
    const loaded = AppsScriptRuntime.load(file, { countCpuTime: false });
    const sheet = loaded.getSpreadsheet(spreadsheetId)!.sheets[0]!;

    expect(sheet.getValues('A1:C2')).toEqual([['001', 'x', 2], ['002', '', 'y']]);
    expect(sheet.cell(1, 3)).toEqual({ f: '=1+1', nf: '@', dv: { type: 'CHECKBOX', values: [], allowInvalid: false } });
    loaded.close();
  });

  it('loads state saved with an object per cell (version 1) into layers', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();
    const file = stateFile();
    runtime.save(file);
    const state = JSON.parse(readFileSync(file, 'utf8')) as { version: number; spreadsheets: Array<{ sheets: Array<{ rows: unknown }> }> };
    state.version = 1;
    state.spreadsheets[0]!.sheets[0]!.rows = [
      [{ v: 'Name', fw: 'bold' }, { v: 'Due', fw: 'bold' }],
      [{ v: 'Ada' }, { v: 46000, nf: 'yyyy-mm-dd' }, null, { v: true, dv: { type: 'CHECKBOX', values: [], allowInvalid: false } }],
      null,
      [{ f: '=1+2' }],
    ];
    writeFileSync(file, JSON.stringify(state));

    const loaded = AppsScriptRuntime.load(file, { countCpuTime: false });
    const result = loaded.evaluate<unknown[]>(inSheet(`
      [sheet.getRange('A1:D2').getDisplayValues(), sheet.getRange('A1').getFontWeights(), sheet.getRange('D2').isChecked(),
       sheet.getRange('A4').getValue(), sheet.getLastRow()]`), { spreadsheetId });

    expect(result.value).toEqual([[['Name', 'Due', '', ''], ['Ada', '2025-12-09', '', 'TRUE']], [['bold']], true, 3, 4]);
    loaded.close();
  });
});
