// The emulator's one source of time. Token expiry, Modified_Time, page-token expiry and bulk jobs
// all read `now()`, so `POST /__admin/clock {advanceSeconds}` moves every one of them together.

export class EmulatorClock {
  private offsetMs = 0;

  /** Milliseconds since the Unix epoch, real time plus whatever admin has advanced. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves time forward (never back: tokens and page tokens only ever expire). */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new Error('advanceSeconds must be a non-negative number');
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }

  get advancedSeconds(): number {
    return this.offsetMs / 1000;
  }
}

/** Seeded data's Created/Modified times lie in the year before this instant, so seeds are stable. */
export const SEED_EPOCH_MS = Date.UTC(2025, 0, 1, 0, 0, 0);
export const SECONDS_PER_DAY = 86_400;
