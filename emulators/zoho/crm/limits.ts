// API credits per org over a rolling 24 hours and in-flight calls per org (reference §9). Costs:
// 1 per call, writes 1 per 10 records, COQL by LIMIT, Bulk Read job creation 50.

import type { EmulatorClock } from '../clock';

const DAY_MS = 86_400_000;

export class OrgLimits {
  private readonly ledger = new Map<string, { atMs: number; credits: number }[]>();
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly clock: EmulatorClock, private creditsPerDay: number, private concurrency: number) {}

  configure(creditsPerDay?: number, concurrency?: number): void {
    if (creditsPerDay !== undefined) this.creditsPerDay = creditsPerDay;
    if (concurrency !== undefined) this.concurrency = concurrency;
  }

  creditsUsed(dc: string): number {
    const now = this.clock.now();
    const entries = (this.ledger.get(dc) ?? []).filter((e) => e.atMs > now - DAY_MS);
    this.ledger.set(dc, entries);
    return entries.reduce((sum, e) => sum + e.credits, 0);
  }

  /** Charges credits; false (and nothing charged) when the rolling-day allowance would be passed. */
  charge(dc: string, credits: number): boolean {
    if (this.creditsUsed(dc) + credits > this.creditsPerDay) return false;
    this.ledger.get(dc)?.push({ atMs: this.clock.now(), credits });
    return true;
  }

  remaining(dc: string): number {
    return Math.max(0, this.creditsPerDay - this.creditsUsed(dc));
  }

  tryEnter(dc: string): boolean {
    const n = this.inFlight.get(dc) ?? 0;
    if (n >= this.concurrency) return false;
    this.inFlight.set(dc, n + 1);
    return true;
  }

  leave(dc: string): void {
    this.inFlight.set(dc, Math.max(0, (this.inFlight.get(dc) ?? 1) - 1));
  }

  status(): { creditsPerDay: number; concurrency: number; creditsUsed: Record<string, number>; inFlight: Record<string, number> } {
    const creditsUsed: Record<string, number> = {};
    for (const dc of this.ledger.keys()) creditsUsed[dc] = this.creditsUsed(dc);
    return { creditsPerDay: this.creditsPerDay, concurrency: this.concurrency, creditsUsed, inFlight: Object.fromEntries(this.inFlight) };
  }

  resetCredits(): void {
    this.ledger.clear();
  }
}

export function writeCredits(records: number): number {
  return Math.max(1, Math.ceil(records / 10));
}

export function coqlCredits(limit: number): number {
  return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
}

export const BULK_READ_CREDITS = 50;
