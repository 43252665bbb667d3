import {
  CellValue, EncodeContext, decodeForCell, describeMandatoryMissing, encodeFromCell, isWritableField,
  mandatoryMissing, numberFormatFor,
} from '../../../src/core/cells/record-codec';
import { parseZohoDateTime } from '../../../src/core/cells/zoho-time';
import { expectedReadBack, truncateForCell } from '../../../src/core/cells/formula-safe';
import type { ZohoField } from '../../../src/core/zoho/wire';
import { givenField, picklist, sheetIn } from './helpers/fields';

const LA = sheetIn('America/Los_Angeles');
const KOLKATA = sheetIn('Asia/Kolkata');
const at = (iso: string): Date => new Date(Date.parse(iso));
/** What getValues gives back for a written cell: Sheets drops the guard apostrophe outside Plain-text columns. */
const readBack = (value: CellValue, format: string | null): CellValue => (typeof value === 'string' && format !== '@' ? expectedReadBack(value) : value);

const leadStatus = givenField('picklist', { pick_list_values: picklist('Hot', 'Warm', 'Cold') });
const renamedStatus = givenField('picklist', { pick_list_values: [{ display_value: 'Hot lead', actual_value: 'hot_lead' }] });
const interests = givenField('multiselectpicklist', { pick_list_values: picklist('Email', 'Phone', 'R&D; Ops', 'R&D') });
const account = givenField('lookup', { lookup: { module: { api_name: 'Accounts' } } });
const owner = givenField('ownerlookup');
const amount = givenField('currency', { currency: { precision: 2 } });
const probability = givenField('percent');
const score = givenField('double', { decimal_place: 2 });

