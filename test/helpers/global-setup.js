// Builds dist/ once before any project runs, so runtime and e2e tests load the real bundle.
const { execSync } = require('node:child_process');

module.exports = async function globalSetup() {
  if (process.env.SKIP_BUILD === '1') return;
  execSync('npx rollup -c rollup.config.mjs --silent', { stdio: 'inherit', cwd: __dirname + '/../..' });
};
