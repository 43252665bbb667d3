// Utilities and Blob: digests and HMACs as signed bytes, base64 (web-safe keeps padding),
// SimpleDateFormat dates, CSV, zip/gzip, printf-style formatString, and sleep on the virtual clock.

import { createHash, createHmac, createSign, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync, unzipSync, zipSync } from 'fflate';
import { formatSimpleDate, parseSimpleDate } from '../date-format';
import { GasError } from '../execution';
import type { ServiceEnv } from '../env';
import { MESSAGES, SLEEP_MAX_MS } from '../limits';
import { GasObject, isDate, unwrapGas } from '../realm';

export const DIGEST = { MD2: 'MD2', MD5: 'MD5', SHA_1: 'SHA_1', SHA_256: 'SHA_256', SHA_384: 'SHA_384', SHA_512: 'SHA_512' } as const;
export const MAC = { HMAC_MD5: 'HMAC_MD5', HMAC_SHA_1: 'HMAC_SHA_1', HMAC_SHA_256: 'HMAC_SHA_256', HMAC_SHA_384: 'HMAC_SHA_384', HMAC_SHA_512: 'HMAC_SHA_512' } as const;
export const CHARSET = { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' } as const;
const NODE_HASH: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512',
  HMAC_MD5: 'md5', HMAC_SHA_1: 'sha1', HMAC_SHA_256: 'sha256', HMAC_SHA_384: 'sha384', HMAC_SHA_512: 'sha512' };

/** Java bytes: -128..127. */
export function toSignedBytes(b: Uint8Array): number[] {
  const out = new Array<number>(b.length);
  for (let i = 0; i < b.length; i++) out[i] = (b[i]! << 24) >> 24;
  return out;
}

function encodingOf(charset: unknown): BufferEncoding {
  const cs = String(charset ?? 'UTF_8').toUpperCase().replace('-', '_');
  return cs === 'US_ASCII' || cs === 'ISO_8859_1' ? 'latin1' : 'utf8';
}

/** Bytes of a string (in a charset) or of a Byte[] / Blob given by the script. */
export function toBytes(value: unknown, charset?: unknown): Uint8Array {
  const v = unwrapGas(value);
  if (v instanceof Blob) return v._bytes;
  if (Array.isArray(v)) return Uint8Array.from(v as number[], (x) => Number(x) & 0xff);
  if (v instanceof Uint8Array) return v;
  return new Uint8Array(Buffer.from(String(v), encodingOf(charset)));
}

export class Blob extends GasObject {
  constructor(readonly _env: ServiceEnv, public _bytes: Uint8Array, public _contentType: string | undefined, public _name: string | undefined) { super(_env.ex); }
  _kind() { return 'Blob'; }
  getBytes(): number[] { return toSignedBytes(this._bytes); }
  setBytes(data: number[]): Blob { this._bytes = toBytes(data); return this; }
  getDataAsString(charset?: string): string { return Buffer.from(this._bytes).toString(encodingOf(charset)); }
  setDataFromString(s: string, charset?: string): Blob { this._bytes = toBytes(String(s), charset); return this; }
  getContentType(): string | null { return this._contentType ?? null; }
  setContentType(t: string): Blob { this._contentType = String(t); return this; }
  getName(): string | null { return this._name ?? null; }
  setName(n: string): Blob { this._name = String(n); return this; }
  copyBlob(): Blob { return new Blob(this._env, new Uint8Array(this._bytes), this._contentType, this._name); }
  getAs(contentType: string): Blob { return new Blob(this._env, this._bytes, String(contentType), this._name); }
  getBlob(): Blob { return this; }
  isGoogleType(): boolean { return false; }
}

