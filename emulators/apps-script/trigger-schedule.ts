// When time-driven triggers fire, on the virtual clock. A daily trigger at hour H fires once at a
// moment inside [H:00, H+1:00) in its zone, the same moment every day (§1.2 jitter); we pick that
// minute from the trigger id so runs are deterministic.

import { createHash } from 'node:crypto';
import type { TriggerSchedule } from './state';
import { fromWallClock, toWallClock } from './time-zone';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

function hashOf(uid: string): number {
  return createHash('sha256').update(uid).digest().readUInt32BE(0);
}

/** The minute and second inside the hour at which a daily/weekly trigger fires. */
export function fireMinute(schedule: TriggerSchedule, uid: string): { minute: number; second: number } {
  const h = hashOf(uid);
  const second = h % 60;
  if (schedule.minute === undefined) return { minute: Math.floor(h / 60) % 60, second };
  // nearMinute(m): within ±15 min of m, kept inside the hour.
  const jitter = (Math.floor(h / 60) % 31) - 15;
  return { minute: Math.min(59, Math.max(0, schedule.minute + jitter)), second };
}

function wallAt(dayMs: number, hour: number, minute: number, second: number, tz: string): number {
  const d = new Date(dayMs);
  return fromWallClock({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour, minute, second, ms: 0 }, tz);
}

/** The first fire time strictly after `after`. */
export function nextFireAfter(schedule: TriggerSchedule, uid: string, after: number, createdAt: number): number | undefined {
  switch (schedule.kind) {
    case 'once': return schedule.at !== undefined && schedule.at > after ? schedule.at : undefined;
    case 'minutes': case 'hourly': {
      const step = (schedule.every ?? 1) * (schedule.kind === 'hourly' ? HOUR_MS : 60_000);
      const n = Math.floor((after - createdAt) / step) + 1;
      return createdAt + n * step;
    }
    case 'daily': case 'weekly': {
      const tz = schedule.timeZone ?? 'Etc/UTC';
      const { minute, second } = fireMinute(schedule, uid);
      const hour = schedule.hour ?? 0;
      const w = toWallClock(after, tz);
      const startDay = Date.UTC(w.year, w.month - 1, w.day);
      const createdW = toWallClock(createdAt, tz);
      const createdDay = Date.UTC(createdW.year, createdW.month - 1, createdW.day);
      const every = schedule.every ?? 1;
      for (let day = startDay; day < startDay + 400 * DAY_MS; day += DAY_MS) {
        const daysSince = Math.round((day - createdDay) / DAY_MS);
        if (schedule.kind === 'daily' && every > 1 && daysSince % every !== 0) continue;
        if (schedule.kind === 'weekly') {
          const dow = new Date(day).getUTCDay() || 7; // 1 = Monday .. 7 = Sunday
          if (dow !== (schedule.weekDay ?? 1)) continue;
          if (every > 1 && Math.floor(daysSince / 7) % every !== 0) continue;
        }
        const at = wallAt(day, hour, minute, second, tz);
        if (at > after) return at;
      }
      return undefined;
    }
    default: return undefined;
  }
}
