/**
 * Design files (YAML or JSON, lengths in micrometres; schema in DESIGN.md): parsed, validated and
 * resolved into Design objects. Every problem names the file, the key path (e.g. die.bumps.pitch) or
 * the CSV line, the bad value and what is allowed; all problems are reported together in one
 * InputError; unknown keys are errors. Relative paths resolve from the design file's folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { InputError } from '../core/errors.ts';
import { layerStats } from '../core/hierarchy.ts';
import { flatLabels, flatPolygons } from '../core/hierarchy.ts';
import { boxOfCoords } from '../core/box.ts';
import { um, type Dbu } from '../core/units.ts';
import { readGdsFile } from '../io/gds/reader.ts';
import { applyOverrides, loadTech } from '../tech/index.ts';
import type { Technology } from '../tech/types.ts';
import { Issues, expectObject, isPlainObject, join, parseInteger, parseLength, show } from '../tech/index.ts';
import { parseCsv } from './csv.ts';
import type { BumpSite, Design, DieDef, MechDef, PadDef, PlatingDef, StackDef, StackTierDef, WaferDef } from './types.ts';
import { MATERIALS, MECH_DEFAULTS } from '../mech/index.ts';
import { withStackLayers } from '../tech/index.ts';

const TOP_KEYS = ['name', 'tech', 'die', 'wafer', 'plating', 'stack', 'mech', 'variants'] as const;
const STACK_KEYS = ['tiers', 'tsv', 'insulator', 'resin', 'heat'] as const;
const TIER_KEYS = ['pads', 'thickness'] as const;
const TSV_KEYS = ['diameter', 'landing', 'enclosure'] as const;
const MECH_KEYS = ['deltaT', 'substrate', 'board', 'boundary', 'polymer', 'resin'] as const;
/** Stack layer thickness defaults, um: mid-range of process document 000 (insulator 10-75, resin 50-90, heat 0.1-1). */
export const STACK_THICKNESS_DEFAULTS_UM = Object.freeze({ insulator: 25, resin: 70, heat: 0.5 });
const DIE_KEYS = ['size', 'pads', 'bumps', 'rdl', 'post'] as const;
const PAD_SOURCES = ['ring', 'file', 'list', 'gds'] as const;
const RING_KEYS = ['count', 'pitch', 'size', 'inset'] as const;
const BUMP_KEYS = ['pitch', 'array', 'depopulate', 'map', 'chain'] as const;
const WAFER_KEYS = ['diameter', 'edgeExclusion', 'street', 'saw', 'notch', 'flat', 'offset', 'reticle', 'partial'] as const;
const PLATING_KEYS = ['bus', 'tie', 'ring'] as const;
const NAME = /^[A-Za-z0-9_.-]+$/;
/** Net and pad names: what GDS text labels and CSV cells carry safely. */
const NET = /^[A-Za-z0-9_.:<>[\]/+-]+$/;
/** Largest wafer wlpgen draws (mm): 450 mm wafers exist; nothing larger fits int32 nm with margin. */
const MAX_WAFER_MM = 450;
/** Largest bump array side (sites). */
const MAX_ARRAY = 200;
/** Most pads on one die. */
const MAX_PADS = 20_000;
/** Stepper field limit (mm), for reticle shots. */
export const MAX_FIELD_MM: readonly [number, number] = [26, 33];

/** JEDEC ball-grid row letters: I, O, Q, S, X, Z are skipped to avoid confusion with digits. */
const ROW_LETTERS = 'ABCDEFGHJKLMNPRTUVWY';
export function rowName(row: number): string {
  // A..Y, then AA, AB, ... as JEDEC does for large arrays.
  let r = row;
  let s = ROW_LETTERS[r % ROW_LETTERS.length];
  r = Math.floor(r / ROW_LETTERS.length);
  while (r > 0) {
    s = ROW_LETTERS[(r - 1) % ROW_LETTERS.length] + s;
    r = Math.floor((r - 1) / ROW_LETTERS.length);
  }
  return s;
}

export function bumpName(col: number, row: number): string {
  return `${rowName(row)}${col + 1}`;
}

class Problems {
  readonly issues = new Issues();
  constructor(readonly where: string) {}
  add(p: string, message: string): void {
    this.issues.add(p, message);
  }
  lineIn(file: string, line: number, message: string): void {
    this.issues.add(`${file}:${line}`, message);
  }
  get empty(): boolean {
    return this.issues.empty;
  }
  throwIfAny(): void {
    if (this.issues.empty) return;
    const lines = this.issues.list.map((i) => `${this.where}: ${i.path}: ${i.message}`);
    throw new DesignError(lines);
  }
}

/** Bad design input: every problem, each 'file: key.path: message'. Maps to CLI exit code 2. */
export class DesignError extends InputError {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super('E_DESIGN', problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.problems = problems;
  }
}

