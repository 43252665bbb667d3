// What a user does to a workbook in the Sheets UI, through the runtime's handle on it
// (runtime.getSpreadsheet(id)): duplicate a tab, sort rows, insert and delete rows, change the
// time zone in File > Settings. Scripts then see the result through SpreadsheetApp.
import { bothCellStorages, givenRuntime } from '../helpers/runtime-scenarios';

/** Where the workbook's cells live: rows must move the same way in both. */
const STORAGES = bothCellStorages();
const inCellStore = STORAGES[1]![1];

/** Sheet 'Leads' (then 'Archive'), with what a synced sheet carries besides its values. */
const SEED_LEADS = `
  var ss = SpreadsheetApp.getActiveSpreadsheet();
  var sheet = ss.getSheets()[0].setName('Leads');
  ss.insertSheet('Archive');
  sheet.getRange('A1:C3').setValues([['Name', 'Created', 'Id'], ['Ada', new Date('2026-03-01T10:00:00Z'), '1001'], ['Bob', '', '1002']]);
  sheet.getRange('B2:B3').setNumberFormat('yyyy-mm-dd hh:mm');
  sheet.getRange('D2').setFormula('=1+2');
  sheet.getRange('E2:E3').insertCheckboxes();
  sheet.getRange('A2').setNote('VIP');
  sheet.setFrozenRows(1);
  sheet.hideColumns(3);
  sheet.getRange('C1:C3').protect().setDescription('ids');
  sheet.addDeveloperMetadata('zcs.sync', '{"module":"Leads"}');
  sheet.getRange('2:2').addDeveloperMetadata('zcs.row', '1001');
  sheet.getRange('C:C').addDeveloperMetadata('zcs.field', 'id');`;

/** Everything a script can see of a sheet that a duplicate should carry. */
const DESCRIBE = (name: string) => `
  (function () {
    var s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(${JSON.stringify(name)});
    var r = s.getRange('A1:E3');
    return {
      id: s.getSheetId(), index: s.getIndex(), values: r.getDisplayValues(), formulas: r.getFormulas(), formats: r.getNumberFormats(),
      note: s.getRange('A2').getNote(), checked: s.getRange('E2').isChecked(), frozen: s.getFrozenRows(),
      hidden: [s.isColumnHiddenByUser(2), s.isColumnHiddenByUser(3)],
      protections: s.getProtections(SpreadsheetApp.ProtectionType.RANGE).map(function (p) { return p.getDescription() + ' ' + p.getRange().getA1Notation(); }),
      metadata: s.createDeveloperMetadataFinder().find().map(function (m) {
        var l = m.getLocation(); var t = l.getLocationType();
        return m.getKey() + '=' + m.getValue() + ' @' + t + (t === 'ROW' ? l.getRow().getRow() : t === 'COLUMN' ? l.getColumn().getColumn() : '');
      }),
    };
  })()`;

interface Described { id: number; index: number; metadata: string[]; [k: string]: unknown }

