// Opt-in email to a schedule's owner when a scheduled run fails or leaves problems, at most one a
// day per spreadsheet: add-on triggers send no failure emails of their own (reference §1.2), and an
// hourly schedule must not fill an inbox. MailApp needs the script.send_mail scope
// (developers.google.com/apps-script/reference/mail/mail-app) and counts recipients against a
// daily quota (getRemainingDailyQuota).

import type { RunLogEntry } from '../shared/rpc';
import { runStatusOf } from './run-log';
import { readScheduleRecord, writeScheduleRecord } from './schedule';

export const FAILURE_MAIL_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Sends the owner one email about a scheduled run that failed or completed with problems, if they
 * asked for it and none went out for this spreadsheet in the last day. Never throws: a mail
 * problem must not turn into a failed sync.
 */
export function mailRunProblem(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet, entry: RunLogEntry, recipient: string | null): void {
  try {
    const status = runStatusOf(entry);
    if (status === 'ok' || !recipient) return;
    const record = readScheduleRecord(spreadsheet);
    if (!record?.emailOnFailure) return;
    if (record.lastMailAt && Date.now() - record.lastMailAt < FAILURE_MAIL_INTERVAL_MS) return;
    if (MailApp.getRemainingDailyQuota() < 1) return;
    const name = spreadsheet.getName();
    const subject = status === 'failed' ? `Zoho CRM Sync: the scheduled sync of "${name}" failed` : `Zoho CRM Sync: the scheduled sync of "${name}" needs attention`;
    const body = [
      status === 'failed' ? 'The scheduled sync stopped with this message:' : 'The scheduled sync finished, but some rows were not synced:',
      '',
      entry.message,
      '',
      status === 'failed'
        ? 'What to do: open the spreadsheet, then Extensions > Zoho CRM Sync > Open sidebar. The message above says what to fix; then click Sync now.'
        : 'What to do: open the spreadsheet, then Extensions > Zoho CRM Sync > Open sidebar. Last runs lists each row that needs you (refused values, conflicts), with a link to the row.',
      '',
      `Spreadsheet: ${spreadsheet.getUrl()}`,
      '',
      'You get at most one such email a day for this spreadsheet. To stop them, turn off "Email me when a scheduled sync has problems" in the sidebar\'s schedule section.',
    ].join('\n');
    MailApp.sendEmail(recipient, subject, body, { name: 'Zoho CRM Sync' });
    writeScheduleRecord(spreadsheet, { ...record, lastMailAt: Date.now() });
  } catch (error) {
    console.error(`failure email not sent: ${error instanceof Error ? error.message : String(error)}`);
  }
}