/** Reads and parses a YAML or JSON design file into a plain object, with clear syntax errors. */
export function readDesignSource(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError('E_READ', `${file}: cannot read the design file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const docs = YAML.parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  if (docs.length !== 1) throw new DesignError([`${file}: expected exactly one YAML/JSON document, found ${docs.length}`]);
  const doc = docs[0];
  if (doc.errors.length) {
    throw new DesignError(doc.errors.map((e) => `${file}: line ${e.linePos?.[0].line ?? '?'}, column ${e.linePos?.[0].col ?? '?'}: ${e.message.split('\n')[0]}`));
  }
  return doc.toJS({ maxAliasCount: 100 });
}

/** Loads a design file: one Design, or one per variant when the file lists `variants`. */
export function loadDesign(file: string): Design[] {
  return parseDesign(readDesignSource(file), { file, baseDir: path.dirname(path.resolve(file)) });
}

/** Deep merge for variants: objects merge key by key, anything else replaces. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

/**
 * Validates a design object and resolves it. `file` names it in messages (default 'design');
 * `baseDir` resolves relative paths (default the working directory).
 */
export function parseDesign(obj: unknown, options: { file?: string; baseDir?: string } = {}): Design[] {
  const where = options.file ?? 'design';
  const baseDir = options.baseDir ?? process.cwd();
  const top = new Problems(where);
  const root = expectObject(obj, '', TOP_KEYS, top.issues, 'a mapping');
  if (!root) top.throwIfAny();
  const variants = root!.variants;
  if (variants === undefined) return [resolveOne(root!, where, baseDir, undefined, top)];
  if (!Array.isArray(variants) || variants.length === 0) {
    top.add('variants', `${show(variants)} is not allowed (allowed: a non-empty list of mappings, each with a name and the keys it changes)`);
    top.throwIfAny();
  }
  const { variants: _v, ...base } = root!;
  const out: Design[] = [];
  const seen = new Set<string>();
  const problems: string[] = top.issues.list.map((x) => `${where}: ${x.path}: ${x.message}`);
  (variants as unknown[]).forEach((v, i) => {
    const p = new Problems(where);
    const vo = expectObject(v, join('variants', i), [...TOP_KEYS.filter((k) => k !== 'variants')], p.issues, 'a mapping');
    if (vo && (typeof vo.name !== 'string' || !NAME.test(vo.name))) p.add(join(join('variants', i), 'name'), `${show(vo.name)} is not allowed (allowed: a variant name of letters, digits, '_', '.', '-')`);
    if (!p.empty) {
      problems.push(...p.issues.list.map((x) => `${where}: ${x.path}: ${x.message}`));
      return;
    }
    const suffix = vo!.name as string;
    if (seen.has(suffix)) {
      problems.push(`${where}: ${join(join('variants', i), 'name')}: "${suffix}" is used twice (variant names must be unique)`);
      return;
    }
    seen.add(suffix);
    const { name: _n, ...changes } = vo!;
    const merged = merge(base, changes) as Record<string, unknown>;
    merged.name = `${String(base.name ?? 'design')}-${suffix}`;
    try {
      out.push(resolveOne(merged, `${where} (variant ${suffix})`, baseDir, suffix));
    } catch (err) {
      if (err instanceof DesignError) problems.push(...err.problems);
      else if (err instanceof InputError) problems.push(err.message);
      else throw err;
    }
  });
  if (problems.length) throw new DesignError(problems);
  return out;
}

function resolveOne(root: Record<string, unknown>, where: string, baseDir: string, variant: string | undefined, earlier?: Problems): Design {
  const p = earlier ?? new Problems(where);
  const name = root.name;
  if (typeof name !== 'string' || !NAME.test(name)) p.add('name', `${show(name)} is not allowed (allowed: an output base name of letters, digits, '_', '.', '-')`);

  // Technology, with the die's overrides applied.
  let tech: Technology | undefined;
  const techSrc = root.tech ?? 'amkor-0.4';
  if (typeof techSrc !== 'string' && !isPlainObject(techSrc)) p.add('tech', `${show(techSrc)} is not allowed (allowed: a preset name or a tech file path)`);
  else {
    try {
      tech = loadTech(techSrc as string | object, baseDir);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      p.add('tech', err.message);
    }
  }
  const die = expectObject(root.die, 'die', DIE_KEYS, p.issues);
  if (tech && die) {
    const overrides: Record<string, unknown> = {};
    if (die.rdl !== undefined) overrides.rdl = die.rdl;
    if (die.post !== undefined) overrides.post = die.post;
    const bumps = isPlainObject(die.bumps) ? die.bumps : undefined;
    // The pitch goes to the technology (its pitch rules) only when it is a valid length; else parseBumps reports it.
    if (bumps && typeof bumps.pitch === 'number' && parseLength(bumps.pitch, 'die.bumps.pitch', new Issues()) !== undefined) overrides.bump = { pitch: bumps.pitch };
    try {
      tech = applyOverrides(tech, overrides, { where, path: 'die' });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      // TechError messages already carry 'where: path: message' lines.
      for (const line of err.message.split('\n').map((l) => l.trim()).filter((l) => l && !/^\d+ problems:$/.test(l))) {
        p.add(line.startsWith(`${where}: `) ? line.slice(where.length + 2).split(': ')[0] : 'die', line.startsWith(`${where}: `) ? line.slice(where.length + 2).split(': ').slice(1).join(': ') : line);
      }
      tech = undefined;
    }
  }
  const dieDef = die ? parseDie(die, p, baseDir, tech) : undefined;
  const wafer = root.wafer === undefined ? undefined : parseWafer(root.wafer, p, dieDef);
  const plating = root.plating === undefined ? undefined : parsePlating(root.plating, p, wafer);
  if (root.plating !== undefined && root.wafer === undefined) p.add('plating', 'a plating network needs a wafer (add a wafer: section)');
  const stack = root.stack === undefined ? undefined : parseStack(root.stack, p, baseDir, dieDef, tech);
  if (root.stack !== undefined && root.plating !== undefined) p.add('plating', 'a stacked package has no kerf plating network in wlpgen (allowed: leave plating out of a design with stack)');
  const mech = parseMech(root.mech, p);
  p.throwIfAny();
  // A stack's technology carries its tier layers (T1.PAD .. T<n>.TSV) and the RESIN and HEAT layers.
  if (stack) tech = withStackLayers(tech!, stack.tiers.length);
  return { name: name as string, file: where === 'design' ? undefined : where.replace(/ \(variant .*\)$/, ''), baseDir, tech: tech!, die: dieDef!, wafer, plating, ...(stack ? { stack } : {}), mech: mech!, source: root, variant };
}

function parsePair(v: unknown, at: string, p: Problems, what = '[width, height] in micrometres'): [Dbu, Dbu] | undefined {
  if (!Array.isArray(v) || v.length !== 2) {
    p.add(at, `${show(v)} is not allowed (allowed: ${what})`);
    return undefined;
  }
  const a = parseLength(v[0], join(at, 0), p.issues);
  const b = parseLength(v[1], join(at, 1), p.issues);
  return a === undefined || b === undefined ? undefined : [a, b];
}

function parseDie(die: Record<string, unknown>, p: Problems, baseDir: string, tech: Technology | undefined): DieDef | undefined {
  const size = parsePair(die.size, 'die.size', p);
  if (size && (size[0] > 30_000_000 || size[1] > 30_000_000)) p.add('die.size', `${show(die.size)} is not allowed (allowed: a die of at most 30 x 30 mm)`);
  const pads = size ? parsePads(die.pads, p, baseDir, size) : undefined;
  const bumps = size ? parseBumps(die.bumps, p, baseDir, size, tech) : undefined;
  let post: DieDef['post'];
  if (die.post !== undefined && tech) post = { diameter: tech.construction.post.diameter, height: tech.construction.post.height };
  if (!size || !pads || !bumps) return undefined;
  if (bumps.assignment === 'map') {
    const padNets = new Set(pads.list.map((x) => x.net));
    const bumpNets = new Set(bumps.sites.map((b) => b.net!));
    for (const n of bumpNets) if (!padNets.has(n)) p.add('die.bumps.map', `net "${n}" has a ball but no pad (allowed: nets of the pad list: ${[...padNets].slice(0, 8).join(', ')}${padNets.size > 8 ? ', ...' : ''})`);
    for (const n of padNets) if (!bumpNets.has(n)) p.add('die.bumps.map', `net "${n}" has a pad but no ball in the bump map`);
  }
  if (bumps.chain) checkDaisyLinks(pads.list, bumps, p);
  return { width: size[0], height: size[1], pads: pads.list, bumps: bumps.sites, pitch: bumps.pitch, array: bumps.array, assignment: bumps.assignment, post, padSource: pads.source, ...(bumps.chain ? { chain: bumps.chain } : {}) };
}

/**
 * A daisy chain needs every net to be one die-side link: exactly two balls (by the bump map, or with
 * automatic assignment two pads, since each pad gets its own ball) and every populated ball used.
 */
function checkDaisyLinks(pads: readonly PadDef[], bumps: { sites: readonly BumpSite[]; assignment: 'auto' | 'map' }, p: Problems): void {
  const count = new Map<string, number>();
  if (bumps.assignment === 'map') for (const b of bumps.sites) count.set(b.net!, (count.get(b.net!) ?? 0) + 1);
  else for (const pad of pads) count.set(pad.net, (count.get(pad.net) ?? 0) + 1);
  const bad = [...count].filter(([, n]) => n !== 2);
  if (bad.length) p.add('die.bumps.chain', `daisy needs every net to join exactly two balls; ${bad.slice(0, 6).map(([net, n]) => `${net} has ${n}`).join(', ')}${bad.length > 6 ? ', ...' : ''} (allowed: nets of exactly two ${bumps.assignment === 'map' ? 'balls in the bump map' : 'pads'})`);
  const used = bumps.assignment === 'map' ? bumps.sites.length : pads.length;
  if (bumps.assignment === 'auto' && used !== bumps.sites.length) p.add('die.bumps.chain', `daisy needs one pad per ball: ${pads.length} pads for ${bumps.sites.length} balls (allowed: equal counts, or depopulate the unused balls)`);
}

function checkNet(v: unknown, at: string, p: Problems): string | undefined {
  if (typeof v !== 'string' || !NET.test(v)) {
    p.add(at, `${show(v)} is not allowed (allowed: a name of letters, digits and _ . : < > [ ] / + -)`);
    return undefined;
  }
  return v;
}

/** Pads must lie inside the die (half sizes from the centre) and must not overlap. */
function checkPadsPlacement(list: PadDef[], size: [Dbu, Dbu], p: Problems, at: (i: number) => string): void {
  const [W, H] = size;
  list.forEach((pad, i) => {
    if (Math.abs(pad.x) + pad.w / 2 > W / 2 || Math.abs(pad.y) + pad.h / 2 > H / 2) {
      p.add(at(i), `pad "${pad.name}" at (${pad.x / 1000}, ${pad.y / 1000}) um, ${pad.w / 1000} x ${pad.h / 1000} um, lies outside the ${W / 1000} x ${H / 1000} um die (allowed: the whole pad inside the die, origin at the die centre)`);
    }
  });
  const names = new Map<string, number>();
  list.forEach((pad, i) => {
    if (names.has(pad.name)) p.add(at(i), `pad name "${pad.name}" is used twice (also ${at(names.get(pad.name)!)})`);
    else names.set(pad.name, i);
  });
  // Overlaps: sort by x and sweep.
  const order = list.map((_, i) => i).sort((a, b) => list[a].x - list[b].x);
  for (let a = 0; a < order.length; a++) {
    const A = list[order[a]];
    for (let b = a + 1; b < order.length; b++) {
      const B = list[order[b]];
      if (B.x - B.w / 2 >= A.x + A.w / 2 && B.x - A.x > (A.w + B.w) / 2) break;
      if (Math.abs(A.x - B.x) * 2 < A.w + B.w && Math.abs(A.y - B.y) * 2 < A.h + B.h) {
        p.add(at(order[b]), `pad "${B.name}" overlaps pad "${A.name}" (allowed: separate pads)`);
      }
    }
  }
}

function parsePads(v: unknown, p: Problems, baseDir: string, size: [Dbu, Dbu]): { list: PadDef[]; source: string } | undefined {
  const o = expectObject(v, 'die.pads', PAD_SOURCES, p.issues, 'a mapping with one of ring, file, list, gds');
  if (!o) return undefined;
  const given = PAD_SOURCES.filter((k) => o[k] !== undefined);
  if (given.length !== 1) {
    p.add('die.pads', `${given.length ? given.join(' and ') : 'no pad source'} given (allowed: exactly one of ring, file, list, gds)`);
    return undefined;
  }
  const before = p.issues.list.length;
  let list: PadDef[] = [];
  let source: string = given[0];
  let at: (i: number) => string = (i) => `die.pads[${i}]`;
  if (o.ring !== undefined) {
    list = ringPads(o.ring, p, size) ?? [];
    at = (i) => `die.pads.ring (pad ${i + 1})`;
  } else if (o.list !== undefined) {
    if (!Array.isArray(o.list) || o.list.length === 0) p.add('die.pads.list', `${show(o.list)} is not allowed (allowed: a non-empty list of {name, x, y, w?, h?, net?})`);
    else {
      (o.list as unknown[]).forEach((e, i) => {
        const k = `die.pads.list[${i}]`;
        const po = expectObject(e, k, ['name', 'x', 'y', 'w', 'h', 'net'], p.issues);
        if (!po) return;
        const nm = checkNet(po.name, join(k, 'name'), p);
        const x = parseSigned(po.x, join(k, 'x'), p);
        const y = parseSigned(po.y, join(k, 'y'), p);
        const w = po.w === undefined ? 60_000 : parseLength(po.w, join(k, 'w'), p.issues);
        const h = po.h === undefined ? w : parseLength(po.h, join(k, 'h'), p.issues);
        const net = po.net === undefined ? nm : checkNet(po.net, join(k, 'net'), p);
        if (nm && x !== undefined && y !== undefined && w && h && net) list.push({ name: nm, net, x, y, w, h });
      });
      at = (i) => `die.pads.list[${i}]`;
    }
  } else if (o.file !== undefined) {
    if (typeof o.file !== 'string' || !o.file) p.add('die.pads.file', `${show(o.file)} is not allowed (allowed: a CSV file path)`);
    else {
      const file = path.resolve(baseDir, o.file);
      source = o.file;
      const res = csvPads(file, o.file, p);
      list = res.pads;
      at = (i) => `${o.file}:${res.lines[i]}`;
    }
  } else if (o.gds !== undefined) {
    const g = expectObject(o.gds, 'die.pads.gds', ['file', 'layer', 'cell'], p.issues);
    if (g) {
      if (typeof g.file !== 'string' || !g.file) p.add('die.pads.gds.file', `${show(g.file)} is not allowed (allowed: a GDS file path)`);
      if (!Array.isArray(g.layer) || g.layer.length !== 2) p.add('die.pads.gds.layer', `${show(g.layer)} is not allowed (allowed: [layer, datatype])`);
      else {
        parseInteger(g.layer[0], 'die.pads.gds.layer[0]', p.issues, 0, 65535);
        parseInteger(g.layer[1], 'die.pads.gds.layer[1]', p.issues, 0, 65535);
      }
      if (p.issues.list.length === before && typeof g.file === 'string') {
        source = g.file;
        list = gdsPads(path.resolve(baseDir, g.file), g.file, [g.layer as number[]][0] as [number, number], g.cell as string | undefined, p, size);
      }
    }
  }
  if (p.issues.list.length !== before) return undefined;
  if (list.length === 0) {
    p.add('die.pads', 'no pads found (allowed: at least one pad)');
    return undefined;
  }
  if (list.length > MAX_PADS) p.add('die.pads', `${list.length} pads is not allowed (allowed: at most ${MAX_PADS})`);
  checkPadsPlacement(list, size, p, at);
  return p.issues.list.length === before ? { list, source } : undefined;
}

/** A signed coordinate in um -> dbu. */
function parseSigned(v: unknown, at: string, p: Problems): Dbu | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || Math.abs(v) > 300_000) {
    p.add(at, `${show(v)} is not allowed (allowed: a coordinate in micrometres within +-300000, origin at the die centre)`);
    return undefined;
  }
  try {
    return um(v, at);
  } catch {
    p.add(at, `${show(v)} um is not on the 1 nm grid (allowed: multiples of 0.001 um)`);
    return undefined;
  }
}

/**
 * A peripheral ring: `count` pads spread over the four sides (bottom, right, top, left, counter-
 * clockwise, the remainder on the first sides), `pitch` apart and centred on each side, their
 * centres `inset` from the die edge. Pads are named P1.. counter-clockwise from the bottom left.
 */
function ringPads(v: unknown, p: Problems, size: [Dbu, Dbu]): PadDef[] | undefined {
  const o = expectObject(v, 'die.pads.ring', RING_KEYS, p.issues);
  if (!o) return undefined;
  const count = parseInteger(o.count, 'die.pads.ring.count', p.issues, 4, MAX_PADS);
  const pitch = parseLength(o.pitch, 'die.pads.ring.pitch', p.issues);
  const pad = o.size === undefined ? ([60_000, 60_000] as [Dbu, Dbu]) : parsePair(o.size, 'die.pads.ring.size', p);
  const inset = parseLength(o.inset ?? 60, 'die.pads.ring.inset', p.issues);
  if (count === undefined || !pitch || !pad || !inset) return undefined;
  const [W, H] = size;
  const perSide = [0, 1, 2, 3].map((s) => Math.floor(count / 4) + (s < count % 4 ? 1 : 0));
  const pads: PadDef[] = [];
  const sideLength = [W, H, W, H];
  for (let s = 0; s < 4; s++) {
    const n = perSide[s];
    const span = (n - 1) * pitch;
    const room = sideLength[s] - 2 * inset - (s % 2 === 0 ? pad[0] : pad[1]);
    if (span > room) {
      p.add('die.pads.ring', `${n} pads at pitch ${pitch / 1000} um need ${span / 1000} um along a ${sideLength[s] / 1000} um side, more than the ${room / 1000} um between the corners (allowed: fewer pads, a smaller pitch or a larger die)`);
      return undefined;
    }
    for (let k = 0; k < n; k++) {
      const t = -span / 2 + k * pitch;
      let x: number;
      let y: number;
      if (s === 0) [x, y] = [t, -H / 2 + inset];
      else if (s === 1) [x, y] = [W / 2 - inset, t];
      else if (s === 2) [x, y] = [-t, H / 2 - inset];
      else [x, y] = [-W / 2 + inset, -t];
      const name = `P${pads.length + 1}`;
      // Pads on the left/right sides are turned: their width runs along the edge.
      const [w, h] = s % 2 === 0 ? pad : [pad[1], pad[0]];
      if (!Number.isInteger(x) || !Number.isInteger(y)) {
        p.add('die.pads.ring', `pad ${name} centre (${x / 1000}, ${y / 1000}) um falls off the 1 nm grid (allowed: an even pitch or die size)`);
        return undefined;
      }
      pads.push({ name, net: name, x, y, w, h });
    }
  }
  return pads;
}

/** Pads from a CSV file: name,x,y[,w,h][,net] with x,y the pad centre in um, origin at the die centre. */
function csvPads(file: string, shown: string, p: Problems): { pads: PadDef[]; lines: number[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    p.add('die.pads.file', `${show(shown)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    return { pads: [], lines: [] };
  }
  const rows = parseCsv(text, (line, msg) => p.lineIn(shown, line, msg));
  const pads: PadDef[] = [];
  const lines: number[] = [];
  rows.forEach((r, i) => {
    const c = r.cells;
    if (i === 0 && c.length >= 3 && !Number.isFinite(Number(c[1]))) return; // header row
    const bad = (msg: string) => p.lineIn(shown, r.line, msg);
    if (![3, 4, 5, 6].includes(c.length)) return bad(`${c.length} columns is not allowed (allowed: name,x,y[,w,h][,net])`);
    const [name, xs, ys] = c;
    if (!NET.test(name)) return bad(`pad name ${show(name)} is not allowed (allowed: letters, digits and _ . : < > [ ] / + -)`);
    const nums = [xs, ys, ...(c.length >= 5 ? [c[3], c[4]] : [])].map(Number);
    const labels = ['x', 'y', 'w', 'h'];
    for (let k = 0; k < nums.length; k++) {
      if (c[k + 1] === '' || !Number.isFinite(nums[k])) return bad(`${labels[k]} = ${show(c[k + 1])} is not a number (allowed: micrometres)`);
      if (k >= 2 && nums[k] <= 0) return bad(`${labels[k]} = ${c[k + 1]} is not allowed (allowed: a size > 0 um)`);
    }
    const net = c.length === 4 ? c[3] : c.length === 6 ? c[5] : name;
    if (!NET.test(net)) return bad(`net ${show(net)} is not allowed (allowed: letters, digits and _ . : < > [ ] / + -)`);
    if (c.length === 4 && Number.isFinite(Number(net))) return bad(`4 columns: the 4th must be a net name, got ${show(net)} (allowed: name,x,y[,w,h][,net])`);
    try {
      const x = um(nums[0], 'x');
      const y = um(nums[1], 'y');
      const w = nums.length > 2 ? um(nums[2], 'w') : 60_000;
      const h = nums.length > 3 ? um(nums[3], 'h') : w;
      pads.push({ name, net, x, y, w, h });
      lines.push(r.line);
    } catch (err) {
      bad((err as Error).message);
    }
  });
  return { pads, lines };
}

/** Pads from the polygons of one layer of an existing GDS (the chip's pad openings). */
function gdsPads(file: string, shown: string, layer: [number, number], cellName: string | undefined, p: Problems, size: [Dbu, Dbu]): PadDef[] {
  let lib;
  try {
    lib = readGdsFile(file).library;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    p.add('die.pads.gds.file', err.message);
    return [];
  }
  const tops = lib.topCells();
  const top = cellName ? lib.cell(cellName) : tops[0];
  if (!top) {
    p.add('die.pads.gds.cell', `${show(cellName ?? '')} is not a cell of ${shown} (allowed: ${lib.cells.map((c) => c.name).slice(0, 10).join(', ')})`);
    return [];
  }
  if (!cellName && tops.length !== 1) {
    p.add('die.pads.gds', `${shown} has ${tops.length} top cells (${tops.map((c) => c.name).join(', ')}); name one with cell:`);
    return [];
  }
  const key = layer[0] * 65536 + layer[1];
  if (!layerStats(top).some((s) => s.layer === layer[0] && s.datatype === layer[1] && s.polygons > 0)) {
    p.add('die.pads.gds.layer', `${shown} has no polygons on ${layer[0]}/${layer[1]} under cell ${top.name}`);
    return [];
  }
  // The chip's origin may be its corner: pads are re-centred on the bounding box of the pad layer's extent
  // only when they do not already fit around the origin.
  const labels = [...flatLabels(top)].filter((l) => l.label.layer === layer[0]);
  const raw: { x: number; y: number; w: number; h: number; name?: string }[] = [];
  for (const fp of flatPolygons(top, { layers: new Set([key]) })) {
    const b = boxOfCoords(fp.points)!;
    raw.push({ x: (b.x0 + b.x1) / 2, y: (b.y0 + b.y1) / 2, w: b.x1 - b.x0, h: b.y1 - b.y0 });
  }
  for (const l of labels) {
    const [lx, ly] = l.transform.apply(l.label.transform.x, l.label.transform.y);
    const hit = raw.find((r) => Math.abs(lx - r.x) <= r.w / 2 && Math.abs(ly - r.y) <= r.h / 2);
    if (hit && !hit.name) hit.name = l.label.text;
  }
  // Deterministic order: counter-clockwise by angle from the bottom, then distance.
  raw.sort((a, b) => Math.atan2(a.y, a.x) - Math.atan2(b.y, b.x) || a.x - b.x || a.y - b.y);
  return raw.map((r, i) => {
    const name = r.name && NET.test(r.name) ? r.name : `P${i + 1}`;
    return { name, net: name, x: Math.round(r.x), y: Math.round(r.y), w: r.w, h: r.h };
  }).filter(() => size[0] > 0);
}

function parseBumps(v: unknown, p: Problems, baseDir: string, size: [Dbu, Dbu], tech: Technology | undefined): { sites: BumpSite[]; pitch: Dbu; array: [number, number]; assignment: 'auto' | 'map'; chain?: 'daisy' } | undefined {
  const o = expectObject(v, 'die.bumps', BUMP_KEYS, p.issues, 'a mapping with pitch, array, depopulate, map, chain');
  if (!o) return undefined;
  const before = p.issues.list.length;
  const pitch = o.pitch === undefined ? tech?.construction.bump.pitch : parseLength(o.pitch, 'die.bumps.pitch', p.issues);
  if (o.array === undefined) p.add('die.bumps.array', 'nothing is not allowed (allowed: [columns, rows])');
  let array: [number, number] | undefined;
  if (Array.isArray(o.array) && o.array.length === 2) {
    const c = parseInteger(o.array[0], 'die.bumps.array[0]', p.issues, 1, MAX_ARRAY);
    const r = parseInteger(o.array[1], 'die.bumps.array[1]', p.issues, 1, MAX_ARRAY);
    if (c !== undefined && r !== undefined) array = [c, r];
  } else if (o.array !== undefined) p.add('die.bumps.array', `${show(o.array)} is not allowed (allowed: [columns, rows], integers 1..${MAX_ARRAY})`);
  if (!pitch || !array) return undefined;
  const [cols, rows] = array;
  // The array must fit inside the die with room for the seal-ring rules around the outer balls.
  const edge = tech?.construction.bump.minCentreToDieEdge ?? 0;
  for (const [n, dieSide, axis] of [[cols, size[0], 'width'], [rows, size[1], 'height']] as const) {
    const need = (n - 1) * pitch + 2 * edge;
    if (need > dieSide) {
      p.add('die.bumps.array', `${cols} x ${rows} balls at pitch ${pitch / 1000} um need a die ${axis} of ${need / 1000} um (${n - 1} pitches + 2 x ${edge / 1000} um from the outer ball centres to the die edge for the seal-ring rules), but the die is ${dieSide / 1000} um (allowed: fewer balls, or a larger die)`);
      return undefined;
    }
  }
  const depop = new Set<string>();
  if (o.depopulate !== undefined) {
    if (!Array.isArray(o.depopulate)) p.add('die.bumps.depopulate', `${show(o.depopulate)} is not allowed (allowed: a list of [column, row] sites, 0-based)`);
    else (o.depopulate as unknown[]).forEach((d, i) => {
      const at = `die.bumps.depopulate[${i}]`;
      if (!Array.isArray(d) || d.length !== 2) return p.add(at, `${show(d)} is not allowed (allowed: [column, row], 0-based)`);
      const c = parseInteger(d[0], join(at, 0), p.issues, 0, cols - 1);
      const r = parseInteger(d[1], join(at, 1), p.issues, 0, rows - 1);
      if (c !== undefined && r !== undefined) depop.add(`${c},${r}`);
    });
  }
  let sites: BumpSite[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (depop.has(`${c},${r}`)) continue;
      const x = (c - (cols - 1) / 2) * pitch;
      const y = (r - (rows - 1) / 2) * pitch;
      if (!Number.isInteger(x) || !Number.isInteger(y)) {
        p.add('die.bumps.pitch', `${pitch / 1000} um puts ball ${bumpName(c, r)} off the 1 nm grid for a ${cols} x ${rows} array centred on the die (allowed: an even number of nm)`);
        return undefined;
      }
      sites.push({ name: bumpName(c, r), col: c, row: r, x, y });
    }
  }
  if (sites.length === 0) p.add('die.bumps.depopulate', 'every ball is depopulated (allowed: at least one ball left)');
  let assignment: 'auto' | 'map' = 'auto';
  if (o.map !== undefined) {
    if (typeof o.map !== 'string' || !o.map) p.add('die.bumps.map', `${show(o.map)} is not allowed (allowed: a CSV file path with rows bump,net)`);
    else {
      const shown = o.map;
      let text = '';
      try {
        text = fs.readFileSync(path.resolve(baseDir, o.map), 'utf8');
      } catch (err) {
        p.add('die.bumps.map', `${show(shown)}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      const byName = new Map(sites.map((s) => [s.name, s]));
      const nets = new Map<string, string>();
      const rowsCsv = parseCsv(text, (line, msg) => p.lineIn(shown, line, msg));
      rowsCsv.forEach((r, i) => {
        const c = r.cells;
        if (i === 0 && c[0].toLowerCase() === 'bump') return;
        if (c.length !== 2) return p.lineIn(shown, r.line, `${c.length} columns is not allowed (allowed: bump,net)`);
        const [b, net] = c;
        if (!byName.has(b)) return p.lineIn(shown, r.line, `ball ${show(b)} is not a populated site of the ${cols} x ${rows} array (allowed: names like A1..${bumpName(cols - 1, rows - 1)}, rows from the bottom, I O Q S X Z skipped)`);
        if (!NET.test(net)) return p.lineIn(shown, r.line, `net ${show(net)} is not allowed (allowed: letters, digits and _ . : < > [ ] / + -)`);
        if (nets.has(b)) return p.lineIn(shown, r.line, `ball ${b} is mapped twice`);
        nets.set(b, net);
      });
      if (p.issues.list.length === before) {
        const missing = sites.filter((s) => !nets.has(s.name)).map((s) => s.name);
        if (missing.length) p.add('die.bumps.map', `${missing.length} populated balls have no net in ${shown} (${missing.slice(0, 6).join(', ')}${missing.length > 6 ? ', ...' : ''}); depopulate them or map them`);
        sites = sites.map((s) => ({ ...s, net: nets.get(s.name) }));
        assignment = 'map';
      }
    }
  }
  if (o.chain !== undefined && o.chain !== 'daisy') p.add('die.bumps.chain', `${show(o.chain)} is not allowed (allowed: daisy)`);
  return p.issues.list.length === before ? { sites, pitch, array, assignment, ...(o.chain === 'daisy' ? { chain: 'daisy' as const } : {}) } : undefined;
}

function parseMm(v: unknown, at: string, p: Problems, min: number, max: number, allowZero = false): number | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > max || (allowZero ? v < min : v <= min)) {
    p.add(at, `${show(v)} is not allowed (allowed: millimetres ${allowZero ? '>=' : '>'} ${min} and <= ${max})`);
    return undefined;
  }
  return v;
}

function parseWafer(v: unknown, p: Problems, die: DieDef | undefined): WaferDef | undefined {
  const o = expectObject(v, 'wafer', WAFER_KEYS, p.issues);
  if (!o) return undefined;
  const before = p.issues.list.length;
  const diameterMm = parseMm(o.diameter, 'wafer.diameter', p, 0, MAX_WAFER_MM);
  const edgeExclusionMm = parseMm(o.edgeExclusion ?? 3, 'wafer.edgeExclusion', p, 0, 50, true);
  const street = parseLength(o.street ?? 100, 'wafer.street', p.issues);
  const saw = parseLength(o.saw ?? 40, 'wafer.saw', p.issues);
  if (street && saw && saw >= street) p.add('wafer.saw', `${saw / 1000} um is not allowed (allowed: a blade cut narrower than the ${street / 1000} um street)`);
  let notch = true;
  let flatMm: number | undefined;
  if (o.notch !== undefined && typeof o.notch !== 'boolean') p.add('wafer.notch', `${show(o.notch)} is not allowed (allowed: true or false)`);
  else if (o.notch !== undefined) notch = o.notch as boolean;
  if (o.flat !== undefined) {
    const f = expectObject(o.flat, 'wafer.flat', ['length'], p.issues);
    if (f) flatMm = parseMm(f.length, 'wafer.flat.length', p, 0, diameterMm ?? MAX_WAFER_MM);
    if (o.notch === true) p.add('wafer.flat', 'a wafer has a notch or a flat, not both (allowed: notch: true, or flat: {length})');
    notch = false;
  }
  let offset: WaferDef['offset'] = 'auto';
  if (o.offset !== undefined) {
    if (o.offset === 'auto' || o.offset === 'symmetric' || o.offset === 'centered') offset = o.offset;
    else if (Array.isArray(o.offset) && o.offset.length === 2) {
      const dx = parseSigned(o.offset[0], 'wafer.offset[0]', p);
      const dy = parseSigned(o.offset[1], 'wafer.offset[1]', p);
      if (dx !== undefined && dy !== undefined) offset = [dx, dy];
    } else p.add('wafer.offset', `${show(o.offset)} is not allowed (allowed: auto (most whole dies), symmetric (most whole dies in a map mirror-symmetric about the notch axis), centered, or [dx, dy] in micrometres: the centre of a die)`);
  }
  let reticle: [number, number] | undefined;
  if (o.reticle !== undefined) {
    const r = expectObject(o.reticle, 'wafer.reticle', ['dies'], p.issues);
    if (r && Array.isArray(r.dies) && r.dies.length === 2) {
      const c = parseInteger(r.dies[0], 'wafer.reticle.dies[0]', p.issues, 1, 100);
      const rr = parseInteger(r.dies[1], 'wafer.reticle.dies[1]', p.issues, 1, 100);
      if (c && rr) {
        reticle = [c, rr];
        if (die && street) {
          const fw = (c * (die.width + street)) / 1e6;
          const fh = (rr * (die.height + street)) / 1e6;
          if (fw > MAX_FIELD_MM[0] || fh > MAX_FIELD_MM[1]) p.add('wafer.reticle.dies', `${c} x ${rr} dies make a ${fw.toFixed(2)} x ${fh.toFixed(2)} mm field (allowed: at most ${MAX_FIELD_MM[0]} x ${MAX_FIELD_MM[1]} mm)`);
        }
      }
    } else if (r) p.add('wafer.reticle.dies', `${show(r.dies)} is not allowed (allowed: [columns, rows] of dies per shot)`);
  }
  const partial = o.partial ?? 'skip';
  if (partial !== 'skip' && partial !== 'dummy') p.add('wafer.partial', `${show(partial)} is not allowed (allowed: skip or dummy)`);
  if (diameterMm && die) {
    const usable = diameterMm - 2 * (edgeExclusionMm ?? 0);
    if (die.width / 1e6 > usable || die.height / 1e6 > usable) p.add('wafer.diameter', `${diameterMm} mm leaves no room for a ${die.width / 1000} x ${die.height / 1000} um die inside the edge exclusion`);
  }
  if (p.issues.list.length !== before) return undefined;
  return { diameterMm: diameterMm!, edgeExclusionMm: edgeExclusionMm!, street: street!, saw: saw!, notch, flatMm, offset, reticle, partial: partial as 'skip' | 'dummy' };
}

function parsePlating(v: unknown, p: Problems, wafer: WaferDef | undefined): PlatingDef | undefined {
  const o = expectObject(v, 'plating', PLATING_KEYS, p.issues);
  if (!o) return undefined;
  const before = p.issues.list.length;
  const width = (k: string, dflt: number) => {
    if (o[k] === undefined) return um(dflt);
    const w = expectObject(o[k], `plating.${k}`, ['width'], p.issues);
    return w ? parseLength(w.width, `plating.${k}.width`, p.issues) : undefined;
  };
  const bus = width('bus', 30);
  const tie = width('tie', 10);
  const ring = width('ring', 2000);
  if (bus && wafer && bus >= wafer.saw) p.add('plating.bus.width', `${bus / 1000} um is not allowed (allowed: narrower than the ${wafer.saw / 1000} um saw cut, so the saw removes the whole bus)`);
  if (p.issues.list.length !== before) return undefined;
  return { bus: bus!, tie: tie!, ring: ring! };
}

/**
 * The `stack` key: tiers bottom up (2 to tech.tiers.max), each { pads?, thickness? } (pads in any form
 * die.pads takes; default die.pads); tsv { diameter, landing, enclosure } (defaults: the technology's
 * TSV construction and rdl.enclosesTsv; the enclosure may not be below that rule, the landing must
 * hold the hole with it); insulator / resin / heat { thickness } (um, defaults
 * STACK_THICKNESS_DEFAULTS_UM; outside process document 000's ranges they are warnings, not errors).
 */
function parseStack(v: unknown, p: Problems, baseDir: string, die: DieDef | undefined, tech: Technology | undefined): StackDef | undefined {
  const o = expectObject(v, 'stack', STACK_KEYS, p.issues);
  if (!o) return undefined;
  const before = p.issues.list.length;
  const max = tech?.tiers.max ?? 8;
  const tiers: StackTierDef[] = [];
  if (!Array.isArray(o.tiers) || o.tiers.length < 2 || o.tiers.length > max) {
    p.add('stack.tiers', `${show(o.tiers)} is not allowed (allowed: a list of 2..${max} tiers, bottom first, each a mapping with optional pads and thickness)`);
  } else {
    (o.tiers as unknown[]).forEach((e, i) => {
      const at = `stack.tiers[${i}]`;
      const t = expectObject(e, at, TIER_KEYS, p.issues);
      if (!t || !die) return;
      let pads = die.pads;
      let padSource = die.padSource;
      if (t.pads !== undefined) {
        // The die.pads parser, its key paths moved under this tier.
        const own = new Problems(p.where);
        const res = parsePads(t.pads, own, baseDir, [die.width, die.height]);
        for (const x of own.issues.list) p.add(x.path.replace(/^die\.pads/, `${at}.pads`), x.message);
        if (!res) return;
        pads = res.list;
        padSource = res.source;
      }
      const thickness = t.thickness === undefined ? undefined : parseLength(t.thickness, join(at, 'thickness'), p.issues);
      tiers.push({ tier: i + 1, pads, padSource, ...(thickness !== undefined ? { thickness } : {}) });
    });
  }
  const thick = (key: 'insulator' | 'resin' | 'heat'): Dbu | undefined => {
    const t = o[key] === undefined ? {} : expectObject(o[key], `stack.${key}`, ['thickness'], p.issues);
    if (!t) return undefined;
    return parseLength(t.thickness ?? STACK_THICKNESS_DEFAULTS_UM[key], `stack.${key}.thickness`, p.issues);
  };
  const insulator = thick('insulator');
  const resin = thick('resin');
  const heat = thick('heat');
  let tsv: StackDef['tsv'] | undefined;
  const to = o.tsv === undefined ? {} : expectObject(o.tsv, 'stack.tsv', TSV_KEYS, p.issues);
  if (to && tech) {
    const rule = tech.rules.rdl.enclosesTsv;
    const diameter = to.diameter === undefined ? tech.construction.tsv.diameter : parseLength(to.diameter, 'stack.tsv.diameter', p.issues);
    const enclosure = to.enclosure === undefined ? rule : parseLength(to.enclosure, 'stack.tsv.enclosure', p.issues, true);
    if (diameter !== undefined && diameter < tech.rules.tsv.minWidth) p.add('stack.tsv.diameter', `${diameter / 1000} um is below rule tsv.minWidth = ${tech.rules.tsv.minWidth / 1000} um`);
    if (enclosure !== undefined && enclosure < rule) p.add('stack.tsv.enclosure', `${enclosure / 1000} um is below rule rdl.enclosesTsv = ${rule / 1000} um (allowed: at least the rule)`);
    if (diameter !== undefined && enclosure !== undefined) {
      const need = diameter + 2 * enclosure;
      const landing = to.landing === undefined ? Math.max(tech.construction.tsv.landing, need + (need % 2)) : parseLength(to.landing, 'stack.tsv.landing', p.issues);
      if (landing !== undefined && landing < need) p.add('stack.tsv.landing', `${landing / 1000} um cannot hold a ${diameter / 1000} um TSV with ${enclosure / 1000} um enclosure (allowed: at least ${need / 1000} um)`);
      for (const [k, val] of [['diameter', diameter], ['landing', landing]] as const) {
        if (val !== undefined && val % 2 !== 0) p.add(`stack.tsv.${k}`, `${val / 1000} um is not allowed (allowed: an even number of nm, so the polygon centred on a site has its edges on the grid)`);
      }
      if (landing !== undefined) tsv = { diameter, landing, enclosure };
    }
  }
  if (p.issues.list.length !== before || !tsv || insulator === undefined || resin === undefined || heat === undefined) return undefined;
  return { tiers, tsv, insulator, resin, heat };
}

/** The `mech` key (report.mech inputs), defaults MECH_DEFAULTS: deltaT 100 K, substrate si, board fr4, cantilever. */
function parseMech(v: unknown, p: Problems): MechDef | undefined {
  const o = v === undefined ? {} : expectObject(v, 'mech', MECH_KEYS, p.issues);
  if (!o) return undefined;
  const before = p.issues.list.length;
  const deltaT = o.deltaT ?? MECH_DEFAULTS.deltaTK;
  if (typeof deltaT !== 'number' || !Number.isFinite(deltaT) || deltaT <= 0 || deltaT > 1000) p.add('mech.deltaT', `${show(deltaT)} is not allowed (allowed: a temperature excursion in kelvin, > 0 and <= 1000)`);
  const names = Object.keys(MATERIALS);
  for (const k of ['substrate', 'board'] as const) {
    if (o[k] !== undefined && (typeof o[k] !== 'string' || !names.includes(o[k] as string))) p.add(`mech.${k}`, `${show(o[k])} is not allowed (allowed: ${names.join(', ')})`);
  }
  const boundary = o.boundary ?? MECH_DEFAULTS.boundary;
  if (boundary !== 'cantilever' && boundary !== 'fixed-guided') p.add('mech.boundary', `${show(boundary)} is not allowed (allowed: cantilever or fixed-guided)`);
  const polymer = o.polymer === undefined ? undefined : parseLength(o.polymer, 'mech.polymer', p.issues);
  const resin = o.resin === undefined ? undefined : parseLength(o.resin, 'mech.resin', p.issues);
  if (p.issues.list.length !== before) return undefined;
  return {
    deltaTK: deltaT as number,
    substrate: (o.substrate as string | undefined) ?? MECH_DEFAULTS.substrate,
    board: (o.board as string | undefined) ?? MECH_DEFAULTS.board,
    boundary: boundary as MechDef['boundary'],
    ...(polymer !== undefined ? { polymerUm: polymer / 1000 } : {}),
    ...(resin !== undefined ? { resinTotalUm: resin / 1000 } : {}),
  };
}
