// The benchmark workloads, the field list they sync, and the fewest UrlFetch calls each could be
// done in. Pure data and arithmetic: measure.ts runs a workload, report.ts judges the figures.

/** 30 of the 55 Leads fields, across the emulator's types: owner lookup, picklists, text, email,
 *  phone, website, integer, currency, boolean, textarea, percent, double, date, datetime,
 *  multi-select, autonumber and the read-only system times. The same list as bench/emulator-bench.ts. */
export const LEADS_30_FIELDS: readonly string[] = [
  'Owner', 'Salutation', 'First_Name', 'Last_Name', 'Full_Name', 'Company', 'Designation', 'Email', 'Phone', 'Mobile',
  'Website', 'Lead_Source', 'Lead_Status', 'Industry', 'Rating', 'No_of_Employees', 'Annual_Revenue', 'Email_Opt_Out', 'City', 'Country',
  'Description', 'Budget', 'Win_Probability', 'Discount_Rate', 'Last_Contacted_On', 'Next_Follow_Up', 'Products_Interested', 'Lead_Number',
  'Created_Time', 'Modified_Time',
];

/** Zoho: at most 200 records per GET page and 50 api names in `fields` (reference §5.1). */
export const RECORDS_PER_PAGE = 200;
export const FIELDS_PER_REQUEST = 50;
/** Zoho: at most 100 records per write or read by ids (reference §6.1). */
export const RECORDS_PER_WRITE = 100;
/** Zoho: the deleted-records list pages by 200 too (reference §7). */
export const DELETED_PER_PAGE = 200;
/** The add-on writes a pull in chunks of this many rows (src/core/sync/pull.ts ROWS_PER_CHUNK). */
export const ROWS_PER_CHUNK = 5000;
/**
 * Metadata a sync reads once per run with a cold cache: GET /crm/v8/settings/fields?module=Leads
 * (field types for typed cells and push validation). The org, modules and current user are read
 * by the sidebar, never by a sync; tokens are fresh (no refresh) in every workload here.
 */
export const METADATA_CALLS = 1;

export type WorkloadKind = 'pull' | 'incremental' | 'push';
export type Variant = 'ours' | 'naive';

export interface Workload {
  name: string;
  kind: WorkloadKind;
  /** Leads in Zoho (and rows in the sheet before an incremental pull or a push). */
  records: number;
  /** Incremental: records changed through the emulator's admin after its clock moved on. */
  changed?: number;
  /** Incremental: records added and deleted in Zoho. */
  added?: number;
  deleted?: number;
  /** Push: rows the user edited. */
  edited?: number;
  /** Skipped by --quick (minutes of real time, hundreds of MB). */
  big?: boolean;
  /**
   * Synced sheets in the spreadsheet (default 1, Leads with LEADS_30_FIELDS). Several: one sheet
   * per module of MULTI_SHEET_MODULES, `records` records each, MULTI_SHEET_FIELDS fields; `changed`, `added` and
   * `deleted` then apply to each module.
   */
  sheets?: number;
  /** "Only records I own" for the bench user (issue 16): read at Zoho by COQL, then by id. */
  filter?: 'owner';
  /** Records the filter holds: the bench user's share of seed 1's leads (measured: 3,313 of 10,000). */
  matching?: number;
  /** Incremental, filtered: records of the bench user reassigned to a colleague (their rows leave). */
  left?: number;
}

/**
 * The sheets of a multi-sheet workload: the emulator's four modules, then Leads again on a second
 * sheet (a team keeps, say, one sheet per rep's region; five synced sheets, four modules).
 */
export const MULTI_SHEET_MODULES: readonly string[] = ['Leads', 'Contacts', 'Accounts', 'Deals', 'Leads'];
/** Fields of each sheet of a multi-sheet workload: 30 of the module's (one field list); Leads' second sheet starts 10 further. */
export const MULTI_SHEET_FIELDS = 30;

/**
 * Reads one sync may send together against the benchmark's org (Enterprise: 20 in flight, 10 for
 * heavy calls; src/core/zoho/concurrency.ts keeps one slot free).
 */
export const PARALLEL_READS = 9;

