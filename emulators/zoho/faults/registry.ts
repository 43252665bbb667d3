// Holds active faults and picks the one (if any) for a request, counting it down.

import { mulberry32, type Rng } from '../seed/prng';
import type { ActiveFault, FaultKind, FaultSpec } from './types';

const KINDS: readonly FaultKind[] = ['status', 'latency', 'burst429', 'drop', 'truncate', 'malformed', 'repeatPage', 'emptyPage'];
// 401 answers INVALID_TOKEN, as Zoho does for an access token that expired or was invalidated mid-run.
const STATUSES = [401, 429, 500, 502, 503, 504];
// After the handler ran only a server or gateway failure can lose the answer; 401/429 come first.
const AFTER_STATUSES = [500, 502, 503, 504];

function matcher(match: string | undefined): (target: string) => boolean {
  if (!match) return () => true;
  const regex = /^\/(.+)\/([a-z]*)$/.exec(match);
  if (regex?.[1] !== undefined) {
    const re = new RegExp(regex[1], regex[2]);
    return (target) => re.test(target);
  }
  return (target) => target.includes(match);
}

export class FaultRegistry {
  private faults: (ActiveFault & { test: (target: string) => boolean })[] = [];
  private nextId = 1;
  private rng: Rng;

  constructor(seed: number) {
    this.rng = mulberry32(seed ^ 0xfa17);
  }

  /** Validates and adds a fault; throws Error with a readable message for a bad spec. */
  add(spec: FaultSpec): ActiveFault {
    if (!KINDS.includes(spec.kind)) throw new Error(`kind must be one of ${KINDS.join(', ')}`);
    // 200 or 204 only with a body: Zoho's error shape (reference §8) behind a success status, or an
    // empty 204 where Zoho always has data, as a proxy or an API bug could send them.
    const successWithBody = spec.kind === 'status' && [200, 204].includes(Number(spec.status)) && spec.body !== undefined;
    if (spec.kind === 'status' && !STATUSES.includes(Number(spec.status)) && !successWithBody) throw new Error(`status must be one of ${STATUSES.join(', ')} (or 200/204 with a body)`);
    if (spec.kind === 'latency' && !(Number(spec.ms) >= 0)) throw new Error('latency needs ms >= 0');
    if (spec.after !== undefined && typeof spec.after !== 'boolean') throw new Error('after must be true or false');
    if (spec.after === true && spec.kind !== 'drop' && spec.kind !== 'status') throw new Error('after applies to drop and status only (truncate and malformed always run the handler)');
    if (spec.after === true && spec.kind === 'status' && !AFTER_STATUSES.includes(Number(spec.status)) && !successWithBody) throw new Error(`status with after must be one of ${AFTER_STATUSES.join(', ')}`);
    if (spec.fraction !== undefined && !(spec.fraction >= 0 && spec.fraction <= 1)) throw new Error('fraction must be between 0 and 1');
    if (spec.match && /^\/(.+)\/([a-z]*)$/.test(spec.match)) matcher(spec.match);
    const remaining = spec.count !== undefined ? Math.max(0, Math.floor(spec.count)) : spec.fraction !== undefined ? null : 1;
    const fault = { ...spec, id: this.nextId++, remaining, applied: 0, test: matcher(spec.match) };
    this.faults.push(fault);
    return this.describe(fault);
  }

  /**
   * The fault for this request, already counted down; undefined when none applies. `accepts` says
   * which kinds can apply to it (page faults only to a records list), so others are not used up.
   */
  take(method: string, path: string, accepts: (kind: FaultKind) => boolean = () => true): ActiveFault | undefined {
    const target = `${method} ${path}`;
    for (const fault of this.faults) {
      if (fault.remaining !== null && fault.remaining <= 0) continue;
      if (!accepts(fault.kind) || !fault.test(target)) continue;
      if (fault.fraction !== undefined && this.rng() >= fault.fraction) continue;
      if (fault.remaining !== null) fault.remaining--;
      fault.applied++;
      const taken = this.describe(fault);
      this.faults = this.faults.filter((f) => f.remaining === null || f.remaining > 0);
      return taken;
    }
    return undefined;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => this.describe(f));
  }

  clear(): void {
    this.faults = [];
  }

  reseed(seed: number): void {
    this.rng = mulberry32(seed ^ 0xfa17);
  }

  private describe(fault: ActiveFault & { test?: unknown }): ActiveFault {
    const { test: _test, ...rest } = fault;
    return { ...rest };
  }
}