describe('duplicating a sheet from its tab menu', () => {
  it('adds "Copy of <name>" right after it, with a new id and everything the sheet carries', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED_LEADS, { spreadsheetId });

    const name = runtime.getSpreadsheet(spreadsheetId)!.duplicateSheet('Leads');
    const original = runtime.evaluate<Described>(DESCRIBE('Leads'), { spreadsheetId }).value!;
    const copy = runtime.evaluate<Described>(DESCRIBE(name), { spreadsheetId }).value!;
    const names = runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheets().map(function (s) { return s.getName(); })`, { spreadsheetId });

    expect(name).toBe('Copy of Leads');
    expect(names.value).toEqual(['Leads', 'Copy of Leads', 'Archive']);
    expect(copy.id).not.toBe(original.id);
    expect({ ...copy, id: 0, index: 0 }).toEqual({ ...original, id: 0, index: 0 });
    expect(copy.metadata).toEqual(['zcs.sync={"module":"Leads"} @SHEET', 'zcs.row=1001 @ROW2', 'zcs.field=id @COLUMN3']);
  });

  it('names a second copy "Copy of <name> 2"', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    const book = runtime.getSpreadsheet(spreadsheetId)!;

    const names = [book.duplicateSheet('Sheet1'), book.duplicateSheet('Sheet1')];

    expect(names).toEqual(['Copy of Sheet1', 'Copy of Sheet1 2']);
    expect(book.sheets.map((s) => s.name)).toEqual(['Sheet1', 'Copy of Sheet1 2', 'Copy of Sheet1']);
  });

  it('leaves the original alone when the copy is edited, and the copy when the original is', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED_LEADS, { spreadsheetId });
    const book = runtime.getSpreadsheet(spreadsheetId)!;
    book.duplicateSheet('Leads');

    runtime.evaluate(`
      var ss = SpreadsheetApp.getActiveSpreadsheet(), copy = ss.getSheetByName('Copy of Leads');
      copy.getRange('A2:B2').setValues([['Changed', 'x']]); copy.getRange('A3').setNote('copy only'); copy.getRange('E3').check();
      copy.createDeveloperMetadataFinder().withKey('zcs.sync').find()[0].setValue('{"module":"Contacts"}');
      ss.getSheetByName('Leads').getRange('C2').setValue('2002');`, { spreadsheetId });

    expect(book.sheet('Leads')!.getDisplayValues('A2:E3')).toEqual([['Ada', '2026-03-01 11:00', '2002', '3', 'FALSE'], ['Bob', '', '1002', '', 'FALSE']]);
    expect(book.sheet('Copy of Leads')!.getDisplayValues('A2:E3')).toEqual([['Changed', 'x', '1001', '3', 'FALSE'], ['Bob', '', '1002', '', 'TRUE']]);
    expect(book.sheet('Leads')!.extras(3, 1)).toBeUndefined();
    expect(runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').createDeveloperMetadataFinder().withKey('zcs.sync').find()[0].getValue()`, { spreadsheetId }).value)
      .toBe('{"module":"Leads"}');
  });

  it('copies no developer metadata when the runtime says duplicates do not carry it', () => {
    const { runtime, spreadsheetId } = givenRuntime({ duplicateCopiesDeveloperMetadata: false });
    runtime.evaluate(SEED_LEADS, { spreadsheetId });

    runtime.getSpreadsheet(spreadsheetId)!.duplicateSheet('Leads');
    const original = runtime.evaluate<Described>(DESCRIBE('Leads'), { spreadsheetId }).value!;
    const copy = runtime.evaluate<Described>(DESCRIBE('Copy of Leads'), { spreadsheetId }).value!;

    expect(copy.metadata).toEqual([]);
    expect(original.metadata).toHaveLength(3);
    expect(copy.protections).toEqual(['ids C1:C3']);
  });

  it('refuses to duplicate past the workbook\'s 10,000,000 cells', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    const book = runtime.getSpreadsheet(spreadsheetId)!;
    book.addSheet('Big', 200_000, 26);

    expect(() => book.duplicateSheet('Big')).toThrow('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
    expect(book.sheets).toHaveLength(2);
  });
});

describe('deleting a sheet from its tab menu', () => {
  it('takes its developer metadata and protections with it, and leaves the other sheets alone', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED_LEADS, { spreadsheetId });
    const archive = runtime.evaluate<Described>(DESCRIBE('Archive'), { spreadsheetId }).value!;

    runtime.getSpreadsheet(spreadsheetId)!.deleteSheet('Leads');
    const left = runtime.evaluate(`(function () { var ss = SpreadsheetApp.getActiveSpreadsheet();
      return { names: ss.getSheets().map(function (s) { return s.getName(); }), found: ss.createDeveloperMetadataFinder().withKey('zcs.sync').find().length }; })()`, { spreadsheetId });

    expect(left.value).toEqual({ names: ['Archive'], found: 0 });
    expect(runtime.evaluate<Described>(DESCRIBE('Archive'), { spreadsheetId }).value).toEqual({ ...archive, index: 1 });
  });

  it('makes a script\'s Sheet and Range objects for it throw at their next use', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED_LEADS, { spreadsheetId });

    const used = runtime.evaluate(`(function () {
      var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads');
      var range = sheet.getRange('A1:C3');
      SpreadsheetApp.getActiveSpreadsheet().deleteSheet(sheet);
      var errors = [];
      try { sheet.getLastRow(); } catch (e) { errors.push('sheet'); }
      try { range.getValues(); } catch (e) { errors.push('range'); }
      try { range.setValues([['x', 'y', 'z'], ['', '', ''], ['', '', '']]); } catch (e) { errors.push('write'); }
      return errors;
    })()`, { spreadsheetId });

    expect(used.error?.message).toBeUndefined();
    expect(used.value).toEqual(['sheet', 'range', 'write']);
    expect(runtime.getSpreadsheet(spreadsheetId)!.sheet('Archive')!.getValues().flat().filter((v) => v !== '')).toEqual([]);
  });

  it('refuses to delete the only sheet, as Sheets does', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    expect(() => runtime.getSpreadsheet(spreadsheetId)!.deleteSheet('Sheet1')).toThrow("You can't remove all the sheets in a document.");
  });
});

describe('duplicating a sheet whose cells live in a cell store', () => {
  it('copies the cells in the store', () => {
    const { runtime, spreadsheetId } = givenRuntime(inCellStore());
    runtime.evaluate(SEED_LEADS, { spreadsheetId });

    runtime.getSpreadsheet(spreadsheetId)!.duplicateSheet('Leads');
    const original = runtime.evaluate<Described>(DESCRIBE('Leads'), { spreadsheetId }).value!;
    const copy = runtime.evaluate<Described>(DESCRIBE('Copy of Leads'), { spreadsheetId }).value!;

    expect({ ...copy, id: 0, index: 0 }).toEqual({ ...original, id: 0, index: 0 });
  });
});

