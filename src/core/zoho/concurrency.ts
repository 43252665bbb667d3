// How many reads one sync may have in flight at once. Zoho limits the calls in flight per org and
// app by edition: Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25, and heavy calls
// (Get Records with a custom view, COQL, writes of more than 10 records) to 10 whatever the
// edition (reference §9.2). Teammates and the schedule share those slots, and one more call is
// refused with a 429, which the client retries; a batch keeps one slot free below the smaller of
// the two limits, so a sync alone never meets the limit.

const LIMIT_BY_EDITION: Record<string, number> = { free: 5, standard: 10, starter: 10, professional: 15, enterprise: 20, ultimate: 25 };

/** Zoho's sub-concurrency limit for heavy calls, any edition (reference §9.2). */
const HEAVY_CALL_LIMIT = 10;

/** The lowest limit (Free), for an org whose edition is not known. */
const UNKNOWN_EDITION_LIMIT = 5;

/** Reads a sync may send together for an org of `edition` (paid_type of GET /org). */
export function parallelReadsFor(edition: string | null | undefined): number {
  const limit = LIMIT_BY_EDITION[String(edition ?? '').toLowerCase()] ?? UNKNOWN_EDITION_LIMIT;
  return Math.min(limit, HEAVY_CALL_LIMIT) - 1;
}
