// The virtual clock every execution reads: `new Date()`, `Date.now()`, token expiry, cache TTLs and
// trigger schedules all follow it. Nothing here reads the real clock except `countCpu` callers.

export const DEFAULT_START_TIME_MS = Date.parse('2026-01-15T09:00:00Z');

export class VirtualClock {
  private nowMs: number;

  constructor(start: number | Date = DEFAULT_START_TIME_MS) {
    this.nowMs = typeof start === 'number' ? start : start.getTime();
  }

  /** Milliseconds since the epoch on the virtual clock. */
  now(): number {
    // CPU time adds fractions of a millisecond; Date.now() must stay an integer.
    return Math.floor(this.nowMs);
  }

  /** Moves time forward; a negative or non-finite amount is refused so schedules never run backwards. */
  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot advance the clock by ${ms} ms`);
    this.nowMs += ms;
    return this.nowMs;
  }

  /** Jumps to an absolute time (tests only; it may go backwards). */
  set(ms: number | Date): void {
    this.nowMs = typeof ms === 'number' ? ms : ms.getTime();
  }
}
