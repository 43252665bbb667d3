// npm run bench [-- --only <workload-substring>] [--quick] [--json FILE] [--no-naive] [--report FILE]
// Runs each workload twice, the add-on and the naive baseline, each in a fresh Node process
// (bench/measure.ts) so one run's memory never inflates the next, then prints the table and the
// targets, and writes the rows as JSON when asked. --report FILE prints them again from such JSON.

import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Measurement } from './measure';
import { checkTargets, formatTable, formatTargets, rowOf, type Row } from './report';
import { selectWorkloads, WORKLOADS, type Variant, type Workload } from './workloads';

/** A child that runs longer than this is stopped (the 200k pull takes a few minutes). */
const CHILD_TIMEOUT_MS = 20 * 60_000;

interface Options {
  only?: string;
  quick: boolean;
  json?: string;
  naive: boolean;
  report?: string;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { quick: false, naive: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') opts.only = argv[++i];
    else if (arg === '--json') opts.json = argv[++i];
    else if (arg === '--quick') opts.quick = true;
    else if (arg === '--no-naive') opts.naive = false;
    else if (arg === '--report') opts.report = argv[++i];
    else throw new Error(`unknown argument ${String(arg)}; use --only <workload-substring>, --quick, --json FILE, --no-naive, --report FILE`);
  }
  if (opts.only === undefined && argv.includes('--only')) throw new Error('--only needs a workload name (or part of one)');
  if (opts.json === undefined && argv.includes('--json')) throw new Error('--json needs a file name');
  return opts;
}

/**
 * Runs measure.ts for one workload and variant in a fresh process; its last stdout line is the result.
 * tsx's CommonJS hook only: `--import tsx` would add an ESM loader thread (about 30 MB) to the RSS
 * being measured.
 */
function measureInChild(w: Workload, variant: Variant): Promise<Measurement> {
  const script = path.join(__dirname, 'measure.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', 'tsx/cjs', '--expose-gc', script, w.name, variant], {
      cwd: path.resolve(__dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const timer = setTimeout(() => child.kill('SIGTERM'), CHILD_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) {
        reject(new Error(`${w.name} (${variant}) exited with ${signal ?? code}`));
        return;
      }
      try {
        resolve(JSON.parse(last) as Measurement);
      } catch {
        reject(new Error(`${w.name} (${variant}) printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}

function printResults(rows: readonly Row[]): void {
  console.log(`\nZoho CRM Sync for Sheets benchmarks: the real dist/Code.js in the Apps Script runtime against the Zoho emulator\n`);
  console.log(formatTable(rows));
  console.log(`\nTargets\n${formatTargets(checkTargets(rows))}`);
  const errors = rows.flatMap((r) => [...r.errors.map((e) => `${r.workload} ours: ${e}`), ...(r.naive?.errors ?? []).map((e) => `${r.workload} naive: ${e}`)]);
  if (errors.length) console.log(`\nExecution errors\n${errors.join('\n')}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.report) {
    printResults(JSON.parse(readFileSync(opts.report, 'utf8')) as Row[]);
    return;
  }
  const workloads = selectWorkloads(WORKLOADS, opts);
  if (!workloads.length) throw new Error(`no workload matches "${opts.only ?? ''}"; there are ${WORKLOADS.map((w) => w.name).join(', ')}`);
  const rows: Row[] = [];
  for (const w of workloads) {
    const started = Date.now();
    process.stderr.write(`${w.name}: ours`);
    const ours = await measureInChild(w, 'ours');
    process.stderr.write(` ${((Date.now() - started) / 1000).toFixed(0)} s`);
    let naive: Measurement | null = null;
    // The naive baseline syncs one Leads sheet; it has no multi-sheet counterpart.
    if (opts.naive && (w.sheets ?? 1) <= 1) {
      process.stderr.write(', naive');
      naive = await measureInChild(w, 'naive');
    }
    process.stderr.write(` (${((Date.now() - started) / 1000).toFixed(0)} s in all)\n`);
    rows.push(rowOf(w, ours, naive));
  }
  printResults(rows);
  if (opts.json) {
    writeFileSync(opts.json, `${JSON.stringify(rows, null, 2)}\n`);
    console.log(`\nWrote ${rows.length} rows to ${opts.json}`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
