// The naive baseline: Zoho CRM to Sheets the way most tutorials write it, in plain Apps Script
// JavaScript. Loaded beside dist/Code.js through the runtime's `extraCode`, so it runs in the
// same runtime, against the same emulator and data, with the same UrlFetch and Sheets doubles.
// It is deliberately unoptimised: one fetch per page, no incremental logic, one appendRow per
// record, one PUT per edited row, and no resume when Apps Script stops it at 6 minutes.
// Every global starts with `naive`, so nothing collides with the add-on's entry points.

var NAIVE_SHEET_NAME = 'Naive Leads';
var NAIVE_FIELDS = [
  'Owner', 'Salutation', 'First_Name', 'Last_Name', 'Full_Name', 'Company', 'Designation', 'Email', 'Phone', 'Mobile',
  'Website', 'Lead_Source', 'Lead_Status', 'Industry', 'Rating', 'No_of_Employees', 'Annual_Revenue', 'Email_Opt_Out', 'City', 'Country',
  'Description', 'Budget', 'Win_Probability', 'Discount_Rate', 'Last_Contacted_On', 'Next_Follow_Up', 'Products_Interested', 'Lead_Number',
  'Created_Time', 'Modified_Time',
];
/** The columns a push sends back: the editable text fields of the row (read-only ones would be refused). */
var NAIVE_PUSH_FIELDS = ['First_Name', 'Last_Name', 'Company', 'Designation', 'City', 'Country'];
/** A tutorial's "dirty flag": an onEdit trigger writes 'yes' here; the push clears it. */
var NAIVE_CHANGED_HEADER = 'Changed';

/**
 * The access token the simple way: the OAuth2 library's service for 'zoho', configured like the
 * add-on's (same name, client and user property store), so it reads the token the user granted
 * when they connected through the add-on and refreshes it if it expired. The add-on's per-user
 * cache and lock are left out, as tutorials leave them out.
 */
function naiveService_() {
  var script = PropertiesService.getScriptProperties();
  var service = OAuth2.createService('zoho')
    .setAuthorizationBaseUrl('https://accounts.zoho.com/oauth/v2/auth')
    .setClientId(script.getProperty('ZOHO_CLIENT_ID'))
    .setClientSecret(script.getProperty('ZOHO_CLIENT_SECRET'))
    .setCallbackFunction('authCallback')
    .setPropertyStore(PropertiesService.getUserProperties());
  service.setTokenUrl(service.getStorage().getValue('accounts-server') + '/oauth/v2/token');
  return service;
}

/** The API domain the add-on stored when the user connected (Zoho's token answer names it). */
function naiveApiDomain_(service) {
  return service.getStorage().getValue('api-domain');
}

function naiveCellOf_(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return value.name || value.id || '';
  return value;
}

/** Re-fetches every Lead into the "Naive Leads" sheet, one appendRow per record. Returns the count. */
function naivePull() {
  var service = naiveService_();
  if (!service.hasAccess()) throw new Error('Not connected to Zoho: ' + service.getLastError());
  var apiDomain = naiveApiDomain_(service);
  var spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  var sheet = spreadsheet.getSheetByName(NAIVE_SHEET_NAME) || spreadsheet.insertSheet(NAIVE_SHEET_NAME);
  sheet.clearContents();
  sheet.appendRow(['id'].concat(NAIVE_FIELDS).concat([NAIVE_CHANGED_HEADER]));
  var count = 0;
  var pageToken = null;
  do {
    // page_token rather than page: Zoho refuses `page` past record 2,000 (v8), and tutorials
    // written for v8 follow info.next_page_token.
    var url = apiDomain + '/crm/v8/Leads?fields=' + NAIVE_FIELDS.join(',') + '&per_page=200'
      + (pageToken ? '&page_token=' + encodeURIComponent(pageToken) : '');
    var response = UrlFetchApp.fetch(url, {
      headers: { Authorization: 'Zoho-oauthtoken ' + service.getAccessToken() },
      muteHttpExceptions: true,
    });
    if (response.getResponseCode() === 204) break;
    if (response.getResponseCode() !== 200) throw new Error('Zoho answered ' + response.getResponseCode() + ': ' + response.getContentText());
    var body = JSON.parse(response.getContentText());
    body.data.forEach(function (record) {
      // The id goes in as text ("'" prefix): as a number, Sheets would round a 19-digit id.
      var row = ["'" + record.id];
      NAIVE_FIELDS.forEach(function (field) { row.push(naiveCellOf_(record[field])); });
      row.push('');
      sheet.appendRow(row);
      count++;
    });
    pageToken = body.info && body.info.more_records ? body.info.next_page_token : null;
  } while (pageToken);
  return count;
}

/** Sends every row marked Changed, one PUT /crm/v8/Leads/{id} each, then clears its mark. */
function naivePush() {
  var service = naiveService_();
  if (!service.hasAccess()) throw new Error('Not connected to Zoho: ' + service.getLastError());
  var apiDomain = naiveApiDomain_(service);
  var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(NAIVE_SHEET_NAME);
  var values = sheet.getDataRange().getValues();
  var header = values[0];
  var changedColumn = header.indexOf(NAIVE_CHANGED_HEADER);
  var sent = 0;
  var failed = 0;
  for (var r = 1; r < values.length; r++) {
    if (values[r][changedColumn] !== 'yes') continue;
    var record = {};
    NAIVE_PUSH_FIELDS.forEach(function (field) { record[field] = String(values[r][header.indexOf(field)]); });
    var response = UrlFetchApp.fetch(apiDomain + '/crm/v8/Leads/' + values[r][0], {
      method: 'put',
      contentType: 'application/json',
      headers: { Authorization: 'Zoho-oauthtoken ' + service.getAccessToken() },
      payload: JSON.stringify({ data: [record] }),
      muteHttpExceptions: true,
    });
    if (response.getResponseCode() < 300) sent++;
    else failed++;
    sheet.getRange(r + 1, changedColumn + 1).setValue('');
  }
  return { sent: sent, failed: failed };
}
