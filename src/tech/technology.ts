/**
 * Building a Technology from a resolved specification: the structural checks every technology must
 * pass (presets, tech files and overridden technologies alike), the flat rule list, the construction
 * numbers, per-tier layers, and a deep freeze (a technology is shared by every generator of a build).
 */
import { InputError } from '../core/errors.ts';
import { LAYER_MAX } from '../core/layer.ts';
import { toUm } from '../core/units.ts';
import { constructionIssues, deriveConstruction } from './construction.ts';
import { KNOWN_LAYER_ORDER, LAYER_NAME, REQUIRED_LAYERS, STACK_LAYERS, defaultLayer, parseTierLayerName, tierLayerName, tierLayers } from './layers.ts';
import { RULE_FIELDS, buildRuleRecords, getRule, isAllowed, isRequired, mapRecordLayers, recordLayers, type RulesDraft } from './rules.ts';
import type { ConstructionInput, Extent, RuleId, RuleRecord, RuleSource, TechLayer, TechRules, Technology, TierScheme } from './types.ts';
import { Issues, TechError } from './validate.ts';

/** Technology names: as design names, [A-Za-z0-9_.-]+. */
export const TECH_NAME = /^[A-Za-z0-9_.-]+$/;

/** Everything a technology is made of, before checks (lengths already in dbu). */
export interface TechSpec {
  name: string;
  description: string;
  lineage: readonly string[];
  /** Base layers (no tier layers), any order: they are put into canonical order. */
  layers: readonly TechLayer[];
  rules: RulesDraft;
  sources: Record<RuleId, RuleSource>;
  constructionInput: ConstructionInput;
  /** Construction keys set at the current level (used verbatim, then checked). */
  explicit?: ReadonlySet<string>;
  tiers: TierScheme;
  /** Stack tiers whose layers to add (0 = none). */
  tierCount?: number;
}

const BRAND = Symbol.for('wlpgen.Technology');

