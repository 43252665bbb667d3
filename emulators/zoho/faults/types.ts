// Fault specs as admin accepts them, and the live entries that count down. One fault applies per
// request; `match` is a substring of "METHOD /path", or a regex written as /.../flags.

export type FaultKind = 'status' | 'latency' | 'burst429' | 'drop' | 'truncate' | 'malformed';

export interface FaultSpec {
  kind: FaultKind;
  status?: number;
  ms?: number;
  count?: number;
  fraction?: number;
  match?: string;
  body?: unknown;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  /** Applications left; null = unlimited (fraction-only faults). */
  remaining: number | null;
  applied: number;
}
