// SpreadsheetApp against §1.7 and §1.10: typed values as Sheets stores them, display values in
// the spreadsheet's zone, the workbook and cell limits with Apps Script's messages, scopes.
import { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime, givenRuntime } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const inSheet = (code: string) => `var sheet = SpreadsheetApp.getActive().getSheets()[0]; ${code}`;

describe('values written with setValues', () => {
  it.each([
    ['=1+1', 2, '=1+1', '2'],
    ['=SUM(A5:A6)', '', '=SUM(A5:A6)', ''],
    ['@mention', '@mention', '', '@mention'],
    ['+1 555 0100', '+1 555 0100', '', '+1 555 0100'],
    ['123', 123, '', '123'],
    ['-4.5', -4.5, '', '-4.5'],
    ["'123", '123', '', '123'],
    ["'=not a formula", '=not a formula', '', '=not a formula'],
    ['TRUE', true, '', 'TRUE'],
    ['12%', 0.12, '', '12%'],
    ['', '', '', ''],
  ])('stores %j as Sheets does', (input, value, formula, display) => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate<unknown[]>(inSheet(`
      var r = sheet.getRange('B2'); r.setValues([[${JSON.stringify(input)}]]);
      [r.getValue(), r.getFormula(), r.getDisplayValue()]`), { spreadsheetId });

    expect(result.value).toEqual([value, formula, display]);
  });

  it('keeps numeric-looking text as text in a plain-text (@) column', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`
      var r = sheet.getRange('C1:C2').setNumberFormat('@'); r.setValues([['00123'], ['=1+1']]);
      r.getValues()`), { spreadsheetId });

    expect(result.value).toEqual([['00123'], ['=1+1']]);
  });

  it('keeps 15 significant digits of a typed number, as Sheets does, and every digit in a plain-text cell', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`
      sheet.getRange('D1:D3').setValues([['2098765000001234567'], ['123456789012345'], ['0.1234567890123456789']]);
      sheet.getRange('E1').setNumberFormat('@').setValue('2098765000001234567');
      [sheet.getRange('D1:D3').getValues(), sheet.getRange('E1').getValue()]`), { spreadsheetId });

    expect(result.value).toEqual([[[2098765000001230000], [123456789012345], [0.123456789012345]], '2098765000001234567']);
  });

  it('round-trips Dates and reads date cells at midnight in the spreadsheet zone', () => {
    const { runtime, spreadsheetId } = givenRuntime({ timeZone: 'Asia/Kolkata' });
    const instant = '2026-05-04T12:34:56.000Z';

    const result = runtime.evaluate<unknown[]>(inSheet(`
      sheet.getRange('A1:B1').setValues([[new Date('${instant}'), '2026-01-31']]);
      var v = sheet.getRange('A1:B1').getValues()[0];
      [v[0] instanceof Date, v[0].toISOString(), v[1].toISOString(), sheet.getRange('A1:B1').getDisplayValues()[0]]`), { spreadsheetId });

    expect(result.value).toEqual([true, instant, '2026-01-30T18:30:00.000Z', ['5/4/2026 18:04:56', '2026-01-31']]);
  });

  it.each([
    ['0', 1234.567, '1235'],
    ['0.00', 1234.567, '1234.57'],
    ['#,##0.00', 1234567.891, '1,234,567.89'],
    ['0%', 0.256, '26%'],
    ['"$"#,##0.00', 12.5, '$12.50'],
    ['[$€]#,##0.00', 12.5, '€12.50'],
    ['yyyy-mm-dd', 46037, '2026-01-15'],
    ['yyyy-mm-dd hh:mm:ss', 46037.5, '2026-01-15 12:00:00'],
    ['@', 12, '12'],
  ])('displays with number format %s', (format, value, display) => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`
      sheet.getRange('A1').setValue(${value}).setNumberFormat('${format}');
      sheet.getRange('A1').getDisplayValue()`), { spreadsheetId });

    expect(result.value).toBe(display);
  });

  it('shows a written instant in the spreadsheet\'s own zone', () => {
    const { runtime, spreadsheetId } = givenRuntime({ timeZone: 'America/New_York' });

    const result = runtime.evaluate(inSheet(`
      sheet.getRange('A1').setValue(new Date('2026-07-01T12:00:00Z')).setNumberFormat('yyyy-mm-dd hh:mm');
      sheet.getRange('A1').getDisplayValue()`), { spreadsheetId });

    expect(result.value).toBe('2026-07-01 08:00');
  });
});

