// The contract between the sidebar and the server: JSON-safe types of every google.script.run call.
// No Date objects: google.script.run turns them into null, so times travel as ISO strings.

import type { ScheduleFrequency } from '../core/sync/schedule';
export type { ScheduleSeen } from '../core/sync/schedule-seen';
import type { ScheduleSeen } from '../core/sync/schedule-seen';

export type { FilterCondition, FilterOperator, SheetFilter } from '../core/sync/filter';
import type { FilterOperator, SheetFilter } from '../core/sync/filter';
export type { ScheduleEveryHours, ScheduleFrequency, ScheduleWeekDay } from '../core/sync/schedule';

export interface ConnectionState {
  /** The Zoho client id and secret are set (Script Properties). */
  configured: boolean;
  /** `1000.ABCDE…WXYZ`, never the full id; the secret is never sent. */
  clientIdMasked: string | null;
  /** This Google user is listed in ZCS_ADMIN_EMAILS, so Setup may set or replace the shared Zoho client. */
  canManageClient: boolean;
  /** The exact URI to register as an Authorized Redirect URI in Zoho's API console. */
  redirectUri: string;
  connected: boolean;
  dataCenter: { location: string; label: string } | null;
  account: { email: string; name: string } | null;
  /** What went wrong with the connection, in one sentence the user can act on. */
  problem: string | null;
}

export interface ConnectStart {
  /** Opened by the user's click in a new tab; finishes at authCallback. */
  authorizationUrl: string;
}

export interface ModuleSummary {
  apiName: string;
  label: string;
}

export interface FieldSummary {
  apiName: string;
  label: string;
  dataType: string;
  readOnly: boolean;
  mandatory: boolean;
  /** Zoho keeps its values unique: new rows can be matched on it. */
  unique: boolean;
}

export interface SheetSyncSummary {
  sheet: string;
  module: string;
  inserted: number;
  updated: number;
  deleted: number;
  conflicts: number;
  warnings: string[];
}

export interface SyncNowResult {
  message: string;
  sheets: SheetSyncSummary[];
  pushed?: PushSummary[];
  issues?: RowIssue[];
  /** True when time ran out and a follow-up execution continues the sync. */
  continuing: boolean;
  /** Sheets this run left out, and why (another Zoho org, a copied tab, sends still being checked). */
  refused?: Array<{ sheet: string; message: string }>;
}

/** What the sidebar sends to set up (or change) one sheet's sync. */
export interface SyncDefinitionInput {
  sheetName: string;
  module: string;
  fields: string[];
  cvid?: string;
  deletedRows?: 'remove' | 'mark';
  /** Whether Zoho runs workflow rules on pushed records; default true. */
  runWorkflows?: boolean;
  /** A unique field new rows are matched on (Zoho's upsert), or null/absent to always create. */
  matchField?: string | null;
  /** Which records the sheet holds (issue 16); null or absent: every record of the module. */
  filter?: SheetFilter | null;
  /**
   * The `version` of the definition the editor opened, or null when it sets up a new synced sheet:
   * the save is refused when a teammate changed, removed or set up the sheet's sync since.
   * Absent: not checked.
   */
  basedOn?: string | null;
}

export interface SyncDefinitionView {
  sheetName: string;
  /** Changes whenever anyone saves another definition for the sheet; a save sends it back as `basedOn`. */
  version: string;
  module: string;
  fields: string[];
  cvid: string | null;
  deletedRows: 'remove' | 'mark';
  runWorkflows: boolean;
  /** The unique field new rows are matched on, or null when new rows always create records. */
  matchField: string | null;
  /** Which records the sheet holds, or null for the whole module. */
  filter: SheetFilter | null;
  /** The filter in words ("Only records owned by Jane Roe, where Lead Status is Contacted"), or "All records". */
  filterWords: string;
  /** ISO time of the last complete pull, or null. */
  lastSuccessAt: string | null;
  continuing: boolean;
  /** The Zoho org the sheet belongs to (null for a sheet set up before orgs were recorded). */
  org: { name: string; dataCenter: string | null } | null;
  /** Why this sheet does not sync for the connected user (another org, a copied tab), or null. */
  problem: string | null;
}

export interface PushSummary {
  sheet: string;
  updated: number;
  inserted: number;
  failed: number;
  conflicts: number;
  /** Rows left pending because a whole call failed (network, Zoho down); the next sync retries them. */
  pending: number;
}

/** A row that needs the user's attention, with a link that selects it. */
export interface RowIssue {
  sheet: string;
  /** 1-based row number in the sheet when the issue was listed (currentIssues refreshes it). */
  row: number;
  /** 'deleted': Zoho deleted the row's record while the row had edits not sent; the row is kept. */
  kind: 'error' | 'conflict' | 'deleted';
  message: string;
  /** The row's Zoho record id: buttons and links find the row by it when clicked. Absent for a new row. */
  recordId?: string;
}

/**
 * How a run ended: everything done; done, but rows were refused, left in conflict or sheets were
 * left out ("Completed with problems"); or stopped by an error.
 */
export type RunStatus = 'ok' | 'problems' | 'failed';

export interface RunLogEntry {
  /** ISO time the run started. */
  at: string;
  trigger: 'manual' | 'scheduled' | 'continue' | 'push';
  /** False only when the run failed; `status` tells a clean run from one with problems. */
  ok: boolean;
  /** Absent in entries written before it existed: read `ok` then. */
  status?: RunStatus;
  /** One sentence: what the run did, or what went wrong and what to do. */
  message: string;
  pulled: SheetSyncSummary[];
  pushed: PushSummary[];
  issues: RowIssue[];
}

