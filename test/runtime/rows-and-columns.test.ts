// Inserting and deleting rows and columns, by a script or by a user in the grid: what moves with
// them (protected ranges, column widths, hidden columns, developer metadata) and what a row a user
// inserts takes from its neighbour, in the runtime's cells and in a cell store alike.
import { bothCellStorages, givenRuntime } from '../helpers/runtime-scenarios';

/** Where the workbook's cells live: rows must move the same way in both. */
const STORAGES = bothCellStorages();

/** A synced-looking sheet: a header, three rows, a protected id column and protected rows 3-4. */
const SEED = `
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].setName('Leads');
  sheet.getRange('A1:D4').setValues([['Name', 'Status', 'Revenue', 'Id'], ['Ada', 'New', 10, '1001'], ['Bob', 'Open', 20, '1002'], ['Cy', 'New', 30, '1003']]);
  sheet.getRange('D1:D4').protect().setDescription('ids');
  sheet.getRange('A3:D4').protect().setDescription('rows 3-4');
  sheet.getRange('B2:B4').setDataValidation(SpreadsheetApp.newDataValidation().requireValueInList(['New', 'Open']).build());
  sheet.getRange('C2:C4').setNumberFormat('$#,##0.00');
  sheet.getRange('E2:E4').insertCheckboxes();
  sheet.getRange('A3').setNote('VIP').setBackground('#fce8e6');
  sheet.setColumnWidth(3, 150);
  sheet.hideColumns(4);
  sheet.getRange('C:C').addDeveloperMetadata('zcs.field', 'revenue');`;

const PROTECTIONS = `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').getProtections(SpreadsheetApp.ProtectionType.RANGE)
  .map(function (p) { return p.getDescription() + ' ' + p.getRange().getA1Notation(); })`;

describe.each(STORAGES)('rows and columns with the cells %s', (_where, options) => {
  it('moves, grows and shrinks protected ranges with inserted and deleted rows', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED, { spreadsheetId });

    runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').insertRowsAfter(1, 1)`, { spreadsheetId });
    const afterInsertAbove = runtime.evaluate(PROTECTIONS, { spreadsheetId }).value;
    runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').insertRowsAfter(4, 2)`, { spreadsheetId });
    const afterInsertInside = runtime.evaluate(PROTECTIONS, { spreadsheetId }).value;
    runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').deleteRows(4, 4)`, { spreadsheetId });
    const afterDelete = runtime.evaluate(PROTECTIONS, { spreadsheetId }).value;

    expect(afterInsertAbove).toEqual(['ids D1:D5', 'rows 3-4 A4:D5']);
    expect(afterInsertInside).toEqual(['ids D1:D7', 'rows 3-4 A4:D7']);
    // Rows 4-7 held the protected block and the last id: the block is gone, the id column shrinks.
    expect(afterDelete).toEqual(['ids D1:D3']);
  });

  it('moves column widths, hidden columns, protections and column metadata with inserted and deleted columns', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED, { spreadsheetId });

    const read = `(function () { var s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads');
      return { widths: [s.getColumnWidth(3), s.getColumnWidth(4), s.getColumnWidth(5)], hidden: [s.isColumnHiddenByUser(4), s.isColumnHiddenByUser(5)],
        field: s.createDeveloperMetadataFinder().withKey('zcs.field').find()[0].getLocation().getColumn().getColumn(), protections: ${PROTECTIONS} }; })()`;
    runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').insertColumnsBefore(2, 1)`, { spreadsheetId });
    const inserted = runtime.evaluate(read, { spreadsheetId }).value;
    runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').deleteColumns(2, 1)`, { spreadsheetId });
    const deleted = runtime.evaluate(read, { spreadsheetId }).value;

    expect(inserted).toEqual({ widths: [100, 150, 100], hidden: [false, true], field: 4, protections: ['ids E1:E4', 'rows 3-4 A3:E4'] });
    expect(deleted).toEqual({ widths: [150, 100, 100], hidden: [true, false], field: 3, protections: ['ids D1:D4', 'rows 3-4 A3:D4'] });
  });

  it('gives a row a user inserts the formats and validation of the row it was inserted from, not its values or note', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED, { spreadsheetId });
    const sheet = runtime.getSpreadsheet(spreadsheetId)!.sheet('Leads')!;

    sheet.insertRows(3, 1, { inheritFrom: 'before' });
    const row4 = runtime.evaluate(`(function () { var r = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').getRange('A4:E4');
      return { values: r.getValues()[0], formats: r.getNumberFormats()[0], note: r.getNotes()[0][0], background: r.getBackgrounds()[0][0],
        rules: r.getDataValidations()[0].map(function (v) { return v ? v.getCriteriaType() : null; }) }; })()`, { spreadsheetId }).value;

    expect(row4).toEqual({
      values: ['', '', '', '', ''],
      formats: ['0.###############', '0.###############', '$#,##0.00', '0.###############', '0.###############'],
      note: '', background: '#fce8e6',
      rules: [null, 'VALUE_IN_LIST', null, null, 'CHECKBOX'],
    });
    expect(sheet.getDisplayValues('A5:C5')).toEqual([['Cy', 'New', '$30.00']]);
  });
});
