// The current execution's clock and time budget. Apps Script kills an execution at 6 minutes;
// work stops early enough to save its cursor and resume in a follow-up execution.

import type { Clock, TimeBudget } from '../core/ports';

export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;
/** Kept back for saving state and answering the user after the last unit of work. */
export const EXECUTION_SAFETY_MARGIN_MS = 45 * 1000;

let startedAt: number | undefined;

/** Called first thing by every entry point; later calls in the same execution keep the first start. */
export function startExecution(): void {
  if (startedAt === undefined) startedAt = Date.now();
}

export const appsScriptClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => Utilities.sleep(ms),
};

export const executionBudget: TimeBudget = {
  remainingMs() {
    const start = startedAt ?? Date.now();
    return EXECUTION_LIMIT_MS - EXECUTION_SAFETY_MARGIN_MS - (Date.now() - start);
  },
};
