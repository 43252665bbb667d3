// Word lists and the per-field generation context. Every seeded value is a pure function of
// (seed, DC, module, record number, field), so a page of records costs only the fields asked for
// and nothing about 200,000 records has to be kept in memory.

import { type Rng, intBetween, mulberry32, mixHash, pick } from './prng';

export const FIRST_NAMES = [
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Mateo', 'Hannah', 'Leon',
  'José', 'Zoë', 'Łukasz', 'Søren', 'Chloé', 'Renée', 'Jürgen', 'Ağca', 'Björn', 'Inês', 'François', 'Mårten',
  '陈', '美咲', '지훈', 'Дмитрий', 'محمد', 'יעל', 'Aarav', 'Ngozi', 'Kai', 'Amara', 'Yuki', 'Ravi',
];
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Martinez', 'Lopez', 'Wilson',
  'Anderson', 'Müller', 'Schröder', 'Øberg', 'Núñez', 'Dupré', 'Kowalczyk', 'Novák', 'Ó Briain', "O'Neil",
  '王', '佐藤', '김', 'Иванов', 'الفارسي', 'כהן', 'Okafor', 'Patel', 'Tanaka', 'Rossi', 'Nguyen',
];
export const COMPANY_WORDS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne',
  'Soylent', 'Wonka', 'Nakatomi', 'Aperture', 'Oceanic', 'Blue Sun', 'Massive Dynamic', 'Virtucon', 'Gringotts',
  'Zürich Zahnräder', 'Café Olé', 'Ōsaka Shōji', '北极星', 'Nordlicht', 'Étoile',
];
export const COMPANY_SUFFIXES = ['Inc.', 'LLC', 'GmbH', 'Ltd', 'S.A.', 'AG', 'Co.', 'Group', 'Holdings', 'SARL', 'K.K.'];
export const CITIES = [
  'San Francisco', 'New York', 'Austin', 'Chicago', 'Seattle', 'Boston', 'Berlin', 'München', 'Paris', 'Lyon',
  'Madrid', 'Kraków', 'København', 'Zürich', 'São Paulo', 'Tokyo', '東京', 'Seoul', 'Tel Aviv', 'Dubai',
];
export const COUNTRIES = ['United States', 'Germany', 'France', 'Spain', 'Poland', 'Denmark', 'Switzerland', 'Brazil', 'Japan', 'Korea', 'Israel', 'UAE'];
export const STATES = ['CA', 'NY', 'TX', 'IL', 'WA', 'MA', 'BE', 'BY', 'IDF', 'MD'];
export const TITLES = ['CEO', 'CTO', 'VP Sales', 'Head of Marketing', 'Buyer', 'Office Manager', 'Engineer', 'Analyst', 'Procurement Lead'];
export const DEPARTMENTS = ['Sales', 'Marketing', 'Finance', 'Engineering', 'Operations', 'Purchasing', 'IT'];
export const LOREM = (
  'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo ' +
  'consequat duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur'
).split(' ');

/** ASCII form of a name for e-mail local parts ("Zoë" -> "zoe"; scripts with no Latin form -> "user"). */
const slugCache = new Map<string, string>();

export function asciiSlug(text: string): string {
  const cached = slugCache.get(text);
  if (cached !== undefined) return cached;
  const slug = slugOf(text);
  if (slugCache.size < 10_000) slugCache.set(text, slug);
  return slug;
}

function slugOf(text: string): string {
  const slug = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ø/gi, 'o').replace(/ł/gi, 'l')
    .toLowerCase().replace(/[^a-z0-9]+/g, '');
  return slug === '' ? 'user' : slug;
}

export function sentence(rng: Rng, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(pick(rng, LOREM));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** Multi-KB text with line breaks, for the textarea edge case. */
export function longText(rng: Rng, approxBytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < approxBytes) {
    const line = sentence(rng, intBetween(rng, 8, 20));
    lines.push(line);
    size += line.length + 1;
  }
  return lines.join('\n');
}

export interface GenEnv {
  seed: number;
  dcSalt: number;
  moduleSalt: number;
  userIds: readonly string[];
  /** Returns the id of a seeded record of `module` chosen by `rng`, or null when that module is empty. */
  lookupId(module: string, rng: Rng): string | null;
}

/** What a field generator sees: its own random stream and the seeded values of sibling fields. */
export class GenContext {
  constructor(
    readonly env: GenEnv,
    readonly seq: number,
    readonly rng: Rng,
    private readonly sibling: (apiName: string) => unknown,
  ) {}

  value(apiName: string): unknown {
    return this.sibling(apiName);
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  maybe<T>(pNull: number, make: () => T): T | null {
    return this.rng() < pNull ? null : make();
  }

  pick<T>(items: readonly T[]): T {
    return pick(this.rng, items);
  }

  int(min: number, max: number): number {
    return intBetween(this.rng, min, max);
  }

  money(min: number, max: number): number {
    return Math.round((min + this.rng() * (max - min)) * 100) / 100;
  }

  owner(): string {
    return this.pick(this.env.userIds);
  }

  lookup(module: string): string | null {
    return this.env.lookupId(module, this.rng);
  }

  pickMany(items: readonly string[], max: number): string[] {
    const n = this.int(0, max);
    const chosen = new Set<string>();
    for (let i = 0; i < n; i++) chosen.add(this.pick(items));
    return items.filter((item) => chosen.has(item));
  }
}

export function fieldRng(env: GenEnv, seq: number, fieldIndex: number): Rng {
  return mulberry32(mixHash(env.seed, env.dcSalt, env.moduleSalt, seq, fieldIndex));
}
