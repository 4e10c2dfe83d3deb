/**
 * Tech files and design-level overrides.
 *
 * A tech file (YAML or JSON; lengths in micrometres, areas in um^2):
 * ```yaml
 * name: my-flow                # [A-Za-z0-9_.-]+, required
 * description: ...             # optional
 * extends: amkor-0.4           # optional: a preset name or a path (relative to this file)
 * layers:                      # partial entries change a base or known layer; RDL2: {} adds a known
 *   RDL: { layer: 21 }         #   optional layer; a new layer needs layer, datatype, color, fill, purpose;
 *   HEAT: { layer: 95, datatype: 0, color: '#ff8800', fill: hatch, purpose: drawing }
 *   VIA2: null                 #   null removes an optional or custom layer
 * rules:                       # rule ids as in RULE_FIELDS: group.key
 *   rdl: { minWidth: 12 }      #   a vendor's published rule may only be tightened
 * construction:                # the sizes generators draw with (see CONSTRUCTION_KEYS)
 *   rdl: { width: 20, space: 20 }
 * tiers: { stride: 100, max: 8, layers: [PAD, PI1, RDL, PI2, TSV] }
 * ```
 * Without `extends` the file must define every required layer and rule. Unknown keys are errors;
 * every problem of a file is reported together in one TechError ('file:line: key.path: message').
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML, { LineCounter, isNode, type Document } from 'yaml';
import { InputError } from '../core/errors.ts';
import { LAYER_MAX } from '../core/layer.ts';
import { toUm } from '../core/units.ts';
import { EVEN_KEYS } from './construction.ts';
import { DEFAULT_LAYERS, DEFAULT_TIER_SCHEME, LAYER_NAME, OPTIONAL_LAYERS, REQUIRED_LAYERS, parseTierLayerName } from './layers.ts';
import { PRESET_NAMES, preset } from './presets.ts';
import { RULE_FIELDS, RULE_GROUPS, getRule, setRule, type RuleField, type RuleValue, type RulesDraft } from './rules.ts';
import { TECH_NAME, isTechnology, specOf, tryBuildTechnology, type TechSpec } from './technology.ts';
import { FILL_HINTS, type ConstructionInput, type FillHint, type LayerPurpose, type RuleId, type RuleSource, type TechLayer, type TechRules, type Technology, type TierScheme } from './types.ts';
import {
  Issues,
  TechError,
  closest,
  expectObject,
  join,
  parseArea,
  parseBoolean,
  parseExtent,
  parseInteger,
  parseLength,
  parseRatio,
  parseString,
  show,
  type Issue,
} from './validate.ts';

const TOP_KEYS = ['name', 'description', 'extends', 'layers', 'rules', 'construction', 'tiers'] as const;
const LAYER_KEYS = ['layer', 'datatype', 'color', 'fill', 'purpose', 'description'] as const;
const TIER_KEYS = ['stride', 'max', 'layers'] as const;
const PURPOSES: readonly LayerPurpose[] = ['drawing', 'documentation'];
const COLOR = /^#[0-9a-fA-F]{6}$/;
/** Tech files may extend each other; a longer chain is almost certainly a mistake (or a cycle). */
const MAX_EXTENDS_DEPTH = 8;

/**
 * Keys of the construction section and of design overrides, with their value types: 'width' is a
 * length that must be an even number of nm (centred shapes), 'length' any length > 0, 'lengthOrZero'.
 */
export const CONSTRUCTION_KEYS: Readonly<Record<string, Readonly<Record<string, 'width' | 'length' | 'lengthOrZero' | 'boolean' | 'ratio'>>>> = Object.freeze({
  rdl: { width: 'width', space: 'length' },
  pi2: { diameter: 'width' },
  ubm: { diameter: 'width' },
  capture: { diameter: 'width' },
  bump: { diameter: 'width', pitch: 'length' },
  teardrop: { enabled: 'boolean', widthFraction: 'ratio' },
  post: { diameter: 'width', height: 'length' },
  tsv: { diameter: 'width' },
  via2: { diameter: 'width' },
  seal: { width: 'width', inset: 'lengthOrZero' },
});

