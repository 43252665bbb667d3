// Sidebar entry: lays out the sections, mounts one view in each, and loads everything the sidebar
// shows with one getSidebarState call. All server calls go through rpc.ts.

import { button, h, replaceChildren } from './dom';
import { runStatus, scheduleLabel } from './format';
import { startLiveRefresh } from './live';
import { call } from './rpc';
import { bindView, store, track } from './state';
import { mountBanner } from './views/banner';
import { mountConnection, refreshAuthorizationUrl } from './views/connection';
import { mountDefinitions } from './views/definitions';
import { mountEditor } from './views/editor';
import { mountRuns } from './views/runs';
import { mountSchedule } from './views/schedule';
import { mountSync } from './views/sync';

interface Section {
  details: HTMLDetailsElement;
  hint: HTMLElement;
  body: HTMLElement;
}

/** A collapsible section; the hint beside its title says the gist when it is folded. */
function section(id: string, title: string, open: boolean): Section {
  const hint = h('span', { className: 'hint' });
  const body = h('div', { className: 'section-body' });
  const details = h('details', { className: 'section', id, open }, h('summary', null, h('span', { className: 'section-title' }, title), hint), body);
  return { details, hint, body };
}

async function loadAll(): Promise<void> {
  const state = await track('load', () => call('getSidebarState'));
  if (!state) {
    store.update({ loadFailed: true });
    return;
  }
  store.update({ sidebar: state, loadFailed: false });
  const connection = state.connection;
  if (connection.configured && !connection.connected) void refreshAuthorizationUrl();
}

function boot(app: HTMLElement): void {
  const banner = h('div', { className: 'banner' });
  const loading = h('div');
  const connection = section('connection', 'Zoho connection', true);
  const sync = section('sync', 'Sync', true);
  const sheets = section('sheets', 'Synced sheets', true);
  const schedule = section('schedule', 'Schedule', false);
  const runs = section('runs', 'Last runs', false);
  const connectedOnly = [sync, sheets, schedule, runs];
  replaceChildren(app, [h('h1', { className: 'sr-only' }, 'Zoho CRM Sync'), banner, loading, connection.details, ...connectedOnly.map((s) => s.details)]);

  mountBanner(banner);
  bindView(loading, (s) => [s.sidebar === null, s.loadFailed, s.busy.load], (s) => {
    if (s.sidebar) return [];
    if (s.loadFailed && !s.busy.load) {
      return [h('p', null, 'The sidebar could not load.'), button('Try again', () => void loadAll(), { className: 'btn primary', 'data-key': 'reload' })];
    }
    return [h('p', { className: 'muted', role: 'status' }, 'Loading…')];
  });

  mountConnection(connection.body, () => void loadAll());
  mountSync(sync.body);
  const definitionList = h('div');
  const editor = h('div');
  sheets.body.append(definitionList, editor);
  mountDefinitions(definitionList);
  mountEditor(editor);
  mountSchedule(schedule.body);
  mountRuns(runs.body);

  // Sections that need Zoho show only once connected; the hints summarise folded sections.
  let last: unknown[] = [];
  store.subscribe((s) => {
    const deps = [s.sidebar];
    if (deps.every((d, i) => d === last[i])) return;
    last = deps;
    const sidebar = s.sidebar;
    const connected = Boolean(sidebar?.connection.connected);
    connection.details.hidden = !sidebar;
    for (const part of connectedOnly) part.details.hidden = !connected;
    if (!sidebar) return;
    connection.hint.textContent = connected ? 'Connected' : sidebar.connection.configured ? 'Not connected' : 'Set up';
    sheets.hint.textContent = String(sidebar.definitions.length);
    schedule.hint.textContent = sidebar.schedule.stopped ? 'Stopped' : scheduleLabel(sidebar.schedule).replace(/ \(.*\)$/, '');
    const latest = sidebar.runs.slice().sort((a, b) => (a.at < b.at ? 1 : -1))[0];
    const status = latest ? runStatus(latest) : null;
    runs.hint.textContent = status === null ? '' : status === 'ok' ? 'Last: OK' : status === 'problems' ? 'Last: with problems' : 'Last: failed';
    runs.hint.className = `hint ${status && status !== 'ok' ? 'hint-bad' : ''}`;
  });

  void loadAll();
  startLiveRefresh();
}

const app = document.getElementById('app');
if (app) boot(app);
