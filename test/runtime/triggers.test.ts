// Installable triggers with the add-on rules of §1.2, fired on the virtual clock: a daily trigger
// fires once inside its hour, as its creator, in FULL, with no active spreadsheet.
import { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime, OWNER, REP } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const PROJECT = `
  function scheduleDaily(hour) { return ScriptApp.newTrigger('runScheduled').timeBased().everyDays(1).atHour(hour).inTimezone('Europe/Berlin').create().getUniqueId(); }
  function scheduleEveryMinutes() { ScriptApp.newTrigger('runScheduled').timeBased().everyMinutes(5).create(); }
  function scheduleEveryHours(n) { ScriptApp.newTrigger('runScheduled').timeBased().everyHours(n).create(); }
  function scheduleOnceAfter(ms) { ScriptApp.newTrigger('runScheduled').timeBased().after(ms).create(); }
  function scheduleOnEdit() { ScriptApp.newTrigger('runScheduled').forSpreadsheet(SpreadsheetApp.getActive()).onEdit().create(); }
  function myTriggers() { return ScriptApp.getUserTriggers(SpreadsheetApp.getActive()).map(function (t) { return [t.getHandlerFunction(), t.getEventType(), t.getTriggerSource()]; }); }
  function runScheduled(e) {
    Logger.log(JSON.stringify(e));
    return { active: SpreadsheetApp.getActiveSpreadsheet(), docProps: PropertiesService.getDocumentProperties(), docLock: LockService.getDocumentLock(),
      user: Session.getEffectiveUser().getEmail() };
  }
`;