/**
 * Parses construction choices (um) into dbu, collecting issues under `base` ('construction', or a
 * design's 'die'). Returns the input and the set of keys given ('rdl.width', ...).
 */
export function parseConstructionInput(v: unknown, base: string, issues: Issues): { input: ConstructionInput; keys: Set<string> } {
  const input: Record<string, Record<string, number | boolean>> = {};
  const keys = new Set<string>();
  const obj = expectObject(v, base, Object.keys(CONSTRUCTION_KEYS), issues);
  if (!obj) return { input: {}, keys };
  for (const [group, gv] of Object.entries(obj)) {
    const spec = CONSTRUCTION_KEYS[group];
    if (!spec) continue;
    const gp = join(base, group);
    const g = expectObject(gv, gp, Object.keys(spec), issues);
    if (!g) continue;
    for (const [k, val] of Object.entries(g)) {
      const type = spec[k];
      if (!type) continue;
      const p = join(gp, k);
      let out: number | boolean | undefined;
      if (type === 'boolean') out = parseBoolean(val, p, issues);
      else if (type === 'ratio') out = parseRatio(val, p, issues);
      else out = parseLength(val, p, issues, type === 'lengthOrZero');
      if (out === undefined) continue;
      if (type === 'width' && EVEN_KEYS.has(`${group}.${k}`) && (out as number) % 2 !== 0) {
        issues.add(p, `${show(val)} is not allowed (allowed: a multiple of 0.002 um, so a shape centred on the grid has its edges on the 1 nm grid)`);
        continue;
      }
      (input[group] ??= {})[k] = out;
      keys.add(`${group}.${k}`);
    }
  }
  return { input: input as ConstructionInput, keys };
}

function mergeInput(base: ConstructionInput, over: ConstructionInput): ConstructionInput {
  const out = structuredClone(base) as Record<string, Record<string, unknown>>;
  for (const [g, vals] of Object.entries(over as Record<string, Record<string, unknown>>)) out[g] = { ...(out[g] ?? {}), ...vals };
  return out as ConstructionInput;
}

/** Whether `next` is looser than `prev` for this rule (see RuleField.tighter). */
function relaxes(f: RuleField, prev: RuleValue, next: RuleValue): boolean {
  const a = Array.isArray(prev) ? (prev as number[]) : [Number(prev)];
  const b = Array.isArray(next) ? (next as number[]) : [Number(next)];
  return a.some((x, i) => (f.tighter === 'larger' ? b[i] < x : f.tighter === 'smaller' ? b[i] > x : b[i] !== x));
}

