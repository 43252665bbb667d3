// MailApp: sends nothing; records each message in the runtime state (runtime.sentEmails()) with
// the daily recipient quota and the script.send_mail scope. Reference:
// https://developers.google.com/apps-script/reference/mail/mail-app (getRemainingDailyQuota counts
// recipients; every method needs https://www.googleapis.com/auth/script.send_mail).

import { GasError } from '../execution';
import { requireMode, requireScope, SCOPES, type ServiceEnv } from '../env';
import { MAIL_RECIPIENTS_PER_DAY, MESSAGES } from '../limits';
import { GasObject } from '../realm';
import { countQuota } from '../state';

export interface SentEmail {
  /** The Google user whose account sent it (the execution's user). */
  from: string;
  to: string;
  subject: string;
  body: string;
  htmlBody?: string;
  name?: string;
  replyTo?: string;
  /** Virtual time it was sent. */
  at: number;
}

interface MessageObject { to?: unknown; subject?: unknown; body?: unknown; htmlBody?: unknown; name?: unknown; replyTo?: unknown }

export class MailAppImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'MailApp'; }

  getRemainingDailyQuota(): number {
    this._guard('MailApp.getRemainingDailyQuota');
    return Math.max(0, MAIL_RECIPIENTS_PER_DAY - countQuota(this._env.state, this._ex.clock.now(), this._ex.user, 'mail', 0));
  }

  sendEmail(first: unknown, subject?: unknown, body?: unknown, options?: unknown): void {
    this._guard('MailApp.sendEmail');
    const message: MessageObject = typeof first === 'object' && first !== null
      ? first as MessageObject
      : { to: first, subject, body, ...(typeof options === 'object' && options !== null ? options as MessageObject : {}) };
    const to = String(message.to ?? '').trim();
    if (!to) throw new GasError('Invalid argument: recipient'); // GUESS
    if (message.subject === undefined || message.subject === null) throw new GasError('Invalid argument: subject'); // GUESS
    const recipients = to.split(',').filter((r) => r.trim()).length;
    const ex = this._ex;
    ex.charge(ex.latency.urlFetchRoundTripMs);
    if (countQuota(this._env.state, ex.clock.now(), ex.user, 'mail', recipients) > MAIL_RECIPIENTS_PER_DAY) throw new GasError(MESSAGES.mailQuota);
    this._env.state.mail ??= [];
    this._env.state.mail.push({
      from: ex.user, to, subject: String(message.subject), body: String(message.body ?? ''), at: ex.clock.now(),
      ...(message.htmlBody !== undefined ? { htmlBody: String(message.htmlBody) } : {}),
      ...(message.name !== undefined ? { name: String(message.name) } : {}),
      ...(message.replyTo !== undefined ? { replyTo: String(message.replyTo) } : {}),
    });
  }

  _guard(method: string): void {
    requireMode(this._env, method, ['NONE', 'LIMITED', 'CUSTOM_FUNCTION']);
    requireScope(this._env, method, SCOPES.sendMail);
  }
}
