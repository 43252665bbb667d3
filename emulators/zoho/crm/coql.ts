// POST /crm/v8/coql: a practical COQL subset (reference §5.4). select f1, f2 from Module
// [where <= 25 conditions: = != <> > < >= <= like, not like, in, not in, between, is [not] null,
// and/or with parentheses; more than two criteria must be paired explicitly, as Zoho requires]
// [order by f [asc|desc], ...] [limit n [offset m] | limit m, n]. No aggregates or joins.

import { type Reply, emptyReply, isPlainObject, jsonReply, parseJsonBody } from '../http-util';
import { scopeAllows } from '../accounts/scopes';
import { type ModuleName, fieldOf, resolveModuleName } from '../seed/schema';
import type { ModuleStore } from '../store/types';
import { ZohoApiError, crmErrors } from './errors';
import { parseDateTime } from './format';
import type { CrmRequest } from './request';
import { visibleRecords } from './sharing';

export const COQL_DEFAULT_LIMIT = 200;
export const COQL_MAX_LIMIT = 2000;
export const COQL_MAX_OFFSET_PLUS_LIMIT = 100_000;
const COQL_MAX_FIELDS = 500;
const COQL_MAX_CRITERIA = 25;

interface Token {
  type: 'word' | 'string' | 'number' | 'op' | 'punct' | 'end';
  text: string;
  value: string;
  line: number;
  column: number;
}

type Condition =
  | { kind: 'group'; op: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'cmp'; field: string; op: string; values: (string | number | boolean | null)[] };

interface Query {
  fields: string[];
  module: ModuleName;
  where: Condition | null;
  orderBy: { field: string; desc: boolean }[];
  limit: number;
  offset: number;
}

const KEYWORDS = new Set(['select', 'from', 'where', 'order', 'by', 'asc', 'desc', 'limit', 'offset', 'and', 'or', 'not', 'like', 'in', 'is', 'null', 'between', 'true', 'false']);

function syntaxError(clause: string, token: Token): ZohoApiError {
  return new ZohoApiError(400, 'SYNTAX_ERROR', `error occurred while parsing the query near ${token.text || 'end of query'}`, {
    clause, line: token.line, column: token.column, near: token.text,
  });
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  while (i < query.length) {
    const c = query.charAt(i);
    if (c === '\n') {
      line++;
      lineStart = i + 1;
      i++;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    const start = i;
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= query.length) throw new ZohoApiError(400, 'SYNTAX_ERROR', 'unterminated string', { clause: 'where', line, column, near: query.slice(start, start + 20) });
        if (query.charAt(i) === "'" && query.charAt(i + 1) === "'") {
          value += "'";
          i += 2;
        } else if (query.charAt(i) === "'") {
          i++;
          break;
        } else {
          value += query.charAt(i);
          i++;
        }
      }
      tokens.push({ type: 'string', text: query.slice(start, i), value, line, column });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(query.charAt(i + 1)))) {
      i++;
      while (i < query.length && /[0-9.]/.test(query.charAt(i))) i++;
      tokens.push({ type: 'number', text: query.slice(start, i), value: query.slice(start, i), line, column });
    } else if (/[A-Za-z_$]/.test(c)) {
      while (i < query.length && /[A-Za-z0-9_$.]/.test(query.charAt(i))) i++;
      tokens.push({ type: 'word', text: query.slice(start, i), value: query.slice(start, i), line, column });
    } else if (c === '!' || c === '<' || c === '>' || c === '=') {
      const two = query.slice(i, i + 2);
      const op = ['!=', '<>', '<=', '>='].includes(two) ? two : c;
      i += op.length;
      if (op === '!') throw new ZohoApiError(400, 'SYNTAX_ERROR', 'unexpected !', { clause: 'where', line, column, near: '!' });
      tokens.push({ type: 'op', text: op, value: op, line, column });
    } else if ('(),*'.includes(c)) {
      i++;
      tokens.push({ type: 'punct', text: c, value: c, line, column });
    } else {
      throw new ZohoApiError(400, 'SYNTAX_ERROR', `unexpected character ${c}`, { clause: 'select', line, column, near: c });
    }
  }
  tokens.push({ type: 'end', text: '', value: '', line, column: i - lineStart + 1 });
  return tokens;
}

