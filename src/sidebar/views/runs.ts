// The last 10 runs: when, what started it, OK, completed with problems or failed, its message, and
// its issues on demand. The list refreshes by itself while the sidebar is open (live.ts).

import type { RunLogEntry } from '../../shared/rpc';
import { button, h, type Child } from '../dom';
import { formatDateTime, plural, runStatus, runStatusLabel, triggerLabel } from '../format';
import { call } from '../rpc';
import { bindView, isBusy, setRuns, track, type AppState } from '../state';
import { issueList, pulledList, pushedList, sortIssues } from './common';

export const RUNS_SHOWN = 10;
const BADGE = { ok: 'good', problems: 'warn', failed: 'bad' } as const;

/** Which runs the user expanded, so a refresh does not fold them again. */
const expanded = new Set<string>();
/** Runs whose whole issue list was asked for. */
const allIssues = new Set<string>();
const ISSUES_SHOWN = 20;

export function mountRuns(el: HTMLElement): void {
  // A live region stays in the page so a teammate's or the schedule's run is announced as it goes.
  const running = h('div', { role: 'status', 'aria-live': 'polite' });
  const list = h('div');
  el.append(running, list);
  bindView(running, (s) => [s.sidebar?.running, s.progress, s.runningSince], renderRunning);
  const rerender = bindView(list, (s) => [s.sidebar?.runs, s.busy], (s) => render(s, () => rerender()));
}

/** Someone else's sync (a teammate, the schedule, a continuation), while it runs. */
function renderRunning(s: AppState): Child[] {
  const running = s.sidebar?.running;
  // The reader's own Sync now shows its progress in the Sync section.
  if (!running || s.runningSince !== null) return [];
  return [h('div', { className: 'notice info' },
    h('span', { className: 'spinner', 'aria-hidden': 'true' }),
    s.progress?.running && s.progress.message ? s.progress.message : `A ${triggerLabel(running.trigger).toLowerCase()} started by ${running.by} at ${formatDateTime(running.since)} is running.`)];
}

function runKey(run: RunLogEntry): string {
  return `${run.at}|${run.trigger}`;
}

function render(s: AppState, rerender: () => void): Child[] {
  const runs = (s.sidebar?.runs ?? []).slice().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, RUNS_SHOWN);
  const refreshing = isBusy('runs');
  return [
    runs.length
      ? h('ul', { className: 'plain runs' }, runs.map((run) => h('li', null, renderRun(run, rerender))))
      : h('p', { className: 'muted' }, 'No runs yet.'),
    h('div', { className: 'actions' },
      button(refreshing ? 'Refreshing…' : 'Refresh', () => void refresh(), { className: 'btn small', disabled: refreshing, 'data-key': 'runs-refresh' })),
  ];
}

function renderRun(run: RunLogEntry, rerender: () => void): HTMLElement {
  const key = runKey(run);
  const issues = sortIssues(run.issues);
  const details = h('details', { className: 'run', open: expanded.has(key) },
    h('summary', null,
      h('span', { className: `badge ${BADGE[runStatus(run)]}` }, runStatusLabel(runStatus(run))),
      h('span', { className: 'run-when' }, formatDateTime(run.at)),
      h('span', { className: 'muted' }, triggerLabel(run.trigger)),
      issues.length ? h('span', { className: 'badge warn' }, plural(issues.length, 'issue')) : null,
      h('div', { className: 'run-message' }, run.message)),
    h('div', { className: 'run-body' },
      pulledList(run.pulled),
      pushedList(run.pushed),
      issueList(issues, { limit: allIssues.has(key) ? undefined : ISSUES_SHOWN, onShowAll: () => { allIssues.add(key); rerender(); } }),
      !run.pulled.length && !run.pushed.length && !issues.length ? h('p', { className: 'muted small' }, 'Nothing else to show.') : null));
  details.addEventListener('toggle', () => {
    if (details.open) expanded.add(key);
    else expanded.delete(key);
  });
  return details;
}

async function refresh(): Promise<void> {
  const runs = await track('runs', () => call('getRunLog'));
  if (runs) setRuns(runs);
}
