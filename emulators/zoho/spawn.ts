// Starts the Zoho emulator in a child process (cli.ts) and hands back its URLs and an admin
// client. Kept apart from server.ts so that a process which only talks to the emulator (the
// benchmark's measuring process, tests) does not load the emulator itself.

import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { EmulatorInfo } from './admin';
import { ZohoAdminClient } from './admin-client';
import type { ZohoEmulatorOptions } from './options';

export interface RunningZohoEmulator {
  info: EmulatorInfo;
  admin: ZohoAdminClient;
  stop(): Promise<void>;
}

/** CLI flags for the options, one flag per option (cli.ts parses them back). */
export function optionsToArgs(opts: Partial<ZohoEmulatorOptions>): string[] {
  const args: string[] = [];
  const push = (flag: string, value: unknown) => {
    if (value !== undefined) args.push(`--${flag}`, String(value));
  };
  push('host', opts.host);
  push('port', opts.port ?? 0);
  push('seed', opts.seed);
  push('records', opts.records);
  if (opts.moduleSizes) push('module-sizes', Object.entries(opts.moduleSizes).map(([k, v]) => `${k}=${v}`).join(','));
  if (opts.dataCenters) push('data-centers', opts.dataCenters.join(','));
  push('token-ttl-seconds', opts.tokenTtlSeconds);
  push('code-ttl-seconds', opts.codeTtlSeconds);
  push('credits-per-day', opts.creditsPerDay);
  push('concurrency', opts.concurrency);
  if (opts.redirectUris?.length) push('redirect-uris', opts.redirectUris.join(','));
  push('bulk-job-seconds', opts.bulkJobSeconds);
  push('page-token-limit-records', opts.pageTokenLimitRecords);
  return args;
}

/** Runs cli.ts in a child process and reads its JSON line. */
export async function spawnZohoEmulator(opts: Partial<ZohoEmulatorOptions> = {}): Promise<RunningZohoEmulator> {
  const cli = path.join(__dirname, 'cli.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', cli, ...optionsToArgs(opts)], {
    cwd: path.resolve(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const info = await new Promise<EmulatorInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Zoho emulator did not start within 30 s')), 30_000);
    const lines = createInterface({ input: child.stdout ?? process.stdin });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as EmulatorInfo);
      } catch (error) {
        reject(new Error(`Zoho emulator printed no JSON line: ${line} (${String(error)})`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Zoho emulator exited with code ${String(code)} before starting`));
    });
  });
  return {
    info,
    admin: new ZohoAdminClient(info.admin),
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}
