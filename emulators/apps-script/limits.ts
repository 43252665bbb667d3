// Apps Script's limits and the exact messages it throws when one is hit. Figures and strings come
// from /work/shared/reference/apps-script-platform.md (§ numbers below); strings marked GUESS are the
// closest real wording we know and have not been checked against a live deployment.

export const EXECUTION_LIMIT_MS = 6 * 60 * 1000; // §1.1: 6 min per execution, both account types

// Spreadsheets (§1.7)
export const MAX_CELLS_PER_SPREADSHEET = 10_000_000;
export const MAX_CHARS_PER_CELL = 50_000;
export const MAX_COLUMNS_PER_SHEET = 18_278;
export const NEW_SHEET_ROWS = 1000;
export const NEW_SHEET_COLUMNS = 26;

// UrlFetchApp (§1.3)
export const URLFETCH_CALLS_PER_DAY = 20_000; // consumer accounts
export const URLFETCH_MAX_BYTES = 50 * 1024 * 1024;
export const URLFETCH_MAX_URL_LENGTH = 2082;
export const URLFETCH_MAX_HEADERS = 100;
export const URLFETCH_TIMEOUT_MS = 60_000; // [obs] about 60 s
export const URLFETCH_MAX_REDIRECTS = 10; // GUESS: not documented

// PropertiesService (§1.4)
export const PROPERTY_MAX_VALUE_BYTES = 9 * 1024;
export const PROPERTY_MAX_STORE_BYTES = 500 * 1024;
export const PROPERTY_OPS_PER_DAY = 50_000;

// CacheService (§1.5)
export const CACHE_MAX_VALUE_BYTES = 100 * 1024;
export const CACHE_MAX_KEY_CHARS = 250;
export const CACHE_DEFAULT_TTL_SECONDS = 600;
export const CACHE_MAX_TTL_SECONDS = 21_600;
export const CACHE_MAX_ITEMS = 1000;
export const CACHE_ITEMS_KEPT_ON_EVICTION = 900;

// Utilities (§1.9), ScriptApp (§1.2, §3.10)
export const SLEEP_MAX_MS = 300_000;
export const STATE_TOKEN_DEFAULT_TIMEOUT_SECONDS = 60;
export const STATE_TOKEN_MAX_TIMEOUT_SECONDS = 3600;
export const TRIGGERS_PER_USER_PER_SCRIPT = 20;
export const ADDON_EVERY_HOURS = [1, 2, 4, 6, 8, 12];
export const EVERY_MINUTES = [1, 5, 10, 15, 30];
/** MailApp recipients a day, consumer accounts (quotas page: 100; Workspace 1,500). */
export const MAIL_RECIPIENTS_PER_DAY = 100;
/** With RuntimeOptions.oneOffTriggersNeedAnHour: the shortest delay of a one-off trigger an add-on may create. */
export const ADDON_MIN_TRIGGER_INTERVAL_MS = 3_600_000;

export const MESSAGES = {
  executionTime: 'Exceeded maximum execution time', // §1.1
  cellLimit: 'This action would increase the number of cells in the workbook above the limit of 10000000 cells.',
  cellChars: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  rowsMismatch: (data: number, range: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${data} but the range has ${range}.`,
  columnsMismatch: (data: number, range: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${data} but the range has ${range}.`,
  rangeOutside: 'The coordinates of the range are outside the dimensions of the sheet.', // GUESS (real wording seen in the wild)
  noUi: 'Cannot call SpreadsheetApp.getUi() from this context.', // §2.3
  permission: (method: string, scope: string) =>
    `You do not have permission to call ${method}. Required permissions: ${scope}`, // §2.4
  authMode: (method: string) => `You do not have permission to call ${method}`, // GUESS: AuthMode restriction
  requestFailed: (origin: string, code: number, body: string) =>
    `Request failed for ${origin} returned code ${code}. Truncated server response: ${body} (use muteHttpExceptions option to examine full response)`, // §1.3
  notAllowlisted: (url: string) =>
    `Request to ${url} failed because the URL has not been whitelisted in the script manifest.`, // seen in FirestoreGoogleAppsScript#135
  addressUnavailable: (url: string) => `Address unavailable: ${url}`, // [obs] §1.3
  dnsError: (url: string) => `DNS error: ${url}`, // [obs] §1.3
  timeout: (url: string) => `Timeout: ${url}`, // [obs] §1.3
  urlTooLong: 'Limit Exceeded: URLFetch URL Length.', // GUESS
  fetchTooLarge: 'Limit Exceeded: URLFetch POST Size.', // GUESS (real quota name)
  responseTooLarge: 'Limit Exceeded: URLFetch response size.', // GUESS
  tooManyHeaders: 'Limit Exceeded: URLFetch headers.', // GUESS
  invalidUrl: (url: string) => `Invalid argument: ${url}`, // real wording for malformed URLs
  urlFetchQuota: 'Service invoked too many times for one day: urlfetch.', // real wording
  propertyValueTooLarge: 'Argument too large: value', // GUESS (closest real wording)
  propertyStoreFull: 'You have exceeded the property storage quota. Please remove some properties and try again.',
  propertyQuota: 'Service invoked too many times for one day: properties.', // GUESS by analogy
  cacheValueTooLarge: 'Argument too large: value',
  cacheKeyTooLong: 'Argument too large: key', // GUESS
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.', // §1.6
  sleepTooLong: 'Invalid argument: milliseconds', // GUESS
  tooManyTriggers: 'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
  addonTriggerPerDocument: (kind: string) =>
    `This add-on has created too many ${kind} triggers in this document for this Google user account.`, // real for time-based; other kinds GUESS
  mailQuota: 'Service invoked too many times for one day: email.', // real wording
  addonEveryMinutes: 'Add-ons may not create time-based triggers that run more frequently than once per hour.', // GUESS
  everyHoursValue: 'The value passed to everyHours must be 1, 2, 4, 6, 8 or 12.', // GUESS
  everyMinutesValue: 'The value passed to everyMinutes must be 1, 5, 10, 15 or 30.', // GUESS
  invalidState: 'The state token is invalid or has expired. Please try again.', // real /usercallback page text
  scriptFunctionNotFound: (fn: string) => `Script function not found: ${fn}`, // real wording
} as const;
