// The contract between the sidebar and the server: JSON-safe types of every google.script.run call.
// No Date objects: google.script.run turns them into null, so times travel as ISO strings.

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
}

export interface SyncDefinitionView {
  sheetName: string;
  module: string;
  fields: string[];
  cvid: string | null;
  deletedRows: 'remove' | 'mark';
  runWorkflows: boolean;
  /** The unique field new rows are matched on, or null when new rows always create records. */
  matchField: string | null;
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
  /** 1-based row number in the sheet. */
  row: number;
  kind: 'error' | 'conflict';
  message: string;
}

export interface RunLogEntry {
  /** ISO time the run started. */
  at: string;
  trigger: 'manual' | 'scheduled' | 'continue' | 'push';
  ok: boolean;
  /** One sentence: what the run did, or what went wrong and what to do. */
  message: string;
  pulled: SheetSyncSummary[];
  pushed: PushSummary[];
  issues: RowIssue[];
}

export interface ScheduleState {
  enabled: boolean;
  /** 0-23 in `timeZone`, or null when off. */
  hour: number | null;
  /** The spreadsheet's time zone, which the hour is shown in. */
  timeZone: string;
}

export interface SyncProgress {
  running: boolean;
  /** What is happening now: "Pulling Leads: 2,400 records so far". */
  message: string;
  records: number;
}

/** Everything the sidebar shows when it opens, in one call. */
export interface SidebarState {
  connection: ConnectionState;
  definitions: SyncDefinitionView[];
  schedule: ScheduleState;
  runs: RunLogEntry[];
  /** Sheet names of this spreadsheet, for the target-sheet picker. */
  sheetNames: string[];
}

/** Every server function the sidebar may call, with its arguments and answer. */
export interface ServerApi {
  getSidebarState(): SidebarState;
  getSyncProgress(): SyncProgress;
  pushChanges(): SyncNowResult;
  resolveConflict(sheetName: string, row: number, choice: 'mine' | 'zoho'): SyncNowResult;
  setSchedule(hour: number | null): ScheduleState;
  getRunLog(): RunLogEntry[];
  selectRow(sheetName: string, row: number): void;
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
  removeSyncDefinition(sheetName: string): SyncDefinitionView[];
}
