// What the emulator counts for tests and benchmarks: calls per templated route, answers per status,
// credits, records written, token requests and workflow runs (records written with triggers on).

export interface CountersSnapshot {
  calls: Record<string, number>;
  byStatus: Record<string, number>;
  creditsUsed: number;
  creditsUsedByDc: Record<string, number>;
  recordsWritten: number;
  tokenRequests: number;
  /** Records written with workflow rules allowed to run (`trigger` omitted or containing "workflow"). */
  workflowRuns: number;
  /** Write calls that sent `trigger: []` (automation explicitly off) vs omitted it. */
  writesWithEmptyTrigger: number;
  writesWithTriggerOmitted: number;
  faultsApplied: number;
}

export class Counters {
  private data: CountersSnapshot = Counters.empty();

  private static empty(): CountersSnapshot {
    return {
      calls: {}, byStatus: {}, creditsUsed: 0, creditsUsedByDc: {}, recordsWritten: 0, tokenRequests: 0,
      workflowRuns: 0, writesWithEmptyTrigger: 0, writesWithTriggerOmitted: 0, faultsApplied: 0,
    };
  }

  recordCall(route: string, status: number): void {
    this.data.calls[route] = (this.data.calls[route] ?? 0) + 1;
    const key = String(status);
    this.data.byStatus[key] = (this.data.byStatus[key] ?? 0) + 1;
  }

  addCredits(dc: string, credits: number): void {
    this.data.creditsUsed += credits;
    this.data.creditsUsedByDc[dc] = (this.data.creditsUsedByDc[dc] ?? 0) + credits;
  }

  addRecordsWritten(n: number): void {
    this.data.recordsWritten += n;
  }

  addTokenRequest(): void {
    this.data.tokenRequests++;
  }

  addWrite(trigger: unknown, records: number): void {
    if (trigger === undefined) this.data.writesWithTriggerOmitted++;
    else if (Array.isArray(trigger) && trigger.length === 0) this.data.writesWithEmptyTrigger++;
    const workflowOn = trigger === undefined || (Array.isArray(trigger) && trigger.includes('workflow'));
    if (workflowOn) this.data.workflowRuns += records;
  }

  addFault(): void {
    this.data.faultsApplied++;
  }

  snapshot(): CountersSnapshot {
    return JSON.parse(JSON.stringify(this.data)) as CountersSnapshot;
  }

  reset(): void {
    this.data = Counters.empty();
  }
}
