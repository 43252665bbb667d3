// `truncate` fault: the handler runs (side effects happen), the full Content-Length is announced,
// half the body is sent and the connection is closed, so the client sees a premature end.

import type { ServerResponse } from 'node:http';
import type { Reply } from '../http-util';

export function sendTruncated(res: ServerResponse, reply: Reply): void {
  const body = Buffer.isBuffer(reply.body) ? reply.body : Buffer.from(reply.body, 'utf8');
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Math.max(body.length, 2)) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
    res.socket?.destroy();
  });
}