function showRule(f: RuleField, v: RuleValue): string {
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${(v as number[]).map(toUm).join(', ')}] um`;
  if (f.type === 'area') return `${(v as number) / 1e6} um^2`;
  if (f.type === 'ratio') return String(v);
  return `${toUm(v as number)} um`;
}

function parseRuleValue(f: RuleField, v: unknown, p: string, issues: Issues): RuleValue | undefined {
  switch (f.type) {
    case 'length':
      return parseLength(v, p, issues);
    case 'lengthOrZero':
      return parseLength(v, p, issues, true);
    case 'area':
      return parseArea(v, p, issues);
    case 'ratio':
      return parseRatio(v, p, issues);
    case 'extent':
      return parseExtent(v, p, issues);
    case 'boolean':
      return parseBoolean(v, p, issues);
  }
}

interface LoadContext {
  /** Label for messages: a file path or 'tech object'. */
  where: string;
  /** Directory `extends` paths are resolved against. */
  baseDir: string;
  /** Resolved files on the current extends chain (cycle detection). */
  chain: readonly string[];
}

/** Parses one tech definition (already decoded from YAML/JSON) into a spec; issues carry key paths. */
function specFromObject(obj: unknown, ctx: LoadContext, issues: Issues): TechSpec | undefined {
  const top = expectObject(obj, '', TOP_KEYS, issues, 'a tech definition mapping');
  if (!top) return undefined;

  // --- base technology ---
  let base: Technology | undefined;
  if (top.extends !== undefined) {
    const ext = parseString(top.extends, 'extends', issues, undefined, `a preset name (${PRESET_NAMES.join(', ')}) or a path to a tech file`);
    if (ext !== undefined) base = resolveTech(ext, { ...ctx }, 'extends');
  }
  const name = top.name === undefined ? (issues.add('name', 'required key is missing (allowed: letters, digits, _ . -)'), undefined) : parseString(top.name, 'name', issues, TECH_NAME, 'letters, digits, _ . -');
  const description = top.description === undefined ? (base ? `${base.description}, modified by ${path.basename(ctx.where)}` : '') : parseString(top.description, 'description', issues);

  if (top.extends === undefined && (top.layers === undefined || top.rules === undefined)) {
    issues.add('extends', `missing: without extends a tech definition must give every layer and rule (to start from a preset, add extends: one of ${PRESET_NAMES.join(', ')})`);
  }
  const spec: TechSpec = base
    ? specOf(base)
    : { name: '', description: '', lineage: [], layers: [], rules: {}, sources: {}, constructionInput: {}, tiers: DEFAULT_TIER_SCHEME, tierCount: 0 };
  spec.name = name ?? 'invalid';
  spec.description = description ?? '';
  spec.lineage = [...spec.lineage, ctx.where];
  spec.tierCount = 0;

  // --- layers ---
  if (top.layers !== undefined) {
    const layersObj = expectObject(top.layers, 'layers', null, issues, 'a mapping of layer name to { layer, datatype, color, fill, purpose, description }');
    if (layersObj) {
      const layers = new Map(spec.layers.map((l) => [l.name, { ...l }]));
      for (const [lname, lv] of Object.entries(layersObj)) {
        const p = join('layers', lname);
        if (!LAYER_NAME.test(lname) || parseTierLayerName(lname)) {
          const hint = closest(lname, [...REQUIRED_LAYERS, ...OPTIONAL_LAYERS]);
          issues.add(p, `layer name is not allowed (allowed: an upper-case word [A-Z][A-Z0-9_]*; tier layers T<n>.NAME come from the tiers section${hint ? `; did you mean '${hint}'?` : ''})`);
          continue;
        }
        if (lv === null) {
          if ((REQUIRED_LAYERS as readonly string[]).includes(lname)) issues.add(p, `required layer cannot be removed (required: ${REQUIRED_LAYERS.join(', ')})`);
          else if (!layers.has(lname)) issues.add(p, 'cannot remove a layer the base technology does not have');
          else layers.delete(lname);
          continue;
        }
        const entry = expectObject(lv, p, LAYER_KEYS, issues, 'a layer mapping');
        if (!entry) continue;
        const known = layers.get(lname) ?? (DEFAULT_LAYERS[lname] ? { name: lname, ...DEFAULT_LAYERS[lname] } : undefined);
        if (!known) {
          const missing = (['layer', 'datatype', 'color', 'fill', 'purpose'] as const).filter((k) => entry[k] === undefined);
          if (missing.length) {
            const hint = closest(lname, [...layers.keys(), ...Object.keys(DEFAULT_LAYERS)]);
            issues.add(p, `a new layer needs ${missing.join(', ')}${hint ? ` (or did you mean '${hint}'?)` : ''}`);
            continue;
          }
        }
        const l: { -readonly [K in keyof TechLayer]?: TechLayer[K] } & { name: string } = { ...(known ?? { description: '' }), name: lname };
        for (const k of ['layer', 'datatype'] as const) {
          if (entry[k] !== undefined) {
            const n = parseInteger(entry[k], join(p, k), issues, 0, LAYER_MAX);
            if (n !== undefined) l[k] = n;
          }
        }
        if (entry.color !== undefined) {
          const c = parseString(entry.color, join(p, 'color'), issues, COLOR, "a colour '#rrggbb'");
          if (c !== undefined) l.color = c.toLowerCase();
        }
        if (entry.fill !== undefined) {
          const f = parseString(entry.fill, join(p, 'fill'), issues, undefined, FILL_HINTS.join(', '));
          if (f !== undefined && !(FILL_HINTS as readonly string[]).includes(f)) issues.add(join(p, 'fill'), `${show(f)} is not allowed (allowed: ${FILL_HINTS.join(', ')})`);
          else if (f !== undefined) l.fill = f as FillHint;
        }
        if (entry.purpose !== undefined) {
          const pu = parseString(entry.purpose, join(p, 'purpose'), issues, undefined, PURPOSES.join(', '));
          if (pu !== undefined && !(PURPOSES as readonly string[]).includes(pu)) issues.add(join(p, 'purpose'), `${show(pu)} is not allowed (allowed: ${PURPOSES.join(', ')})`);
          else if (pu !== undefined) l.purpose = pu as LayerPurpose;
        }
        if (entry.description !== undefined) {
          const d = parseString(entry.description, join(p, 'description'), issues);
          if (d !== undefined) l.description = d;
        }
        if (l.layer !== undefined && l.datatype !== undefined && l.color && l.fill && l.purpose) layers.set(lname, l as TechLayer);
      }
      spec.layers = [...layers.values()];
    }
  }

  // --- rules ---
  const rules: RulesDraft = structuredClone(spec.rules);
  const sources: Record<RuleId, RuleSource> = { ...spec.sources };
  if (top.rules !== undefined) {
    const rulesObj = expectObject(top.rules, 'rules', RULE_GROUPS, issues, 'a mapping of rule groups');
    if (rulesObj) {
      for (const [group, gv] of Object.entries(rulesObj)) {
        if (!RULE_GROUPS.includes(group)) continue;
        const fields = RULE_FIELDS.filter((f) => f.id.startsWith(`${group}.`));
        const keys = fields.map((f) => f.id.slice(group.length + 1));
        // `group: null` removes every rule of the group (each removal checked as if given alone).
        const groupValue = gv === null ? Object.fromEntries(keys.filter((k) => getRule(rules as unknown as TechRules, `${group}.${k}`) !== undefined).map((k) => [k, null])) : gv;
        const g = expectObject(groupValue, join('rules', group), keys, issues, `a mapping of ${group} rules`);
        if (!g) continue;
        for (const [k, v] of Object.entries(g)) {
          const f = fields.find((x) => x.id === `${group}.${k}`);
          if (!f) continue;
          const p = join('rules', f.id);
          const prev = getRule(rules as unknown as TechRules, f.id);
          const prevSrc = sources[f.id];
          if (v === null) {
            if (f.presence === 'required') issues.add(p, `a required rule cannot be removed: ${f.description}`);
            else if (prevSrc?.published || prevSrc?.tightens) issues.add(p, `cannot remove the published rule ${f.id} (${prevSrc.published ? prevSrc.text : prevSrc.tightens!.text})`);
            else {
              setRule(rules, f.id, undefined);
              delete sources[f.id];
            }
            continue;
          }
          const value = parseRuleValue(f, v, p, issues);
          if (value === undefined) continue;
          // The published value this rule may not go below: the base's own, or the one a base file tightened.
          const floor = prev !== undefined && prevSrc?.published ? { text: prevSrc.text, value: prev } : prevSrc?.tightens;
          if (floor && relaxes(f, floor.value, value)) {
            issues.add(
              p,
              `${showRule(f, value)} relaxes the published rule ${f.id} = ${showRule(f, floor.value)} (${floor.text}); a tech file may only tighten a vendor's rules (for a different rule set, extend 'generic' or define every rule without extends)`,
            );
            continue;
          }
          setRule(rules, f.id, value);
          sources[f.id] = { text: `${path.basename(ctx.where)} rules.${f.id}`, published: false, ...(floor ? { tightens: floor } : {}) };
        }
      }
    }
  }
  spec.rules = rules;
  spec.sources = sources;

  // --- construction ---
  let explicit = new Set<string>();
  if (top.construction !== undefined) {
    const { input, keys } = parseConstructionInput(top.construction, 'construction', issues);
    spec.constructionInput = mergeInput(spec.constructionInput, input);
    explicit = keys;
  }
  spec.explicit = explicit;

  // --- tiers ---
  if (top.tiers !== undefined) {
    const t = expectObject(top.tiers, 'tiers', TIER_KEYS, issues, 'a mapping');
    if (t) {
      const tiers: { -readonly [K in keyof TierScheme]: TierScheme[K] } = { ...spec.tiers, layers: [...spec.tiers.layers] };
      if (t.stride !== undefined) tiers.stride = parseInteger(t.stride, 'tiers.stride', issues, 1, LAYER_MAX) ?? tiers.stride;
      if (t.max !== undefined) tiers.max = parseInteger(t.max, 'tiers.max', issues, 1, 64) ?? tiers.max;
      if (t.layers !== undefined) {
        if (!Array.isArray(t.layers) || t.layers.length === 0) issues.add('tiers.layers', `${show(t.layers)} is not allowed (allowed: a non-empty list of layer names)`);
        else {
          const names: string[] = [];
          t.layers.forEach((n, i) => {
            const s = parseString(n, `tiers.layers[${i}]`, issues, LAYER_NAME, 'a layer name');
            if (s !== undefined && names.includes(s)) issues.add(`tiers.layers[${i}]`, `${show(s)} is listed twice`);
            else if (s !== undefined) names.push(s);
          });
          tiers.layers = names;
        }
      }
      spec.tiers = tiers;
    }
  }
  return spec;
}

