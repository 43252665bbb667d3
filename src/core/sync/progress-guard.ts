// Notices a pull that has stopped moving, so it ends with a message in the run log instead of asking
// Zoho for the same page forever (and, through continuation triggers, in every execution after).
// pull.ts reports each page and each restarted page chain; what counts as progress is decided here.

import { PullStalledError } from '../errors';
import type { ZohoRecord } from '../zoho/wire';

/** Pages in a row that may bring nothing new before the pull stops: a glitch or two is tolerated. */
export const MAX_STALLED_PAGES = 3;

const TRY_AGAIN = 'Rows pulled so far are kept; try again later — if it persists, contact Zoho support.';

export interface PageReport {
  /** The page token each field list's page was asked for with (null for a chain's first page). */
  requested: ReadonlyArray<string | null>;
  /** The next_page_token Zoho answered for each field list. */
  next: ReadonlyArray<string | null>;
  /** The page's records, joined across field lists. */
  records: readonly ZohoRecord[];
  /** This page's number in the pull, counted across executions, for the message. */
  pageNumber: number;
}

/**
 * Watches one execution's pages of one pull. A page moves the pull on when its next token differs
 * from the one it was asked with, and it brings a record not seen in this chain or one modified
 * later than any seen. Zoho repeating a page (same token, or the same records under a new token) and
 * empty pages that say more follow do neither. What it remembers lives in memory only: after a
 * resume, the first page counts as new, and a repeating Zoho is still caught within a few pages.
 */
export class ProgressGuard {
  private readonly module: string;
  /** Ids read in the current chain: at most one chain's reach (100,000), only for this execution. */
  private readonly seen = new Set<string>();
  private latestModified = -Infinity;
  private stalledPages = 0;
  private emptyDeletedPages = 0;

  constructor(module: string) {
    this.module = module;
  }

  /**
   * Notes a page whose answer says more records follow (a last page ends the chain, so it cannot
   * loop). @throws PullStalledError when MAX_STALLED_PAGES pages in a row did not move the pull on.
   */
  notePage(page: PageReport): void {
    const sameToken = page.next.some((token, i) => token !== null && token === page.requested[i]);
    let fresh = false;
    for (const record of page.records) {
      const id = String(record.id);
      const modified = Date.parse(String(record.Modified_Time ?? ''));
      if (!this.seen.has(id) || modified > this.latestModified) fresh = true;
      this.seen.add(id);
      if (modified > this.latestModified) this.latestModified = modified;
    }
    if (fresh && !sameToken) {
      this.stalledPages = 0;
      return;
    }
    this.stalledPages += 1;
    if (this.stalledPages < MAX_STALLED_PAGES) return;
    const what = page.records.length === 0
      ? `empty pages of ${this.module} (page ${page.pageNumber}) while saying more records follow`
      : `the same page of ${this.module} (page ${page.pageNumber}) without moving on`;
    throw new PullStalledError(
      `Zoho kept sending ${what}, so the pull stopped. ${TRY_AGAIN}`,
      `${this.module} page ${page.pageNumber}: ${this.stalledPages} pages in a row ${sameToken ? 'repeated their page token' : 'brought no record not seen in this chain'} (${page.records.length} records)`,
    );
  }

  /**
   * A new page chain begins. It starts a second before the last record written (CHAIN_OVERLAP_MS) and
   * reads those records again on purpose, so they count as new in it.
   * @param previousSince If-Modified-Since of the chain that ended (undefined for a full pull's first chain)
   * @param nextSince If-Modified-Since of the new one
   * @param reachedEnd whether the old chain ended at Zoho's 100,000-record reach (not an expired token)
   * @throws PullStalledError when a chain that read Zoho's whole reach is followed by one that begins
   * where it began: every record it read had the same Modified_Time second, so each new chain would
   * read the same records again.
   */
  startChain(previousSince: string | undefined, nextSince: string | undefined, reachedEnd: boolean, pageNumber: number): void {
    if (reachedEnd && previousSince === nextSince) {
      throw new PullStalledError(
        `More than 100,000 ${this.module} records were modified in the same second, and Zoho pages no further than 100,000 records, so the pull could not move on (page ${pageNumber}) and stopped. ${TRY_AGAIN}`,
        `${this.module} page ${pageNumber}: a page chain restarted at ${nextSince}, where the previous one began`,
      );
    }
    this.seen.clear();
    this.latestModified = -Infinity;
    this.stalledPages = 0;
  }

  /** Notes a page of deleted records. @throws PullStalledError after MAX_STALLED_PAGES empty pages in a row that say more follow. */
  noteDeletedPage(ids: number, more: boolean, pageNumber: number): void {
    this.emptyDeletedPages = ids === 0 && more ? this.emptyDeletedPages + 1 : 0;
    if (this.emptyDeletedPages < MAX_STALLED_PAGES) return;
    throw new PullStalledError(
      `Zoho kept sending empty pages of records deleted from ${this.module} (page ${pageNumber}) while saying more follow, so the pull stopped. ${TRY_AGAIN}`,
      `${this.module} deleted records page ${pageNumber}: ${this.emptyDeletedPages} empty pages in a row with more_records true`,
    );
  }
}