describe('decodeForCell and numberFormatFor', () => {
  it.each<[string, ZohoField, unknown, CellValue, string | null]>([
    ['text', givenField('text'), 'Acme', 'Acme', '@'],
    ['text that looks like a formula stays text in a Plain-text column', givenField('text'), '=HYPERLINK("x")', '=HYPERLINK("x")', '@'],
    ['a phone number', givenField('phone'), '+1 555 0100', '+1 555 0100', '@'],
    ['a code with leading zeros', givenField('text'), '00123', '00123', '@'],
    ['a textarea', givenField('textarea'), 'line 1\nline 2', 'line 1\nline 2', '@'],
    ['an email', givenField('email'), 'ana@example.com', 'ana@example.com', '@'],
    ['a website', givenField('website'), 'https://example.com', 'https://example.com', '@'],
    ['an auto-number', givenField('autonumber'), 'LEAD-0001', 'LEAD-0001', '@'],
    ['an integer', givenField('integer'), 42, 42, '0'],
    ['a long integer', givenField('bigint'), 9007199254740991, 9007199254740991, '0'],
    ['a long integer Zoho sent as numeric text', givenField('bigint'), '42', 42, '0'],
    ['an integer Zoho sent as words, kept visible', givenField('integer'), 'n/a', 'n/a', '0'],
    ['a lookup with no name, shown by its id', account, { id: '4150868000000002175' }, '4150868000000002175', '@'],
    ['a long integer past 2^53 kept as guarded text', givenField('bigint'), '1234567890123456789', "'1234567890123456789", '0'],
    ['a decimal with 2 places', score, 3.14159, 3.14159, '0.00'],
    ['a decimal with no places set', givenField('double', { decimal_place: null }), 7.5, 7.5, '0.00'],
    ['a currency amount', amount, 1200.5, 1200.5, '#,##0.00'],
    ['a currency amount without cents', givenField('currency', { currency: { precision: 0 } }), 1200, 1200, '#,##0'],
    ['a percent as the fraction Sheets shows as 25%', probability, 25, 0.25, '0.00%'],
    ['a whole-number percent', givenField('percent', { decimal_place: 0 }), 80, 0.8, '0%'],
    ['a checkbox', givenField('boolean'), true, true, null],
    ['an unticked checkbox', givenField('boolean'), false, false, null],
    ['a date at midnight in the sheet zone', givenField('date'), '2026-01-15', at('2026-01-15T08:00:00Z'), 'yyyy-mm-dd'],
    ['a date on the spring-forward day', givenField('date'), '2026-03-08', at('2026-03-08T08:00:00Z'), 'yyyy-mm-dd'],
    ['a datetime inside the spring-forward gap (-08:00 given)', givenField('datetime'), '2026-03-08T02:30:00-08:00', at('2026-03-08T10:30:00Z'), 'yyyy-mm-dd hh:mm:ss'],
    ['a datetime in UTC', givenField('datetime'), '2026-01-01T00:00:00Z', at('2026-01-01T00:00:00Z'), 'yyyy-mm-dd hh:mm:ss'],
    ['a picklist value', leadStatus, 'Hot', 'Hot', '@'],
    ['a renamed picklist value, shown by its display value', renamedStatus, 'hot_lead', 'Hot lead', '@'],
    ['a picklist value no longer listed', leadStatus, 'Frozen', 'Frozen', '@'],
    ['a multiselect', interests, ['Email', 'Phone'], 'Email; Phone', '@'],
    ['a multiselect value containing the separator', interests, ['R&D; Ops', 'Email'], 'R&D; Ops; Email', '@'],
    ['a lookup', account, { name: 'Acme', id: '4150868000000002175' }, 'Acme', '@'],
    ['an owner', owner, { name: 'Ana Ng', id: '4150868000000225013', email: 'ana@example.com' }, 'Ana Ng', '@'],
    ['a number formula', givenField('formula', { formula: { return_type: 'double' }, decimal_place: 2 }), 12.5, 12.5, '0.00'],
    ['a text formula', givenField('formula', { formula: { return_type: 'string' } }), '=not a formula', '=not a formula', '@'],
    ['a date formula', givenField('formula', { formula: { return_type: 'date' } }), '2026-01-15', at('2026-01-15T08:00:00Z'), 'yyyy-mm-dd'],
    ['a subform, summarised', givenField('subform'), [{ name: 'Widget', id: '1' }, { name: 'Gadget', id: '2' }], 'Widget; Gadget', '@'],
    ['a date Zoho sent in an odd shape, kept visible as text', givenField('date'), '31/02/2026', "'31/02/2026", 'yyyy-mm-dd'],
    ['null', givenField('currency'), null, '', '#,##0.00'],
    ['undefined', givenField('date'), undefined, '', 'yyyy-mm-dd'],
    ['empty text', givenField('text'), '', '', '@'],
    ['an empty multiselect', interests, [], '', '@'],
  ])('writes %s as the expected cell and format', (_case, field, zohoValue, expectedCell, expectedFormat) => {
    const decoded = decodeForCell(field, zohoValue, LA);
    const format = numberFormatFor(field);

    expect(decoded.value).toEqual(expectedCell);
    expect(format).toBe(expectedFormat);
  });

  it('keeps the lookup id beside the name so a push can send it', () => {
    const decoded = decodeForCell(account, { name: 'Acme', id: '4150868000000002175' }, LA);

    expect(decoded.link).toEqual({ id: '4150868000000002175', name: 'Acme' });
  });

  it('joins multiselect values with the configured separator', () => {
    const decoded = decodeForCell(interests, ['Email', 'Phone'], sheetIn('UTC', { multiSeparator: ' | ' }));

    expect(decoded.value).toBe('Email | Phone');
  });

  it('cuts text longer than a cell holds and flags it', () => {
    const long = 'x'.repeat(60000);

    const decoded = decodeForCell(givenField('textarea'), long, LA);

    expect(decoded.truncated).toBe(true);
    expect(String(decoded.value).length).toBeLessThanOrEqual(50000);
    expect(String(decoded.value)).toMatch(/more characters are in Zoho CRM\]$/);
  });
});

describe('a spreadsheet in a different zone from the Zoho org', () => {
  it('shows a +09:00 datetime as the same instant in an Asia/Kolkata sheet', () => {
    const decoded = decodeForCell(givenField('datetime'), '2026-01-01T10:00:00+09:00', KOLKATA);

    expect(decoded.value).toEqual(at('2026-01-01T01:00:00Z'));
  });

  it('sends it back with the sheet offset, naming the same instant', () => {
    const cell = at('2026-01-01T01:00:00Z');

    const encoded = encodeFromCell(givenField('datetime'), cell, KOLKATA);

    expect(encoded).toEqual({ ok: true, value: '2026-01-01T06:30:00+05:30' });
    expect(parseZohoDateTime('2026-01-01T06:30:00+05:30')).toBe(parseZohoDateTime('2026-01-01T10:00:00+09:00'));
  });

  it('puts a date at midnight of that day in Kolkata and reads the same day back', () => {
    const decoded = decodeForCell(givenField('date'), '2026-01-31', KOLKATA);

    const encoded = encodeFromCell(givenField('date'), decoded.value, KOLKATA);

    expect(decoded.value).toEqual(at('2026-01-30T18:30:00Z'));
    expect(encoded).toEqual({ ok: true, value: '2026-01-31' });
  });

  it('sends the spring-forward datetime as the same instant in PDT', () => {
    const decoded = decodeForCell(givenField('datetime'), '2026-03-08T02:30:00-08:00', LA);

    const encoded = encodeFromCell(givenField('datetime'), decoded.value, LA);

    expect(encoded).toEqual({ ok: true, value: '2026-03-08T03:30:00-07:00' });
  });
});

