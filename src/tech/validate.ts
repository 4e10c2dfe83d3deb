/**
 * Strict validation of untrusted input (tech files, design overrides): every problem is collected
 * with the key path it belongs to, and all of them are reported together in one TechError.
 * Lengths arrive in micrometres and leave as integer dbu (1 nm), converted once by core `um()`.
 */
import { InputError } from '../core/errors.ts';
import { um, type Dbu } from '../core/units.ts';

/** One problem: `path` is the dotted key path ('rules.pi1.minWidth', 'tiers.layers[2]'). */
export interface Issue {
  path: string;
  message: string;
}

/** Bad technology input: one InputError carrying every problem found (each 'where: path: message'). */
export class TechError extends InputError {
  /** The individual messages, in the order found. */
  readonly issues: readonly string[];
  constructor(issues: readonly string[]) {
    super('E_TECH', issues.length === 1 ? issues[0] : `${issues.length} problems:\n  ${issues.join('\n  ')}`);
    this.issues = issues;
  }
}

export class Issues {
  readonly list: Issue[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
}

/** Joins key paths: join('rules', 'pi1') = 'rules.pi1'; join('', 'x') = 'x'. */
export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** A short, unambiguous rendering of a bad value for messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'nothing';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    s = String(v);
  }
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      // A swap of neighbours ('RLD' for 'RDL') counts as one edit.
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest allowed word (for 'did you mean'), or undefined when nothing is close. */
export function closest(word: string, allowed: readonly string[]): string | undefined {
  // A key sharing a 4+ character stem with an allowed one ('spacing' for 'space') is the likely intent.
  const shared = (a: string) => {
    let i = 0;
    while (i < a.length && i < word.length && a[i].toLowerCase() === word[i].toLowerCase()) i++;
    return i;
  };
  const stem = [...allowed].sort((a, b) => shared(b) - shared(a))[0];
  if (stem !== undefined && shared(stem) >= 4) return stem;
  let best: string | undefined;
  let bestD = Infinity;
  for (const a of allowed) {
    const dist = editDistance(word, a);
    if (dist < bestD) {
      best = a;
      bestD = dist;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Expects an object; reports unknown keys by path with the allowed ones. Returns the object or undefined. */
export function expectObject(v: unknown, path: string, allowed: readonly string[] | null, issues: Issues, what = 'a mapping'): Record<string, unknown> | undefined {
  if (!isPlainObject(v)) {
    issues.add(path || '(top level)', `${show(v)} is not allowed (allowed: ${what}${allowed ? ` with keys ${allowed.join(', ')}` : ''})`);
    return undefined;
  }
  if (allowed) {
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        const hint = closest(k, allowed);
        issues.add(join(path, k), `unknown key (allowed: ${allowed.join(', ')}${hint ? `; did you mean '${hint}'?` : ''})`);
      }
    }
  }
  return v;
}

/** Largest length accepted anywhere in a technology: 300 mm (a whole wafer), in um. */
export const MAX_LENGTH_UM = 300_000;

/** A length in um -> dbu; > 0 (or >= 0 with allowZero), on the 1 nm grid, at most 300 mm. */
export function parseLength(v: unknown, path: string, issues: Issues, allowZero = false): Dbu | undefined {
  const allowed = `a number of micrometres ${allowZero ? '>= 0' : '> 0'} and <= ${MAX_LENGTH_UM}, on the 1 nm grid (0.001 um)`;
  if (typeof v !== 'number' || !Number.isFinite(v) || (allowZero ? v < 0 : v <= 0) || v > MAX_LENGTH_UM) {
    issues.add(path, `${show(v)} is not allowed (allowed: ${allowed})`);
    return undefined;
  }
  try {
    return um(v, path);
  } catch {
    issues.add(path, `${show(v)} um is not on the 1 nm grid (allowed: ${allowed})`);
    return undefined;
  }
}

/** An area in um^2 -> dbu^2 (nm^2); > 0, a whole number of nm^2, at most (300 mm)^2. */
export function parseArea(v: unknown, path: string, issues: Issues): number | undefined {
  const allowed = `a number of square micrometres > 0 and <= ${MAX_LENGTH_UM ** 2}, a whole number of nm^2 (0.000001 um^2)`;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_LENGTH_UM ** 2) {
    issues.add(path, `${show(v)} is not allowed (allowed: ${allowed})`);
    return undefined;
  }
  const nm2 = Math.round(v * 1e6);
  if (Math.abs(v * 1e6 - nm2) > 1e-6 * Math.max(1, nm2 / 1e6)) {
    issues.add(path, `${show(v)} um^2 is not a whole number of nm^2 (allowed: ${allowed})`);
    return undefined;
  }
  return nm2;
}

/** A ratio in (0, 1]. */
export function parseRatio(v: unknown, path: string, issues: Issues): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1) {
    issues.add(path, `${show(v)} is not allowed (allowed: a fraction > 0 and <= 1)`);
    return undefined;
  }
  return v;
}

export function parseBoolean(v: unknown, path: string, issues: Issues): boolean | undefined {
  if (typeof v !== 'boolean') {
    issues.add(path, `${show(v)} is not allowed (allowed: true or false)`);
    return undefined;
  }
  return v;
}

/** An integer in [min, max]. */
export function parseInteger(v: unknown, path: string, issues: Issues, min: number, max: number): number | undefined {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    issues.add(path, `${show(v)} is not allowed (allowed: an integer ${min}..${max})`);
    return undefined;
  }
  return v;
}

/** A die extent [a, b] in um -> [short, long] dbu (rules on die extents are orientation-free). */
export function parseExtent(v: unknown, path: string, issues: Issues): readonly [Dbu, Dbu] | undefined {
  if (!Array.isArray(v) || v.length !== 2) {
    issues.add(path, `${show(v)} is not allowed (allowed: [width, height], two lengths in micrometres)`);
    return undefined;
  }
  const a = parseLength(v[0], join(path, 0), issues);
  const b = parseLength(v[1], join(path, 1), issues);
  if (a === undefined || b === undefined) return undefined;
  return a <= b ? [a, b] : [b, a];
}

/** A non-empty single-line string, optionally matching a pattern (described by `allowed`). */
export function parseString(v: unknown, path: string, issues: Issues, pattern?: RegExp, allowed = 'a non-empty string'): string | undefined {
  if (typeof v !== 'string' || v.length === 0 || /[\r\n]/.test(v) || (pattern && !pattern.test(v))) {
    issues.add(path, `${show(v)} is not allowed (allowed: ${allowed})`);
    return undefined;
  }
  return v;
}
