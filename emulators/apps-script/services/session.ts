// Session (who runs the execution, the script's zone) plus Logger and console, whose output is
// captured into the execution's `logs`.

import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { ServiceEnv } from '../env';
import { GasObject, isDate } from '../realm';

export class User extends GasObject {
  constructor(readonly _env: ServiceEnv, readonly _email: string) { super(_env.ex); }
  _kind() { return 'User'; }
  getEmail(): string { return this._email; }
  getUserLoginId(): string { return this._email; }
}

export class SessionImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'Session'; }
  /** In NONE/LIMITED/CUSTOM_FUNCTION the active user is hidden (§2.1: locale only). */
  getActiveUser(): User { return new User(this._env, this._ex.authMode === 'FULL' ? this._ex.user : ''); }
  getEffectiveUser(): User { return new User(this._env, this._ex.authMode === 'FULL' ? this._ex.user : ''); }
  getScriptTimeZone(): string { return this._env.manifest.timeZone ?? 'America/New_York'; }
  getTimeZone(): string { return this.getScriptTimeZone(); }
  getActiveUserLocale(): string { return this._env.opts.userLocale; }
  getTemporaryActiveUserKey(): string {
    return createHash('sha256').update(`${this._env.opts.scriptId}:${this._ex.user}`).digest('base64url').slice(0, 43);
  }
}

/** How Logger.log and console print values (objects as JSON-ish, dates as Apps Script does). */
export function formatLogArgs(args: unknown[]): string {
  return args.map((a) => {
    if (typeof a === 'string') return a;
    if (isDate(a)) return (a as Date).toString();
    if (a instanceof Error || Object.prototype.toString.call(a) === '[object Error]') return String((a as Error).stack ?? a);
    return inspect(a, { depth: 4, breakLength: Infinity });
  }).join(' ');
}

export class LoggerImpl extends GasObject {
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'Logger'; }
  log(format: unknown, ...args: unknown[]): LoggerImpl {
    const text = typeof format === 'string' && args.length && /%s|%d/.test(format)
      ? format.replace(/%[sd]/g, () => String(args.shift()))
      : formatLogArgs([format, ...args]);
    this._ex.logs.push(text);
    return this;
  }
  getLog(): string { return this._ex.logs.join('\n'); }
  clear(): void { this._ex.logs.length = 0; }
}

/** console.* inside the vm (not metered as a service call, as in Apps Script it is cheap). */
export function createConsole(env: ServiceEnv): Record<string, (...args: unknown[]) => void> {
  const write = (level: string) => (...args: unknown[]) => { env.ex.logs.push(level ? `${level}: ${formatLogArgs(args)}` : formatLogArgs(args)); };
  return { log: write(''), info: write('INFO'), warn: write('WARNING'), error: write('ERROR') };
}
