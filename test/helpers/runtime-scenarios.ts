// Named builders for runtime tests: a runtime over the real dist/ with a spreadsheet open, and
// extra script files that play the role of a test project's own .gs code.
import { spawnCellStore, type RunningCellStore } from '../../emulators/apps-script/cell-store';
import { AppsScriptRuntime, ZERO_LATENCY, type RuntimeOptions } from '../../emulators/apps-script/runtime';

export const OWNER = 'owner@example.com';
export const REP = 'rep@example.com';

export interface RuntimeWorld {
  runtime: AppsScriptRuntime;
  spreadsheetId: string;
}

const open: AppsScriptRuntime[] = [];

/** A runtime with one spreadsheet ('Pipeline', Europe/Berlin) and optional helper scripts. */
export function givenRuntime(opts: RuntimeOptions & { timeZone?: string } = {}): RuntimeWorld {
  const runtime = new AppsScriptRuntime(opts);
  open.push(runtime);
  const ss = runtime.createSpreadsheet({ name: 'Pipeline', timeZone: opts.timeZone ?? 'Europe/Berlin', owner: OWNER });
  return { runtime, spreadsheetId: ss.id };
}

/** A runtime whose clock moves only by the latency model you give it (default: not at all). */
export function givenDeterministicRuntime(opts: RuntimeOptions & { timeZone?: string } = {}): RuntimeWorld {
  return givenRuntime({ countCpuTime: false, ...opts, latency: { ...ZERO_LATENCY, ...opts.latency } });
}

/** Closes every runtime made by these builders (their HTTP workers). */
export function closeRuntimes(): void {
  while (open.length) open.pop()!.close();
}

/**
 * Where a workbook's cells live, for tests that must hold in both: in the runtime, and in a cell
 * store (started for the suite). Call at the top of a test file; runtimes are closed after each test.
 */
export function bothCellStorages(): Array<[string, () => RuntimeOptions]> {
  let store: RunningCellStore;
  beforeAll(async () => { store = await spawnCellStore(); });
  afterAll(async () => { await store.stop(); });
  afterEach(closeRuntimes);
  return [
    ['in the runtime', () => ({})],
    ['in a cell store', () => ({ cellStoreUrl: store.url })],
  ];
}