describe('decode then encode gives Zoho the same value back', () => {
  it.each<[string, ZohoField, unknown, unknown, EncodeContext?]>([
    ['text', givenField('text'), 'Acme', 'Acme'],
    ['formula-like text', givenField('text'), '=HYPERLINK("x")', '=HYPERLINK("x")'],
    ['a phone number', givenField('phone'), '+1 555 0100', '+1 555 0100'],
    ['Unicode text', givenField('text'), 'naïve café 東京 😀', 'naïve café 東京 😀'],
    ['an email', givenField('email'), 'ana@example.com', 'ana@example.com'],
    ['an integer', givenField('integer'), -42, -42],
    ['a long integer', givenField('bigint'), 9007199254740991, 9007199254740991],
    ['a long integer past 2^53', givenField('bigint'), '1234567890123456789', '1234567890123456789'],
    ['a decimal', score, 3.14, 3.14],
    ['a decimal with no places set', givenField('double', { decimal_place: null }), 0.1 + 0.2, 0.3],
    ['a currency amount', amount, 1200.5, 1200.5],
    ['a percent', probability, 25, 25],
    ['a percent that is not exact in binary', probability, 7, 7],
    ['a fractional percent', probability, 33.33, 33.33],
    ['a checkbox', givenField('boolean'), false, false],
    ['a date', givenField('date'), '2026-03-08', '2026-03-08'],
    ['a date in Kolkata', givenField('date'), '2026-12-31', '2026-12-31', KOLKATA],
    ['a datetime written in the sheet zone', givenField('datetime'), '2026-07-01T09:15:00-07:00', '2026-07-01T09:15:00-07:00'],
    ['a datetime written in the sheet zone (Kolkata)', givenField('datetime'), '2026-01-01T10:00:00+05:30', '2026-01-01T10:00:00+05:30', KOLKATA],
    ['a picklist value', leadStatus, 'Warm', 'Warm'],
    ['a renamed picklist value', renamedStatus, 'hot_lead', 'hot_lead'],
    ['a multiselect', interests, ['Phone', 'Email'], ['Phone', 'Email']],
    ['a multiselect value containing the separator', interests, ['R&D; Ops', 'R&D', 'Email'], ['R&D; Ops', 'R&D', 'Email']],
    ['a lookup (sent as its id)', account, { name: 'Acme', id: '4150868000000002175' }, { id: '4150868000000002175' }],
    ['an owner (sent as its id)', owner, { name: 'Ana Ng', id: '4150868000000225013' }, { id: '4150868000000225013' }],
    ['an empty value', givenField('currency'), null, null],
  ])('for %s', (_case, field, zohoValue, expected, ctx = LA) => {
    const decoded = decodeForCell(field, zohoValue, ctx);
    const cell = readBack(decoded.value, numberFormatFor(field));

    const encoded = encodeFromCell(field, cell, { ...ctx, previousLink: decoded.link });

    expect(encoded).toEqual({ ok: true, value: expected });
  });
});

