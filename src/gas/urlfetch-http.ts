// HttpPort over UrlFetchApp. Always muted: statuses are the client's business, never exceptions
// (Apps Script's exception text is localized and must not be parsed; reference §1.3).

import type { HttpPort, HttpRequest, HttpResponse } from '../core/ports';

function toParams(request: HttpRequest): GoogleAppsScript.URL_Fetch.URLFetchRequestOptions {
  const params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: request.method,
    headers: request.headers,
    muteHttpExceptions: true,
    followRedirects: false,
    // Core percent-encodes every query value itself; Apps Script's own escaping would encode the
    // `%` of `%2C` again (reference §1.3: set escaping false for an already-encoded URL).
    escaping: false,
  };
  if (request.body !== undefined) {
    params.payload = request.body;
    params.contentType = request.contentType ?? 'application/json';
  }
  return params;
}

function toResponse(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpResponse {
  return {
    status: response.getResponseCode(),
    headers: response.getHeaders() as Record<string, string>,
    body: response.getContentText(),
  };
}

export const urlFetchHttp: HttpPort = {
  send(request) {
    return toResponse(UrlFetchApp.fetch(request.url, toParams(request)));
  },
  sendAll(requests) {
    const responses = UrlFetchApp.fetchAll(requests.map((r) => ({ url: r.url, ...toParams(r) })));
    return responses.map(toResponse);
  },
};
