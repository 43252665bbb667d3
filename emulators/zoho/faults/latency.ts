// `latency` fault: hold the request for `ms` before handling it. For CRM calls the wait happens
// inside the org's concurrency slot, so slow calls can make parallel ones hit the limit.

export function applyLatency(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
