// Sync now and Push changes: progress while the call runs (polled every 1.5 s), then the result
// with per-sheet counts and the rows that need attention, conflicts with their two choices.

import type { RowIssue, SyncNowResult } from '../../shared/rpc';
import { button, h, type Child } from '../dom';
import { formatElapsed, plural } from '../format';
import { call } from '../rpc';
import { bindView, delay, isBusy, issueKey, reportError, setDefinitions, setRuns, store, track, type AppState, type ShownResult } from '../state';
import { issueList, pulledList, pushedList, sortIssues } from './common';

/** getSyncProgress is asked this often while a sync or push runs. */
export const PROGRESS_POLL_MS = 1500;
/** Issues shown before "Show all". */
const ISSUES_SHOWN = 20;

let showAllIssues = false;
let elapsedTimer = 0;

export function mountSync(el: HTMLElement): void {
  const buttons = h('div');
  // A live region must stay in the page for its changes to be announced, so it is never re-created.
  const progress = h('div', { role: 'status', 'aria-live': 'polite' });
  const result = h('div');
  el.append(buttons, progress, result);
  bindView(buttons, (s) => [s.sidebar?.definitions, s.busy], renderButtons);
  bindView(progress, (s) => [s.busy, s.progress, s.runningSince, s.lastResult], renderProgress);
  const rerender = bindView(result, (s) => [s.busy, s.lastResult], (s) => (s.lastResult ? [renderResult(s.lastResult, () => rerender())] : []));
  // Coming back to the sidebar (after sorting the sheet, say): the issues' row numbers are asked again.
  window.addEventListener('focus', () => void refreshIssueRows());
}

function running(): boolean {
  return isBusy('sync') || isBusy('push');
}

function renderButtons(s: AppState): Child[] {
  const hasDefinitions = Boolean(s.sidebar?.definitions.length);
  const busy = running();
  return [
    h('div', { className: 'actions' },
      button(isBusy('sync') ? 'Syncing…' : 'Sync now', () => void run('sync'), { className: 'btn primary', disabled: busy || !hasDefinitions, 'data-key': 'sync-now' }),
      button(isBusy('push') ? 'Pushing…' : 'Push changes', () => void run('push'), {
        disabled: busy || !hasDefinitions, 'data-key': 'push-changes', title: 'Send rows edited in the sheet to Zoho without pulling',
      }),
      button(isBusy('restore-selected') ? 'Restoring…' : 'Restore selected row', () => void restoreSelected(), {
        disabled: busy || isBusy('restore-selected') || !hasDefinitions, 'data-key': 'restore-selected', title: 'Put Zoho\'s current values back into the row of the selected cell',
      })),
    hasDefinitions ? null : h('p', { className: 'muted small' }, 'Add a synced sheet below first.'),
  ];
}

function renderProgress(s: AppState): Child[] {
  window.clearInterval(elapsedTimer);
  if (s.runningSince === null) {
    return s.lastResult ? [h('span', { className: 'sr-only' }, `${s.lastResult.kind === 'push' ? 'Push' : 'Sync'} finished: ${s.lastResult.result.message}`)] : [];
  }
  const since = s.runningSince;
  // Outside what is read aloud: a clock announced every second would drown the progress.
  const elapsed = h('span', { className: 'muted', 'aria-hidden': 'true' });
  const tick = (): void => { elapsed.textContent = ` ${formatElapsed(Date.now() - since)}`; };
  tick();
  elapsedTimer = window.setInterval(tick, 1000);
  return [h('div', { className: 'progress-box' },
    h('div', null, h('span', { className: 'spinner', 'aria-hidden': 'true' }),
      h('strong', { className: 'wrap' }, isBusy('push') ? 'Pushing changes…' : s.syncingSheet ? `Syncing ${s.syncingSheet}…` : 'Syncing…'), elapsed),
    h('div', { className: 'wrap' }, s.progress?.message || 'Starting…'))];
}