class Parser {
  private i = 0;
  private clause = 'select';
  criteria = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] ?? this.tokens[this.tokens.length - 1] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.type === 'word' && t.value.toLowerCase() === word;
  }

  private expectWord(word: string): void {
    if (!this.isWord(word)) throw syntaxError(this.clause, this.peek());
    this.next();
  }

  private identifier(): Token {
    const t = this.peek();
    if (t.type !== 'word' || KEYWORDS.has(t.value.toLowerCase())) throw syntaxError(this.clause, t);
    return this.next();
  }

  parse(): { fields: Token[]; module: Token; where: Condition | null; orderBy: { field: Token; desc: boolean }[]; limit: number | null; offset: number } {
    this.expectWord('select');
    const fields: Token[] = [this.identifier()];
    while (this.peek().text === ',') {
      this.next();
      fields.push(this.identifier());
    }
    this.clause = 'from';
    this.expectWord('from');
    const module = this.identifier();
    let where: Condition | null = null;
    if (this.isWord('where')) {
      this.clause = 'where';
      this.next();
      where = this.condition();
    }
    const orderBy: { field: Token; desc: boolean }[] = [];
    if (this.isWord('order')) {
      this.clause = 'order by';
      this.next();
      this.expectWord('by');
      for (;;) {
        const field = this.identifier();
        let desc = false;
        if (this.isWord('asc')) this.next();
        else if (this.isWord('desc')) {
          this.next();
          desc = true;
        }
        orderBy.push({ field, desc });
        if (this.peek().text !== ',') break;
        this.next();
      }
    }
    let limit: number | null = null;
    let offset = 0;
    if (this.isWord('limit')) {
      this.clause = 'limit';
      this.next();
      const first = this.integer();
      if (this.peek().text === ',') {
        this.next();
        offset = first;
        limit = this.integer();
      } else {
        limit = first;
        if (this.isWord('offset')) {
          this.clause = 'offset';
          this.next();
          offset = this.integer();
        }
      }
    }
    if (this.peek().type !== 'end') throw syntaxError(this.clause, this.peek());
    return { fields, module, where, orderBy, limit, offset };
  }

  private integer(): number {
    const t = this.next();
    if (t.type !== 'number' || !/^\d+$/.test(t.value)) throw syntaxError(this.clause, t);
    return Number(t.value);
  }

  /** One or two terms; a third needs parentheses (Zoho refuses `a and b and c`). */
  private condition(): Condition {
    const left = this.term();
    if (!this.isWord('and') && !this.isWord('or')) return left;
    const op = this.next().value.toLowerCase() as 'and' | 'or';
    const right = this.term();
    if (this.isWord('and') || this.isWord('or')) throw syntaxError(this.clause, this.peek());
    return { kind: 'group', op, left, right };
  }

  private term(): Condition {
    if (this.peek().text === '(') {
      this.next();
      const inner = this.condition();
      if (this.peek().text !== ')') throw syntaxError(this.clause, this.peek());
      this.next();
      return inner;
    }
    this.criteria++;
    const field = this.identifier().value;
    if (this.isWord('is')) {
      this.next();
      const not = this.isWord('not');
      if (not) this.next();
      this.expectWord('null');
      return { kind: 'cmp', field, op: not ? 'is not null' : 'is null', values: [] };
    }
    let not = false;
    if (this.isWord('not')) {
      this.next();
      not = true;
    }
    if (this.isWord('like')) {
      this.next();
      return { kind: 'cmp', field, op: not ? 'not like' : 'like', values: [this.literal()] };
    }
    if (this.isWord('in')) {
      this.next();
      if (this.peek().text !== '(') throw syntaxError(this.clause, this.peek());
      this.next();
      const values = [this.literal()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.literal());
      }
      if (this.peek().text !== ')') throw syntaxError(this.clause, this.peek());
      this.next();
      if (values.length > 100) throw crmErrors.limitExceeded(100, 'in');
      return { kind: 'cmp', field, op: not ? 'not in' : 'in', values };
    }
    if (this.isWord('between')) {
      this.next();
      const low = this.literal();
      this.expectWord('and');
      const high = this.literal();
      return { kind: 'cmp', field, op: not ? 'not between' : 'between', values: [low, high] };
    }
    if (not) throw syntaxError(this.clause, this.peek());
    const op = this.next();
    if (op.type !== 'op') throw syntaxError(this.clause, op);
    return { kind: 'cmp', field, op: op.value === '<>' ? '!=' : op.value, values: [this.literal()] };
  }

  private literal(): string | number | boolean | null {
    const t = this.next();
    if (t.type === 'string') return t.value;
    if (t.type === 'number') return Number(t.value);
    if (t.type === 'word') {
      const w = t.value.toLowerCase();
      if (w === 'true') return true;
      if (w === 'false') return false;
      if (w === 'null') return null;
    }
    throw syntaxError(this.clause, t);
  }
}