/** Reads and decodes a YAML/JSON tech file; decode errors become issues with line numbers. */
function readTechFile(file: string): { data: unknown; doc?: Document; lines?: LineCounter } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError('E_TECH_FILE', `${file}: cannot read the tech file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (/\.json$/i.test(file)) {
    // JSON files are held to JSON (YAML would accept trailing commas and comments); the YAML parse
    // below then only serves to locate keys by line.
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message;
      const at = /position (\d+)/.exec(msg);
      let where = '';
      if (at) {
        const before = text.slice(0, Number(at[1]));
        const line = before.split('\n').length;
        where = `:${line}:${Number(at[1]) - before.lastIndexOf('\n')}`;
      }
      throw new TechError([`${file}${where}: JSON syntax error: ${msg.replace(/ in JSON at position \d+.*$/, '')}`]);
    }
  }
  const lines = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new TechError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const msg = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
        return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${/\.json$/i.test(file) ? 'JSON' : 'YAML'} syntax error: ${msg}`;
      }),
    );
  }
  return { data: doc.toJS({ maxAliasCount: 100 }), doc, lines };
}

/** 'file:12' for the node at a dotted key path when it can be found, else 'file'. */
function locate(where: string, doc: Document | undefined, lines: LineCounter | undefined, keyPath: string): string {
  if (!doc || !lines || !keyPath) return where;
  const segs: (string | number)[] = [];
  for (const part of keyPath.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return where;
    if (m[1]) segs.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) segs.push(Number(idx[1]));
  }
  // Tier/rule paths use dotted rule ids: the YAML nests them the same way.
  for (let n = segs.length; n > 0; n--) {
    const node = doc.getIn(segs.slice(0, n), true);
    if (isNode(node) && node.range) return `${where}:${lines.linePos(node.range[0]).line}`;
  }
  return where;
}