/** What the sidebar sends to turn the schedule on, change it or turn it off (null frequency). */
export interface ScheduleInput {
  frequency: ScheduleFrequency | null;
  /** Email the schedule's owner when a scheduled run fails or leaves problems (at most once a day). */
  emailOnFailure?: boolean;
}

/** The spreadsheet's schedule as every editor sees it (it is kept in the document, not per user). */
export interface ScheduleState {
  enabled: boolean;
  /** The hour of a daily or weekly schedule (0-23 in `timeZone`), else null. */
  hour: number | null;
  /** The spreadsheet's time zone, which hours are shown in. */
  timeZone: string;
  frequency: ScheduleFrequency | null;
  /** Whose schedule it is: the Zoho account scheduled runs read and write as. */
  owner: string | null;
  /** The schedule is the reader's own (they can change it; others can take it over). */
  mine: boolean;
  emailOnFailure: boolean;
  /** The last scheduled or continued run, from the run log. */
  lastRun: { at: string; status: RunStatus } | null;
  /** ISO start of the hour in which the next run falls (Google picks the minute), or null. */
  nextRunAt: string | null;
  /** Set when the schedule stopped by itself (its owner disconnected or lost access). */
  stopped: { at: string; reason: string } | null;
}

/** A sync of this spreadsheet running now, by anyone (from the lease in the document). */
export interface RunningSync {
  by: string;
  trigger: RunLogEntry['trigger'];
  /** ISO time it started. */
  since: string;
}

export interface SyncProgress {
  running: boolean;
  /** Who runs it when it is not the reader's own sync (a teammate, a schedule), else absent. */
  by?: string;
  /** What is happening now: "Pulling Leads: 2,400 records so far". */
  message: string;
  records: number;
}

/** Everything the sidebar shows when it opens, in one call. */
/** What the filter editor offers for one module (listFilterOptions). */
export interface FilterOptions {
  module: string;
  /** The module's custom views, system views ("All Leads", "My Leads") included, as Zoho lists them. */
  views: Array<{ cvid: string; name: string; system: boolean }>;
  /** The fields a condition can use, each with the operators that fit its type. */
  fields: Array<{
    apiName: string;
    label: string;
    dataType: string;
    operators: Array<{ id: FilterOperator; label: string; values: 0 | 1 | 2 | 'many' }>;
    /** A picklist's values, for picking instead of typing. */
    picklist?: Array<{ value: string; label: string }>;
  }>;
  /** The connected Zoho user, for "Only records I own". */
  me: { id: string; name: string } | null;
  /** Set when filtering needs a Zoho permission this connection lacks: what to do (reconnect). */
  reconnect: string | null;
}

/** Whether Zoho can express a filter, and the filter in words (checkFilter). */
export interface FilterCheck {
  /** Why Zoho cannot express it, or what is missing (a value, a field); null when it can be saved. */
  problem: string | null;
  words: string;
}

export interface SidebarState {
  connection: ConnectionState;
  definitions: SyncDefinitionView[];
  schedule: ScheduleState;
  runs: RunLogEntry[];
  /** A sync of this spreadsheet running now, by anyone, or null. */
  running: RunningSync | null;
  /** Sheet names of this spreadsheet, for the target-sheet picker. */
  sheetNames: string[];
}

/** Every server function the sidebar may call, with its arguments and answer. */
export interface ServerApi {
  getSidebarState(): SidebarState;
  getSyncProgress(): SyncProgress;
  pushChanges(): SyncNowResult;
  resolveConflict(sheetName: string, recordId: string, choice: 'mine' | 'zoho'): SyncNowResult;
  restoreRow(sheetName: string, recordId: string): SyncNowResult;
  restoreSelectedRow(): SyncNowResult;
  refreshIssues(issues: RowIssue[]): RowIssue[];
  recreateRow(sheetName: string, recordId: string): SyncNowResult;
  discardRow(sheetName: string, recordId: string): SyncNowResult;
  setSchedule(input: ScheduleInput | null): ScheduleState;
  /** `seen`: the schedule as the sidebar showed it; refused when a teammate changed it since. */
  takeOverSchedule(seen?: ScheduleSeen): ScheduleState;
  getRunLog(): RunLogEntry[];
  selectRow(sheetName: string, row: number, recordId?: string): void;
  getConnectionState(): ConnectionState;
  /** `region` 'cn': start at Zoho's China accounts server (accounts.zoho.com.cn). */
  startConnect(region?: 'cn'): ConnectStart;
  disconnect(): ConnectionState;
  saveZohoClient(clientId: string, clientSecret: string): ConnectionState;
  listModules(): ModuleSummary[];
  listFields(module: string): FieldSummary[];
  syncNow(): SyncNowResult;
  saveSyncDefinition(input: SyncDefinitionInput): SyncDefinitionView;
  listSyncDefinitions(): SyncDefinitionView[];
  /** `basedOn`: the version the sidebar showed; refused when a teammate changed the sync since. */
  removeSyncDefinition(sheetName: string, basedOn?: string): SyncDefinitionView[];
  /** Custom views, fields with their operators, and the connected user, for the filter editor. */
  listFilterOptions(module: string): FilterOptions;
  /** Checks a filter before it is saved: the editor shows `problem` and refuses to save while it is set. */
  checkFilter(module: string, filter: SheetFilter | null): FilterCheck;
  /** Pushes and pulls one sheet only ("Sync this sheet"). */
  syncSheet(sheetName: string): SyncNowResult;
}
