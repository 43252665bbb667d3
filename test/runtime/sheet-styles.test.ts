// What a sheet shows beside values, against the Apps Script reference: notes set as a grid,
// validation rules (list, checkbox, date) that keep invalid input when told to, conditional format
// rules that replace each other and follow inserted and deleted rows, column widths, and the open
// question of what a blank checkbox-validated cell reads as (a switch, both ways).
import { cellLook } from '../../emulators/apps-script/services/sheet-styles';
import { closeRuntimes, givenRuntime } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const inSheet = (code: string) => `var sheet = SpreadsheetApp.getActive().getSheets()[0]; ${code}`;

describe('notes', () => {
  it('sets a grid of notes, where an empty string removes one, and refuses a grid of another size', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`
      sheet.getRange('A1').setNote('old');
      sheet.getRange('A1:B2').setNotes([['', 'b1'], ['a2', null]]);
      var notes = sheet.getRange('A1:B2').getNotes();
      var refused = ''; try { sheet.getRange('A1:B2').setNotes([['x']]); } catch (e) { refused = e.message; }
      [notes, refused]`), { spreadsheetId });

    expect(result.value).toEqual([[['', 'b1'], ['a2', '']], expect.stringMatching(/does not match the number of rows in the range/)]);
  });
});

describe('data validation', () => {
  it('builds date, list and checkbox rules with the criteria Apps Script names', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`
      var b = SpreadsheetApp.newDataValidation().setAllowInvalid(true);
      sheet.getRange('A2:A5').setDataValidation(b.requireDate().build());
      sheet.getRange('B2:B5').setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['Hot', 'Cold'], true).setAllowInvalid(true).build());
      sheet.getRange('C2:C5').setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
      var d = sheet.getRange('A3').getDataValidation(), l = sheet.getRange('B5').getDataValidation();
      [String(d.getCriteriaType()), d.getAllowInvalid(), String(l.getCriteriaType()), l.getCriteriaValues(), sheet.getLastRow()]`), { spreadsheetId });

    expect(result.value).toEqual(['DATE_IS_VALID_DATE', true, 'VALUE_IN_LIST', [['Hot', 'Cold'], true], 0]);
  });

  it('keeps a value outside a list and marks it invalid, as allowInvalid(true) does', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(inSheet(`
      sheet.getRange('B2:B3').setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['Hot', 'Cold'], true).setAllowInvalid(true).build());
      sheet.getRange('B2:B3').setValues([['Hot'], ['Lukewarm']]);`), { spreadsheetId });
    const sheet = runtime.getSpreadsheet(spreadsheetId)!.sheets[0]!;

    expect([cellLook(sheet, 2, 2).invalid, cellLook(sheet, 3, 2)]).toEqual([false, expect.objectContaining({ display: 'Lukewarm', invalid: true, dropdown: ['Hot', 'Cold'] })]);
  });

  it.each([[false, ''], [true, false]])('reads a blank checkbox-validated cell as Sheets may (emptyCheckboxReadsFalse %s), and never counts it as used', (emptyCheckboxReadsFalse, read) => {
    const { runtime, spreadsheetId } = givenRuntime({ emptyCheckboxReadsFalse });

    const result = runtime.evaluate(inSheet(`
      sheet.getRange('C2:C9').setDataValidation(SpreadsheetApp.newDataValidation().requireCheckbox().build());
      sheet.getRange('C3').setValue(true);
      [sheet.getRange('C2:C4').getValues(), sheet.getLastRow()]`), { spreadsheetId });

    expect(result.value).toEqual([[[read], [true], [read]], 3]);
  });
});

describe('conditional formatting', () => {
  it('replaces every rule of the sheet, colours the first match, and follows rows inserted and deleted', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`
      var range = sheet.getRange('D2:D10');
      var rule = function (text, color) { return SpreadsheetApp.newConditionalFormatRule().whenTextEqualTo(text).setBackground(color).setRanges([range]).build(); };
      sheet.setConditionalFormatRules([rule('Old', '#000000')]);
      sheet.setConditionalFormatRules([rule('Sent', '#d9ead3'), rule('Refused', '#f4cccc')]);
      sheet.getRange('D2:D4').setValues([['Sent'], ['Refused'], ['Other']]);
      sheet.insertRowsBefore(3, 2);
      sheet.deleteRows(2, 1);
      var rules = sheet.getConditionalFormatRules();
      [rules.length, String(rules[0].getBooleanCondition().getCriteriaType()), rules[0].getBooleanCondition().getCriteriaValues()]`), { spreadsheetId });
    const sheet = runtime.getSpreadsheet(spreadsheetId)!.sheets[0]!;

    expect(result.value).toEqual([2, 'TEXT_EQUAL_TO', ['Sent']]);
    // D2 (Sent) was deleted; two rows were inserted above Refused, now D4; the range D2:D10 became D2:D11.
    expect(sheet.data.cf![0]!.ranges).toEqual([{ row: 2, col: 4, numRows: 10, numCols: 1 }]);
    expect([cellLook(sheet, 4, 4).background, cellLook(sheet, 5, 4).background, cellLook(sheet, 2, 4).background]).toEqual(['#f4cccc', '#ffffff', '#ffffff']);
  });

  it('sets the width of several columns in one call', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`sheet.setColumnWidths(2, 3, 150); [sheet.getColumnWidth(1), sheet.getColumnWidth(3), sheet.getColumnWidth(5)]`), { spreadsheetId });

    expect(result.value).toEqual([100, 150, 100]);
  });
});
