// Which rows of a filtered sheet no longer belong in it (issue 16). A record can leave a filter
// without being deleted: reassigned, its stage changed, or an admin edited the view. Incremental
// pulls compare the records modified since the watermark with those that still match; a full pull
// compares the sheet's rows with every record that matches. What happens to those rows (removed,
// marked, kept with their edits) is the pull's deleted-row rule (pull.ts applyDeletions).

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

export type MembershipCheck =
  /** `seen`: every id the full pull read in this execution; null when it resumed, and they are read again. */
  | { kind: 'full'; seen: Set<string> | null }
  /** `matched`: ids of the changed records the filtered read returned. */
  | { kind: 'incremental'; since: string; matched: Set<string>; startedAt: number };

/**
 * The ids of rows whose record is outside the filter now.
 * Incremental: records modified since `since` (all of the module, newest first, one call for a usual
 * day's changes) that are in the sheet but were not among the filtered changes. Full: rows whose
 * record the pull did not read. @throws SyncError from the source
 */
export function applyMembership(deps: MembershipDeps, check: MembershipCheck): string[] {
  const rows = deps.sheetIds();
  if (!rows.size || !deps.source.ids) return [];
  if (check.kind === 'incremental') {
    const sinceMs = Date.parse(check.since);
    const leaving: string[] = [];
    let token: string | null = null;
    for (let page = 0; page < MAX_ID_PAGES; page++) {
      const answer = deps.source.ids({ module: deps.module, pageToken: token });
      let older = false;
      for (const { id, modified } of answer.ids) {
        if (modified !== null && modified < sinceMs) {
          older = true;
          break;
        }
        // Modified after the filtered read began (to the second): that read may not have seen it; the
        // watermark stays before it, so the next pull decides.
        if (modified !== null && modified >= Math.floor(check.startedAt / 1000) * 1000) continue;
        if (rows.has(id) && !check.matched.has(id)) leaving.push(id);
      }
      token = answer.nextPageToken;
      if (older || !token) break;
    }
    return leaving;
  }
  let members = check.seen;
  if (!members) {
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
