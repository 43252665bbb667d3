// MailApp (reference: developers.google.com/apps-script/reference/mail/mail-app): messages are
// recorded, not sent; the script.send_mail scope and the daily recipient quota apply.
import { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime, OWNER } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const PROJECT = `
  function mail(to) { MailApp.sendEmail(to, 'Subject', 'Body', { name: 'Sender' }); return MailApp.getRemainingDailyQuota(); }
  function mailObject() { MailApp.sendEmail({ to: 'a@example.com, b@example.com', subject: 'Two', body: 'Hi', htmlBody: '<p>Hi</p>' }); }
  function quota() { return MailApp.getRemainingDailyQuota(); }
`;

describe('MailApp', () => {
  it('records each message as sent by the execution\'s user and counts recipients against the day', () => {
    const { runtime } = givenDeterministicRuntime({ extraCode: [PROJECT] });

    const left = runtime.run<number>('mail', ['lena@example.com']);
    runtime.run('mailObject');

    expect(left.value).toBe(99);
    expect(runtime.run('quota').value).toBe(97);
    expect(runtime.sentEmails('lena@example.com')).toEqual([expect.objectContaining({ from: OWNER, to: 'lena@example.com', subject: 'Subject', body: 'Body', name: 'Sender' })]);
    expect(runtime.sentEmails('b@example.com')).toEqual([expect.objectContaining({ subject: 'Two', htmlBody: '<p>Hi</p>' })]);
  });

  it('refuses past the daily quota with Apps Script\'s message', () => {
    const { runtime } = givenDeterministicRuntime({ extraCode: [PROJECT] });
    for (let i = 0; i < 100; i++) runtime.run('mail', ['x@example.com']);

    const over = runtime.run('mail', ['x@example.com']);

    expect(over.error!.message).toBe('Service invoked too many times for one day: email.');
  });

  it('needs the script.send_mail scope', () => {
    const base = new AppsScriptRuntime();
    const runtime = new AppsScriptRuntime({ extraCode: [PROJECT], manifest: { ...base.manifest, oauthScopes: ['https://www.googleapis.com/auth/spreadsheets'] } });

    const result = runtime.run('mail', ['x@example.com']);
    base.close();
    runtime.close();

    expect(result.error!.message).toBe('You do not have permission to call MailApp.sendEmail. Required permissions: https://www.googleapis.com/auth/script.send_mail');
  });
});
