// save/load: workbooks, properties, caches, triggers, the clock and the state-token key survive a
// round trip through one JSON file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppsScriptRuntime } from '../../emulators/apps-script/runtime';
import { closeRuntimes, givenDeterministicRuntime, OWNER } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

const PROJECT = `
  function schedule() { ScriptApp.newTrigger('tick').timeBased().everyHours(1).create(); }
  function tick() { PropertiesService.getScriptProperties().setProperty('ticked', 'yes'); }
  function token() { return ScriptApp.newStateToken().withMethod('tick').withTimeout(3600).createToken(); }
`;

describe('save and load', () => {
  it('restores everything a later session needs', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ extraCode: [PROJECT] });
    runtime.evaluate(`
      var s = SpreadsheetApp.getActive().getSheets()[0];
      s.getRange('A1:C1').setValues([[new Date('2026-01-02T03:04:05Z'), '=1+2', 'text']]);
      s.getRange('D:D').addDeveloperMetadata('zcs.col', 'Email');
      PropertiesService.getUserProperties().setProperty('u', '1');
      CacheService.getUserCache().put('c', 'cached', 3600);`, { spreadsheetId });
    runtime.run('schedule', [], { spreadsheetId });
    const state = runtime.run<string>('token').value!;
    runtime.clock.advance(10 * 60 * 1000);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'gas-runtime-')), 'state.json');

    runtime.save(file);
    const loaded = AppsScriptRuntime.load(file, { extraCode: [PROJECT], countCpuTime: false });

    expect(loaded.clock.now()).toBe(runtime.clock.now());
    expect(loaded.getSpreadsheet(spreadsheetId)!.sheets[0]!.getValues('A1:C1')).toEqual([[new Date('2026-01-02T03:04:05Z'), 3, 'text']]);
    expect(loaded.getSpreadsheet(spreadsheetId)!.sheets[0]!.getDisplayValues('B1')).toEqual([['3']]);
    expect(loaded.evaluate(`SpreadsheetApp.getActive().createDeveloperMetadataFinder().withKey('zcs.col').find().length`, { spreadsheetId }).value).toBe(1);
    expect(loaded.properties.user(OWNER)).toEqual({ u: '1' });
    expect(loaded.caches.user(OWNER)).toEqual({ c: 'cached' });
    expect(loaded.handleUserCallback(`https://script.google.com/macros/d/${loaded.scriptId}/usercallback?state=${state}`, OWNER).status).toBe(200);
    expect(loaded.listTriggers()).toHaveLength(1);
    expect(loaded.advanceAndFire(3600 * 1000)).toHaveLength(1);
    expect(loaded.properties.script()).toEqual({ ticked: 'yes' });
    loaded.close();
  });
});
