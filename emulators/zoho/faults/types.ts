// Fault specs as admin accepts them, and the live entries that count down. One fault applies per
// request; `match` is a substring of "METHOD /path", or a regex written as /.../flags.

export type FaultKind = 'status' | 'latency' | 'burst429' | 'drop' | 'truncate' | 'malformed' | 'repeatPage' | 'emptyPage';

/** Kinds that only apply to a records list (`GET /crm/v8/{module}`); other calls pass them by. */
export type PageFaultKind = 'repeatPage' | 'emptyPage';
export const PAGE_FAULT_KINDS: readonly FaultKind[] = ['repeatPage', 'emptyPage'];

export interface FaultSpec {
  kind: FaultKind;
  status?: number;
  ms?: number;
  count?: number;
  fraction?: number;
  match?: string;
  body?: unknown;
  /**
   * `drop` and `status` only: run the handler first (the write is applied, credits and counters
   * move), then lose the answer. The client cannot tell whether Zoho did the work.
   */
  after?: boolean;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  /** Applications left; null = unlimited (fraction-only faults). */
  remaining: number | null;
  applied: number;
}
