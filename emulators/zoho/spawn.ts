// Starts the Zoho emulator in a child process (cli.ts) and hands back its URLs and an admin
// client. Kept apart from server.ts so that a process which only talks to the emulator (the
// benchmark's measuring process, tests) does not load the emulator itself.

import * as path from 'node:path';
import { startChildServer } from '../child-process';
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
  push('search-index-delay-seconds', opts.searchIndexDelaySeconds);
  if (opts.recordsIfModifiedSince) args.push('--records-if-modified-since');
  if (opts.bigintAsNumber) args.push('--bigint-as-number');
  return args;
}

/** Runs cli.ts in a child process and reads its JSON line. */
export async function spawnZohoEmulator(opts: Partial<ZohoEmulatorOptions> = {}): Promise<RunningZohoEmulator> {
  const { info, stop } = await startChildServer<EmulatorInfo>('Zoho emulator', ['--import', 'tsx', path.join(__dirname, 'cli.ts'), ...optionsToArgs(opts)],
    path.resolve(__dirname, '..', '..'));
  return { info, admin: new ZohoAdminClient(info.admin), stop };
}
