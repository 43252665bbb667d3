// Offline checks of what `clasp push` would send, and the file handling of `npm run setup-deploy`.
// Pure functions: scripts/setup-deploy.ts and scripts/check-deploy.ts do the I/O; tests call these.

import { ZOHO_DATA_CENTERS } from '../src/core/zoho/domains';

/** apps-script-oauth2's library id (googleworkspace/apps-script-oauth2 README). */
export const OAUTH2_LIBRARY_ID = '1B7FSrk5Zi6L1rSxxTDgDEUsPzlukDsi4KGuTMorsTQHhGBzBkMun4iDF';

/** The scopes the add-on needs, each explained in README "Permissions it asks for". */
export const EXPECTED_SCOPES = [
  'https://www.googleapis.com/auth/spreadsheets',
  'https://www.googleapis.com/auth/script.container.ui',
  'https://www.googleapis.com/auth/script.external_request',
  'https://www.googleapis.com/auth/script.scriptapp',
  'https://www.googleapis.com/auth/script.send_mail',
  'https://www.googleapis.com/auth/userinfo.email',
];

/** What rollup writes and clasp pushes (rootDir dist); anything else would be pushed too. */
export const DIST_FILES = ['Code.js', 'Sidebar.html', 'appsscript.json'];

const PLACEHOLDER_SCRIPT_ID = 'REPLACE_WITH_YOUR_SCRIPT_ID';
/** Apps Script project ids are long URL-safe strings (script.google.com/d/<id>/edit). */
const SCRIPT_ID = /^[A-Za-z0-9_-]{25,100}$/;

export interface Manifest {
  timeZone?: string;
  runtimeVersion?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
  dependencies?: { libraries?: Array<{ userSymbol?: string; libraryId?: string; version?: string; developmentMode?: boolean }> };
}

/**
 * Google's rules for an allowlist prefix (developers.google.com/apps-script/manifest/allowlist-url):
 * a valid URL, https:// not http://, a full domain, a non-empty path (`https://www.google.com/` is
 * valid, `https://www.google.com` is not), and a wildcard only as a single leading `*.` for subdomains.
 */
export function allowlistPrefixProblem(prefix: string): string | null {
  if (!prefix.startsWith('https://')) return 'must use https://';
  const rest = prefix.slice('https://'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return 'needs a non-empty path: end the domain with "/"';
  const host = rest.slice(0, slash);
  const path = rest.slice(slash);
  if (path.includes('*')) return 'a wildcard is allowed only as a leading subdomain ("https://*.example.com/")';
  const bare = host.startsWith('*.') ? host.slice(2) : host;
  if (bare.includes('*')) return 'a wildcard is allowed only as a leading subdomain ("https://*.example.com/")';
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(bare)) return 'needs a full domain (lower case, at least one dot, no port)';
  try {
    new URL(prefix.replace('*.', 'wildcard.'));
  } catch {
    return 'is not a valid URL';
  }
  return null;
}

/** Every problem of the manifest, as sentences naming the fix; [] when it can be pushed. */
export function manifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  if (manifest.runtimeVersion !== 'V8') problems.push('runtimeVersion must be "V8"');
  if (!manifest.timeZone) problems.push('timeZone is missing');

  const scopes = manifest.oauthScopes ?? [];
  const missing = EXPECTED_SCOPES.filter((s) => !scopes.includes(s));
  const extra = scopes.filter((s) => !EXPECTED_SCOPES.includes(s));
  if (!manifest.oauthScopes) problems.push('oauthScopes must be listed explicitly, or Apps Script infers them from the code');
  if (missing.length) problems.push(`oauthScopes lacks ${missing.join(', ')}`);
  if (extra.length) problems.push(`oauthScopes has ${extra.join(', ')}, which README "Permissions it asks for" does not explain`);
  if (new Set(scopes).size !== scopes.length) problems.push('oauthScopes lists a scope twice');

  const oauth2 = manifest.dependencies?.libraries?.find((l) => l.libraryId === OAUTH2_LIBRARY_ID);
  if (!oauth2) problems.push('the OAuth2 library (apps-script-oauth2) is not a dependency');
  else {
    if (oauth2.userSymbol !== 'OAuth2') problems.push('the OAuth2 library must be imported as "OAuth2"');
    if (!/^[1-9]\d*$/.test(oauth2.version ?? '')) problems.push(`the OAuth2 library must pin a numbered version, not "${oauth2.version ?? ''}" (0 is the head/development version)`);
    if (oauth2.developmentMode !== false) problems.push('the OAuth2 library must have developmentMode false (true follows the library\'s head)');
  }

  const allowlist = manifest.urlFetchWhitelist;
  if (!allowlist?.length) problems.push('urlFetchWhitelist is required for a versioned deployment');
  for (const prefix of allowlist ?? []) {
    const problem = allowlistPrefixProblem(prefix);
    if (problem) problems.push(`urlFetchWhitelist entry "${prefix}" ${problem}`);
  }
  const expected = zohoAllowlist();
  const absent = expected.filter((p) => !(allowlist ?? []).includes(p));
  const unknown = (allowlist ?? []).filter((p) => !expected.includes(p));
  if (absent.length) problems.push(`urlFetchWhitelist lacks ${absent.join(', ')}: the add-on trusts these hosts, so a user there would fail at UrlFetch`);
  if (unknown.length) problems.push(`urlFetchWhitelist has ${unknown.join(', ')}, which is not a Zoho host the add-on trusts`);
  return problems;
}

