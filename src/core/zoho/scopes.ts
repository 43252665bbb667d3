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
  'ZohoCRM.settings.custom_views.READ', // filters: list the module's custom views, and notice when an admin changes a view's criteria
];

/** Scopes only a filtered sheet needs: a connection made before they were asked for reconnects only to use a filter. */
export const FILTER_SCOPES: readonly string[] = ['ZohoCRM.settings.custom_views.READ'];

/** Zoho separates scopes with commas, not spaces. */
export const ZOHO_SCOPE_SEPARATOR = ',';
