// A record's own currency in a multi-currency org: which currency a row is in, the format of its
// amounts, what the pull asks Zoho for, and how a message quotes an amount.

import { currencyBook, RowCurrencies } from '../../../src/core/cells/currency';
import { displayCell } from '../../../src/core/cells/display';
import { numberFormatFor, withOrgCurrency } from '../../../src/core/cells/record-codec';
import type { ZohoCurrency } from '../../../src/core/zoho/wire';
import { givenField } from './helpers/fields';
import { intlZones } from './helpers/intl-zone-offsets';

const LISTED: ZohoCurrency[] = [
  { iso_code: 'USD', symbol: '$', is_base: true, format: { decimal_places: '2' } },
  { iso_code: 'EUR', symbol: '€', format: { decimal_places: '2' } },
  { iso_code: 'JPY', symbol: '¥', format: { decimal_places: '0' } },
];
const [amount, company] = withOrgCurrency([givenField('currency', { api_name: 'Amount', currency: { precision: 2 } }), givenField('text')], '$');
/** The module's metadata in a multi-currency org: Zoho adds Currency to a module with amounts. */
const MODULE = [amount!, company!, givenField('picklist', { api_name: 'Currency' })];

function rowsOf(list: ZohoCurrency[] = LISTED, reads: { count: number } = { count: 0 }): RowCurrencies {
  return new RowCurrencies([amount!, company!], currencyBook('USD', () => {
    reads.count++;
    return list;
  }), MODULE);
}

describe('RowCurrencies', () => {
  it.each([
    ['a euro record', { Currency: 'EUR' }, 'EUR', '"€"#,##0.00'],
    ['a yen record, with the yen\'s decimal places', { Currency: 'JPY' }, 'JPY', '"¥"#,##0'],
    ['a record in the base currency', { Currency: 'USD' }, undefined, '"$"#,##0.00'],
    ['a record Zoho sent without a currency', {}, undefined, '"$"#,##0.00'],
  ])('formats the amounts of %s in its currency', (_, values, code, format) => {
    const rows = rowsOf();

    const got = rows.codeOf({ id: '1', ...values });

    expect(got).toBe(code);
    expect(rows.formatFor(amount!, got)).toBe(format);
    expect(rows.formatFor(company!, got)).toBe('@');
  });

  it('uses the record\'s $currency_symbol when Zoho will not list the currencies, and the ISO code when it has neither', () => {
    const rows = rowsOf([]);

    const euro = rows.codeOf({ id: '1', Currency: 'EUR', $currency_symbol: '€' });
    const franc = rows.codeOf({ id: '2', Currency: 'CHF' });

    expect(rows.formatFor(amount!, euro)).toBe('"€"#,##0.00');
    expect(rows.formatFor(amount!, franc)).toBe('"CHF "#,##0.00');
  });

  it('reads the currency list once, and only when a row is in another currency than the base', () => {
    const reads = { count: 0 };
    const rows = rowsOf(LISTED, reads);

    rows.formatFor(amount!, rows.codeOf({ id: '1', Currency: 'USD' }));
    const before = reads.count;
    for (const id of ['2', '3', '4']) rows.formatFor(amount!, rows.codeOf({ id, Currency: 'EUR' }));

    expect(before).toBe(0);
    expect(reads.count).toBe(1);
  });

  it('asks Zoho for the records\' Currency only when the org has several and the sheet shows an amount', () => {
    const book = currencyBook('USD', () => LISTED);

    expect(new RowCurrencies([amount!, company!], book, MODULE).requestFields(['Amount', 'Company'])).toEqual(['Amount', 'Company', 'Currency']);
    expect(new RowCurrencies([amount!, company!], book, MODULE).requestFields(['Amount', 'Currency'])).toEqual(['Amount', 'Currency']);
    expect(new RowCurrencies([company!], book, MODULE).requestFields(['Company'])).toEqual(['Company']);
    expect(new RowCurrencies([amount!, company!], undefined, MODULE).requestFields(['Amount', 'Company'])).toEqual(['Amount', 'Company']);
  });

  it('asks for no Currency when the module\'s metadata lists none (asking would fail the read)', () => {
    const rows = new RowCurrencies([amount!, company!], currencyBook('USD', () => LISTED), [amount!, company!]);

    expect(rows.active).toBe(false);
    expect(rows.requestFields(['Amount'])).toEqual(['Amount']);
  });

  it('answers as a single-currency org without a book: no currency kept, the column\'s format', () => {
    const rows = new RowCurrencies([amount!, company!], undefined, MODULE);

    const code = rows.codeOf({ id: '1', Currency: 'EUR', $currency_symbol: '€' });

    expect(code).toBeUndefined();
    expect(rows.formatFor(amount!, 'EUR')).toBe(numberFormatFor(amount!));
    expect(rows.watermarkKey('k')).toBe('k');
  });
});

describe('displayCell quotes an amount with its symbol', () => {
  it.each([
    [1234.5, '"€"#,##0.00', '€1,234.50'],
    [-9876543.219, '"$"#,##0.00', '-$9,876,543.22'],
    [1500, '"¥"#,##0', '¥1,500'],
    [1234.5, '#,##0.00', '1,234.50'],
  ])('%p with %s reads %s', (value, format, shown) => {
    expect(displayCell(value, format, 'UTC', intlZones)).toBe(shown);
  });
});
