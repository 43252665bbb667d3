// Whether the schedule a sidebar showed is still the spreadsheet's schedule, so "Take over" takes
// over what the rep saw and not a teammate's change made since. Not here: frequencies and run
// times (schedule.ts).

import type { ScheduleFrequency } from './schedule';

/** The schedule as a sidebar showed it: whose, how often (null when stopped or off), stopped or not. */
export interface ScheduleSeen {
  owner: string | null;
  frequency: ScheduleFrequency | null;
  stopped: boolean;
}

/**
 * Why a take-over from `seen` must be refused because the schedule is now `current`, or null.
 * A frequency is compared only while the schedule runs (a stopped one shows none).
 */
export function scheduleChangedProblem(current: ScheduleSeen, seen: ScheduleSeen): string | null {
  const sameFrequency = current.stopped || JSON.stringify(current.frequency) === JSON.stringify(seen.frequency);
  if (current.owner === seen.owner && current.stopped === seen.stopped && sameFrequency) return null;
  const now = current.owner === seen.owner && !current.stopped && !seen.stopped ? `${current.owner} changed how often it runs`
    : current.stopped ? 'it has stopped' : `it now runs as ${current.owner ?? 'nobody'}`;
  return `The schedule changed since your sidebar showed it: ${now}. Nothing was taken over. Look at it again, and take it over if you still want to.`;
}