function invalidColumn(field: string): ZohoApiError {
  return new ZohoApiError(400, 'INVALID_QUERY', 'invalid query formed', { reason: 'column given seems to be invalid', api_name: field });
}

/** Field names may use `Lookup.id`; other dot paths are not emulated. */
function baseField(module: ModuleName, field: string): string {
  const [base, sub] = field.split('.');
  if (base === undefined || (base !== 'id' && !fieldOf(module, base))) throw invalidColumn(field);
  if (sub !== undefined && sub !== 'id') throw invalidColumn(field);
  return base;
}

function checkCondition(module: ModuleName, c: Condition): void {
  if (c.kind === 'group') {
    checkCondition(module, c.left);
    checkCondition(module, c.right);
    return;
  }
  c.field = baseField(module, c.field);
}

export function parseCoql(query: string): Query {
  const parser = new Parser(tokenize(query));
  const raw = parser.parse();
  const module = resolveModuleName(raw.module.value);
  if (!module) throw new ZohoApiError(400, 'INVALID_QUERY', 'invalid query formed', { reason: 'invalid module given', line: raw.module.line, column: raw.module.column, near: raw.module.value });
  if (raw.fields.length > COQL_MAX_FIELDS) throw crmErrors.limitExceeded(COQL_MAX_FIELDS, 'select');
  if (parser.criteria > COQL_MAX_CRITERIA) throw crmErrors.limitExceeded(COQL_MAX_CRITERIA, 'where');
  const fields = raw.fields.map((t) => {
    baseField(module, t.value);
    return t.value;
  });
  if (raw.where) checkCondition(module, raw.where);
  const limit = raw.limit ?? COQL_DEFAULT_LIMIT;
  if (limit > COQL_MAX_LIMIT) throw crmErrors.limitExceeded(COQL_MAX_LIMIT, 'limit');
  if (raw.offset + limit > COQL_MAX_OFFSET_PLUS_LIMIT) throw crmErrors.limitExceeded(COQL_MAX_OFFSET_PLUS_LIMIT, 'offset');
  return { fields, module, where: raw.where, orderBy: raw.orderBy.map((o) => ({ field: baseField(module, o.field.value), desc: o.desc })), limit, offset: raw.offset };
}

type Comparable = string | number | boolean | null;

function normalise(module: ModuleName, field: string, value: unknown): Comparable {
  if (value === undefined || value === null || value === '') return null;
  const type = field === 'id' ? 'id' : fieldOf(module, field)?.dataType;
  if (type === 'datetime') return typeof value === 'number' ? value : parseDateTime(String(value)) ?? Date.parse(String(value));
  if (type === 'integer' || type === 'double' || type === 'currency' || type === 'percent' || type === 'formula') return Number(value);
  if (type === 'boolean') return value === true || value === 'true';
  if (typeof value === 'string') return type === 'id' || type === 'lookup' || type === 'ownerlookup' ? value : value.toLowerCase();
  return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}

