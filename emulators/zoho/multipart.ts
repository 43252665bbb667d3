// A small multipart/form-data parser for the token endpoint: Zoho's SDK sends its token
// parameters as multipart (reference §13.2), Apps Script's OAuth2 library as urlencoded.
// Text fields only; file parts are read as UTF-8 text too, which is all the emulator needs.

export function parseMultipart(body: Buffer, contentType: string): Record<string, string> {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary) return {};
  const delimiter = Buffer.from(`--${boundary.trim()}`);
  const fields: Record<string, string> = {};
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = body.subarray(partStart, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(headers)?.[1];
      let value = part.subarray(headerEnd + 4);
      if (value.subarray(value.length - 2).toString() === '\r\n') value = value.subarray(0, value.length - 2);
      if (name !== undefined) fields[name] = value.toString('utf8');
    }
    start = next;
  }
  return fields;
}

/** Reads form parameters from a query string plus an urlencoded or multipart body (body wins). */
export function readFormParams(query: URLSearchParams, body: Buffer, contentType: string | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of query) params[key] = value;
  const type = (contentType ?? '').toLowerCase();
  if (body.length === 0) return params;
  if (type.startsWith('multipart/form-data')) {
    Object.assign(params, parseMultipart(body, contentType ?? ''));
  } else if (type.startsWith('application/json')) {
    try {
      const parsed: unknown = JSON.parse(body.toString('utf8'));
      if (parsed && typeof parsed === 'object') {
        for (const [key, value] of Object.entries(parsed)) params[key] = String(value);
      }
    } catch {
      // Not JSON after all: Zoho would ignore the body, so do we.
    }
  } else {
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params[key] = value;
  }
  return params;
}
