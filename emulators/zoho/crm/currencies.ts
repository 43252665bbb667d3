// Multi-currency orgs (off by default; an admin call turns it on): GET /org/currencies, and the
// Currency and Exchange_Rate fields of modules that have a currency field. Shapes follow
// zoho/crm-oas v8.0/currencies (getCurrencies: `currencies[]` with iso_code, symbol, name, is_base,
// exchange_rate, format{decimal_places, decimal_separator, thousand_separator}, is_active; 403
// CURRENCIES_NOT_ENABLED when the org has one currency; scope ZohoCRM.settings.currencies.READ).

import { MODULES, type FieldDef, type ModuleName } from '../seed/schema';
import type { SeedOrg } from '../seed/orgs';
import type { OrgCurrencies, OrgStore } from '../store/types';
import { ZohoApiError } from './errors';

/** The record keys a multi-currency org adds (reference §4.5 mc_status; Zoho's "Currency" picklist of ISO codes). */
export const CURRENCY_FIELD = 'Currency';
export const EXCHANGE_RATE_FIELD = 'Exchange_Rate';

/** Whether records of the module carry Currency and Exchange_Rate: Zoho adds them to modules with a currency field. */
export function hasCurrencyFields(module: ModuleName): boolean {
  return MODULES[module].fields.some((f) => f.dataType === 'currency' || f.formulaReturnType === 'currency');
}

/** The extra fields of a module in this org: none unless the org is multi-currency and the module has amounts. */
export function currencyFieldDefs(org: OrgStore, module: ModuleName): FieldDef[] {
  const currencies = org.currencies();
  if (!currencies || !hasCurrencyFields(module)) return [];
  return [
    { apiName: CURRENCY_FIELD, label: 'Currency', dataType: 'picklist', picklist: currencies.list.filter((c) => c.isActive).map((c) => c.isoCode) } as FieldDef,
    { apiName: EXCHANGE_RATE_FIELD, label: 'Exchange Rate', dataType: 'double', decimalPlace: 9, readOnly: true } as FieldDef,
  ];
}

/** The ISO code a record is in: the one set on it, else the org's base currency (Zoho gives a new record the home currency). */
export function recordCurrencyCode(org: OrgStore, stored: unknown): string {
  return typeof stored === 'string' && stored !== '' ? stored : org.org.isoCode;
}

/** A record's value of one of the currency keys, or undefined for any other key. */
export function currencyValue(org: OrgStore, apiName: string, stored: unknown): unknown {
  const currencies = org.currencies();
  if (!currencies) return undefined;
  const code = recordCurrencyCode(org, stored);
  if (apiName === CURRENCY_FIELD) return code;
  if (apiName === EXCHANGE_RATE_FIELD) return Number(currencies.list.find((c) => c.isoCode === code)?.exchangeRate ?? 1);
  return undefined;
}

/** `$currency_symbol` of a record: its currency's symbol in a multi-currency org, the org's otherwise. */
export function recordCurrencySymbol(org: OrgStore, stored: unknown): string {
  const currencies = org.currencies();
  if (!currencies) return org.org.currencySymbol;
  const code = recordCurrencyCode(org, stored);
  return currencies.list.find((c) => c.isoCode === code)?.symbol ?? org.org.currencySymbol;
}

/** The org's base currency as its first entry, from the seed (symbol, ISO code, name). */
export function baseCurrencyOf(org: SeedOrg): OrgCurrencies['list'][number] {
  return { isoCode: org.isoCode, symbol: org.currencySymbol, name: org.currency, exchangeRate: '1.000000000', decimalPlaces: 2, isActive: true };
}

/** GET /crm/v8/org/currencies. @throws ZohoApiError 403 CURRENCIES_NOT_ENABLED in a single-currency org */
export function currenciesBody(org: OrgStore): unknown {
  const currencies = org.currencies();
  if (!currencies) throw new ZohoApiError(403, 'CURRENCIES_NOT_ENABLED', 'Multi currency is not enabled');
  return {
    currencies: currencies.list.map((c, i) => ({
      prefix_symbol: true,
      format: { numeral_system: 'International', decimal_places: String(c.decimalPlaces), decimal_separator: 'Period', thousand_separator: 'Comma' },
      exchange_rate: c.exchangeRate, is_active: c.isActive, exchange_rate_auto_update: false,
      iso_code: c.isoCode, symbol: c.symbol, name: c.name, is_base: c.isoCode === org.org.isoCode,
      id: `${org.org.idPrefix}${String(8_800_000_001 + i)}`.slice(0, 19),
      created_by: { name: 'Admin', id: org.org.users[0]?.id ?? '' }, modified_by: { name: 'Admin', id: org.org.users[0]?.id ?? '' },
      created_time: '2025-01-01T00:00:00Z', modified_time: '2025-01-01T00:00:00Z',
    })),
  };
}
