// `npm run setup-deploy` and `npm run check-deploy`: the .clasp.json they write, and the offline
// checks of the manifest (Google's allowlist rules, scopes, library version) and of dist/.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  allowlistPrefixProblem, distProblems, manifestProblems, parseSetupArgs, planClaspFile, type Manifest,
} from '../../../scripts/deploy-checks';

const ROOT = path.resolve(__dirname, '../../..');
const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcdefghijklmnopq';
const OTHER = '1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-zyxwvutsrqponmlkj';
const manifest = (): Manifest => JSON.parse(readFileSync(path.join(ROOT, 'appsscript.json'), 'utf8')) as Manifest;

describe('the .clasp.json that setup-deploy writes', () => {
  it.each([
    ['no file', null],
    ['the old committed placeholder', '{"scriptId":"REPLACE_WITH_YOUR_SCRIPT_ID","rootDir":"dist"}'],
    ['the same project', `{"scriptId":"${ID}","rootDir":"dist"}`],
  ])('links the project over %s, with rootDir dist', (_case, existing) => {
    expect(JSON.parse(planClaspFile(existing, ID, false))).toEqual({ scriptId: ID, rootDir: 'dist' });
  });

  it('keeps keys clasp wrote and forces rootDir back to dist', () => {
    const written = JSON.parse(planClaspFile(`{"scriptId":"${ID}","rootDir":".","projectId":"my-gcp"}`, ID, false));

    expect(written).toEqual({ scriptId: ID, rootDir: 'dist', projectId: 'my-gcp' });
  });

  it('refuses to re-point a clone linked to another project unless forced', () => {
    const existing = `{"scriptId":"${OTHER}","rootDir":"dist"}`;

    expect(() => planClaspFile(existing, ID, false)).toThrow(/already links project .*--force/);
    expect(JSON.parse(planClaspFile(existing, ID, true)).scriptId).toBe(ID);
  });

  it.each(['', 'abc', 'https://script.google.com/d/x/edit', 'has spaces in it and is long enough to pass'])('refuses %j as a project id', (id) => {
    expect(() => planClaspFile(null, id, false)).toThrow(/not an Apps Script project id/);
  });

  it.each([
    [['--script-id', ID], { scriptId: ID, create: false }],
    [['--create', '--title', 'Team sync'], { create: true, title: 'Team sync' }],
  ])('reads %j', (argv, expected) => {
    expect(parseSetupArgs(argv)).toMatchObject(expected);
  });

  it.each([[[]], [['--create', '--script-id', ID]], [['--script-id']], [['--scriptid', ID]]])('refuses %j', (argv) => {
    expect(() => parseSetupArgs(argv)).toThrow();
  });

  it('writes, keeps and replaces the file on disk when run as npm run setup-deploy does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zcs-setup-'));
    const run = (...args: string[]) => {
      try {
        execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/setup-deploy.ts'), ...args], { cwd: ROOT, env: { ...process.env, CLASP_PROJECT_DIR: dir }, stdio: 'pipe' });
        return 0;
      } catch (error) {
        return (error as { status?: number }).status ?? 1;
      }
    };
    const file = () => JSON.parse(readFileSync(path.join(dir, '.clasp.json'), 'utf8'));
    try {
      writeFileSync(path.join(dir, '.clasp.json'), '{"scriptId":"REPLACE_WITH_YOUR_SCRIPT_ID","rootDir":"dist"}');

      const first = run('--script-id', ID);
      const linked = file();
      const refused = run('--script-id', OTHER);
      const afterRefusal = file();
      const forced = run('--script-id', OTHER, '--force');

      expect(first).toBe(0);
      expect(linked).toEqual({ scriptId: ID, rootDir: 'dist' });
      expect(refused).toBe(1);
      expect(afterRefusal.scriptId).toBe(ID);
      expect(forced).toBe(0);
      expect(file().scriptId).toBe(OTHER);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30000);
});

describe('Google\'s rules for urlFetchWhitelist prefixes', () => {
  it.each([
    ['https://accounts.zoho.com/', null],
    ['https://*.zohoapis.com/', null],
    ['https://www.zohoapis.com/crm/', null],
    ['http://accounts.zoho.com/', /https/],
    ['https://accounts.zoho.com', /non-empty path/],
    ['https://*/', /wildcard/],
    ['https://www.*.zoho.com/', /wildcard/],
    ['https://accounts.zoho.com/*', /wildcard/],
    ['https://localhost/', /full domain/],
    ['https://accounts.zoho.com:443/', /full domain/],
  ])('%s: %s', (prefix, problem) => {
    const found = allowlistPrefixProblem(prefix);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('the manifest that ships', () => {
  it('passes every check: rules, explicit scopes, a numbered OAuth2 library, exactly the Zoho hosts the add-on trusts', () => {
    expect(manifestProblems(manifest())).toEqual([]);
  });

  it.each([
    ['the library at head', (m: Manifest) => { m.dependencies!.libraries![0]!.version = '0'; }, /numbered version/],
    ['development mode', (m: Manifest) => { m.dependencies!.libraries![0]!.developmentMode = true; }, /developmentMode false/],
    ['scopes left to inference', (m: Manifest) => { delete m.oauthScopes; }, /explicitly/],
    ['an unexplained scope', (m: Manifest) => { m.oauthScopes!.push('https://www.googleapis.com/auth/drive'); }, /auth\/drive/],
    ['a sandbox host the add-on refuses', (m: Manifest) => { m.urlFetchWhitelist!.push('https://sandbox.zohoapis.com/'); }, /not a Zoho host the add-on trusts/],
    ['a missing data center', (m: Manifest) => { m.urlFetchWhitelist = m.urlFetchWhitelist!.filter((u) => !u.includes('.com.cn')); }, /lacks .*com\.cn/],
    ['a prefix without a path', (m: Manifest) => { m.urlFetchWhitelist![0] = 'https://accounts.zoho.com'; }, /non-empty path/],
  ])('names %s', (_case, mutate, problem) => {
    const m = manifest();

    mutate(m);

    expect(manifestProblems(m).join('\n')).toMatch(problem);
  });
});

describe('dist/ as clasp would push it', () => {
  const source = readFileSync(path.join(ROOT, 'appsscript.json'), 'utf8');
  const code = ['onOpen', 'onInstall', 'showSidebar', 'authCallback'].map((f) => `function ${f}() { return __zcs.${f}.apply(this, arguments); }`).join('\n');
  const files: Record<string, string> = { 'Code.js': code, 'Sidebar.html': '<html></html>', 'appsscript.json': source };

  it('accepts exactly Code.js, Sidebar.html and the copied manifest', () => {
    expect(distProblems(Object.keys(files), (f) => files[f]!, source)).toEqual([]);
  });

  it('names a stray file, a stale manifest and a missing entry point', () => {
    const stale = { ...files, 'sidebar.js': 'x', 'appsscript.json': '{}', 'Code.js': 'var __zcs = {};' };

    const problems = distProblems(Object.keys(stale), (f) => stale[f as keyof typeof stale]!, source).join('\n');

    expect(problems).toMatch(/sidebar\.js, which clasp would push too/);
    expect(problems).toMatch(/differs from appsscript\.json/);
    expect(problems).toMatch(/no top-level onOpen/);
  });
});
