// One execution: who runs it, in which auth mode and document, what it cost and what it showed.
// Every service call goes through `call()`, which does the accounting (virtual time, CPU time,
// counters) and enforces the execution time limit. The services themselves live in services/.

import { performance } from 'node:perf_hooks';
import type { VirtualClock } from './clock';
import type { LatencyModel } from './latency';
import { MESSAGES } from './limits';

export type AuthMode = 'NONE' | 'LIMITED' | 'CUSTOM_FUNCTION' | 'FULL';

/** What an execution cost. Benchmarks read these; all are totals for the one execution. */
export interface ExecutionCounters {
  /** Every call into any service global (SpreadsheetApp, Range methods, Utilities, ...). */
  serviceCalls: number;
  /** UrlFetchApp requests sent (each fetchAll member counts one, as in the daily quota). */
  urlfetchCalls: number;
  /** Round trips the script waited for: one per fetch, one per fetchAll however many members it has. */
  urlfetchRounds: number;
  /** Request bytes on the wire: body plus request line and headers, approximately. */
  urlfetchBytesSent: number;
  /** Response body bytes received (after redirects, before charset decoding). */
  urlfetchBytesReceived: number;
  /** Sheets calls that read the backend: getValues, getDisplayValues, getFormulas, getLastRow, ... */
  spreadsheetReads: number;
  /** Sheets calls that change the workbook: setValues, insertSheet, appendRow, clear, ... */
  spreadsheetWrites: number;
  /** Cheap Sheets navigation: getSheetByName, getRange, getName, ... (counted, costs little). */
  spreadsheetNavigations: number;
  /** Cells covered by read calls. */
  cellsRead: number;
  /** Cells covered by write calls. */
  cellsWritten: number;
  /** Properties get*, including getProperties/getKeys (one each). */
  propertyReads: number;
  /** Properties set/delete calls. */
  propertyWrites: number;
  /** Cache get/getAll calls. */
  cacheGets: number;
  /** Cache put/putAll/remove/removeAll calls. */
  cachePuts: number;
  /** tryLock/waitLock calls that found the lock held by someone else. */
  lockWaits: number;
  /** Virtual time spent waiting for locks (part of modelledMs). */
  lockWaitMs: number;
  /** Virtual time charged by service calls per the latency model, plus sleeps and lock waits. */
  modelledMs: number;
  /** Real milliseconds spent in script code between service calls (added to virtual time when
   *  the runtime counts CPU, the default). */
  cpuMs: number;
}

export interface MenuItemRecord { caption?: string; functionName?: string; separator?: boolean; subMenu?: MenuRecord }
export interface MenuRecord { title: string; addon: boolean; items: MenuItemRecord[] }
export interface UiRecord {
  menus: MenuRecord[];
  sidebars: Array<{ title: string; html: string }>;
  dialogs: Array<{ title: string; html: string; modal: boolean }>;
  alerts: Array<{ title?: string; prompt: string; buttons?: string }>;
  toasts: Array<{ spreadsheetId: string; message: string; title?: string; timeoutSeconds?: number }>;
}

export function emptyCounters(): ExecutionCounters {
  return {
    serviceCalls: 0, urlfetchCalls: 0, urlfetchRounds: 0, urlfetchBytesSent: 0, urlfetchBytesReceived: 0,
    spreadsheetReads: 0, spreadsheetWrites: 0, spreadsheetNavigations: 0, cellsRead: 0, cellsWritten: 0,
    propertyReads: 0, propertyWrites: 0, cacheGets: 0, cachePuts: 0, lockWaits: 0, lockWaitMs: 0,
    modelledMs: 0, cpuMs: 0,
  };
}

export function emptyUi(): UiRecord {
  return { menus: [], sidebars: [], dialogs: [], alerts: [], toasts: [] };
}

/** An Apps Script exception, thrown by services; the realm turns it into an Error of the vm. */
export class GasError extends Error {
  constructor(message: string, name = 'Exception') {
    super(message);
    this.name = name;
  }
}

/**
 * Ends the execution right after a UrlFetch call has come back from the network, before the
 * script sees the response, as the platform does when it kills a run at that moment (the time
 * limit, a quota, a server fault). Calls are counted per execution; each fetchAll member is one.
 */
export interface KillAfterUrlFetch {
  /** Which calls count: a substring of, or a RegExp tested on, `METHOD url` (e.g. 'POST https://host/path?q').
   *  Default: every call. */
  match?: string | RegExp;
  /** The kill follows the nth counted call (1-based). Default 1. */
  nth?: number;
  /** What the run result says; default Apps Script's 'Exceeded maximum execution time'. */
  message?: string;
}

/**
 * Something a person does in the spreadsheet while the script waits on a UrlFetch call (sorts,
 * types, deletes a row): in Sheets, other editors' changes land while a script runs, and a script
 * sees them on its next read. `act` runs once, right after the nth matching call came back.
 */
export interface DuringUrlFetch {
  match?: string | RegExp;
  nth?: number;
  /** Run `act` after every matching call from the nth on, not once (e.g. to watch progress). */
  every?: boolean;
  act: () => void;
}