describe('limits', () => {
  it('refuses setValues whose rows do not match the range', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const rows = runtime.evaluate(inSheet(`sheet.getRange(1, 1, 2, 2).setValues([[1, 2]])`), { spreadsheetId });
    const cols = runtime.evaluate(inSheet(`sheet.getRange(1, 1, 2, 2).setValues([[1, 2], [3]])`), { spreadsheetId });

    expect(rows.error).toMatchObject({ name: 'Exception', message: 'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.' });
    expect(cols.error!.message).toBe('The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.');
  });

  it('refuses more than 50,000 characters in a cell', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`sheet.getRange('A1').setValue(new Array(50002).join('x'))`), { spreadsheetId });
    const fits = runtime.evaluate(inSheet(`sheet.getRange('A1').setValue(new Array(50001).join('x')); 'ok'`), { spreadsheetId });

    expect(result.error!.message).toBe('Your input contains more than the maximum of 50000 characters in a single cell.');
    expect(fits.value).toBe('ok');
  });

  it('refuses to grow a workbook past 10,000,000 cells', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`sheet.insertRowsAfter(1000, 400000)`), { spreadsheetId });

    expect(result.error!.message).toBe('This action would increase the number of cells in the workbook above the limit of 10000000 cells.');
    expect(runtime.getSpreadsheet(spreadsheetId)!.totalCells()).toBe(26000);
  });

  it('refuses a range outside the sheet', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`sheet.getRange(1001, 1)`), { spreadsheetId });

    expect(result.error!.message).toBe('The coordinates of the range are outside the dimensions of the sheet.');
  });
});

describe('documents and scopes', () => {
  it('has no active spreadsheet and no Ui without a document', () => {
    const { runtime } = givenRuntime();

    const active = runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet()`);
    const ui = runtime.evaluate(`SpreadsheetApp.getUi()`);

    expect(active.value).toBeNull();
    expect(ui.error!.message).toBe('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  it('refuses openById with only spreadsheets.currentonly, and allows it with the full scope', () => {
    const base = givenRuntime().runtime.manifest;
    const { runtime, spreadsheetId } = givenRuntime({ manifest: { ...base, oauthScopes: ['https://www.googleapis.com/auth/spreadsheets.currentonly'] } });
    const full = new AppsScriptRuntime({ manifest: { ...base, oauthScopes: ['https://www.googleapis.com/auth/spreadsheets'] } });
    const other = full.createSpreadsheet({ name: 'Other' });

    const refused = runtime.evaluate(`SpreadsheetApp.openById('${spreadsheetId}')`);
    const opened = full.evaluate(`SpreadsheetApp.openById('${other.id}').getName()`);
    full.close();

    expect(refused.error!.message).toBe('You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets');
    expect(opened.value).toBe('Other');
  });

  it('refuses spreadsheet data in AuthMode.NONE', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getName()`, { spreadsheetId, authMode: 'NONE' });

    expect(result.ok).toBe(false);
    expect(result.error!.message).toMatch(/^You do not have permission to call/);
  });
});

describe('sheet structure', () => {
  it('finds developer metadata on whole columns after columns are inserted before them', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate<unknown[]>(inSheet(`
      sheet.getRange('C:C').addDeveloperMetadata('zcs.field', 'Email');
      sheet.insertColumnsBefore(1, 2);
      var found = sheet.createDeveloperMetadataFinder().withKey('zcs.field').find();
      [found.length, found[0].getValue(), found[0].getLocation().getColumn().getColumn()]`), { spreadsheetId });

    expect(result.value).toEqual([1, 'Email', 5]);
  });

  it('refuses developer metadata on a partial range', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate(inSheet(`sheet.getRange('A1:B2').addDeveloperMetadata('k', 'v')`), { spreadsheetId });

    expect(result.error!.message).toMatch(/entire row or column/);
  });

  it('inserts checkboxes that read false, protects a range with a warning, and appends rows', () => {
    const { runtime, spreadsheetId } = givenRuntime();

    const result = runtime.evaluate<unknown[]>(inSheet(`
      sheet.getRange('A1:A2').insertCheckboxes();
      var p = sheet.getRange('B1:B5').protect().setDescription('status').setWarningOnly(true);
      sheet.appendRow(['x', 'y']);
      [sheet.getRange('A1:A2').getValues(), sheet.getRange('A1').getDataValidation().getCriteriaType(),
       sheet.getProtections(SpreadsheetApp.ProtectionType.RANGE)[0].getDescription(), p.isWarningOnly(), sheet.getLastRow()]`), { spreadsheetId });

    expect(result.value).toEqual([[[false], [false]], 'CHECKBOX', 'status', true, 3]);
  });

  it('shares one workbook between the node-side model and SpreadsheetApp', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    const model = runtime.getSpreadsheet(spreadsheetId)!;
    model.sheets[0]!.setValues('A1:B1', [['Name', '42']]);

    const result = runtime.evaluate(inSheet(`sheet.getRange('A1:B1').getValues()`), { spreadsheetId });
    runtime.evaluate(inSheet(`sheet.getRange('C1').setValue('from script')`), { spreadsheetId });

    expect(result.value).toEqual([['Name', 42]]);
    expect(model.sheets[0]!.getValues('C1')).toEqual([['from script']]);
  });

  it('counts Sheets reads and writes with their cells and models their time', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ latency: { spreadsheetCallMs: 60, spreadsheetWritePerCellMs: 0.01, spreadsheetNavigationMs: 0 } });

    const result = runtime.evaluate(inSheet(`
      var rows = []; for (var i = 0; i < 100; i++) rows.push([i, 'x']);
      sheet.getRange(1, 1, 100, 2).setValues(rows); sheet.getRange(1, 1, 100, 2).getValues().length`), { spreadsheetId });

    expect(result.counters).toMatchObject({ spreadsheetWrites: 1, spreadsheetReads: 1, cellsWritten: 200, cellsRead: 200 });
    expect(result.elapsedMs).toBe(122);
  });
});

