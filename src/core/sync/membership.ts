// Which rows of a filtered sheet no longer belong in it (issue 16). A record can leave a filter
// without being deleted: reassigned, its stage changed, or an admin edited the view. Incremental
// pulls compare the records modified since the watermark with those that still match; a full pull
// compares the sheet's rows with every record that matches. What happens to those rows (removed,
// marked, kept with their edits) is the pull's deleted-row rule (pull.ts applyDeletions). Each
// comparison reads the reference first and the filter's answer after it, so the filter's answer is
// never older than what it is compared with.

import type { RecordSource } from '../zoho/records';

/** A bound on id pages, so a Zoho that kept saying "more" could not keep a pull busy forever. */
const MAX_ID_PAGES = 2000;

export interface MembershipDeps {
  source: RecordSource;
  module: string;
  cvid?: string;
  criteria?: string;
  /** The sheet's rows by record id, as read now. */
  sheetIds: () => ReadonlyMap<string, number>;
}

/**
 * Ids of the sheet's rows whose record was modified since `since` (every record of the module,
 * newest first, one call for a usual day's changes), and Zoho's clock at the first answer. Read before
 * the view's own changed records, so the view's answer is at least as new: a changed record the view
 * no longer returns has left it. @throws SyncError from the source
 */
export function changedRowIds(deps: MembershipDeps, since: string): { ids: string[]; serverTime: number | null } {
  const rows = deps.sheetIds();
  const sinceMs = Date.parse(since);
  const ids: string[] = [];
  let serverTime: number | null = null;
  if (!deps.source.ids) return { ids, serverTime };
  let token: string | null = null;
  for (let page = 0; page < MAX_ID_PAGES; page++) {
    const answer = deps.source.ids({ module: deps.module, pageToken: token });
    if (page === 0) serverTime = answer.serverTime ?? null;
    let older = false;
    for (const { id, modified } of answer.ids) {
      if (modified !== null && modified < sinceMs) {
        older = true;
        break;
      }
      if (rows.has(id)) ids.push(id);
    }
    token = answer.nextPageToken;
    if (older || !token) break;
  }
  return { ids, serverTime };
}

/**
 * The ids of rows whose record a full pull of the filter did not read: `seen` when the pull ran in one
 * execution, else the filter's ids read again (COQL 2,000 a call, or the view's 200 a call).
 * @throws SyncError from the source
 */
export function rowsOutsideFilter(deps: MembershipDeps, seen: Set<string> | null): string[] {
  const rows = deps.sheetIds();
  if (!rows.size) return [];
  let members = seen;
  if (!members) {
    if (!deps.source.ids) return [];
    members = new Set();
    let token: string | null = null;
    for (let page = 0; page < MAX_ID_PAGES; page++) {
      const answer = deps.source.ids({ module: deps.module, cvid: deps.cvid, criteria: deps.criteria, pageToken: token });
      for (const { id } of answer.ids) members.add(id);
      token = answer.nextPageToken;
      if (!token) break;
    }
  }
  return [...rows.keys()].filter((id) => !members!.has(id));
}
