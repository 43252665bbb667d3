// Builds the add-on into dist/: Code.js (one classic script for Apps Script), Sidebar.html (one
// self-contained page) and appsscript.json. Nothing from emulators/, playground/ or test/ is bundled.
import { readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';

const APP_NAMESPACE = '__zcs';

/**
 * Apps Script only sees top-level function declarations, and google.script.run can call every
 * global whose name does not end in `_`. So the bundle is one IIFE (helpers stay in its closure)
 * plus one delegating stub per export of src/server.ts: exactly the entry points, nothing else.
 */
function appsScriptEntryPoints() {
  return {
    name: 'apps-script-entry-points',
    renderChunk(code, chunk) {
      const stubs = chunk.exports
        .map((name) => `function ${name}() { return ${APP_NAMESPACE}.${name}.apply(this, arguments); }`)
        .join('\n');
      return { code: `${code}\n${stubs}\n`, map: null };
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'appsscript.json', source: readFileSync('appsscript.json', 'utf8') });
    },
  };
}

/** Inlines the sidebar's script and styles into one HTML file that HtmlService can serve. */
function sidebarHtml() {
  return {
    name: 'sidebar-html',
    generateBundle(_options, bundle) {
      const chunk = Object.values(bundle).find((b) => b.type === 'chunk');
      // A `</script` inside the script would end the tag early; `<?` would be read as a scriptlet
      // if the page were ever templated.
      const js = chunk.code.replace(/<\/script/gi, '<\\/script').replace(/<\?/g, '<\\?');
      const css = readFileSync('src/sidebar/styles.css', 'utf8');
      const template = readFileSync('src/sidebar/index.html', 'utf8');
      const html = template
        .replace('/*__STYLES__*/', () => css)
        .replace('/*__SCRIPT__*/', () => js);
      delete bundle[chunk.fileName];
      this.emitFile({ type: 'asset', fileName: 'Sidebar.html', source: html });
    },
  };
}

export default [
  {
    input: 'src/server.ts',
    output: { file: 'dist/Code.js', format: 'iife', name: APP_NAMESPACE, strict: true },
    treeshake: { moduleSideEffects: false },
    plugins: [typescript({ tsconfig: 'tsconfig.json', noEmitOnError: true }), appsScriptEntryPoints()],
  },
  {
    input: 'src/sidebar/main.ts',
    output: { dir: 'dist', format: 'iife', entryFileNames: 'sidebar.js' },
    plugins: [typescript({ tsconfig: 'src/sidebar/tsconfig.json', noEmitOnError: true, outDir: 'dist' }), sidebarHtml()],
  },
];
