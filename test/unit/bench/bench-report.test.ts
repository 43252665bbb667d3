// The benchmark's pure helpers: the minimum UrlFetch formulas, workload selection, ratios and the
// PASS/FAIL rules of the targets.

import type { Measurement } from '../../../bench/measure';
import { checkTargets, rowOf } from '../../../bench/report';
import { minimumUrlFetchCalls, selectWorkloads, WORKLOADS, type Workload } from '../../../bench/workloads';

function measurement(overrides: Partial<Measurement> & { urlfetch?: number; modelled?: number; reads?: number; writes?: number }): Measurement {
  const { urlfetch = 0, modelled = 0, reads = 0, writes = 0, ...rest } = overrides;
  return {
    workload: 'x', variant: 'ours', ok: true, completed: true, recordsDone: 0, executions: 1,
    counters: {
      serviceCalls: 0, urlfetchCalls: urlfetch, urlfetchBytesSent: 0, urlfetchBytesReceived: 0, spreadsheetReads: reads,
      spreadsheetWrites: writes, spreadsheetNavigations: 0, cellsRead: 0, cellsWritten: 0, propertyReads: 0, propertyWrites: 0,
      cacheGets: 0, cachePuts: 0, lockWaits: 0, lockWaitMs: 0, modelledMs: modelled, cpuMs: 0,
    },
    longestExecutionMs: modelled, zohoCredits: 0, zohoCalls: {},
    memory: { peakRssMb: 100, cellStorePeakRssMb: 80, rssBeforeMb: 90, heapBeforeMb: 10, heapAfterMb: 20, sheetModelMb: 10, scriptLivePeakMb: 5 },
    errors: [], realMs: 0,
    ...rest,
  };
}

describe('the fewest UrlFetch calls', () => {
  it.each<[string, Workload, number]>([
    ['an empty module still takes one page', { name: 'p0', kind: 'pull', records: 0 }, 2],
    ['1,000 records in 5 pages', { name: 'p1', kind: 'pull', records: 1000 }, 6],
    ['200,001 records: 1,000 pages in two chains, then the seconds where they meet and the record past them by COQL and by id', { name: 'p2', kind: 'pull', records: 200_001 }, 1003],
    ['3,313 records of mine: 2 COQL calls, 24 + 16 reads by id', { name: 'f', kind: 'pull', records: 10_000, filter: 'owner', matching: 3_313 }, 43],
    ['a filtered incremental pull: one COQL call, one page of changes, deletions', { name: 'fi', kind: 'incremental', records: 10_000, filter: 'owner', matching: 3_313, changed: 100, added: 5, deleted: 5, left: 5 }, 4],
    ['110 changes in one page, deletions in one', { name: 'i', kind: 'incremental', records: 10_000, changed: 100, added: 5, deleted: 5 }, 3],
    ['101 edits in two writes and two reads', { name: 'u', kind: 'push', records: 2000, edited: 101 }, 5],
  ])('%s', (_name, workload, expected) => {
    expect(minimumUrlFetchCalls(workload)).toBe(expected);
  });

  it('doubles the record calls when more than 50 fields need two field lists', () => {
    expect(minimumUrlFetchCalls({ name: 'p', kind: 'pull', records: 400 }, 55)).toBe(5);
  });
});

describe('selecting workloads', () => {
  it('--quick leaves out the 50k and 200k pulls, --only keeps the names that contain it', () => {
    expect(selectWorkloads(WORKLOADS, { quick: true }).map((w) => w.name)).not.toContain('pull-200k');
    expect(selectWorkloads(WORKLOADS, { only: 'push' }).map((w) => w.name)).toEqual(['push-100', 'push-1000']);
  });
});

describe('rows and targets', () => {
  const pull = (records: number): Workload => ({ name: `pull-${records / 1000}k`, kind: 'pull', records });

  it('divides by records done when the naive run was stopped by the time limit', () => {
    const ours = measurement({ urlfetch: 51, modelled: 30_000, recordsDone: 10_000 });
    const naive = measurement({ variant: 'naive', urlfetch: 30, modelled: 360_000, recordsDone: 6000, completed: false, ok: false });

    const row = rowOf(pull(10_000), ours, naive);

    expect(row.ratio).toEqual({ urlfetch_calls: 1.02, modelled_ms: 0.05, basis: 'per record done' });
    expect(row.naive?.completed).toBe(false);
  });

  it('fails the UrlFetch target one call above the minimum and passes at it', () => {
    const rows = [rowOf(pull(1000), measurement({ urlfetch: 6 }), null), rowOf(pull(10_000), measurement({ urlfetch: 52 }), null)];

    const checks = checkTargets(rows).filter((c) => c.text.includes('UrlFetch'));

    expect(checks.map((c) => c.pass)).toEqual([true, false]);
  });

  it('calls Sheets calls constant per chunk only while each extra chunk costs a bounded few', () => {
    const steady = [rowOf(pull(1000), measurement({ reads: 18, writes: 20 }), null), rowOf(pull(10_000), measurement({ reads: 23, writes: 25 }), null)];
    const perRow = [rowOf(pull(1000), measurement({ reads: 18, writes: 20 }), null), rowOf(pull(10_000), measurement({ reads: 18, writes: 9020 }), null)];

    const verdict = (rows: typeof steady) => checkTargets(rows).find((c) => c.text.startsWith('Sheets calls'))?.pass;

    expect(verdict(steady)).toBe(true);
    expect(verdict(perRow)).toBe(false);
  });

  it('fails the 200k target when ids are missing from the sheet', () => {
    const ids = { inSheet: 100_000, unique: 100_000, inZoho: 200_000, missing: 100_000, unknown: 0 };
    const row = rowOf(pull(200_000), measurement({ ids, completed: false, recordsDone: 100_000 }), null);

    const check = checkTargets([row]).find((c) => c.text.startsWith('pull-200k completes'));

    expect(check?.pass).toBe(false);
  });
});
