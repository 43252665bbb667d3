// HtmlService: outputs from strings or dist/*.html files, and templates whose scriptlets
// (<? ?>, <?= ?> escaped, <?!= ?> raw) run inside the execution's vm context.

import vm from 'node:vm';
import { GasError } from '../execution';
import type { ServiceEnv } from '../env';
import { GasObject } from '../realm';

export class HtmlServiceImpl extends GasObject {
  readonly XFrameOptionsMode = { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' };
  readonly SandboxMode = { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' };
  constructor(readonly _env: ServiceEnv) { super(_env.ex); }
  _kind() { return 'HtmlService'; }

  createHtmlOutput(html?: string): HtmlOutput { this._charge(); return new HtmlOutput(this._env, html === undefined ? '' : String(html)); }
  createHtmlOutputFromFile(name: string): HtmlOutput { this._charge(); return new HtmlOutput(this._env, this._file(name)); }
  createTemplate(html: string): HtmlTemplate { this._charge(); return new HtmlTemplate(this._env, String(html)); }
  createTemplateFromFile(name: string): HtmlTemplate { this._charge(); return new HtmlTemplate(this._env, this._file(name)); }

  _charge(): void { this._ex.charge(this._ex.latency.htmlMs); }
  _file(name: string): string {
    const key = String(name).replace(/\.html$/, '');
    const text = this._env.htmlFiles[key];
    if (text === undefined) throw new GasError(`No HTML file named ${key} was found.`);
    return text;
  }
}

export class HtmlOutput extends GasObject {
  _title = '';
  _width = 300;
  _height = 400;
  _xFrame = 'DEFAULT';
  constructor(readonly _env: ServiceEnv, private _html: string) { super(_env.ex); }
  _kind() { return 'HtmlOutput'; }
  _content(): string { return this._html; }

  getContent(): string { return this._html; }
  setContent(html: string): HtmlOutput { this._html = String(html); return this; }
  append(html: string): HtmlOutput { this._html += String(html); return this; }
  appendUntrusted(text: string): HtmlOutput { this._html += escapeHtml(String(text)); return this; }
  clear(): HtmlOutput { this._html = ''; return this; }
  setTitle(t: string): HtmlOutput { this._title = String(t); return this; }
  getTitle(): string { return this._title; }
  setWidth(w: number): HtmlOutput { this._width = Number(w); return this; }
  getWidth(): number { return this._width; }
  setHeight(h: number): HtmlOutput { this._height = Number(h); return this; }
  getHeight(): number { return this._height; }
  setXFrameOptionsMode(m: string): HtmlOutput { this._xFrame = String(m); return this; }
  setSandboxMode(_m: string): HtmlOutput { return this; }
  addMetaTag(name: string, content: string): HtmlOutput { this._html = `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">${this._html}`; return this; }
  setFaviconUrl(_url: string): HtmlOutput { return this; }
}

export class HtmlTemplate extends GasObject {
  readonly _props: Record<string, unknown> = {};
  constructor(readonly _env: ServiceEnv, readonly _source: string) { super(_env.ex); }
  _kind() { return 'HtmlTemplate'; }

  getRawContent(): string { return this._source; }
  getCode(): string { return compileTemplate(this._source); }
  evaluate(): HtmlOutput {
    const fn = vm.runInContext(`(function (__vars, __esc) { var __out = []; with (__vars) { ${compileTemplate(this._source)} } return __out.join(''); })`,
      this._env.realm.context) as (vars: Record<string, unknown>, esc: (v: unknown) => string) => string;
    return new HtmlOutput(this._env, fn(this._props, (v) => escapeHtml(v === undefined || v === null ? '' : String(v))));
  }
}

/** Turns a template into statements that push to `__out`. */
function compileTemplate(src: string): string {
  const code: string[] = [];
  const re = /<\?(!?=)?([\s\S]*?)\?>/g;
  let last = 0;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    code.push(`__out.push(${JSON.stringify(src.slice(last, m.index))});`);
    if (m[1] === '=') code.push(`__out.push(__esc(${m[2]}));`);
    else if (m[1] === '!=') code.push(`__out.push(String(${m[2]}));`);
    else code.push(m[2]!);
    last = re.lastIndex;
  }
  code.push(`__out.push(${JSON.stringify(src.slice(last))});`);
  return code.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
