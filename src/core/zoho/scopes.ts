// The Zoho scopes the add-on asks for: the fewest that reading and writing records and their
// metadata need (reference §2.10). Each line says why; the README repeats the list.

export const ZOHO_SCOPES: readonly string[] = [
  'ZohoCRM.modules.READ', // pull records and deleted-record lists, read Modified_Time before a push
  'ZohoCRM.modules.CREATE', // push new rows as new records
  'ZohoCRM.modules.UPDATE', // push edited rows
  'ZohoCRM.settings.modules.READ', // the module picker
  'ZohoCRM.settings.fields.READ', // field picker, types for typed cells and validation before a push
  'ZohoCRM.org.READ', // the org's time zone and currency
  'ZohoCRM.users.READ', // the connected account's name; owner names to ids on push
  'ZohoCRM.coql.READ', // lookup names to ids on push: COQL matches exactly and sees new records at once, search does neither; filtered pulls (owner, conditions)
  // Filters: list a module's custom views, and notice when an admin changes a view's criteria. Only a
  // filter by view needs it, so a connection made before it was asked for reconnects only for that
  // (src/gas/filter-options.ts).
  'ZohoCRM.settings.custom_views.READ',
  // A multi-currency org's currencies (symbol, decimal places) for amounts in a record's own currency
  // (zoho/crm-oas v8.0 getCurrencies). A connection made before it was asked for keeps working: the
  // records' own $currency_symbol stands in (src/core/zoho/metadata.ts currencies).
  'ZohoCRM.settings.currencies.READ',
];

/** Zoho separates scopes with commas, not spaces. */
export const ZOHO_SCOPE_SEPARATOR = ',';