/** Whether a value is a Technology built by wlpgen (presets, loadTech, applyOverrides, withTiers). */
export function isTechnology(v: unknown): v is Technology {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[BRAND] === true;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** Base layers in canonical order: known layers in KNOWN_LAYER_ORDER, then custom layers as given. */
export function orderLayers(layers: readonly TechLayer[]): TechLayer[] {
  const rank = (n: string) => {
    const i = KNOWN_LAYER_ORDER.indexOf(n);
    return i < 0 ? KNOWN_LAYER_ORDER.length : i;
  };
  return layers.map((l, i) => ({ l, i })).sort((a, b) => rank(a.l.name) - rank(b.l.name) || a.i - b.i).map((x) => x.l);
}

/** Structural problems of a spec, each with a key path as a tech file would spell it. */
export function specIssues(spec: TechSpec): Issues {
  const issues = new Issues();
  if (!TECH_NAME.test(spec.name)) issues.add('name', `${JSON.stringify(spec.name)} is not allowed (allowed: letters, digits, '_', '.', '-')`);
  const names = new Set(spec.layers.map((l) => l.name));
  for (const r of REQUIRED_LAYERS) if (!names.has(r)) issues.add(`layers.${r}`, `required layer is missing (every technology has ${REQUIRED_LAYERS.join(', ')})`);
  if (names.has('RDL2') !== names.has('VIA2')) issues.add(names.has('RDL2') ? 'layers.VIA2' : 'layers.RDL2', 'RDL2 and VIA2 come together (VIA2 connects RDL2 down to RDL): define both or neither');

  const byPair = new Map<string, string>();
  for (const l of spec.layers) {
    if (!LAYER_NAME.test(l.name)) issues.add(`layers.${l.name}`, `layer name is not allowed (allowed: an upper-case word, [A-Z][A-Z0-9_]*; 'T<n>.' names are made by tierLayers)`);
    const pair = `${l.layer}/${l.datatype}`;
    const other = byPair.get(pair);
    if (other) issues.add(`layers.${l.name}`, `GDS layer ${pair} is also used by layer ${other} (every layer needs its own layer/datatype)`);
    else byPair.set(pair, l.name);
  }

  const rules = spec.rules;
  const present = (id: RuleId) => getRule(rules as unknown as TechRules, id) !== undefined;
  for (const f of RULE_FIELDS) {
    const has = present(f.id);
    if (!has && isRequired(f, names)) {
      const when = typeof f.presence === 'object' ? ` (required with layer${f.presence.whenLayers.length > 1 ? 's' : ''} ${f.presence.whenLayers.join(' and ')})` : '';
      issues.add(`rules.${f.id}`, `required rule is missing${when}: ${f.description}`);
    }
    if (has && !isAllowed(f, names) && typeof f.presence === 'object') {
      issues.add(`rules.${f.id}`, `rule needs layer${f.presence.whenLayers.length > 1 ? 's' : ''} ${f.presence.whenLayers.join(' and ')}, which the technology does not have`);
    }
    if (has && f.with) for (const w of f.with) if (!present(w)) issues.add(`rules.${w}`, `missing: it must be given together with rules.${f.id}`);
    if (has && !spec.sources[f.id]) issues.add(`rules.${f.id}`, 'internal: the rule has no source');
  }
  // Cross-rule sanity: a range must not be empty, a wide-metal space must not be smaller than the normal one.
  const r = rules as unknown as TechRules;
  if (r.post && r.post.minWidth > r.post.maxWidth) issues.add('rules.post.maxWidth', `${toUm(r.post.maxWidth)} um is below rules.post.minWidth ${toUm(r.post.minWidth)} um`);
  const emin = r.bump?.chipExtentMin as Extent | undefined;
  const emax = r.bump?.chipExtentMax as Extent | undefined;
  if (emin && emax && (emin[0] > emax[0] || emin[1] > emax[1])) issues.add('rules.bump.chipExtentMax', `[${emax.map(toUm).join(', ')}] um is below rules.bump.chipExtentMin [${emin.map(toUm).join(', ')}] um`);
  if (r.rdl?.wideSpace !== undefined && r.rdl.wideSpace < r.rdl.minSpace) issues.add('rules.rdl.wideSpace', `${toUm(r.rdl.wideSpace)} um is below rules.rdl.minSpace ${toUm(r.rdl.minSpace)} um (the wide-metal space must not be the smaller)`);

  // Tier scheme: every tier layer of the largest stack must have a free, valid GDS number.
  for (const [i, n] of spec.tiers.layers.entries()) {
    if (!KNOWN_LAYER_ORDER.includes(n) && !names.has(n)) issues.add(`tiers.layers[${i}]`, `${JSON.stringify(n)} is not a layer of the technology`);
  }
  if (issues.empty) {
    const probe = { name: spec.name, layers: Object.fromEntries(spec.layers.map((l) => [l.name, l])), tiers: spec.tiers };
    for (const t of tierLayers(probe, spec.tiers.max)) {
      if (t.layer > LAYER_MAX) {
        issues.add('tiers.stride', `layer ${t.name} would be GDS layer ${t.layer}, above ${LAYER_MAX} (lower tiers.stride or tiers.max)`);
        break;
      }
      const pair = `${t.layer}/${t.datatype}`;
      const other = byPair.get(pair);
      if (other) {
        issues.add('tiers.stride', `layer ${t.name} would be GDS layer ${pair}, already used by ${other} (choose a tiers.stride above every tiered layer number, or renumber ${other})`);
        break;
      }
      byPair.set(pair, t.name);
    }
  }
  return issues;
}

/**
 * Builds a Technology, or returns the issues (key paths as a tech file spells them: 'layers.RDL',
 * 'rules.pi1.minWidth', 'construction.rdl.width').
 */
export function tryBuildTechnology(spec: TechSpec): { tech?: Technology; issues: Issues } {
  const issues = specIssues(spec);
  if (!issues.empty) return { issues };
  const baseLayers = orderLayers(spec.layers);
  const names = new Set(baseLayers.map((l) => l.name));
  const rules = structuredClone(spec.rules) as unknown as TechRules;
  const construction = deriveConstruction(rules, names, spec.constructionInput, spec.explicit);
  for (const i of constructionIssues(construction, rules, spec.sources)) issues.add(`construction.${i.path}`, i.message);
  if (!issues.empty) return { issues };

  const tierCount = spec.tierCount ?? 0;
  const layers: Record<string, TechLayer> = {};
  for (const l of baseLayers) layers[l.name] = { ...l };
  const base = { name: spec.name, layers, tiers: spec.tiers };
  const tiered = tierCount > 0 ? tierLayers(base, tierCount) : [];
  for (const l of tiered) layers[l.name] = l;

  const sources: Record<RuleId, RuleSource> = {};
  for (const f of RULE_FIELDS) if (getRule(rules, f.id) !== undefined) sources[f.id] = spec.sources[f.id];
  const records = buildRuleRecords(rules, sources, construction.topMetal);
  const ruleList: RuleRecord[] = [...records];
  // Per-tier copies of the rules that involve only tier layers (T2.rdl.minWidth on T2.RDL, ...).
  const tierSet = new Set(spec.tiers.layers);
  for (let t = 1; t <= tierCount; t++) {
    for (const r of records) {
      if (recordLayers(r).every((n) => tierSet.has(n) && names.has(n))) ruleList.push(mapRecordLayers(r, (n) => tierLayerName(t, n), `T${t}.${r.id}`));
    }
  }

  const tech: Technology = {
    name: spec.name,
    description: spec.description,
    lineage: [...spec.lineage],
    layers,
    rules,
    sources,
    ruleList,
    construction,
    constructionInput: structuredClone(spec.constructionInput),
    tiers: { stride: spec.tiers.stride, max: spec.tiers.max, layers: [...spec.tiers.layers] },
    tierCount,
  };
  Object.defineProperty(tech, BRAND, { value: true, enumerable: false });
  return { tech: deepFreeze(tech), issues };
}

/** Builds a Technology or throws one TechError listing every issue, each prefixed with `where`. */
export function buildTechnology(spec: TechSpec, where: string): Technology {
  const { tech, issues } = tryBuildTechnology(spec);
  if (!tech) throw new TechError(issues.list.map((i) => `${where}: ${i.path}: ${i.message}`));
  return tech;
}

/** The spec a technology was built from (base layers only), to derive new technologies from it. */
export function specOf(tech: Technology): TechSpec {
  const layers = Object.values(tech.layers).filter((l) => !parseTierLayerName(l.name));
  return {
    name: tech.name,
    description: tech.description,
    lineage: [...tech.lineage],
    layers: layers.map((l) => ({ ...l })),
    rules: structuredClone(tech.rules) as unknown as RulesDraft,
    sources: { ...tech.sources },
    constructionInput: structuredClone(tech.constructionInput) as ConstructionInput,
    tiers: { stride: tech.tiers.stride, max: tech.tiers.max, layers: [...tech.tiers.layers] },
    tierCount: tech.tierCount,
  };
}

/**
 * The technology of a stack of `tiers` wafers: the same technology plus the per-tier layers
 * T1.PAD .. T<n>.TSV (see tierLayers) and per-tier copies of the rules that involve only tier
 * layers (ids 'T2.rdl.minWidth', ...). Rules mixing tier and shared layers (UBM over PI2) stay on
 * the base names: they apply to the top tier. Throws InputError unless 1 <= tiers <= tech.tiers.max.
 */
export function withTiers(tech: Technology, tiers: number): Technology {
  return withStackLayers(tech, tiers, false);
}

/**
 * withTiers plus, when `stackLayers` (default true), the stack layers RESIN and HEAT (STACK_LAYERS),
 * each added only when the technology lacks a layer of that name.
 */
export function withStackLayers(tech: Technology, tiers: number, stackLayers = true): Technology {
  if (!Number.isInteger(tiers) || tiers < 1 || tiers > tech.tiers.max) {
    throw new InputError('E_TECH_TIERS', `technology '${tech.name}': tiers ${String(tiers)} is not allowed (allowed: an integer 1..${tech.tiers.max})`);
  }
  const add = stackLayers ? Object.keys(STACK_LAYERS).filter((n) => !tech.layers[n]) : [];
  if (tech.tierCount === tiers && add.length === 0) return tech;
  const spec = specOf(tech);
  return buildTechnology({ ...spec, layers: [...spec.layers, ...add.map(defaultLayer)], tierCount: tiers }, `technology '${tech.name}'`);
}