function renderResult(shown: ShownResult, rerender: () => void): Child {
  const { result } = shown;
  const issues = sortIssues(result.issues ?? []);
  const open = issues.filter((i) => !shown.resolved[issueKey(i)]);
  const ok = open.length === 0 && result.sheets.every((sh) => !sh.warnings.length) && !result.refused?.length;
  return h('div', { className: 'result' },
    h('div', { className: `notice ${ok ? 'good' : 'warn'}` }, result.message),
    result.continuing ? h('p', { className: 'small' }, 'Time ran out before everything was pulled. The sync continues by itself in a minute or two; Last runs shows when it is done.') : null,
    pulledList(result.sheets),
    pushedList(result.pushed ?? []),
    issues.length ? h('h3', null, `Needs attention (${plural(open.length, 'row')})`) : null,
    issueList(issues, {
      limit: showAllIssues ? undefined : ISSUES_SHOWN,
      onShowAll: () => { showAllIssues = true; rerender(); },
      actions: (issue) => conflictActions(issue, shown),
    }));
}

function conflictActions(issue: RowIssue, shown: ShownResult): Child {
  const resolved = shown.resolved[issueKey(issue)];
  if (resolved) return h('p', { className: 'resolved' }, '✓ ', resolved);
  if (issue.kind === 'deleted') return deletedActions(issue);
  if (!issue.recordId) return null;
  const key = `resolve:${issueKey(issue)}`;
  const busy = isBusy(key);
  const where = `row ${issue.row} of ${issue.sheet}`;
  if (issue.kind !== 'conflict') {
    return h('div', { className: 'actions tight' },
      button('Restore from Zoho', () => void resolve(issue, 'restore'), { className: 'btn small', disabled: busy, 'data-key': `restore:${issueKey(issue)}`, 'aria-label': `Put Zoho's current values back into ${where}, dropping its edits` }));
  }
  return h('div', { className: 'actions tight' },
    button('Keep mine', () => void resolve(issue, 'mine'), { className: 'btn small', disabled: busy, 'data-key': `mine:${issueKey(issue)}`, 'aria-label': `Keep the sheet's values for ${where} and push them to Zoho` }),
    button('Take Zoho\'s', () => void resolve(issue, 'zoho'), { className: 'btn small', disabled: busy, 'data-key': `zoho:${issueKey(issue)}`, 'aria-label': `Take Zoho's values for ${where}` }));
}

/** A row kept after Zoho deleted its record: create the record again from it, or discard the row. */
function deletedActions(issue: RowIssue): Child {
  if (!issue.recordId) return null;
  const recordId = issue.recordId;
  const key = `resolve:${issueKey(issue)}`;
  const where = `row ${issue.row} of ${issue.sheet}`;
  return h('div', { className: 'actions tight' },
    button('Create again', () => void resolve(issue, () => call('recreateRow', issue.sheet, recordId)), { className: 'btn small', disabled: isBusy(key), 'data-key': `recreate:${issueKey(issue)}`, 'aria-label': `Send ${where} to Zoho as a new record` }),
    button('Discard', () => void resolve(issue, () => call('discardRow', issue.sheet, recordId)), { className: 'btn small', disabled: isBusy(key), 'data-key': `discard:${issueKey(issue)}`, 'aria-label': `Delete ${where} and its edits` }));
}

async function resolve(issue: RowIssue, action: 'mine' | 'zoho' | 'restore' | (() => Promise<SyncNowResult>)): Promise<void> {
  const key = issueKey(issue);
  const recordId = issue.recordId ?? '';
  const answer = await track(`resolve:${key}`, typeof action === 'function' ? action
    : () => (action === 'restore' ? call('restoreRow', issue.sheet, recordId) : call('resolveConflict', issue.sheet, recordId, action)));
  if (!answer) return;
  store.update((s) => {
    if (!s.lastResult) return {};
    // The answer's own issues (say, Zoho refused the pushed value) join the list; this conflict is done.
    const known = new Set((s.lastResult.result.issues ?? []).map(issueKey));
    const sameRowStillOpen = (answer.issues ?? []).some((i) => issueKey(i) === key);
    const added = (answer.issues ?? []).filter((i) => !known.has(issueKey(i)));
    const resolved = sameRowStillOpen ? s.lastResult.resolved : { ...s.lastResult.resolved, [key]: answer.message || 'Resolved.' };
    return { lastResult: { ...s.lastResult, resolved, result: { ...s.lastResult.result, issues: [...(s.lastResult.result.issues ?? []), ...added] } } };
  });
  void refreshAfterRun();
}