function likeRegex(pattern: string): RegExp {
  const escaped = pattern.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

function evaluate(store: ModuleStore, module: ModuleName, seq: number, c: Condition): boolean {
  if (c.kind === 'group') {
    return c.op === 'and' ? evaluate(store, module, seq, c.left) && evaluate(store, module, seq, c.right) : evaluate(store, module, seq, c.left) || evaluate(store, module, seq, c.right);
  }
  const raw = store.read(seq, c.field);
  const values = c.values.map((v) => normalise(module, c.field, typeof v === 'number' && fieldOf(module, c.field)?.dataType === 'lookup' ? String(v) : v));
  const list = Array.isArray(raw) ? raw.map((r) => normalise(module, c.field, r)) : [normalise(module, c.field, raw)];
  const actual = list[0] ?? null;
  switch (c.op) {
    case 'is null': return Array.isArray(raw) ? raw.length === 0 : actual === null;
    case 'is not null': return Array.isArray(raw) ? raw.length > 0 : actual !== null;
    case '=': return list.some((a) => a === values[0]);
    case '!=': return !list.some((a) => a === values[0]);
    case 'in': return list.some((a) => values.includes(a));
    case 'not in': return !list.some((a) => values.includes(a));
    case 'like': return list.some((a) => a !== null && likeRegex(String(c.values[0] ?? '')).test(String(a)));
    case 'not like': return !list.some((a) => a !== null && likeRegex(String(c.values[0] ?? '')).test(String(a)));
    case 'between': case 'not between': {
      const [lo, hi] = values;
      const inside = actual !== null && lo !== null && hi !== null && lo !== undefined && hi !== undefined && actual >= lo && actual <= hi;
      return c.op === 'between' ? inside : !inside;
    }
    default: {
      const b = values[0];
      if (actual === null || b === null || b === undefined) return false;
      if (c.op === '>') return actual > b;
      if (c.op === '<') return actual < b;
      if (c.op === '>=') return actual >= b;
      return actual <= b;
    }
  }
}

function compare(a: Comparable, b: Comparable): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

export function coqlLimitOf(req: CrmRequest): number {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok || !isPlainObject(parsed.value) || typeof parsed.value.select_query !== 'string') return COQL_DEFAULT_LIMIT;
  const m = /\blimit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(parsed.value.select_query);
  return Number(m?.[2] ?? m?.[1] ?? COQL_DEFAULT_LIMIT);
}

export function runCoql(req: CrmRequest): Reply {
  const parsed = parseJsonBody(req.body);
  if (!parsed.ok) throw crmErrors.invalidBody();
  if (!isPlainObject(parsed.value) || typeof parsed.value.select_query !== 'string' || parsed.value.select_query.trim() === '') {
    throw new ZohoApiError(400, 'MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'select_query', json_path: '$.select_query' });
  }
  const query = parseCoql(parsed.value.select_query);
  if (!scopeAllows(req.token.scopes, { kind: 'coql', module: query.module })) throw crmErrors.scopeMismatch();
  const store = req.org.module(query.module);
  const visible = visibleRecords(req, query.module);
  let seqs = store.liveSeqs().filter((seq) => (!visible || visible(store, seq)) && (!query.where || evaluate(store, query.module, seq, query.where)));
  if (query.orderBy.length > 0) {
    const keys = new Map<number, Comparable[]>(seqs.map((seq) => [seq, query.orderBy.map((o) => normalise(query.module, o.field, o.field === 'id' ? seq : store.read(seq, o.field)))]));
    seqs = seqs.slice().sort((a, b) => {
      const ka = keys.get(a) ?? [];
      const kb = keys.get(b) ?? [];
      for (let i = 0; i < query.orderBy.length; i++) {
        const d = compare(ka[i] ?? null, kb[i] ?? null);
        if (d !== 0) return query.orderBy[i]?.desc ? -d : d;
      }
      return a - b;
    });
  }
  const page = seqs.slice(query.offset, query.offset + query.limit);
  if (page.length === 0) return emptyReply(204);
  const data = page.map((seq) => {
    const out: Record<string, unknown> = {};
    for (const f of query.fields) {
      const base = f.split('.')[0] ?? f;
      const value = base === 'id' ? store.idOf(seq) : req.fmt.wireValue(query.module, base, store.read(seq, base), 'id-only');
      out[f] = f.endsWith('.id') && value && typeof value === 'object' ? (value as Record<string, unknown>).id ?? null : value;
    }
    if (!('id' in out)) out.id = store.idOf(seq);
    return out;
  });
  return jsonReply(200, { data, info: { count: data.length, more_records: seqs.length > query.offset + query.limit } });
}