function issuesToMessages(list: readonly Issue[], label: (p: string) => string): string[] {
  return list.map((i) => `${label(i.path)}: ${i.path}: ${i.message}`);
}

/** Resolves a tech reference (preset name or file path) relative to ctx.baseDir. */
function resolveTech(ref: string, ctx: LoadContext, keyForMessage: string): Technology {
  if (PRESET_NAMES.includes(ref)) return preset(ref);
  const looksLikePath = /[\\/]/.test(ref) || /\.(ya?ml|json)$/i.test(ref);
  if (!looksLikePath) {
    const hint = closest(ref, PRESET_NAMES);
    throw new InputError(
      'E_TECH_PRESET',
      `${ctx.chain.length ? `${ctx.where}: ${keyForMessage}: ` : ''}unknown technology ${JSON.stringify(ref)} (allowed: a built-in preset ${PRESET_NAMES.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}, or a path to a .yaml/.yml/.json tech file)`,
    );
  }
  const file = path.resolve(ctx.baseDir, ref);
  if (ctx.chain.includes(file)) {
    throw new InputError('E_TECH_EXTENDS', `${ctx.where}: ${keyForMessage}: ${ref} extends itself (chain: ${[...ctx.chain, file].join(' -> ')})`);
  }
  if (ctx.chain.length >= MAX_EXTENDS_DEPTH) {
    throw new InputError('E_TECH_EXTENDS', `${ctx.where}: ${keyForMessage}: tech files extend each other more than ${MAX_EXTENDS_DEPTH} deep`);
  }
  const { data, doc, lines } = readTechFile(file);
  return techFromObjectImpl(data, { where: file, baseDir: path.dirname(file), chain: [...ctx.chain, file] }, (p) => locate(file, doc, lines, p));
}

