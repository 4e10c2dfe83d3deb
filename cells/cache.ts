/**
 * The parametric-cell cache: one frozen Cell per canonical parameter set, under a deterministic,
 * readable name.
 *
 * Contracts
 * - Same kind + same parameters (+ same technology content) -> the same Cell object, frozen.
 *   Different parameters -> a different name. The technology is identified by its content (layers the
 *   cell uses, rules, construction numbers), not by object identity, so two equal technologies share
 *   cells and two technologies that differ never do.
 * - Names: `KIND_<techTag>_<readable parts>[_<hash>]`, printable ASCII from [A-Za-z0-9_.-] only.
 *   techTag is the technology's name when its content equals the built-in preset of that name (with
 *   the same tier count), else `<name>.<hash of the content>`. A cell whose readable parts do not
 *   encode every parameter losslessly gets a short hash of the full canonical parameters appended.
 *   A process-wide registry maps every issued name to its canonical key and throws if two different
 *   keys ever produced one name (a 41-bit hash collision: a bug report, never a silent share).
 * - Canonical parameters: plain objects with sorted keys; numbers must be finite (lengths are
 *   integer dbu by the time they reach here); strings, booleans and arrays as given.
 * - The cache lives for the process. clearCellCache() empties it (tests, long-running servers); cells
 *   made afterwards are new objects under the same names, so never mix both in one Library.
 */
import { Cell, toUm, type Dbu } from '../src/core/index.ts';
import { preset, PRESET_NAMES, withTiers, type Technology } from '../src/tech/index.ts';

/** A canonical parameter value: what a cell function may key its cache on. */
export type ParamValue = number | string | boolean | null | readonly ParamValue[] | { readonly [k: string]: ParamValue };
export type CellParams = { readonly [k: string]: ParamValue };

/** How a cell is named and which technology content it depends on. */
export interface Naming {
  /** The technology the cell is drawn for (absent for technology-free cells such as text). */
  tech?: Technology;
  /** Layer names of `tech` the cell draws on: their GDS numbers enter the technology fingerprint. */
  layers?: readonly string[];
  /** Readable name parts after the kind and tech tag, e.g. ['c235', 'u215']; only [A-Za-z0-9.-]. */
  readable?: readonly string[];
  /** True when `readable` encodes every parameter losslessly (then no parameter hash is appended). */
  lossless?: boolean;
}

/** A cell's build step: draws into `cell` (already named); may return extra settings to store. */
export type Build = (cell: Cell) => Record<string, unknown> | void;

const cache = new Map<string, Cell>();
const nameRegistry = new Map<string, string>();

/** Deterministic JSON with sorted object keys; throws on values a cache key must not hold. */
export function canonicalJson(v: ParamValue | undefined, where = 'params'): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`internal: ${where} = ${v} cannot be part of a cell key`);
    return Object.is(v, -0) ? '0' : String(v);
  }
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x, i) => canonicalJson(x, `${where}[${i}]`)).join(',')}]`;
  const o = v as { readonly [k: string]: ParamValue };
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k], `${where}.${k}`)}`).join(',')}}`;
}

/**
 * A stable 53-bit string hash (cyrb53: two multiplicative 32-bit lanes), rendered in base 36 and cut
 * to `length` characters (8 chars = 41 bits). Pure JS so cells/ also runs in a browser.
 */
export function stableHash(s: string, length = 8): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const v = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return v.toString(36).padStart(11, '0').slice(-length);
}

/** Micrometres for a name part: integer dbu -> shortest exact decimal ('235', '7.5', '0.001'). */
export function umPart(d: Dbu): string {
  if (!Number.isInteger(d)) throw new Error(`internal: name part ${d} is not integer dbu`);
  const s = String(toUm(Math.abs(d)));
  return d < 0 ? `m${s}` : s;
}

const contentMemo = new WeakMap<Technology, Map<string, string>>();

/** The technology content a cell depends on, as canonical JSON (memoised: technologies are frozen). */
function techContent(tech: Technology, layers: readonly string[]): string {
  const key = layers.join('|');
  let m = contentMemo.get(tech);
  if (!m) contentMemo.set(tech, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = computeTechContent(tech, layers)));
  return v;
}

function computeTechContent(tech: Technology, layers: readonly string[]): string {
  const used = [...new Set(layers)].sort().map((n) => {
    const l = tech.layers[n];
    return l ? [n, l.layer, l.datatype] : [n, null];
  });
  return canonicalJson({
    name: tech.name,
    layers: used as ParamValue,
    rules: tech.rules as unknown as ParamValue,
    construction: tech.construction as unknown as ParamValue,
  });
}

const presetByKey = new Map<string, Technology | null>();

/** The built-in preset a technology would be if unmodified (same name and tier count), or null. */
function referencePreset(tech: Technology): Technology | null {
  const key = `${tech.name}#${tech.tierCount}`;
  let p = presetByKey.get(key);
  if (p === undefined) {
    p = PRESET_NAMES.includes(tech.name) ? preset(tech.name) : null;
    if (p && tech.tierCount > 0) p = tech.tierCount <= p.tiers.max ? withTiers(p, tech.tierCount) : null;
    presetByKey.set(key, p);
  }
  return p;
}

/** Readable tag of a technology in cell names: its name, plus a content hash unless it is a preset. */
export function techTag(tech: Technology, layers: readonly string[] = []): string {
  // '_' separates name parts, so it never appears inside one; the hash keeps such names apart.
  const readable = tech.name.replace(/_/g, '-');
  const ref = referencePreset(tech);
  if (ref === tech) return readable;
  const content = techContent(tech, layers);
  if (ref && techContent(ref, layers) === content) return readable;
  return `${readable}.${stableHash(content, 6)}`;
}

const NAME_PART = /^[A-Za-z0-9.-]+$/;
const KIND = /^[A-Z][A-Z0-9]*$/;

/**
 * The cached cell of `kind` for `params`, building it with `build` on first use. The cell's settings
 * become { kind, tech?, ...params, ...extra } (lengths in dbu, as passed).
 */
export function cached(kind: string, params: CellParams, build: Build, naming: Naming = {}): Cell {
  if (!KIND.test(kind)) throw new Error(`internal: cell kind '${kind}' must match ${KIND}`);
  const tech = naming.tech;
  const layers = naming.layers ?? [];
  const techJson = tech ? techContent(tech, layers) : '';
  const key = `${kind}|${techJson}|${canonicalJson(params)}`;
  const hit = cache.get(key);
  if (hit) return hit;

  const parts: string[] = [kind];
  if (tech) parts.push(techTag(tech, layers));
  for (const p of naming.readable ?? []) {
    if (!NAME_PART.test(p)) throw new Error(`internal: name part '${p}' of ${kind} must match ${NAME_PART}`);
    parts.push(p);
  }
  if (!naming.lossless) parts.push(stableHash(canonicalJson(params)));
  const name = parts.join('_');
  const owner = nameRegistry.get(name);
  if (owner !== undefined && owner !== key) {
    throw new Error(`internal: cell name '${name}' would be shared by two parameter sets (hash collision):\n${owner}\n${key}`);
  }

  const cell = new Cell(name);
  const extra = build(cell) ?? {};
  cell.settings = { kind, ...(tech ? { tech: tech.name } : {}), ...params, ...extra };
  cell.freeze();
  nameRegistry.set(name, key);
  cache.set(key, cell);
  return cell;
}

/** Number of cells in the cache. */
export function cellCacheSize(): number {
  return cache.size;
}

/** Empties the cache and the name registry (see the module contract before using it). */
export function clearCellCache(): void {
  cache.clear();
  nameRegistry.clear();
}