describe('encodeFromCell with cells the user typed', () => {
  const resolver = {
    idsForName: (_field: ZohoField, name: string): string[] => ({ Acme: ['111111'], Globex: ['222222', '333333'] } as Record<string, string[]>)[name] ?? [],
  };

  it.each<[string, ZohoField, unknown, unknown, EncodeContext?]>([
    ['a picklist value in another case, sent canonical', leadStatus, 'hot', 'Hot'],
    ['a picklist display value, sent as its actual value', renamedStatus, 'Hot lead', 'hot_lead'],
    ['multiselect values in any case and spacing', interests, 'phone;Email ', ['Phone', 'Email']],
    ['multiselect values listed with commas', interests, 'Email, phone', ['Email', 'Phone']],
    ['a phone number typed with an apostrophe to keep its plus sign', givenField('phone'), "'+1 555 0100", '+1 555 0100'],
    ['a mention typed with an apostrophe', givenField('text'), "'@home", '@home'],
    ['text whose own first character is an apostrophe', givenField('text'), "'s-Hertogenbosch", "'s-Hertogenbosch"],
    ['a value with the separator inside, listed with commas', interests, 'R&D; Ops, Email', ['R&D; Ops', 'Email']],
    ['a multiselect value with the separator inside', interests, 'R&D; Ops; Email', ['R&D; Ops', 'Email']],
    ['a repeated multiselect value once', interests, 'Email; Email', ['Email']],
    ['an integer typed as text', givenField('integer'), '1,234', 1234],
    ['a currency amount rounded to cents', amount, 10.005, 10.01],
    ['a tricky half cent', amount, 1.005, 1.01],
    ['a negative amount rounded away from zero', amount, -2.675, -2.68],
    ['a percent typed as 30%', probability, 0.3, 30],
    ['a percent typed as text', probability, '30%', 30],
    ['a date cell at midnight', givenField('date'), at('2026-03-08T08:00:00Z'), '2026-03-08'],
    ['a date cell with a time of day (the calendar day counts)', givenField('date'), at('2026-03-09T06:59:00Z'), '2026-03-08'],
    ['a date typed with slashes, year first', givenField('date'), '2026/3/8', '2026-03-08'],
    ['a datetime typed without offset, read in the sheet zone', givenField('datetime'), '2026-03-08 01:59', '2026-03-08T01:59:00-08:00'],
    ['a datetime typed inside the spring-forward gap', givenField('datetime'), '2026-03-08 02:30:00', '2026-03-08T03:30:00-07:00'],
    ['a datetime typed with an offset', givenField('datetime'), '2026-03-08T12:00:00Z', '2026-03-08T05:00:00-07:00'],
    ['a datetime cell with float noise from the sheet', givenField('datetime'), new Date(Date.parse('2026-01-01T18:00:00Z') - 1), '2026-01-01T10:00:00-08:00'],
    ['yes', givenField('boolean'), 'yes', true],
    ['FALSE typed as text', givenField('boolean'), 'FALSE', false],
    ['1', givenField('boolean'), 1, true],
    ['an empty checkbox cell', givenField('boolean'), '', false],
    ['a lookup by name', account, 'Acme', { id: '111111' }, sheetIn('UTC', { links: resolver })],
    ['a lookup by record id', account, '4150868000000002175', { id: '4150868000000002175' }],
    ['an owner by user id', owner, ' 4150868000000225013 ', { id: '4150868000000225013' }],
    ['a number in a text column that lost its format', givenField('text'), 123, '123'],
    ['an email with stray spaces', givenField('email'), ' ana@example.com ', 'ana@example.com'],
    ['a cleared cell', givenField('text'), '', null],
    ['a blank-looking cell', givenField('date'), '   ', null],
  ])('accepts %s', (_case, field, cell, expected, ctx = LA) => {
    const encoded = encodeFromCell(field, cell, ctx);

    expect(encoded).toEqual({ ok: true, value: expected });
  });

  it.each<[string, ZohoField, unknown, string, EncodeContext?]>([
    ['a system field', givenField('datetime', { api_name: 'Created_Time', field_label: 'Created Time' }), at('2026-01-01T00:00:00Z'),
      "Created Time is read-only in Zoho CRM, so edits to it can't be sent."],
    ['a field read-only for everyone', givenField('text', { field_read_only: true }), 'x', "Company is read-only in Zoho CRM, so edits to it can't be sent."],
    ['a field read-only for this user', givenField('text', { read_only: true }), 'x', "Company is read-only in Zoho CRM, so edits to it can't be sent."],
    ['a formula', givenField('formula', { formula: { return_type: 'double' } }), 5, "Weighted is read-only in Zoho CRM, so edits to it can't be sent."],
    ['an auto-number', givenField('autonumber'), 'LEAD-9', "Lead Number is read-only in Zoho CRM, so edits to it can't be sent."],
    ['a field the API may not update', givenField('text', { operation_type: { api_update: false } }), 'x', "Company is read-only in Zoho CRM, so edits to it can't be sent."],
    ['a subform', givenField('subform'), 'Widget', "Line Items can't be edited from the sheet; change it in Zoho CRM."],
    ['a mandatory field cleared', givenField('text', { field_label: 'Last Name', system_mandatory: true }), '', "Last Name is required in Zoho CRM and can't be empty."],
    ['a picklist value not allowed', leadStatus, 'Lukewarm', 'Lead Status: "Lukewarm" is not an allowed value (Hot, Warm, Cold).'],
    ['a multiselect value not allowed', interests, 'Email; Fax', 'Interests: "Fax" is not an allowed value (Email, Phone, R&D; Ops, R&D).'],
    ['a multiselect value not allowed in a list with commas', interests, 'Email, Fax', 'Interests: "Fax" is not an allowed value (Email, Phone, R&D; Ops, R&D).'],
    ['text too long', givenField('text', { length: 5 }), 'Acme Corp', 'Company: the text has 9 characters; Zoho CRM allows at most 5.'],
    ['a fraction in an integer field', givenField('integer'), 3.5, 'Employees: 3.5 is not a whole number.'],
    ['words in an integer field', givenField('integer'), 'lots', 'Employees: "lots" is not a number.'],
    ['an integer past 32 bits', givenField('integer'), 3000000000, 'Employees: 3000000000 is too large; Zoho CRM allows whole numbers from -2147483648 to 2147483647.'],
    ['a long integer past 64 bits', givenField('bigint'), '99999999999999999999', 'External Id: "99999999999999999999" is too large; Zoho CRM allows at most 9223372036854775807.'],
    ['words in a currency field', amount, 'abc', 'Amount: "abc" is not a number.'],
    ['words in a percent field', probability, 'half', 'Probability: "half" is not a number (use a percentage such as 25%).'],
    ['a day-first date', givenField('date'), '31/02/2026', 'Close date: "31/02/2026" is not a date (use YYYY-MM-DD).'],
    ['an impossible date', givenField('date'), '2026-02-30', 'Close date: "2026-02-30" is not a date (use YYYY-MM-DD).'],
    ['a plain number in a date field', givenField('date'), 46000, 'Close date: 46000 is not a date (use YYYY-MM-DD).'],
    ['words in a datetime field', givenField('datetime'), 'tomorrow', 'Follow-up at: "tomorrow" is not a date and time (use YYYY-MM-DD hh:mm:ss).'],
    ['a non-answer in a checkbox', givenField('boolean'), 'maybe', 'Email Opt Out: "maybe" is not a yes/no value (use TRUE or FALSE).'],
    ['a broken email', givenField('email'), 'ana@', 'Email: "ana@" is not an email address (use name@example.com).'],
    ['an unknown account', account, 'Initech', 'Account Name: no record named "Initech" was found; use the exact name or the record id.', sheetIn('UTC', { links: resolver })],
    ['an ambiguous account', account, 'Globex', 'Account Name: 2 records are named "Globex"; put the record id in the cell instead.', sheetIn('UTC', { links: resolver })],
    ['an unknown owner', owner, 'Zed', 'Owner: no user named "Zed" was found; use the exact name or the user id.'],
    ['a cell cut to fit the sheet', givenField('textarea'), truncateForCell('x'.repeat(60000)).text,
      "Description: this cell was cut to fit the sheet, so it can't be sent; edit the full text in Zoho CRM."],
  ])('refuses %s with a message for the status column', (_case, field, cell, message, ctx = LA) => {
    const encoded = encodeFromCell(field, cell, ctx);

    expect(encoded).toEqual({ ok: false, message });
  });

  it('lets an insert set a field the API may create but not update', () => {
    const field = givenField('text', { operation_type: { api_create: true, api_update: false } });

    const onInsert = encodeFromCell(field, 'x', sheetIn('UTC', { action: 'insert' }));
    const onUpdate = encodeFromCell(field, 'x', sheetIn('UTC', { action: 'update' }));

    expect(onInsert).toEqual({ ok: true, value: 'x' });
    expect(onUpdate.ok).toBe(false);
    expect(isWritableField(field, 'insert')).toBe(true);
  });
});

