// `npm run emulator -- --port 8787 --seed 1 --records 5000`: starts the Zoho emulator and prints
// one JSON line (URLs per DC, admin, default client, users). Flags map one-to-one onto options.

import type { ZohoEmulatorOptions } from './options';
import type { DataCenter } from './seed/orgs';
import { type ModuleName, resolveModuleName } from './seed/schema';
import { startZohoEmulator } from './server';

function parseArgs(argv: string[]): Partial<ZohoEmulatorOptions> {
  const opts: Partial<ZohoEmulatorOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const int = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer, got ${v}`);
      return n;
    };
    switch (flag) {
      case '--host': opts.host = value(); break;
      case '--port': opts.port = int(); break;
      case '--seed': opts.seed = int(); break;
      case '--records': opts.records = int(); break;
      case '--module-sizes': {
        const sizes: Partial<Record<ModuleName, number>> = {};
        for (const pair of value().split(',').filter((p) => p !== '')) {
          const [name, n] = pair.split('=');
          const module = resolveModuleName(name ?? '');
          if (!module || !Number.isInteger(Number(n))) throw new Error(`bad --module-sizes entry ${pair}`);
          sizes[module] = Number(n);
        }
        opts.moduleSizes = sizes;
        break;
      }
      case '--data-centers': opts.dataCenters = value().split(',').map((d) => d.trim()).filter((d): d is DataCenter => d === 'us' || d === 'eu'); break;
      case '--token-ttl-seconds': opts.tokenTtlSeconds = int(); break;
      case '--code-ttl-seconds': opts.codeTtlSeconds = int(); break;
      case '--credits-per-day': opts.creditsPerDay = int(); break;
      case '--concurrency': opts.concurrency = int(); break;
      case '--redirect-uris': opts.redirectUris = [...(opts.redirectUris ?? []), ...value().split(',').filter((u) => u !== '')]; break;
      case '--bulk-job-seconds': opts.bulkJobSeconds = int(); break;
      case '--page-token-limit-records': opts.pageTokenLimitRecords = int(); break;
      case '--search-index-delay-seconds': opts.searchIndexDelaySeconds = int(); break;
      case '--records-if-modified-since': opts.recordsIfModifiedSince = true; break;
      case '--bigint-as-number': opts.bigintAsNumber = true; break;
      case '--help':
        console.error('usage: tsx emulators/zoho/cli.ts [--host 127.0.0.1] [--port 8787|0] [--seed 1] [--records 5000] [--module-sizes Leads=2001,Deals=10] '
          + '[--data-centers us,eu] [--token-ttl-seconds 3600] [--code-ttl-seconds 120] [--credits-per-day N] [--concurrency N] [--redirect-uris a,b] [--bulk-job-seconds 2]');
        process.exit(0);
        break;
      default: throw new Error(`unknown flag ${arg}`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  const emulator = await startZohoEmulator(parseArgs(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(emulator.info)}\n`);
  const shutdown = () => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  console.error(`[zoho-emulator] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
