// The modelled cost of each Apps Script service call, in virtual milliseconds. Executions advance
// the virtual clock by these amounts, so the 6-minute limit and benchmarks see realistic time
// without real waiting. Every figure is an estimate; the comment says where it comes from.

export interface LatencyModel {
  /** UrlFetch: fixed cost of one request from Google's servers to a SaaS API and back (TLS reuse,
   *  server time included). Estimate from community measurements of UrlFetch to public REST APIs:
   *  150-300 ms; we take 200. */
  urlFetchRoundTripMs: number;
  /** UrlFetch transfer rate in bytes per virtual millisecond, applied to bytes sent plus received.
   *  Estimate: 5-10 MB/s observed for large downloads through UrlFetch; we take 5 MB/s. */
  urlFetchBytesPerMs: number;
  /** fetchAll: extra cost per request on top of the slowest member (requests run in parallel).
   *  Estimate. */
  urlFetchAllPerRequestMs: number;
  /** Spreadsheet call that reaches the Sheets backend (getValues, setValues, insertSheet, ...).
   *  The Apps Script best-practices page says batch because each call is slow; community benchmarks
   *  put a getValues/setValues round trip at 50-100 ms. We take 60. */
  spreadsheetCallMs: number;
  /** Cheap navigation (getSheetByName, getRange, getName) that is answered from the cached model.
   *  Estimate: well under a millisecond to a few ms; we take 1. */
  spreadsheetNavigationMs: number;
  /** Per cell read by getValues/getDisplayValues/getFormulas. Estimate from community benchmarks of
   *  reading 100k-cell ranges in 0.1-0.3 s: 1-2 µs per cell; we take 1.5 µs. */
  spreadsheetReadPerCellMs: number;
  /** Per cell written by setValues and friends. Estimate from community benchmarks (10k-100k cells
   *  written in 0.1-1 s): 5-10 µs per cell; we take 8 µs. */
  spreadsheetWritePerCellMs: number;
  /** SpreadsheetApp.flush(): applies pending writes. Estimate. */
  spreadsheetFlushMs: number;
  /** PropertiesService get/set: estimate from community timings of 5-10 ms per call; we take 8. */
  propertiesCallMs: number;
  /** CacheService get/put: estimate ~5 ms (memcache-backed, faster than properties). */
  cacheCallMs: number;
  /** LockService tryLock/waitLock/releaseLock when uncontended. Estimate ~10 ms. */
  lockCallMs: number;
  /** ScriptApp trigger create/list/delete. Estimate: trigger creation is notoriously slow,
   *  200-500 ms; we take 300 for create/delete and 50 for listing. */
  triggerWriteMs: number;
  triggerReadMs: number;
  /** HtmlService template evaluation or output creation. Estimate. */
  htmlMs: number;
  /** Ui calls (showSidebar, alert, toast, menu addToUi). Estimate. */
  uiMs: number;
  /** Pure in-process calls (Utilities, Session, Logger, state tokens). Estimate: negligible. */
  localCallMs: number;
}

export const DEFAULT_LATENCY: LatencyModel = {
  urlFetchRoundTripMs: 200,
  urlFetchBytesPerMs: 5000,
  urlFetchAllPerRequestMs: 10,
  spreadsheetCallMs: 60,
  spreadsheetNavigationMs: 1,
  spreadsheetReadPerCellMs: 0.0015,
  spreadsheetWritePerCellMs: 0.008,
  spreadsheetFlushMs: 50,
  propertiesCallMs: 8,
  cacheCallMs: 5,
  lockCallMs: 10,
  triggerWriteMs: 300,
  triggerReadMs: 50,
  htmlMs: 5,
  uiMs: 20,
  localCallMs: 0,
};

/** A model with every cost at zero, for tests that want the clock to move only when they say so. */
export const ZERO_LATENCY: LatencyModel = Object.fromEntries(
  Object.keys(DEFAULT_LATENCY).map((k) => [k, k === 'urlFetchBytesPerMs' ? Infinity : 0]),
) as unknown as LatencyModel;
