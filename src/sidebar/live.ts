// Keeps an open sidebar current without a Refresh click: a scheduled run, a teammate's sync or a
// continuation shows up in the schedule, the run list and the progress line by itself. One
// question at a time, never overlapping (google.script.run allows 10 in flight, reference §1.8),
// and only while the page is visible.

import type { SidebarState } from '../shared/rpc';
import { call } from './rpc';
import { delay, isBusy, store, updateSidebar } from './state';

/** How often the sidebar asks for the schedule and runs: modest, each ask is one execution. */
export const STATE_POLL_MS = 30 * 1000;
/** How often it asks for progress while someone else's sync runs (Sync now polls its own). */
export const OTHERS_PROGRESS_POLL_MS = 5 * 1000;

let started = false;

function ownRunBusy(): boolean {
  return isBusy('sync') || isBusy('push') || isBusy('load');
}

function hidden(): boolean {
  return typeof document !== 'undefined' && document.visibilityState === 'hidden';
}

/** Takes what changes by itself from a fresh state; leaves what the user is editing alone. */
function apply(state: SidebarState): void {
  updateSidebar({ schedule: state.schedule, runs: state.runs, running: state.running, definitions: state.definitions });
}

async function pollState(): Promise<void> {
  for (;;) {
    const running = store.get().sidebar?.running;
    await delay(running ? OTHERS_PROGRESS_POLL_MS : STATE_POLL_MS);
    if (hidden() || ownRunBusy() || !store.get().sidebar?.connection.connected) continue;
    try {
      if (store.get().sidebar?.running) {
        // Someone else's sync: its progress line moves; the full state follows once it ends.
        const progress = await call('getSyncProgress');
        if (!ownRunBusy()) store.update({ progress: progress.running ? progress : null });
        if (progress.running) continue;
      }
      const state = await call('getSidebarState');
      if (!ownRunBusy()) {
        apply(state);
        if (!state.running) store.update({ progress: null });
      }
    } catch {
      // A missed refresh is retried on the next turn; errors of the user's own actions show as usual.
    }
  }
}

export function startLiveRefresh(): void {
  if (started) return;
  started = true;
  void pollState();
}
