// Starts a dev server (an emulator, the cell store) in a child Node process and waits for the one
// JSON line it prints when it listens. Shared by emulators/zoho/spawn.ts and
// emulators/apps-script/cell-store.ts.

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildServer<T> {
  /** The JSON line the child printed. */
  info: T;
  /** Ends the child (SIGTERM) and waits for it. */
  stop(): Promise<void>;
}

export async function startChildServer<T>(what: string, nodeArgs: string[], cwd: string): Promise<ChildServer<T>> {
  const child: ChildProcess = spawn(process.execPath, nodeArgs, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 30 s`)), 30_000);
    createInterface({ input: child.stdout ?? process.stdin }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as T);
      } catch (error) {
        reject(new Error(`${what} printed no JSON line: ${line} (${String(error)})`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with code ${String(code)} before starting`));
    });
  });
  return {
    info,
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) { resolve(); return; }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