/** Rows 2-5 of 'Leads': name, amount (formatted), id; each row has a note on A and row metadata with its id. */
const SEED_ROWS = `
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].setName('Leads');
  sheet.getRange('A1:C5').setValues([['Name', 'Amount', 'Id'], ['carol', 30, '3'], ['', 5, '5'], ['Alice', 10, '1'], ['bob', 20, '2']]);
  sheet.getRange('B2').setNumberFormat('0.00'); sheet.getRange('B4').setNumberFormat('#,##0');
  for (var r = 2; r <= 5; r++) {
    sheet.getRange(r, 1).setNote('note ' + sheet.getRange(r, 3).getValue());
    sheet.getRange(r + ':' + r).addDeveloperMetadata('zcs.row', String(sheet.getRange(r, 3).getValue()));
  }`;

/** Each data row as "name|amount as shown|id|note|row metadata", as a script sees it. */
const ROWS_SEEN = `
  (function () {
    var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads'), out = [];
    for (var r = 2; r <= sheet.getLastRow(); r++) {
      var meta = sheet.getRange(r + ':' + r).getDeveloperMetadata().map(function (m) { return m.getValue(); }).join(',');
      out.push(sheet.getRange(r, 1, 1, 3).getDisplayValues()[0].concat([sheet.getRange(r, 1).getNote(), meta]).join('|'));
    }
    return out;
  })()`;

describe.each(STORAGES)('rows moved by a user, cells %s', (_where, options) => {
  it('sorts whole rows by a column, each with its formats, notes and row metadata, blanks last', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED_ROWS, { spreadsheetId });

    runtime.getSpreadsheet(spreadsheetId)!.sheet('Leads')!.sortRows(2, 5, 1);

    expect(runtime.evaluate(ROWS_SEEN, { spreadsheetId }).value).toEqual([
      'Alice|10|1|note 1|1', 'bob|20|2|note 2|2', 'carol|30.00|3|note 3|3', '|5|5|note 5|5',
    ]);
  });

  it('sorts descending by numbers', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED_ROWS, { spreadsheetId });

    runtime.getSpreadsheet(spreadsheetId)!.sheet('Leads')!.sortRows(2, 5, 2, { descending: true });

    expect(runtime.evaluate(ROWS_SEEN, { spreadsheetId }).value).toEqual([
      'carol|30.00|3|note 3|3', 'bob|20|2|note 2|2', 'Alice|10|1|note 1|1', '|5|5|note 5|5',
    ]);
  });

  it('inserts a row that pushes later rows, their cells and metadata down', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED_ROWS, { spreadsheetId });
    const sheet = runtime.getSpreadsheet(spreadsheetId)!.sheet('Leads')!;

    sheet.insertRows(2, 1);
    sheet.setValues('A3:C3', [['dave', '40', '4']]);

    expect(runtime.evaluate(ROWS_SEEN, { spreadsheetId }).value).toEqual([
      'carol|30.00|3|note 3|3', 'dave|40|4||', '|5|5|note 5|5', 'Alice|10|1|note 1|1', 'bob|20|2|note 2|2',
    ]);
    expect(sheet.maxRows).toBe(1001);
  });

  it('deletes a row with its cells and metadata, pulling later rows up', () => {
    const { runtime, spreadsheetId } = givenRuntime(options());
    runtime.evaluate(SEED_ROWS, { spreadsheetId });
    const sheet = runtime.getSpreadsheet(spreadsheetId)!.sheet('Leads')!;

    sheet.deleteRows(2, 1);

    expect(runtime.evaluate(ROWS_SEEN, { spreadsheetId }).value).toEqual(['|5|5|note 5|5', 'Alice|10|1|note 1|1', 'bob|20|2|note 2|2']);
    expect(runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().createDeveloperMetadataFinder().withValue('3').find().length`, { spreadsheetId }).value).toBe(0);
  });
});

describe('changing the spreadsheet time zone in File > Settings', () => {
  it('keeps what date cells show, so a script reads them as other instants', () => {
    const { runtime, spreadsheetId } = givenRuntime({ timeZone: 'Europe/Berlin' });
    runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('A1').setValue(new Date('2026-07-01T12:00:00Z')).setNumberFormat('yyyy-mm-dd hh:mm')`, { spreadsheetId });

    runtime.getSpreadsheet(spreadsheetId)!.setTimeZone('America/New_York');
    const seen = runtime.evaluate(`
      var ss = SpreadsheetApp.getActiveSpreadsheet(), a1 = ss.getSheets()[0].getRange('A1');
      [ss.getSpreadsheetTimeZone(), a1.getDisplayValue(), a1.getValue().toISOString()]`, { spreadsheetId });

    expect(seen.value).toEqual(['America/New_York', '2026-07-01 14:00', '2026-07-01T18:00:00.000Z']);
  });

  it('refuses a zone Sheets does not offer', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    expect(() => runtime.getSpreadsheet(spreadsheetId)!.setTimeZone('Europe/Atlantis')).toThrow('Unknown time zone Europe/Atlantis');
  });
});