export const WORKLOADS: readonly Workload[] = [
  { name: 'pull-1k', kind: 'pull', records: 1_000 },
  { name: 'pull-10k', kind: 'pull', records: 10_000 },
  { name: 'incremental-10k-1pct', kind: 'incremental', records: 10_000, changed: 100, added: 5, deleted: 5 },
  { name: 'push-100', kind: 'push', records: 2_000, edited: 100 },
  { name: 'push-1000', kind: 'push', records: 2_000, edited: 1_000 },
  { name: 'pull-2k', kind: 'pull', records: 2_000 },
  { name: 'sync-now-5-sheets-unchanged', kind: 'incremental', records: 2_000, sheets: 5, changed: 0, added: 0, deleted: 0 },
  { name: 'sync-now-5-sheets-1pct', kind: 'incremental', records: 2_000, sheets: 5, changed: 20, added: 0, deleted: 0 },
  { name: 'filtered-pull-10k', kind: 'pull', records: 10_000, filter: 'owner', matching: 3_313 },
  { name: 'filtered-incremental-10k', kind: 'incremental', records: 10_000, filter: 'owner', matching: 3_313, changed: 100, added: 5, deleted: 5, left: 5 },
  { name: 'pull-50k', kind: 'pull', records: 50_000, big: true },
  { name: 'pull-200k', kind: 'pull', records: 200_000, big: true },
];

/** Workloads `--only` and `--quick` leave. */
export function selectWorkloads(all: readonly Workload[], opts: { only?: string; quick?: boolean }): Workload[] {
  return all.filter((w) => (!opts.only || w.name.includes(opts.only)) && !(opts.quick && w.big));
}

/**
 * The fewest UrlFetch calls the workload can be done in (the add-on's target):
 * - pull: ceil(N/200) pages x ceil(F/50) field lists (at least one call, even for no records).
 *   Past 100,000 records Zoho ends a page_token chain (reference §5.1); a second chain reads newest
 *   first down to where the first ended, and v8 documents no If-Modified-Since on records (issue 18),
 *   so the records of the seconds where the two chains meet (and any past 200,000) are read by COQL
 *   id keyset and then by id: one COQL call and one read per field list for the usual handful;
 * - filtered (issue 16): see the two cases below;
 * - incremental: ceil(changed+added)/200 pages x field lists, plus ceil(deleted/200) pages of the
 *   deleted-records list (at least one: the only way to learn of deletions);
 * - push: ceil(k/100) writes plus ceil(k/100) reads of Modified_Time for the conflict check;
 * each plus METADATA_CALLS.
 */
export function minimumUrlFetchCalls(w: Workload, fields = LEADS_30_FIELDS.length): number {
  const lists = Math.ceil(fields / FIELDS_PER_REQUEST);
  if ((w.sheets ?? 1) > 1) return multiSheetReads(w).reduce((n, r) => n + r, 0);
  if (w.filter && w.kind === 'pull') {
    // COQL gives the matching ids, 2,000 a call (keyset on id: no reach), and those records are read
    // by id, as many a call as the URL holds. COQL itself answers lookups and owners as bare ids.
    const m = w.matching ?? 0;
    const full = Math.floor(m / COQL_IDS_PER_CALL);
    const rest = m % COQL_IDS_PER_CALL;
    const reads = full * Math.ceil(COQL_IDS_PER_CALL / IDS_PER_READ) + Math.ceil(rest / IDS_PER_READ);
    return Math.max(1, Math.ceil(m / COQL_IDS_PER_CALL)) + reads * lists + METADATA_CALLS;
  }
  if (w.filter && w.kind === 'incremental') {
    // One COQL call for the changed records that match, then every changed record newest first down
    // to the watermark (one pass writes the matching and finds the rows that leave), the deleted list.
    const changes = (w.changed ?? 0) + (w.added ?? 0) + (w.left ?? 0);
    return 1 + Math.max(1, Math.ceil((changes + 1) / RECORDS_PER_PAGE)) * lists + Math.max(1, Math.ceil((w.deleted ?? 0) / DELETED_PER_PAGE)) + METADATA_CALLS;
  }
  switch (w.kind) {
    case 'pull':
      return Math.max(1, Math.ceil(Math.min(w.records, 2 * PAGE_TOKEN_REACH_RECORDS) / RECORDS_PER_PAGE)) * lists + middleCalls(w.records, lists) + METADATA_CALLS;
    case 'incremental':
      return Math.max(1, Math.ceil(((w.changed ?? 0) + (w.added ?? 0)) / RECORDS_PER_PAGE)) * lists
        + Math.max(1, Math.ceil((w.deleted ?? 0) / DELETED_PER_PAGE)) + METADATA_CALLS;
    case 'push':
      return 2 * Math.ceil((w.edited ?? 0) / RECORDS_PER_WRITE) + METADATA_CALLS;
  }
}

/**
 * A multi-sheet Sync now with nothing to send, after one before it: per sheet, the pages of its
 * changes; per module, its field metadata and the first page of its deletions (two sheets of a
 * module synced together ask from the same watermark, so one read answers both).
 * Every module's fields fit in one field list.
 */
