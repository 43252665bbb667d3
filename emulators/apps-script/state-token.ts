// ScriptApp.newStateToken() tokens: opaque (AES-256-GCM sealed) and bound to the script, the user
// and an expiry, like the tokens Apps Script checks itself at /usercallback (§3.10).

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface StatePayload {
  scriptId: string;
  user: string;
  method: string;
  args: Record<string, string>;
  expiresAt: number;
}

const PREFIX = 'ADEpC8'; // real state tokens start like this (seen in OAuth2 issue threads)

function keyOf(secret: string): Buffer {
  return createHash('sha256').update(`state-token:${secret}`).digest();
}

export function sealState(secret: string, payload: StatePayload): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The payload, or null when the token was not made by this runtime or was altered. */
export function openState(secret: string, token: string): StatePayload | null {
  if (!token.startsWith(PREFIX)) return null;
  try {
    const raw = Buffer.from(token.slice(PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as StatePayload;
  } catch {
    return null;
  }
}
