// `drop` fault: destroy the socket without answering (the client sees a reset / socket hang up).

import type { ServerResponse } from 'node:http';

export function dropConnection(res: ServerResponse): void {
  res.socket?.destroy();
}
