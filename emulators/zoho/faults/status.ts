// `status` fault: answer with 401/429/500/502/503/504 before the real handler runs (or, with `after: true`,
// 500/502/503/504 instead of the handler's answer). 500 and 429 use Zoho's JSON error shape;
// 502/503/504 look like a gateway's HTML page, as a proxy in front would. 200 and 204 come only
// with a `body`: an error body behind a success status, or an empty 204 for a call that always has
// data (a module's fields), which no Zoho document shows (errors come with 4xx/5xx and 204 means an
// empty list, reference §8, §3) but a misbehaving proxy or an API bug could send.

import { type Reply, htmlReply, jsonReply } from '../http-util';
import type { ActiveFault } from './types';

export function statusFaultReply(fault: ActiveFault): Reply {
  const status = fault.status ?? 500;
  if (fault.body !== undefined) {
    return typeof fault.body === 'string' ? { status, headers: { 'Content-Type': 'text/plain;charset=UTF-8' }, body: fault.body } : jsonReply(status, fault.body);
  }
  if (status === 401) return jsonReply(401, { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'error' });
  if (status === 429) return jsonReply(429, { code: 'TOO_MANY_REQUESTS', details: {}, message: 'You have reached the limit of requests. Try again later.', status: 'error' });
  if (status === 500) return jsonReply(500, { code: 'INTERNAL_ERROR', details: {}, message: 'Internal Server Error', status: 'error' });
  const text = status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Gateway Timeout';
  return htmlReply(status, `<html><head><title>${status} ${text}</title></head><body><h1>${status} ${text}</h1></body></html>`);
}