describe('time-driven triggers', () => {
  it('fires a daily trigger once inside its hour in its zone, as its creator, with no document', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ extraCode: [PROJECT], startTime: Date.parse('2026-01-15T09:00:00Z') });
    const uid = runtime.run<string>('scheduleDaily', [6], { user: REP, spreadsheetId }).value!;

    const nothingYet = runtime.advanceAndFire(19 * 3600 * 1000); // to 2026-01-16T04:00Z = 05:00 Berlin
    const fired = runtime.advanceAndFire(2 * 3600 * 1000); // through 06:00-07:00 Berlin
    const nextDay = runtime.advanceAndFire(24 * 3600 * 1000);

    expect(nothingYet).toEqual([]);
    expect(fired).toHaveLength(1);
    const event = JSON.parse(fired[0]!.logs[0]!);
    expect(event).toMatchObject({ authMode: 'FULL', triggerUid: uid, timezone: 'Europe/Berlin', year: 2026, month: 1, 'day-of-month': 16, 'day-of-week': 5, hour: 6 });
    expect(fired[0]!.value).toEqual({ active: null, docProps: null, docLock: null, user: REP });
    expect(nextDay).toHaveLength(1);
    expect(JSON.parse(nextDay[0]!.logs[0]!)).toMatchObject({ 'day-of-month': 17, hour: 6, minute: event.minute, second: event.second });
  });

  it('refuses a second time-driven trigger for the same user in the same document', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ extraCode: [PROJECT] });
    runtime.run('scheduleDaily', [6], { user: OWNER, spreadsheetId });

    const second = runtime.run('scheduleDaily', [7], { user: OWNER, spreadsheetId });
    const otherUser = runtime.run('scheduleDaily', [7], { user: REP, spreadsheetId });
    const otherDoc = runtime.run('scheduleDaily', [7], { user: OWNER, spreadsheetId: runtime.createSpreadsheet().id });

    expect(second.error).toMatchObject({ name: 'Exception', message: 'This add-on has created too many time-based triggers in this document for this Google user account.' });
    expect(otherUser.ok).toBe(true);
    expect(otherDoc.ok).toBe(true);
    expect(runtime.listTriggers(OWNER)).toHaveLength(2);
  });

  it('refuses everyMinutes in an add-on and hours other than 1, 2, 4, 6, 8, 12', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ extraCode: [PROJECT] });

    const minutes = runtime.run('scheduleEveryMinutes', [], { spreadsheetId });
    const threeHours = runtime.run('scheduleEveryHours', [3], { spreadsheetId });
    const fourHours = runtime.run('scheduleEveryHours', [4], { spreadsheetId });

    expect(minutes.error!.message).toBe('Add-ons may not create time-based triggers that run more frequently than once per hour.');
    expect(threeHours.ok).toBe(false);
    expect(fourHours.ok).toBe(true);
  });

  it('can refuse one-off triggers sooner than an hour in an add-on, as a strict reading of the hourly floor', () => {
    const strict = givenDeterministicRuntime({ extraCode: [PROJECT], oneOffTriggersNeedAnHour: true });
    const lenient = givenDeterministicRuntime({ extraCode: [PROJECT] });

    const inAMinute = strict.runtime.run('scheduleOnceAfter', [60_000], { spreadsheetId: strict.spreadsheetId });
    const inTwoHours = strict.runtime.run('scheduleOnceAfter', [2 * 3600_000], { spreadsheetId: strict.spreadsheetId });
    const hourly = strict.runtime.run('scheduleEveryHours', [1], { spreadsheetId: strict.runtime.createSpreadsheet().id });
    const byDefault = lenient.runtime.run('scheduleOnceAfter', [60_000], { spreadsheetId: lenient.spreadsheetId });

    expect(inAMinute.error!.message).toBe('Add-ons may not create time-based triggers that run more frequently than once per hour.');
    expect(inTwoHours.ok).toBe(true);
    expect(hourly.ok).toBe(true);
    expect(byDefault.ok).toBe(true);
  });

  it('caps a user at 20 triggers per script', () => {
    const { runtime } = givenDeterministicRuntime({ extraCode: [PROJECT], addOn: false });
    for (let i = 0; i < 20; i++) expect(runtime.run('scheduleEveryHours', [1]).ok).toBe(true);

    const result = runtime.run('scheduleEveryHours', [1]);

    expect(result.error!.message).toBe('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
  });

  it('lists only this user\'s triggers of this document', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ extraCode: [PROJECT] });
    runtime.run('scheduleDaily', [6], { user: OWNER, spreadsheetId });
    runtime.run('scheduleOnEdit', [], { user: OWNER, spreadsheetId });
    runtime.run('scheduleDaily', [6], { user: REP, spreadsheetId });

    const mine = runtime.run('myTriggers', [], { user: OWNER, spreadsheetId });

    expect(mine.value).toEqual([['runScheduled', 'CLOCK', 'CLOCK'], ['runScheduled', 'ON_EDIT', 'SPREADSHEETS']]);
  });

  it('can be configured to give time-driven runs their document (open question §6.1)', () => {
    const world = givenDeterministicRuntime({ extraCode: [PROJECT], timeDrivenHasDocument: true });
    world.runtime.run('scheduleDaily', [10], { spreadsheetId: world.spreadsheetId });

    const [fired] = world.runtime.advanceAndFire(2 * 3600 * 1000);

    expect(fired!.ok).toBe(true);
    expect(fired!.value).toMatchObject({ active: expect.anything(), docProps: expect.anything() });
  });
});

describe('ScriptApp', () => {
  it('needs the script.scriptapp scope for triggers', () => {
    const base = new AppsScriptRuntime();
    const runtime = new AppsScriptRuntime({ extraCode: [PROJECT], manifest: { ...base.manifest, oauthScopes: ['https://www.googleapis.com/auth/spreadsheets'] } });
    const ss = runtime.createSpreadsheet();

    const result = runtime.run('scheduleDaily', [6], { spreadsheetId: ss.id });
    base.close();
    runtime.close();

    expect(result.error!.message).toBe('You do not have permission to call TriggerBuilder.create. Required permissions: https://www.googleapis.com/auth/script.scriptapp');
  });
});