describe('lookup and owner cells: ids stay digit for digit', () => {
  const reviewer = givenField('userlookup');
  /** Finds records named by digits, and notes every name it was asked for. */
  const givenResolver = () => {
    const asked: string[] = [];
    const named: Record<string, string[]> = { 2024: ['4150868000000009001'], 123456789012345: ['4150868000000009002'] };
    return { asked, links: { idsForName: (_field: ZohoField, name: string) => (asked.push(name), named[name] ?? []) } };
  };
  const typedAsNumber = (label: string, target: string, shown: string) =>
    `${label}: ${shown} was stored as a number, and Sheets keeps only 15 digits of a number, so the ${target} id may have changed. Format the column as Plain text (Format > Number > Plain text) and type the id again.`;

  it.each<[string, ZohoField, unknown, unknown, string[]]>([
    ['a 19-digit account id typed as text, sent as the id without a name search', account, '2098765000001234567', { id: '2098765000001234567' }, []],
    ['a 19-digit user id in an owner cell', owner, '2098765000000000002', { id: '2098765000000000002' }, []],
    ['a 19-digit user id in a user-lookup cell, with spaces', reviewer, ' 2098765000000000003 ', { id: '2098765000000000003' }, []],
    ['a name made of digits, not 19 of them', account, '2024', { id: '4150868000000009001' }, ['2024']],
    ['a number cell: its digits are the name', account, 2024, { id: '4150868000000009001' }, ['2024']],
    ['a 15-digit number cell, still exact', account, 123456789012345, { id: '4150868000000009002' }, ['123456789012345']],
  ])('accepts %s', (_case, field, cell, expected, searched) => {
    const { asked, links } = givenResolver();

    const encoded = encodeFromCell(field, cell, sheetIn('UTC', { links, action: 'insert' }));

    expect(encoded).toEqual({ ok: true, value: expected });
    expect(asked).toEqual(searched);
  });

  it.each<[string, ZohoField, unknown, string]>([
    ['a 19-digit account id Sheets stored as a number', account, 2098765000001230000, typedAsNumber('Account Name', 'record', '2098765000001230000')],
    ['a 19-digit user id Sheets stored as a number', owner, 2098765000000000000, typedAsNumber('Owner', 'user', '2098765000000000000')],
    ['a 16-digit number, past what Sheets keeps', account, 1234567890123450, typedAsNumber('Account Name', 'record', '1234567890123450')],
    ['a negative one', reviewer, -2098765000001230000, typedAsNumber('Reviewer', 'user', '-2098765000001230000')],
    ['one too large for plain digits', account, 1e21, typedAsNumber('Account Name', 'record', '1e+21')],
  ])('refuses %s before anything is searched or sent', (_case, field, cell, message) => {
    const { asked, links } = givenResolver();

    const encoded = encodeFromCell(field, cell, sheetIn('UTC', { links, action: 'insert' }));

    expect(encoded).toEqual({ ok: false, message });
    expect(asked).toEqual([]);
  });

  it('keeps the pulled id when the name in the cell is unchanged, even a name of digits', () => {
    const { asked, links } = givenResolver();

    const encoded = encodeFromCell(account, 2024, sheetIn('UTC', { links, previousLink: { id: '4150868000000009999', name: '2024' } }));

    expect(encoded).toEqual({ ok: true, value: { id: '4150868000000009999' } });
    expect(asked).toEqual([]);
  });
});

