// The only file that touches google.script.run. `call` is typed by ServerApi, so renaming a server
// function in src/shared/rpc.ts breaks the sidebar's build, not the user's click.

import type { ServerApi } from '../shared/rpc';

/** Apps Script runs at most 10 calls from one page at once; an 11th waits (reference §1.8). */
export const MAX_CALLS_IN_FLIGHT = 10;

/**
 * An execution ends after 6 minutes (reference §1.1), so an answer later than 6.5 minutes is not
 * coming: the call fails with a message instead of leaving a button disabled forever.
 */
export const CALL_TIMEOUT_MS = 6.5 * 60 * 1000;

export type ServerFunction = keyof ServerApi;
export type ServerArgs<K extends ServerFunction> = Parameters<ServerApi[K]>;
export type ServerAnswer<K extends ServerFunction> = ReturnType<ServerApi[K]>;

/** A failed call: `message` is what the server said (its user message), or ours for a timeout. */
export class RpcError extends Error {
  constructor(readonly functionName: ServerFunction, message: string, readonly timedOut = false) {
    super(message);
    this.name = 'RpcError';
  }
}

interface Pending {
  start: () => void;
}

let inFlight = 0;
const queue: Pending[] = [];

function startNext(): void {
  while (inFlight < MAX_CALLS_IN_FLIGHT && queue.length) {
    inFlight++;
    queue.shift()!.start();
  }
}

function runner(): typeof google.script.run | null {
  return typeof google === 'object' && google !== null && google.script && google.script.run ? google.script.run : null;
}

/**
 * Calls a server function and resolves with its answer. At most MAX_CALLS_IN_FLIGHT run at once;
 * the rest wait here in order. Rejects with RpcError carrying the server's message, or after
 * CALL_TIMEOUT_MS with a timeout message.
 */
export function call<K extends ServerFunction>(name: K, ...args: ServerArgs<K>): Promise<ServerAnswer<K>> {
  return new Promise<ServerAnswer<K>>((resolve, reject) => {
    queue.push({
      start: () => {
        let settled = false;
        const settle = (finish: () => void): void => {
          if (settled) return;
          settled = true;
          window.clearTimeout(timer);
          inFlight--;
          finish();
          startNext();
        };
        const timer = window.setTimeout(() => settle(() => reject(new RpcError(name,
          'Google Sheets did not answer within 6.5 minutes. The work may still be running: reopen the sidebar in a minute and check Last runs.', true))), CALL_TIMEOUT_MS);
        const run = runner();
        if (!run) {
          settle(() => reject(new RpcError(name, 'This page must be opened from the add-on menu in Google Sheets (Extensions > Zoho CRM Sync > Open sidebar).')));
          return;
        }
        try {
          const endpoint = run
            .withSuccessHandler((value?: unknown) => settle(() => resolve(value as ServerAnswer<K>)))
            .withFailureHandler((error: Error) => settle(() => reject(new RpcError(name, messageOf(error)))));
          // The endpoints are typed loosely by @types/google.script.client-side; ServerApi types them here.
          (endpoint[name] as unknown as (...a: ServerArgs<K>) => void)(...args);
        } catch (error) {
          settle(() => reject(new RpcError(name, messageOf(error))));
        }
      },
    });
    startNext();
  });
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  // Apps Script sometimes prefixes the thrown message with the error's class name.
  return message.replace(/^(Error|Exception|ScriptError):\s*/, '').trim() || 'Google Sheets reported an error without a message. Try again in a moment.';
}

/** How many calls are running and waiting, for tests and the preview. */
export function callStats(): { inFlight: number; queued: number } {
  return { inFlight, queued: queue.length };
}
