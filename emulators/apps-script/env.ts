// What every service of one execution can reach: the execution, its vm realm, the runtime's state
// and options. Also the two access checks Apps Script applies before a service runs: the auth mode
// (§2.1) and the manifest's oauthScopes (§2.4).

import type { AuthMode, Execution } from './execution';
import { GasError } from './execution';
import type { HttpBridge } from './http-bridge';
import { MESSAGES } from './limits';
import type { Realm } from './realm';
import type { LockTable } from './services/lock';
import type { WorkbookBehaviour } from './services/spreadsheet-model';
import type { RuntimeStateData } from './state';

export interface Manifest {
  timeZone?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  [key: string]: unknown;
}

export interface EnvOptions {
  scriptId: string;
  distDir: string;
  urlFetchAllowlistExtra: string[];
  /** Whether a time-driven run sees the trigger's document (§6 open question 1); default false. */
  timeDrivenHasDocument: boolean;
  /** Whether a second Lock object for the same lock in one execution acquires it (§6 question 5). */
  reentrantLocksInExecution: boolean;
  /** The script is an editor add-on: add-on trigger rules apply (§1.2). */
  addOn: boolean;
  /** Refuse one-off time-driven triggers due sooner than an hour in an add-on (RuntimeOptions). */
  oneOffTriggersNeedAnHour: boolean;
  addOnName: string;
  userLocale: string;
  /** How workbooks behave where Sheets' docs leave it open (RuntimeOptions). */
  workbooks: WorkbookBehaviour;
}

export interface ServiceEnv {
  ex: Execution;
  realm: Realm;
  state: RuntimeStateData;
  manifest: Manifest;
  /** HTML files of dist/ by name without extension. */
  htmlFiles: Record<string, string>;
  opts: EnvOptions;
  locks: LockTable;
  http: HttpBridge;
  /** The spreadsheet the execution sees as active (undefined for standalone/trigger/callback runs). */
  activeSpreadsheetId: string | undefined;
  /** The sheet a script made active in each spreadsheet (activate, setActiveSheet, duplicateActiveSheet);
   *  the first sheet otherwise. Lives for one execution. */
  activeSheets: Map<string, number>;
}

export const SCOPES = {
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets',
  spreadsheetsCurrentOnly: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  externalRequest: 'https://www.googleapis.com/auth/script.external_request',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  containerUi: 'https://www.googleapis.com/auth/script.container.ui',
  userinfoEmail: 'https://www.googleapis.com/auth/userinfo.email',
  sendMail: 'https://www.googleapis.com/auth/script.send_mail',
};

/** Throws Apps Script's permission error when the manifest lists scopes and none of `scopes`. */
export function requireScope(env: ServiceEnv, method: string, ...scopes: string[]): void {
  const listed = env.manifest.oauthScopes;
  if (!listed) return; // without oauthScopes, Apps Script detects scopes itself
  if (!scopes.some((s) => listed.includes(s))) throw new GasError(MESSAGES.permission(method, scopes[0]!));
}

/** Throws when the execution's auth mode may not use the service (§2.1 table). */
export function requireMode(env: ServiceEnv, method: string, refused: AuthMode[]): void {
  if (refused.includes(env.ex.authMode)) throw new GasError(MESSAGES.authMode(method));
}
