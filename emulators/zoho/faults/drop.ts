// `drop` fault: destroy the socket without answering (the client sees a reset / socket hang up).
// With `after: true` the server calls this once the handler has run, so a write is applied but unanswered.

import type { ServerResponse } from 'node:http';

export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}
