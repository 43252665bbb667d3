// The sidebar's one store: what the server last told us, which calls are running, and the errors
// to show. Views subscribe with `bindView` and re-render only when the slices they read change.

import type { ModuleSummary, RunLogEntry, SidebarState, SyncDefinitionView, SyncNowResult, SyncProgress } from '../shared/rpc';
import { replaceChildren, type Child } from './dom';
import { RpcError } from './rpc';

export interface ErrorNotice {
  id: number;
  message: string;
  /** How many times the same message came back while shown. */
  repeats: number;
}

export interface ShownResult {
  kind: 'sync' | 'push';
  result: SyncNowResult;
  /** Issues resolved from the sidebar since, keyed by `issueKey`, with the server's message. */
  resolved: Record<string, string>;
}

export interface AppState {
  /** Null until getSidebarState first answers. */
  sidebar: SidebarState | null;
  loadFailed: boolean;
  errors: ErrorNotice[];
  /** Calls running now, by action key ("sync", "remove:Leads"…): their buttons are disabled. */
  busy: Record<string, true>;
  /** A fresh, unused Connect link, fetched before the user clicks. */
  authorizationUrl: string | null;
  /** Waiting for the user to finish in Zoho's tab. */
  connectWatch: 'idle' | 'watching' | 'gave-up';
  progress: SyncProgress | null;
  /** Epoch ms when the running sync or push started, for the elapsed-time label. */
  runningSince: number | null;
  /** The sheet "Sync this sheet" runs for, or null when the run covers every sheet. */
  syncingSheet: string | null;
  lastResult: ShownResult | null;
  modules: ModuleSummary[] | null;
  /** The editor: null when closed, else which sheet it edits (null sheetName = a new one). */
  editing: { sheetName: string | null } | null;
}

type Listener = (state: AppState) => void;

export interface Store {
  get(): AppState;
  update(patch: Partial<AppState> | ((state: AppState) => Partial<AppState>)): void;
  subscribe(listener: Listener): void;
}

export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners: Listener[] = [];
  return {
    get: () => state,
    update(patch) {
      const changes = typeof patch === 'function' ? patch(state) : patch;
      state = { ...state, ...changes };
      for (const listener of listeners.slice()) listener(state);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}

export const store = createStore({
  sidebar: null,
  loadFailed: false,
  errors: [],
  busy: {},
  authorizationUrl: null,
  connectWatch: 'idle',
  progress: null,
  runningSince: null,
  syncingSheet: null,
  lastResult: null,
  modules: null,
  editing: null,
});

/**
 * Renders `render(state)` into `el` now and again whenever one of `deps(state)` changes (by
 * identity). Returns a function that re-renders at once, for view-local changes (a confirm step).
 */
export function bindView(el: HTMLElement, deps: (s: AppState) => readonly unknown[], render: (s: AppState) => Child[]): () => void {
  let last: readonly unknown[] | null = null;
  const refresh = (s: AppState, force: boolean): void => {
    const next = deps(s);
    if (!force && last && next.length === last.length && next.every((v, i) => v === last![i])) return;
    last = next;
    replaceChildren(el, render(s));
  };
  store.subscribe((s) => refresh(s, false));
  refresh(store.get(), true);
  return () => refresh(store.get(), true);
}

// ---- helpers every view uses ----

let nextErrorId = 0;

/** Shows a failure in the error banner. The same message twice is counted, not stacked. */
export function reportError(error: unknown): void {
  const message = error instanceof RpcError || error instanceof Error ? error.message : String(error);
  store.update((s) => {
    const same = s.errors.find((e) => e.message === message);
    if (same) return { errors: s.errors.map((e) => (e === same ? { ...e, repeats: e.repeats + 1 } : e)) };
    nextErrorId++;
    return { errors: [...s.errors, { id: nextErrorId, message, repeats: 1 }] };
  });
}

export function dismissError(id: number): void {
  store.update((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
}

export function isBusy(key: string): boolean {
  return Boolean(store.get().busy[key]);
}

function setBusy(key: string, on: boolean): void {
  store.update((s) => {
    const busy = { ...s.busy };
    if (on) busy[key] = true;
    else delete busy[key];
    return { busy };
  });
}

/**
 * Runs one user action: its key is busy (button disabled) until the task settles, a second click
 * meanwhile is ignored, and a failure lands in the error banner. Resolves to undefined on failure.
 */
export async function track<T>(key: string, task: () => Promise<T>): Promise<T | undefined> {
  if (isBusy(key)) return undefined;
  setBusy(key, true);
  try {
    return await task();
  } catch (error) {
    reportError(error);
    return undefined;
  } finally {
    setBusy(key, false);
  }
}

/** Replaces parts of SidebarState once it is loaded. */
export function updateSidebar(patch: Partial<SidebarState>): void {
  store.update((s) => (s.sidebar ? { sidebar: { ...s.sidebar, ...patch } } : {}));
}

export function setDefinitions(definitions: SyncDefinitionView[]): void {
  updateSidebar({ definitions });
}

export function setRuns(runs: RunLogEntry[]): void {
  updateSidebar({ runs });
}

/** Stable key of a row issue, for resolved marks and data-key focus targets. */
export function issueKey(issue: { sheet: string; row: number; kind: string; recordId?: string }): string {
  // By record when there is one: the row number changes when rows are sorted or removed.
  return `${issue.kind}:${issue.sheet}:${issue.recordId ? `id${issue.recordId}` : issue.row}`;
}

/** Resolves after `ms`; the sidebar's polls wait with this between answers, never overlapping. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => window.setTimeout(resolve, ms));
}
