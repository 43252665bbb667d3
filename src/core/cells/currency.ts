// A record's own currency in a multi-currency Zoho org (issue 17): which currency a record's
// amounts are in, and the number format its currency cells get. A single-currency org has none of
// this: its currency columns keep the one format numberFormatFor gives them from the org's symbol.
// Where the rows keep their currency (RowMeta.cu) and when formats are written is sync/'s concern.
//
// Zoho: in a multi-currency org (GET /org mc_status) records of modules with amounts carry a
// Currency field (an ISO code) and their amounts are in it; `$currency_symbol` on a record is that
// currency's symbol (reference §4.2), though whether Zoho sends it when `fields` names only some
// fields is not documented. So the ISO code is asked for by name and mapped through GET
// /org/currencies (zoho/crm-oas v8.0 getCurrencies: symbol, format.decimal_places), with
// `$currency_symbol` as the fallback when that list cannot be read.

import type { ZohoCurrency, ZohoField, ZohoRecord } from '../zoho/wire';
import { isCurrencyField, numberFormatFor } from './record-codec';

/** The record field naming a record's currency by ISO code in a multi-currency org. */
export const CURRENCY_FIELD = 'Currency';
const SYMBOL_KEY = '$currency_symbol';
/** Added to a pull's watermark key once it reads records' currencies, so a sheet pulled before looks at every row once. */
const CURRENCY_WATERMARK_SUFFIX = '+currency';

export interface OrgCurrency {
  isoCode: string;
  symbol: string;
  /** Digits after the decimal point the currency is shown with; absent when Zoho did not say. */
  decimalPlaces?: number;
}

/** What a sync knows of a multi-currency org's currencies; a single-currency org has no book. */
export interface CurrencyBook {
  /** The org's base (home) currency's ISO code: rows that keep no currency are in it. */
  base: string;
  /**
   * The org's currencies (GET /org/currencies). May be called often: the caller reads Zoho at
   * most once a sync (and caches it with the metadata); [] when the list cannot be read.
   */
  list(): readonly OrgCurrency[];
}

/**
 * The book of a multi-currency org whose base currency is `base` (GET /org iso_code); `load` is
 * asked for GET /org/currencies the first time a row needs it, and only then.
 */
export function currencyBook(base: string, load: () => readonly ZohoCurrency[]): CurrencyBook {
  let list: OrgCurrency[] | null = null;
  return { base, list: () => (list ??= orgCurrenciesFrom(load())) };
}

/** GET /org/currencies' answer as OrgCurrency entries (active or not: old records may still be in one). */
export function orgCurrenciesFrom(wire: readonly ZohoCurrency[]): OrgCurrency[] {
  return wire.filter((c) => typeof c.iso_code === 'string' && typeof c.symbol === 'string').map((c) => {
    const places = Number(c.format?.decimal_places);
    return { isoCode: c.iso_code, symbol: c.symbol, ...(c.format?.decimal_places !== undefined && Number.isInteger(places) && places >= 0 ? { decimalPlaces: places } : {}) };
  });
}

/**
 * The currencies of one sheet's rows: which fields to ask Zoho for, which currency a record is in
 * and the formats of its cells. Inactive (every call answers as a single-currency org) without a
 * book, when the sheet shows no amount, or when the module's metadata has no Currency field (Zoho
 * adds it to modules with amounts in a multi-currency org; asking for a field it does not list
 * would fail the whole read).
 */
export class RowCurrencies {
  /** True when the sheet's rows may be in several currencies. */
  readonly active: boolean;
  private readonly book: CurrencyBook | undefined;
  /** `$currency_symbol` seen on records this run, by ISO code: the fallback when the list has no entry. */
  private readonly seen = new Map<string, string>();
  private readonly formats = new Map<string, string | null>();

  /**
   * @param fields the sheet's fields, in column order
   * @param moduleFields the module's field metadata
   */
  constructor(fields: readonly ZohoField[], book: CurrencyBook | undefined, moduleFields: readonly ZohoField[]) {
    this.book = book;
    this.active = Boolean(book) && fields.some(isCurrencyField) && moduleFields.some((f) => f.api_name === CURRENCY_FIELD);
  }

  /** The fields a pull asks for: the sheet's, and Currency when rows may be in several currencies. */
  requestFields(names: readonly string[]): string[] {
    return this.active && !names.includes(CURRENCY_FIELD) ? [...names, CURRENCY_FIELD] : [...names];
  }

  /** A pull's watermark key: a sheet pulled before its currencies were read is pulled whole once. */
  watermarkKey(key: string): string {
    return this.active ? key + CURRENCY_WATERMARK_SUFFIX : key;
  }

  /**
   * The currency a record's row keeps (RowMeta.cu): its ISO code, or undefined when it is the base,
   * when Zoho sent none, and always when inactive.
   */
  codeOf(record: ZohoRecord): string | undefined {
    if (!this.active) return undefined;
    const code = record[CURRENCY_FIELD];
    if (typeof code !== 'string' || code === '' || code === this.book!.base) return undefined;
    const symbol = record[SYMBOL_KEY];
    if (typeof symbol === 'string' && symbol !== '' && !this.seen.has(code)) {
      this.seen.set(code, symbol);
      this.formats.clear();
    }
    return code;
  }

  /**
   * The number format of a field's cell in a row whose record is in `code` (undefined: the base):
   * numberFormatFor's, with that currency's symbol and decimal places for an amount. A currency
   * Zoho's list does not name shows the record's `$currency_symbol`, else its ISO code.
   */
  formatFor(field: ZohoField, code: string | undefined): string | null {
    if (!code || !this.active || !isCurrencyField(field)) return numberFormatFor(field);
    const key = `${field.api_name}\u0000${code}`;
    if (this.formats.has(key)) return this.formats.get(key)!;
    const listed = this.book!.list().find((c) => c.isoCode === code);
    const symbol = listed?.symbol ?? this.seen.get(code) ?? `${code} `;
    const currency = { ...field.currency, symbol, ...(listed?.decimalPlaces !== undefined ? { precision: listed.decimalPlaces } : {}) };
    const format = numberFormatFor({ ...field, currency });
    this.formats.set(key, format);
    return format;
  }
}