/** Exactly the hosts src/core/zoho/domains.ts trusts: each data center's accounts server and API domain. */
export function zohoAllowlist(): string[] {
  return ZOHO_DATA_CENTERS.flatMap((dc) => [`${dc.accountsServer}/`, `${dc.apiDomain}/`]);
}

/** Problems of the built dist/: exactly the files clasp should push, and the manifest rollup copied. */
export function distProblems(files: readonly string[], read: (name: string) => string, sourceManifest: string): string[] {
  const problems: string[] = [];
  const missing = DIST_FILES.filter((f) => !files.includes(f));
  const extra = files.filter((f) => !DIST_FILES.includes(f));
  if (missing.length) problems.push(`dist/ lacks ${missing.join(', ')}: run npm run build`);
  if (extra.length) problems.push(`dist/ has ${extra.join(', ')}, which clasp would push too: delete dist/ and build again`);
  if (files.includes('appsscript.json') && read('appsscript.json') !== sourceManifest) problems.push('dist/appsscript.json differs from appsscript.json: build again');
  if (files.includes('Code.js')) {
    const code = read('Code.js');
    for (const entry of ['onOpen', 'onInstall', 'showSidebar', 'authCallback']) {
      if (!new RegExp(`^function ${entry}\\(`, 'm').test(code)) problems.push(`dist/Code.js has no top-level ${entry}(): Apps Script would not find it`);
    }
  }
  return problems;
}

export interface SetupArgs {
  scriptId?: string;
  create: boolean;
  title: string;
  force: boolean;
}

/** `--script-id ID`, `--create`, `--title T`, `--force`. @throws Error naming the usage */
export function parseSetupArgs(argv: readonly string[]): SetupArgs {
  const args: SetupArgs = { create: false, title: 'Zoho CRM Sync', force: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--script-id') args.scriptId = value();
    else if (flag === '--create') args.create = true;
    else if (flag === '--title') args.title = value();
    else if (flag === '--force') args.force = true;
    else throw new Error(`unknown option ${flag}`);
  }
  if (args.create === Boolean(args.scriptId)) throw new Error('give exactly one of --script-id <ID> (link an existing Apps Script project) or --create (make a new one)');
  return args;
}

/**
 * The .clasp.json to write for `scriptId`, given the current file's text (null if none): rootDir
 * is always dist, other keys clasp wrote are kept. Linking a different project needs `force`, so a
 * second run never silently points `npm run deploy` at someone else's project.
 * @throws Error naming the fix
 */
export function planClaspFile(existing: string | null, scriptId: string, force: boolean): string {
  if (!SCRIPT_ID.test(scriptId)) throw new Error(`"${scriptId}" is not an Apps Script project id: copy it from the editor's Project Settings > IDs, or from script.google.com/d/<ID>/edit`);
  let current: Record<string, unknown> = {};
  if (existing !== null) {
    try {
      const parsed: unknown = JSON.parse(existing);
      current = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
    } catch {
      if (!force) throw new Error('.clasp.json is not valid JSON: fix or delete it, or pass --force to replace it');
    }
  }
  assertMayLink(existing, scriptId, force);
  return `${JSON.stringify({ ...current, scriptId, rootDir: 'dist' }, null, 2)}\n`;
}

/** The project a .clasp.json text links, or null (none, unreadable, or the old committed placeholder). */
export function linkedProject(existing: string | null): string | null {
  if (existing === null) return null;
  try {
    const id = (JSON.parse(existing) as { scriptId?: unknown }).scriptId;
    return typeof id === 'string' && id !== PLACEHOLDER_SCRIPT_ID ? id : null;
  } catch {
    return null;
  }
}

/**
 * Refuses to re-point a clone that already links another project unless `force`; `scriptId` null
 * means "a project about to be created". @throws Error naming the fix
 */
export function assertMayLink(existing: string | null, scriptId: string | null, force: boolean): void {
  const linked = linkedProject(existing);
  if (linked && linked !== scriptId && !force) {
    throw new Error(`.clasp.json already links project ${linked}. Pass --force to ${scriptId ? `link ${scriptId}` : 'create and link a new project'} instead.`);
  }
}
