// Plumbing shared by every route: a Reply value that handlers return (so faults can truncate or
// corrupt it after the fact), body reading, and JSON with Zoho's content type.

import type { IncomingMessage } from 'node:http';

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE, ...headers }, body: JSON.stringify(value) };
}

export function emptyReply(status: 204 | 304, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

export function htmlReply(status: number, html: string, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'text/html;charset=UTF-8', ...headers }, body: html };
}

export function redirectReply(location: string): Reply {
  return { status: 302, headers: { Location: location }, body: '' };
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON body whatever the Content-Type says: the SDK sends record writes without one (§13.2). */
export function parseJsonBody(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  const text = body.toString('utf8').trim();
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
