// The 6-minute limit on the virtual clock (§1.1): service calls advance time by the latency model,
// the call after the limit fails with Apps Script's message, writes made before stay.
import { closeRuntimes, givenDeterministicRuntime } from '../helpers/runtime-scenarios';

afterEach(closeRuntimes);

describe('execution time limit', () => {
  it('kills the execution at the first service call past 6 minutes, keeping earlier writes', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime();

    const result = runtime.evaluate(`
      var sheet = SpreadsheetApp.getActive().getSheets()[0];
      for (var i = 1; i <= 10; i++) { sheet.getRange(i, 1).setValue(i); Utilities.sleep(60000); }`, { spreadsheetId });

    expect(result.ok).toBe(false);
    expect(result.error).toMatchObject({ name: 'Exception', message: 'Exceeded maximum execution time' });
    expect(result.elapsedMs).toBe(360_000 + 60_000);
    expect(runtime.getSpreadsheet(spreadsheetId)!.sheets[0]!.getValues('A1:A8')).toEqual([[1], [2], [3], [4], [5], [6], [7], [''] ]);
  });

  it('cannot be caught by the script', () => {
    const { runtime } = givenDeterministicRuntime({ executionLimitMs: 1000 });

    const result = runtime.evaluate(`
      Utilities.sleep(1001);
      try { Logger.log('after'); } catch (e) { 'caught: ' + e.message; }`);

    expect(result.ok).toBe(false);
    expect(result.error!.message).toBe('Exceeded maximum execution time');
  });

  it('charges modelled time for service calls, so batching shows in elapsed time', () => {
    const { runtime, spreadsheetId } = givenDeterministicRuntime({ latency: { spreadsheetCallMs: 60 } });

    const oneByOne = runtime.evaluate(`var s = SpreadsheetApp.getActive().getSheets()[0]; for (var i = 1; i <= 50; i++) s.getRange(i, 1).setValue(i);`, { spreadsheetId });
    const batched = runtime.evaluate(`var s = SpreadsheetApp.getActive().getSheets()[0]; var rows = []; for (var i = 1; i <= 50; i++) rows.push([i]); s.getRange(1, 1, 50, 1).setValues(rows);`, { spreadsheetId });

    expect(oneByOne.elapsedMs).toBe(3000);
    expect(batched.elapsedMs).toBe(60);
    expect(runtime.clock.now()).toBe(Date.parse('2026-01-15T09:00:00Z') + 3060);
  });
});