export class UtilitiesImpl extends GasObject {
  readonly DigestAlgorithm = DIGEST;
  readonly MacAlgorithm = MAC;
  readonly Charset = CHARSET;
  readonly RsaAlgorithm = { RSA_SHA_1: 'RSA_SHA_1', RSA_SHA_256: 'RSA_SHA_256' };
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'Utilities'; }

  computeDigest(algorithm: string, value: unknown, charset?: string): number[] {
    const alg = NODE_HASH[String(algorithm)];
    if (!alg) throw new GasError(`Invalid argument: algorithm`);
    return toSignedBytes(createHash(alg).update(toBytes(value, charset)).digest());
  }
  computeHmacSignature(algorithm: string, value: unknown, key: unknown, charset?: string): number[] {
    const alg = NODE_HASH[String(algorithm)];
    if (!alg) throw new GasError(`Invalid argument: algorithm`);
    return toSignedBytes(createHmac(alg, toBytes(key, charset)).update(toBytes(value, charset)).digest());
  }
  computeHmacSha256Signature(value: unknown, key: unknown, charset?: string): number[] {
    return this.computeHmacSignature('HMAC_SHA_256', value, key, charset);
  }
  computeRsaSha256Signature(value: unknown, key: string, charset?: string): number[] {
    return toSignedBytes(createSign('RSA-SHA256').update(toBytes(value, charset)).sign(String(key)));
  }
  computeRsaSignature(algorithm: string, value: unknown, key: string, charset?: string): number[] {
    return toSignedBytes(createSign(algorithm === 'RSA_SHA_1' ? 'RSA-SHA1' : 'RSA-SHA256').update(toBytes(value, charset)).sign(String(key)));
  }

  base64Encode(data: unknown, charset?: string): string { return Buffer.from(toBytes(data, charset)).toString('base64'); }
  base64EncodeWebSafe(data: unknown, charset?: string): string {
    return Buffer.from(toBytes(data, charset)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }
  base64Decode(encoded: string, _charset?: string): number[] {
    const s = String(encoded);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, ''))) throw new GasError('Could not decode string.'); // GUESS
    return toSignedBytes(Buffer.from(s, 'base64'));
  }
  base64DecodeWebSafe(encoded: string, _charset?: string): number[] {
    const s = String(encoded);
    if (!/^[A-Za-z0-9\-_]*={0,2}$/.test(s.replace(/\s/g, ''))) throw new GasError('Could not decode string.'); // GUESS
    return toSignedBytes(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  }

  formatDate(date: Date, timeZone: string, format: string): string {
    if (!isDate(date)) throw new GasError('The parameters (String,String,String) don\'t match the method signature for Utilities.formatDate.');
    try {
      return formatSimpleDate(date.getTime(), String(timeZone), String(format));
    } catch (e) {
      throw new GasError(`Invalid argument: ${e instanceof RangeError ? 'timeZone' : 'format'}`);
    }
  }
  parseDate(date: string, timeZone: string, format: string): Date {
    const ms = parseSimpleDate(String(date), String(timeZone), String(format));
    if (ms === null || Number.isNaN(ms)) throw new GasError(`Unparseable date: "${date}"`); // Java's ParseException text
    return new Date(ms);
  }

  sleep(milliseconds: number): void {
    const ms = Number(milliseconds);
    if (!(ms >= 0) || ms > SLEEP_MAX_MS) throw new GasError(MESSAGES.sleepTooLong);
    this._ex.charge(ms); // §1.1: sleep counts toward the execution time
  }

  getUuid(): string { return randomUUID(); }

  newBlob(data?: unknown, contentType?: string, name?: string): Blob {
    const bytes = data === undefined ? new Uint8Array() : toBytes(data);
    return new Blob(this._env, bytes, contentType === undefined ? (typeof data === 'string' ? 'text/plain' : undefined) : String(contentType), name === undefined ? undefined : String(name));
  }

  zip(blobs: Blob[], name?: string): Blob {
    const files: Record<string, Uint8Array> = {};
    blobs.map(unwrapGas).forEach((b, i) => { files[b._name ?? `file${i}`] = b._bytes; });
    return new Blob(this._env, zipSync(files), 'application/zip', name === undefined ? 'Archive.zip' : String(name));
  }
  unzip(blob: Blob): Blob[] {
    const files = unzipSync(unwrapGas(blob)._bytes);
    return Object.entries(files).map(([n, b]) => new Blob(this._env, b, undefined, n));
  }
  gzip(blob: Blob, name?: string): Blob {
    const b = unwrapGas(blob);
    return new Blob(this._env, gzipSync(b._bytes), 'application/x-gzip', name === undefined ? `${b._name ?? 'archive'}.gz` : String(name));
  }
  ungzip(blob: Blob): Blob {
    const b = unwrapGas(blob);
    return new Blob(this._env, gunzipSync(b._bytes), undefined, b._name?.replace(/\.gz$/, ''));
  }

  parseCsv(csv: string, delimiter?: string): string[][] { return parseCsv(String(csv), delimiter === undefined ? ',' : String(delimiter)); }

  formatString(template: string, ...args: unknown[]): string { return formatString(String(template), args); }
  jsonParse(text: string): unknown { return this._env.realm.intrinsics.JSON.parse(String(text)); }
  jsonStringify(obj: unknown): string { return this._env.realm.intrinsics.JSON.stringify(obj); }
}

/** RFC 4180: quoted fields may hold delimiters, doubled quotes and line breaks. */
export function parseCsv(text: string, delim: string): string[][] {
  const rows: string[][] = []; let row: string[] = []; let field = ''; let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delim) { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

export function formatString(template: string, args: unknown[]): string {
  let i = 0;
  return template.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifxXoeE%])/g, (_m, flags: string, width?: string, prec?: string, conv?: string) => {
    if (conv === '%') return '%';
    const arg = args[i++];
    let s: string;
    switch (conv) {
      case 'd': case 'i': s = String(Math.trunc(Number(arg))); break;
      case 'f': s = Number(arg).toFixed(prec === undefined ? 6 : Number(prec)); break;
      case 'e': case 'E': s = Number(arg).toExponential(prec === undefined ? 6 : Number(prec)); if (conv === 'E') s = s.toUpperCase(); break;
      case 'x': s = Math.trunc(Number(arg)).toString(16); break;
      case 'X': s = Math.trunc(Number(arg)).toString(16).toUpperCase(); break;
      case 'o': s = Math.trunc(Number(arg)).toString(8); break;
      default: s = prec === undefined ? String(arg) : String(arg).slice(0, Number(prec));
    }
    if (flags.includes('+') && /[dif]/.test(conv!) && Number(arg) >= 0) s = `+${s}`;
    const w = Number(width ?? 0);
    if (s.length < w) s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') && conv !== 's' ? (s.startsWith('-') ? `-${s.slice(1).padStart(w - 1, '0')}` : s.padStart(w, '0')) : s.padStart(w);
    return s;
  });
}
