// npm run setup-deploy -- --script-id <ID> | --create [--title T] [--force]
// Links this clone to an Apps Script project by writing .clasp.json (rootDir dist), or creates the
// project first with clasp. .clasp.json is per person and git-ignored; nothing is committed.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertMayLink, parseSetupArgs, planClaspFile } from './deploy-checks';

/** CLASP_PROJECT_DIR lets the tests point the script at a scratch folder instead of this clone. */
const CLASP_FILE = path.join(process.env.CLASP_PROJECT_DIR ?? path.resolve(__dirname, '..'), '.clasp.json');

/**
 * `clasp create-script` stops with "Project file already exists" when a .clasp.json is present, so
 * it runs in an empty temporary folder and we take the new id from the file it writes there.
 */
function createProject(title: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcs-clasp-'));
  try {
    const clasp = path.resolve(__dirname, '..', 'node_modules', '.bin', 'clasp');
    execFileSync(clasp, ['create-script', '--type', 'standalone', '--title', title, '--rootDir', 'dist'], { cwd: dir, stdio: 'inherit' });
    const created = JSON.parse(readFileSync(path.join(dir, '.clasp.json'), 'utf8')) as { scriptId?: string };
    if (!created.scriptId) throw new Error('clasp created no scriptId; run npx clasp login first');
    return created.scriptId;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const args = parseSetupArgs(process.argv.slice(2));
  const existing = existsSync(CLASP_FILE) ? readFileSync(CLASP_FILE, 'utf8') : null;
  // Checked before creating anything, so a refused link never leaves an orphan project behind.
  assertMayLink(existing, args.scriptId ?? null, args.force);
  if (args.scriptId) planClaspFile(existing, args.scriptId, args.force);
  const scriptId = args.scriptId ?? createProject(args.title);
  writeFileSync(CLASP_FILE, planClaspFile(existing, scriptId, true));
  console.log(`.clasp.json links https://script.google.com/d/${scriptId}/edit (rootDir dist). Next: npm run deploy`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
