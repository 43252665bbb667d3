// npm run check-deploy: the offline checks of appsscript.json and dist/ that `npm run deploy` runs
// before clasp push (scripts/deploy-checks.ts says which rules, from which source).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { distProblems, manifestProblems, type Manifest } from './deploy-checks';

const root = path.resolve(__dirname, '..');
const source = readFileSync(path.join(root, 'appsscript.json'), 'utf8');
const dist = path.join(root, 'dist');
const problems = [
  ...manifestProblems(JSON.parse(source) as Manifest),
  ...(existsSync(dist) ? distProblems(readdirSync(dist), (f) => readFileSync(path.join(dist, f), 'utf8'), source) : ['dist/ does not exist: run npm run build']),
];
if (!existsSync(path.join(root, '.clasp.json'))) problems.push('.clasp.json is missing: run npm run setup-deploy -- --script-id <ID> (or -- --create)');
for (const p of problems) console.error(`- ${p}`);
if (problems.length) process.exit(1);
console.log('appsscript.json and dist/ are ready to push.');