/** Why an execution was ended by the platform rather than by the script. */
export interface KillRecord {
  by: 'executionLimit' | 'killAfterUrlFetch';
  message: string;
  /** `METHOD url` of the call the kill followed (killAfterUrlFetch only). */
  request?: string;
}

function requestMatches(request: string, match: string | RegExp | undefined): boolean {
  if (match === undefined) return true;
  if (typeof match === 'string') return request.includes(match);
  // A fresh RegExp without g/y: a global pattern's lastIndex would make every other call miss.
  return new RegExp(match.source, match.flags.replace(/[gy]/g, '')).test(request);
}

export interface ExecutionInit {
  id: number;
  user: string;
  spreadsheetId?: string;
  authMode: AuthMode;
  clock: VirtualClock;
  latency: LatencyModel;
  executionLimitMs: number;
  countCpu: boolean;
  killAfterUrlFetch?: KillAfterUrlFetch;
  duringUrlFetch?: DuringUrlFetch;
}

export class Execution {
  readonly id: number;
  readonly user: string;
  readonly spreadsheetId: string | undefined;
  readonly authMode: AuthMode;
  readonly clock: VirtualClock;
  readonly latency: LatencyModel;
  readonly startMs: number;
  readonly counters = emptyCounters();
  readonly logs: string[] = [];
  readonly ui = emptyUi();
  /** Set once the platform ends the run; every later service call throws its message again. */
  killed: KillRecord | undefined;
  finished = false;
  private readonly limitMs: number;
  private readonly countCpu: boolean;
  private readonly killAfter: KillAfterUrlFetch | undefined;
  private matchingFetches = 0;
  private readonly during: DuringUrlFetch | undefined;
  private duringFetches = 0;
  private depth = 0;
  private lastExitReal = performance.now();

  constructor(init: ExecutionInit) {
    this.id = init.id;
    this.user = init.user;
    this.spreadsheetId = init.spreadsheetId;
    this.authMode = init.authMode;
    this.clock = init.clock;
    this.latency = init.latency;
    this.limitMs = init.executionLimitMs;
    this.countCpu = init.countCpu;
    this.killAfter = init.killAfterUrlFetch;
    this.during = init.duringUrlFetch;
    this.startMs = init.clock.now();
  }

  /** Virtual milliseconds since the execution started. */
  elapsedMs(): number {
    return this.clock.now() - this.startMs;
  }

  /** Runs one service call with accounting; `fn` may call `charge`. */
  call<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.leave();
    }
  }

  /** Adds modelled service time; the clock moves with it. */
  charge(ms: number): void {
    if (!(ms > 0)) return;
    this.counters.modelledMs += ms;
    this.clock.advance(ms);
  }

  /** Closes the CPU accounting at the end of the execution and applies the limit one last time. */
  finish(): void {
    if (this.depth === 0) this.accountCpu();
    this.finished = true;
    if (!this.killed && this.elapsedMs() > this.limitMs) this.killed = { by: 'executionLimit', message: MESSAGES.executionTime };
  }

  /**
   * Called once per request when UrlFetch calls have come back from the network. When one of them
   * is the call `killAfterUrlFetch` names, the execution is killed and this throws, before the
   * script gets a response: from then on it ends exactly as at the time limit.
   */
  urlFetchesReturned(requests: ReadonlyArray<{ method: string; url: string }>): void {
    const during = this.during;
    if (during) {
      for (const r of requests) {
        if (!requestMatches(`${r.method} ${r.url}`, during.match)) continue;
        const n = ++this.duringFetches;
        if (n === (during.nth ?? 1) || (during.every && n > (during.nth ?? 1))) during.act();
      }
    }
    const spec = this.killAfter;
    if (!spec || this.killed) return;
    for (const r of requests) {
      const request = `${r.method} ${r.url}`;
      if (!requestMatches(request, spec.match) || ++this.matchingFetches !== (spec.nth ?? 1)) continue;
      this.killed = { by: 'killAfterUrlFetch', message: spec.message ?? MESSAGES.executionTime, request };
      break;
    }
    if (this.killed) throw new GasError(this.killed.message);
  }

  private enter(): void {
    if (this.depth === 0) this.accountCpu();
    this.counters.serviceCalls++;
    // §1.1: past the limit Apps Script kills the run; every later call fails again, so a script
    // that catches the first error still ends as a failure. A kill after UrlFetch ends it the same way.
    if (!this.killed && this.elapsedMs() > this.limitMs) this.killed = { by: 'executionLimit', message: MESSAGES.executionTime };
    if (this.killed) throw new GasError(this.killed.message);
    this.depth++;
  }

  private leave(): void {
    this.depth--;
    if (this.depth === 0) this.lastExitReal = performance.now();
  }

  private accountCpu(): void {
    const now = performance.now();
    const cpu = Math.max(0, now - this.lastExitReal);
    this.lastExitReal = now;
    this.counters.cpuMs += cpu;
    if (this.countCpu) this.clock.advance(cpu);
  }
}
