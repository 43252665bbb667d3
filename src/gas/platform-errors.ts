// Apps Script's own exceptions that a user can meet, turned into SyncErrors with plain words. The
// platform's messages ("Lock timeout: another process was holding the lock for too long.") mean
// nothing to a sales rep, and the OAuth2 library lets its lock timeout escape hasAccess()
// (reference §3.4 step 3, §3.9).

import { SyncError } from '../core/errors';

const LOCK_TIMEOUT = /Lock timeout/i;
const EXECUTION_TIME = /Exceeded maximum execution time/i;

/** The error itself, or a SyncError for a platform exception the user should understand. */
export function plainError(error: unknown): unknown {
  if (error instanceof SyncError || !(error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error))) return error;
  const message = String((error as Error).message);
  if (LOCK_TIMEOUT.test(message)) {
    return new SyncError('LOCK_TIMEOUT', 'Zoho CRM Sync waited too long for another of your syncs or sign-ins to Zoho to finish, so it stopped before changing anything. Try again in a minute.', message, { cause: error });
  }
  if (EXECUTION_TIME.test(message)) {
    return new SyncError('EXECUTION_TIME', 'Google stopped this run after its 6-minute limit. What was done is kept; Sync now carries on from there.', message, { cause: error });
  }
  return error;
}