describe('copying sheets from a script', () => {
  const SEED = inSheet(`
    sheet.setName('Leads').getRange('A1:B2').setValues([['Name', 'Amount'], ['Ada', 12.5]]);
    sheet.getRange('B2').setNumberFormat('0.00');
    sheet.addDeveloperMetadata('zcs.sync', 'Leads');
    SpreadsheetApp.getActiveSpreadsheet().insertSheet('Archive');`);

  it('copyTo adds "Copy of <name>" last, with the cells and the sheet\'s metadata', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED, { spreadsheetId });

    const result = runtime.evaluate<unknown[]>(`
      var ss = SpreadsheetApp.getActiveSpreadsheet(), leads = ss.getSheetByName('Leads');
      var copy = leads.copyTo(ss);
      [copy.getName(), copy.getIndex(), copy.getSheetId() !== leads.getSheetId(), copy.getRange('A1:B2').getDisplayValues(),
       copy.getDeveloperMetadata().map(function (m) { return m.getKey() + '=' + m.getValue(); })]`, { spreadsheetId });

    expect(result.value).toEqual(['Copy of Leads', 3, true, [['Name', 'Amount'], ['Ada', '12.50']], ['zcs.sync=Leads']]);
  });

  it('File > Make a copy gives a new spreadsheet with every sheet, its metadata and document properties, and no trigger', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED + `
      SpreadsheetApp.getActiveSpreadsheet().addDeveloperMetadata('zcs.book', 'yes');
      PropertiesService.getDocumentProperties().setProperty('k', 'v');
      ScriptApp.newTrigger('tick').timeBased().everyHours(1).create();`, { spreadsheetId });

    const copy = runtime.copySpreadsheet(spreadsheetId, { name: 'Copied' });
    const result = runtime.evaluate<unknown[]>(`
      var ss = SpreadsheetApp.getActiveSpreadsheet(), leads = ss.getSheetByName('Leads');
      [ss.getId() !== '${spreadsheetId}', ss.getName(), ss.getSheets().map(function (s) { return s.getName(); }), leads.getRange('A1:B2').getDisplayValues(),
       leads.getDeveloperMetadata().map(function (m) { return m.getKey() + '=' + m.getValue(); }),
       ss.getDeveloperMetadata().map(function (m) { return m.getKey() + '=' + m.getValue(); }),
       PropertiesService.getDocumentProperties().getProperty('k'), ScriptApp.getUserTriggers(ss).length]`, { spreadsheetId: copy.id });

    expect(result.value).toEqual([true, 'Copied', ['Leads', 'Archive'], [['Name', 'Amount'], ['Ada', '12.50']], ['zcs.sync=Leads'], ['zcs.book=yes'], 'v', 0]);
    expect(copy.sheet('Leads')!.id).toBe(runtime.getSpreadsheet(spreadsheetId)!.sheet('Leads')!.id);
    expect(runtime.copySpreadsheet(spreadsheetId, { keepSheetIds: false }).sheet('Leads')!.id).not.toBe(copy.sheet('Leads')!.id);
  });

  it('copyTo copies into another spreadsheet', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED, { spreadsheetId });
    const other = runtime.createSpreadsheet({ name: 'Other' });

    const result = runtime.evaluate(`
      SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Leads').copyTo(SpreadsheetApp.openById('${other.id}')).getName()`, { spreadsheetId });

    expect(result.value).toBe('Copy of Leads');
    expect(runtime.getSpreadsheet(other.id)!.sheet('Copy of Leads')!.getDisplayValues('A1:B2')).toEqual([['Name', 'Amount'], ['Ada', '12.50']]);
  });

  it('duplicateActiveSheet puts the copy after the active sheet and makes it active', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED, { spreadsheetId });

    const result = runtime.evaluate(`
      var ss = SpreadsheetApp.getActiveSpreadsheet();
      ss.getSheetByName('Archive').getRange('A1').setValue('old').activate();
      var copy = ss.duplicateActiveSheet();
      [copy.getName(), ss.getActiveSheet().getName(), ss.getSheets().map(function (s) { return s.getName(); }), copy.getRange('A1').getValue()]`, { spreadsheetId });

    expect(result.value).toEqual(['Copy of Archive', 'Copy of Archive', ['Leads', 'Archive', 'Copy of Archive'], 'old']);
  });

  it('duplicates the first sheet when the script made none active', () => {
    const { runtime, spreadsheetId } = givenRuntime();
    runtime.evaluate(SEED, { spreadsheetId });

    const result = runtime.evaluate(`SpreadsheetApp.getActiveSpreadsheet().duplicateActiveSheet().getIndex()`, { spreadsheetId });

    expect(result.value).toBe(2);
    expect(runtime.getSpreadsheet(spreadsheetId)!.sheets.map((s) => s.name)).toEqual(['Leads', 'Copy of Leads', 'Archive']);
  });
});