function multiSheetReads(w: Workload): number[] {
  const modules = MULTI_SHEET_MODULES.slice(0, w.sheets ?? 1);
  const pages = Math.max(1, Math.ceil(((w.changed ?? 0) + (w.added ?? 0)) / RECORDS_PER_PAGE));
  const deletions = Math.max(1, Math.ceil((w.deleted ?? 0) / DELETED_PER_PAGE));
  // Sheets of one module last synced together ask for its deletions since the same moment: one read.
  return [...modules.map(() => pages), ...[...new Set(modules)].map(() => deletions + METADATA_CALLS)];
}

/**
 * The fewest round trips (a UrlFetchApp.fetchAll of independent reads counts once, PARALLEL_READS at
 * most; calls that depend on an earlier answer wait for it):
 * - pull of at most 2,000 records: the metadata, the first page and Zoho's count of the module's
 *   records together, then the other pages, which `page` addresses without a token (reference
 *   §5.1); past 2,000 each page_token page waits for the one before. That count is a call
 *   minimumUrlFetchCalls does not allow, so a pull can reach one minimum or the other, not both
 *   (BENCHMARKS.md, "Still not met");
 * - incremental: the metadata, the first page of changes and of deletions together, then any
 *   further pages in order;
 * - push: the metadata and the conflict reads of every batch together, then each write in turn
 *   (a batch is settled in the sheet before the next goes);
 * - several sheets: every sheet's first reads together.
 */
export function minimumRounds(w: Workload): number {
  const together = (n: number): number => Math.ceil(n / PARALLEL_READS);
  const pages = Math.max(1, Math.ceil(w.records / RECORDS_PER_PAGE));
  if (w.filter && w.kind === 'pull') {
    // The COQL id pages follow each other (keyset); the reads by id of each go together.
    const m = w.matching ?? 0;
    return Math.max(1, Math.ceil(m / COQL_IDS_PER_CALL)) + together(Math.ceil(m / IDS_PER_READ));
  }
  if (w.filter && w.kind === 'incremental') return 1;
  switch (w.kind) {
    case 'pull':
      return pages <= DISCRETE_PAGES ? 1 + (pages > 1 ? together(pages - 1) : 0) : 1 + together(DISCRETE_PAGES - 1) + (pages - DISCRETE_PAGES) + middleCalls(w.records, 1);
    case 'incremental':
      if ((w.sheets ?? 1) > 1) return together(multiSheetReads(w).reduce((n, r) => n + r, 0));
      return 1 + Math.max(0, Math.ceil(((w.changed ?? 0) + (w.added ?? 0)) / RECORDS_PER_PAGE) - 1) + Math.max(0, Math.ceil((w.deleted ?? 0) / DELETED_PER_PAGE) - 1);
    case 'push': {
      const batches = Math.ceil((w.edited ?? 0) / RECORDS_PER_WRITE);
      return together(METADATA_CALLS + batches) + batches;
    }
  }
}

/** Zoho: `page` reaches 2,000 records, ten pages of 200 (reference §5.1). */
export const DISCRETE_PAGES = 10;
/** Zoho: COQL returns at most 2,000 records a call (reference §5.4). */
export const COQL_IDS_PER_CALL = 2000;
/**
 * Records read by id in one call: 100 at most (reference §6.1), fewer when Apps Script's 2,082-character
 * URL limit binds: with the 30 bench fields and an API domain of 22-23 characters, 85 ids of 19 digits
 * (src/core/zoho/records.ts readByIds).
 */
export const IDS_PER_READ = 85;

/** Zoho's reach of one page_token chain (reference §5.1). */
export const PAGE_TOKEN_REACH_RECORDS = 100_000;

/**
 * Calls for the records two page chains do not reach (src/core/sync/pull.ts restartChain): those of
 * the seconds where the chains meet (at least one record) and any past 200,000, by COQL then by id.
 */
export function middleCalls(records: number, lists: number): number {
  if (records <= PAGE_TOKEN_REACH_RECORDS) return 0;
  const middle = Math.max(0, records - 2 * PAGE_TOKEN_REACH_RECORDS) + 1;
  return Math.ceil(middle / COQL_IDS_PER_CALL) + Math.ceil(middle / IDS_PER_READ) * lists;
}

/** 5,000-row chunks a pull of `rows` rows is written in (at least one). */
export function chunksOf(rows: number): number {
  return Math.max(1, Math.ceil(rows / ROWS_PER_CHUNK));
}

/** Rows the workload writes or changes in the sheet: what "records" means in the table. */
export function rowsTouched(w: Workload): number {
  if (w.kind === 'push') return w.edited ?? 0;
  if (w.kind === 'incremental') return (w.changed ?? 0) + (w.added ?? 0) + (w.deleted ?? 0);
  return w.records;
}
