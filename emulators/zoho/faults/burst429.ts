// `burst429` fault: the next `count` requests get Zoho's TOO_MANY_REQUESTS, as when a burst of
// calls trips the concurrency limit on the real service.

import { type Reply, jsonReply } from '../http-util';

export function burst429Reply(): Reply {
  return jsonReply(429, { code: 'TOO_MANY_REQUESTS', details: {}, message: 'You have made too many requests in a short span. Please try again later.', status: 'error' });
}
