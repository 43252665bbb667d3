// `npm start [-- --reset] [--port 3000] [--records 2500] [--seed 1] [--data-dir .playground-data]`:
// starts the playground (server.ts) and prints its one URL. PORT in the environment sets the port too.

import { DEFAULT_DATA_DIR, startPlayground, type PlaygroundOptions } from './server';

const USAGE = 'usage: npm start -- [--reset] [--port 3000] [--records 2500] [--seed 1] [--data-dir .playground-data]';

function parseArgs(argv: string[]): PlaygroundOptions {
  const opts: PlaygroundOptions = {};
  if (process.env.PORT !== undefined && process.env.PORT !== '') opts.port = Number(process.env.PORT);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer, got ${v}`);
      return n;
    };
    switch (flag) {
      case '--reset': opts.reset = true; break;
      case '--port': opts.port = count(); break;
      case '--records': opts.records = count(); break;
      case '--seed': opts.seed = count(); break;
      case '--data-dir': opts.dataDir = value(); break;
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      default: throw new Error(`unknown flag ${arg}\n${USAGE}`);
    }
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port < 65536)) throw new Error(`bad port ${String(opts.port)}`);
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const log = (line: string): void => console.error(`[playground] ${line}`);
  log(`Starting: Zoho emulator, Apps Script runtime, state in ${opts.dataDir ?? DEFAULT_DATA_DIR}`);
  const playground = await startPlayground({ ...opts, log });
  console.log(playground.url);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    void playground.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`[playground] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
