// Where errors stop: entry points run through these wrappers, which log the code and technical
// detail (never a token) and hand the user one plain sentence.

import { SyncError, userMessageOf } from '../core/errors';
import { startExecution } from './execution';
import { plainError } from './platform-errors';

export const ADDON_TITLE = 'Zoho CRM Sync';

function logFailure(where: string, error: unknown): void {
  if (error instanceof SyncError) console.error(`${where} failed: ${error.code} ${error.message}`);
  else console.error(`${where} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
}

/** For google.script.run targets: the failure handler receives the user message only. */
export function asRpc<T>(name: string, body: () => T): T {
  startExecution();
  try {
    return body();
  } catch (thrown) {
    const error = plainError(thrown);
    logFailure(name, error);
    throw new Error(userMessageOf(error));
  }
}

/** For menu items: the outcome shows as a toast, a failure as an alert the user must dismiss. */
export function asMenuAction(name: string, body: () => string): void {
  startExecution();
  let message: string;
  try {
    message = body();
  } catch (thrown) {
    const error = plainError(thrown);
    logFailure(name, error);
    SpreadsheetApp.getUi().alert(ADDON_TITLE, userMessageOf(error), SpreadsheetApp.getUi().ButtonSet.OK);
    return;
  }
  SpreadsheetApp.getActive()?.toast(message, ADDON_TITLE);
}