describe('mandatoryMissing', () => {
  const lastName = givenField('text', { api_name: 'Last_Name', field_label: 'Last Name', system_mandatory: true });
  const company = givenField('text', { api_name: 'Company', field_label: 'Company', system_mandatory: true });
  const fields = [
    lastName,
    company,
    givenField('ownerlookup', { api_name: 'Owner', system_mandatory: true }),
    givenField('email', { api_name: 'Email' }),
    givenField('boolean', { api_name: 'Opt_Out', system_mandatory: true }),
    givenField('autonumber', { api_name: 'Lead_No', system_mandatory: true }),
  ];

  it.each<[string, Record<string, unknown>, ZohoField[], string]>([
    ['a complete row', { Last_Name: 'Ng', Company: 'Acme' }, [], ''],
    ['an empty company', { Last_Name: 'Ng', Company: '  ' }, [company], 'Company is required in Zoho CRM; fill it in before the row can be added.'],
    ['a row without those columns', {}, [lastName, company], 'Last Name, Company are required in Zoho CRM; fill them in before the row can be added.'],
  ])('reports %s', (_case, row, expectedFields, expectedMessage) => {
    const missing = mandatoryMissing(fields, row);

    expect(missing).toEqual(expectedFields);
    expect(describeMandatoryMissing(missing)).toBe(expectedMessage);
  });
});