/** Runs Sync now (or Push changes) with the progress line, as its button does; also after a new sheet is saved. */
export async function startSync(kind: 'sync' | 'push'): Promise<void> {
  return run(kind);
}

async function run(kind: 'sync' | 'push', sheetName: string | null = null): Promise<void> {
  if (running()) return;
  showAllIssues = false;
  store.update({ progress: null, runningSince: Date.now(), lastResult: null, syncingSheet: sheetName });
  // One sheet runs under the same 'sync' key as Sync now, so the two can never overlap.
  const task = track(kind, () => (kind === 'push' ? call('pushChanges') : sheetName !== null ? call('syncSheet', sheetName) : call('syncNow')));
  void pollProgress();
  const result: SyncNowResult | undefined = await task;
  store.update({ progress: null, runningSince: null, syncingSheet: null, lastResult: result ? { kind, result, resolved: {} } : null });
  await refreshAfterRun();
}

/** "Sync this sheet" on a sheet's card: push and pull that sheet only, shown here like Sync now. */
export function syncOneSheet(sheetName: string): Promise<void> {
  return run('sync', sheetName);
}

/** Asks for progress every 1.5 s while the run lasts; one question at a time, never overlapping. */
async function pollProgress(): Promise<void> {
  while (running()) {
    await delay(PROGRESS_POLL_MS);
    if (!running()) return;
    try {
      const progress = await call('getSyncProgress');
      if (running()) store.update({ progress });
    } catch (error) {
      // The run itself may still succeed; say so once (the banner counts repeats).
      reportError(error);
    }
  }
}

/** "Restore selected row": the row of the cell selected in the sheet takes Zoho's values back. */
async function restoreSelected(): Promise<void> {
  const answer = await track('restore-selected', () => call('restoreSelectedRow'));
  if (!answer) return;
  store.update((s) => ({ lastResult: s.lastResult ? { ...s.lastResult, result: { ...s.lastResult.result, message: answer.message } } : { kind: 'push', result: answer, resolved: {} } }));
  await refreshAfterRun();
}

/** Run log, last-pull times and the rows issues point at change after every run (and after a sort). */
export async function refreshAfterRun(): Promise<void> {
  const [runs, definitions] = await Promise.all([
    track('runs', () => call('getRunLog')),
    track('definitions', () => call('listSyncDefinitions')),
    refreshIssueRows(),
  ]);
  if (runs) setRuns(runs);
  if (definitions) setDefinitions(definitions);
}

/** The latest result's issues, each row once and numbered as it is now (the user may have sorted since). */
export async function refreshIssueRows(): Promise<void> {
  const issues = store.get().lastResult?.result.issues;
  if (!issues?.length || running() || refreshingIssues) return;
  // No busy flag and no re-render unless a row number changed: this runs on the focus event of the
  // click that brings the user back to the sidebar, and re-rendering the buttons under that click
  // would swallow it.
  refreshingIssues = true;
  let fresh: RowIssue[];
  try {
    fresh = await call('refreshIssues', issues);
  } catch {
    return;
  } finally {
    refreshingIssues = false;
  }
  if (JSON.stringify(fresh) === JSON.stringify(store.get().lastResult?.result.issues)) return;
  store.update((s) => (s.lastResult ? { lastResult: { ...s.lastResult, result: { ...s.lastResult.result, issues: fresh } } } : {}));
}

let refreshingIssues = false;
