// The vm context an execution runs in: only the globals Apps Script's V8 has, a Date that reads
// the virtual clock, and a boundary that converts values between Node's realm and the vm's (so
// `instanceof Date`/`Array`/`Error` hold inside the script) and meters every service call.

import vm from 'node:vm';
import { Execution, GasError } from './execution';

/** Property key services use to reach the object behind a script-side proxy. */
export const UNWRAP = Symbol('apps-script-runtime.unwrap');

/** The service object behind a proxy the script handed back (a Blob, a Spreadsheet, ...). */
export function unwrapGas<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    const inner = (v as Record<symbol, unknown>)[UNWRAP];
    if (inner) return inner as T;
  }
  return v;
}

/** Base of every object a script can hold (Spreadsheet, Range, Lock, HTTPResponse, ...).
 *  Members whose names start with `_` are invisible to the script. */
export abstract class GasObject {
  constructor(readonly _ex: Execution) {}
  /** The class name Apps Script prints for `String(obj)`. */
  abstract _kind(): string;
}

interface Intrinsics {
  Array: ArrayConstructor;
  Object: ObjectConstructor;
  Date: DateConstructor;
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  JSON: JSON;
  Function: FunctionConstructor;
}

const DATE_SHIM = `(function (RealDate, now) {
  function Date() {
    var args = Array.prototype.slice.call(arguments);
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length ? args : [now()], new.target);
  }
  Date.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: Date, writable: true, configurable: true });
  Date.now = function now_() { return now(); };
  Date.UTC = RealDate.UTC;
  Date.parse = RealDate.parse;
  Object.defineProperty(globalThis, 'Date', { value: Date, writable: true, configurable: true });
  return RealDate;
})`;

export class Realm {
  readonly context: vm.Context;
  readonly intrinsics: Intrinsics;
  private readonly proxies = new WeakMap<object, object>();

  constructor(readonly ex: Execution, now: () => number) {
    this.context = vm.createContext({}, { name: `apps-script-execution-${ex.id}`, microtaskMode: 'afterEvaluate' });
    // Node's console, and the gc() that --expose-gc gives every new context (the benchmark runs
    // with it; V8 makes it non-configurable, so it can only be blanked), are not Apps Script's.
    vm.runInContext('delete globalThis.console; if (typeof gc !== "undefined") globalThis.gc = undefined;', this.context);
    const realDate = (vm.runInContext(DATE_SHIM, this.context) as (d: unknown, n: () => number) => DateConstructor)(
      vm.runInContext('Date', this.context), now);
    this.intrinsics = {
      ...(vm.runInContext('({ Array, Object, Error, TypeError, JSON, Function })', this.context) as Omit<Intrinsics, 'Date'>),
      Date: realDate,
    };
  }

  /** Defines globals of the context (services, dev globals). */
  define(globals: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(this.context, name, { value, writable: true, configurable: true, enumerable: false });
    }
  }

  /** A Date of the vm's realm. */
  date(ms: number): Date {
    return new this.intrinsics.Date(ms);
  }

  /** An Error of the vm's realm; services throw `Exception`s, as Apps Script prints them. */
  error(message: string, name = 'Error'): Error {
    const e = new this.intrinsics.Error(message);
    if (name !== 'Error') Object.defineProperty(e, 'name', { value: name, writable: true, configurable: true, enumerable: false });
    return e;
  }

  /** Copies a Node value into the vm's realm: arrays, plain objects, Dates; service objects are
   *  wrapped so their calls are metered. */
  toRealm(value: unknown): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof GasObject) return this.wrap(value);
    if (value instanceof Date) return this.date(value.getTime());
    if (Array.isArray(value)) {
      const out = new this.intrinsics.Array<unknown>(value.length);
      for (let i = 0; i < value.length; i++) out[i] = this.toRealm(value[i]);
      return out;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const out = new this.intrinsics.Object() as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) out[k] = this.toRealm(v);
      return out;
    }
    return value;
  }

  /** Wraps a service object: every method call is metered, errors become vm Errors, results are
   *  copied into the vm's realm. Internal members (`_x`) are hidden. */
  wrap<T extends object>(target: T): T {
    const existing = this.proxies.get(target);
    if (existing) return existing as T;
    const methods = new Map<string, unknown>();
    const invoke = (fn: () => unknown) => this.invoke(fn);
    const proxy = new Proxy(target, {
      get(t, prop) {
        if (prop === UNWRAP) return t;
        if (typeof prop === 'symbol') return Reflect.get(t, prop);
        if (prop.startsWith('_') || prop === 'constructor') return undefined;
        const bag = (t as { _props?: Record<string, unknown> })._props;
        if (bag && Object.prototype.hasOwnProperty.call(bag, prop)) return bag[prop];
        const v = Reflect.get(t, prop) as unknown;
        if (typeof v !== 'function') return v;
        if (prop === 'toString') return () => (t instanceof GasObject ? t._kind() : String(t));
        let m = methods.get(prop);
        if (!m) {
          m = function metered(...args: unknown[]) { return invoke(() => (v as (...a: unknown[]) => unknown).apply(t, args.map(unwrapGas))); };
          methods.set(prop, m);
        }
        return m;
      },
      has(t, prop) {
        return typeof prop === 'string' && !prop.startsWith('_') && prop in t;
      },
      set(t, prop, value) {
        // Only objects that hold script data (HtmlTemplate) accept assignments.
        const bag = (t as { _props?: Record<string, unknown> })._props;
        if (!bag || typeof prop !== 'string') return false;
        bag[prop] = value;
        return true;
      },
      ownKeys() { return []; },
    });
    this.proxies.set(target, proxy);
    return proxy;
  }

  /** Runs a service call from the script's side of the boundary. */
  invoke(fn: () => unknown): unknown {
    try {
      return this.toRealm(this.ex.call(fn));
    } catch (e) {
      throw this.toRealmError(e);
    }
  }

  toRealmError(e: unknown): unknown {
    if (e instanceof GasError) {
      const err = this.error(e.message, e.name);
      err.stack = `${e.name}: ${e.message}`;
      return err;
    }
    if (e instanceof Error) {
      // An emulator bug or an invalid argument caught by Node: keep the message and Node's stack.
      const err = this.error(e.message, e.name === 'TypeError' ? 'TypeError' : 'Exception');
      err.stack = e.stack;
      return err;
    }
    return e;
  }
}

/** Copies a value out of the vm's realm into plain Node values (results given to tests). */
export function fromRealm(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') return new Date((value as Date).getTime());
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    seen.set(value, out);
    for (const v of value) out.push(fromRealm(v, seen));
    return out;
  }
  if (tag === '[object Object]' && !(value instanceof GasObject)) {
    const proto = Object.getPrototypeOf(value);
    if (proto === null || Object.getPrototypeOf(proto) === null) {
      const out: Record<string, unknown> = {};
      seen.set(value, out);
      for (const [k, v] of Object.entries(value)) out[k] = fromRealm(v, seen);
      return out;
    }
  }
  return value;
}

/** Detects a Date from either realm. */
export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}