function techFromObjectImpl(obj: unknown, ctx: LoadContext, label: (p: string) => string): Technology {
  const issues = new Issues();
  const spec = specFromObject(obj, ctx, issues);
  if (!spec || !issues.empty) throw new TechError(issuesToMessages(issues.list, label));
  const { tech, issues: buildIssues } = tryBuildTechnology(spec);
  if (!tech) throw new TechError(issuesToMessages(buildIssues.list, label));
  return tech;
}

/**
 * Builds a technology from a decoded tech definition (the object form of a tech file; lengths in um).
 * `where` names it in messages; `baseDir` resolves a relative `extends`. Throws TechError (an
 * InputError) listing every problem, each naming the key path, the bad value and what is allowed.
 */
export function techFromObject(obj: unknown, options: { where?: string; baseDir?: string } = {}): Technology {
  const where = options.where ?? 'tech object';
  return techFromObjectImpl(obj, { where, baseDir: options.baseDir ?? process.cwd(), chain: [] }, () => where);
}

/**
 * Loads a technology from a built-in preset name ('amkor-0.4'), a path to a YAML/JSON tech file
 * (relative paths resolve against `baseDir`, default the working directory), a tech definition
 * object, or returns a Technology unchanged. Throws InputError (TechError for file contents) on bad input.
 */
export function loadTech(source: string | object, baseDir: string = process.cwd()): Technology {
  if (isTechnology(source)) return source;
  if (typeof source === 'string') return resolveTech(source, { where: source, baseDir, chain: [] }, 'tech');
  if (typeof source === 'object' && source !== null) return techFromObject(source, { baseDir });
  throw new InputError('E_TECH', `tech: ${show(source)} is not allowed (allowed: a preset name ${PRESET_NAMES.join(', ')}, a tech file path, or a tech definition object)`);
}

export interface OverrideOptions {
  /** Names the source in messages and in the lineage (e.g. the design file). Default 'design'. */
  where?: string;
  /** Key path of the overrides inside that source (e.g. 'die'): messages read 'die.rdl.width'. */
  path?: string;
}

/**
 * Applies design-level overrides (the construction keys of CONSTRUCTION_KEYS, in um, e.g.
 * `{ rdl: { width: 20, space: 20 }, post: { diameter: 150, height: 100 } }`) and returns a new
 * Technology with re-derived construction numbers (tier layers kept). Every override is checked
 * against the technology's rules: one below a minimum is an error naming the rule and its source.
 * Throws TechError listing every problem. An empty override returns `tech` itself.
 */
export function applyOverrides(tech: Technology, overrides: unknown, options: OverrideOptions = {}): Technology {
  const where = options.where ?? 'design';
  const base = options.path ?? '';
  const issues = new Issues();
  const { input, keys } = parseConstructionInput(overrides, base, issues);
  if (!issues.empty) throw new TechError(issuesToMessages(issues.list, () => where));
  if (keys.size === 0) return tech;
  const spec = specOf(tech);
  spec.constructionInput = mergeInput(spec.constructionInput, input);
  spec.explicit = keys;
  spec.lineage = [...spec.lineage, where];
  const { tech: out, issues: buildIssues } = tryBuildTechnology(spec);
  if (!out) {
    // Construction issues come back as 'construction.<key>': report them under the override's own path.
    throw new TechError(buildIssues.list.map((i) => `${where}: ${i.path.startsWith('construction.') ? join(base, i.path.slice('construction.'.length)) : i.path}: ${i.message}`));
  }
  return out;
}
