/**
 * The rule table: one descriptor per field of TechRules. It is the single place that says, for each
 * rule, its value type, which way is tighter, when it must be present, and what flat RuleRecord it
 * becomes. Tech-file parsing, relaxation checks, the flat rule list and the tests all walk it.
 */
import type { Extent, RuleId, RuleRecord, RuleSource, TechRules } from './types.ts';

/**
 * Value types: 'length' dbu > 0; 'lengthOrZero' dbu >= 0; 'area' dbu^2 > 0; 'ratio' in (0, 1];
 * 'extent' [short, long] dbu; 'boolean'.
 */
export type RuleValueType = 'length' | 'lengthOrZero' | 'area' | 'ratio' | 'extent' | 'boolean';

type RuleCommonKeys = 'id' | 'description' | 'source' | 'published' | 'ref';
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** The kind-specific part of a RuleRecord. */
export type RuleShape = DistributiveOmit<RuleRecord, RuleCommonKeys>;

export interface RuleField {
  /** Dotted path into TechRules; also the rule id and the tech-file key under `rules:`. */
  readonly id: RuleId;
  readonly type: RuleValueType;
  /**
   * Which change makes the rule stricter: 'larger' (minimums), 'smaller' (maximums, thresholds above
   * which a stricter rule starts), 'exact' (any change is a different rule).
   */
  readonly tighter: 'larger' | 'smaller' | 'exact';
  /** 'required' in every technology, 'optional', or required exactly when all these layers exist. */
  readonly presence: 'required' | 'optional' | { readonly whenLayers: readonly string[] };
  readonly description: string;
  /** Fields that must be present together with this one (parameters of the same rule). */
  readonly with?: readonly RuleId[];
  /**
   * The flat record this field becomes (absent for parameter fields such as pitchExact, which modify
   * another field's record). `top` is the top metal layer name ('RDL' or 'RDL2').
   */
  readonly record?: (rules: TechRules, top: string) => RuleShape;
}

// Value accessors used inside record builders: the field is known present when its builder runs.
const n = (v: number | undefined): number => v as number;

export const RULE_FIELDS: readonly RuleField[] = Object.freeze([
  // --- die pad and first polymer ---
  { id: 'pad.minWidth', type: 'length', tighter: 'larger', presence: 'optional', description: 'min width of the die pad passivation opening (PAD)', record: (r) => ({ kind: 'minWidth', layer: 'PAD', value: n(r.pad.minWidth) }) },
  { id: 'pad.enclosesPi1', type: 'length', tighter: 'larger', presence: 'required', description: 'PI1 must be enclosed by PAD by at least', record: (r) => ({ kind: 'minEnclosure', inner: 'PI1', outer: 'PAD', value: r.pad.enclosesPi1 }) },
  { id: 'pi1.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of PI1 (parallel opposite edges)', record: (r) => ({ kind: 'minWidth', layer: 'PI1', value: r.pi1.minWidth }) },
  { id: 'pi1.minSpace', type: 'length', tighter: 'larger', presence: 'optional', description: 'min space between PI1 openings', record: (r) => ({ kind: 'minSpace', layer: 'PI1', value: n(r.pi1.minSpace) }) },
  // --- redistribution metal ---
  { id: 'rdl.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of RDL (parallel opposite edges)', record: (r) => ({ kind: 'minWidth', layer: 'RDL', value: r.rdl.minWidth }) },
  { id: 'rdl.minSpace', type: 'length', tighter: 'larger', presence: 'required', description: 'min space between RDL shapes', record: (r) => ({ kind: 'minSpace', layer: 'RDL', value: r.rdl.minSpace }) },
  {
    id: 'rdl.wideSpace', type: 'length', tighter: 'larger', presence: 'optional', with: ['rdl.wideSpaceWidth', 'rdl.wideSpaceRunLength'],
    description: 'min space between wide RDL (both wider than wideSpaceWidth, parallel run longer than wideSpaceRunLength)',
    record: (r) => ({ kind: 'minWideSpace', layer: 'RDL', value: n(r.rdl.wideSpace), wideWidth: n(r.rdl.wideSpaceWidth), runLength: n(r.rdl.wideSpaceRunLength) }),
  },
  { id: 'rdl.wideSpaceWidth', type: 'length', tighter: 'smaller', presence: 'optional', with: ['rdl.wideSpace'], description: 'width above which RDL counts as wide for rdl.wideSpace' },
  { id: 'rdl.wideSpaceRunLength', type: 'length', tighter: 'smaller', presence: 'optional', with: ['rdl.wideSpace'], description: 'parallel run length above which rdl.wideSpace applies' },
  { id: 'rdl.minArea', type: 'area', tighter: 'larger', presence: 'optional', description: 'min area of an RDL polygon (dbu^2)', record: (r) => ({ kind: 'minArea', layer: 'RDL', value: n(r.rdl.minArea) }) },
  { id: 'rdl.enclosesPi1', type: 'length', tighter: 'larger', presence: 'required', description: 'PI1 must be enclosed by RDL by at least', record: (r) => ({ kind: 'minEnclosure', inner: 'PI1', outer: 'RDL', value: r.rdl.enclosesPi1 }) },
  { id: 'rdl.enclosesPi2', type: 'length', tighter: 'larger', presence: 'optional', description: 'PI2 must be enclosed by the top metal (capture pad) by at least', record: (r, top) => ({ kind: 'minEnclosure', inner: 'PI2', outer: top, value: n(r.rdl.enclosesPi2) }) },
  { id: 'rdl.enclosesUbm', type: 'length', tighter: 'larger', presence: 'optional', description: 'UBM must be enclosed by the top metal (capture pad) by at least', record: (r, top) => ({ kind: 'minEnclosure', inner: 'UBM', outer: top, value: n(r.rdl.enclosesUbm) }) },
  { id: 'rdl.enclosesTsv', type: 'length', tighter: 'larger', presence: 'required', description: 'TSV must be enclosed by its RDL landing by at least', record: (r) => ({ kind: 'minEnclosure', inner: 'TSV', outer: 'RDL', value: r.rdl.enclosesTsv }) },
  { id: 'rdl.enclosesVia2', type: 'length', tighter: 'larger', presence: { whenLayers: ['VIA2'] }, description: 'VIA2 must be enclosed by RDL by at least', record: (r) => ({ kind: 'minEnclosure', inner: 'VIA2', outer: 'RDL', value: n(r.rdl.enclosesVia2) }) },
  { id: 'rdl.minPadOverPad', type: 'length', tighter: 'larger', presence: 'optional', description: 'min width of an RDL pad over a die pad', record: (r) => ({ kind: 'minWidth', layer: 'RDL', interacting: 'PAD', value: n(r.rdl.minPadOverPad) }) },
  { id: 'rdl.minCapturePad', type: 'length', tighter: 'larger', presence: 'optional', description: 'min width of the top-metal capture pad under PI2', record: (r, top) => ({ kind: 'minWidth', layer: top, interacting: 'PI2', value: n(r.rdl.minCapturePad) }) },
  // --- second polymer ---
  { id: 'pi2.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of PI2 (parallel opposite edges)', record: (r) => ({ kind: 'minWidth', layer: 'PI2', value: r.pi2.minWidth }) },
  {
    id: 'pi2.spaceToPi1', type: 'length', tighter: 'larger', presence: 'required', description: 'min separation, no overlap, between PI1 and PI2',
    record: (r) => (r.pi2.spaceToPi1DifferentNetsOnly ? { kind: 'minSeparation', a: 'PI1', b: 'PI2', value: r.pi2.spaceToPi1, differentNetsOnly: true } : { kind: 'minSeparation', a: 'PI1', b: 'PI2', value: r.pi2.spaceToPi1 }),
  },
  { id: 'pi2.spaceToPi1DifferentNetsOnly', type: 'boolean', tighter: 'smaller', presence: 'optional', description: 'pi2.spaceToPi1 applies only between different nets (true relaxes the rule)' },
  { id: 'pi2.enclosesPi1', type: 'length', tighter: 'larger', presence: 'optional', description: 'where PI2 overlaps PI1 it must enclose it by at least (no straddle)', record: (r) => ({ kind: 'minEnclosure', inner: 'PI1', outer: 'PI2', value: n(r.pi2.enclosesPi1), noStraddle: true }) },
  { id: 'pi2.minRemainingFraction', type: 'ratio', tighter: 'larger', presence: 'optional', description: 'min fraction of a truncated PI2 via that must remain of the full via', record: (r) => ({ kind: 'minFraction', layer: 'PI2', value: n(r.pi2.minRemainingFraction) }) },
  // --- under-bump metal ---
  { id: 'ubm.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of UBM (parallel opposite edges)', record: (r) => ({ kind: 'minWidth', layer: 'UBM', value: r.ubm.minWidth }) },
  { id: 'ubm.enclosesPi2', type: 'length', tighter: 'larger', presence: 'required', description: 'PI2 must be enclosed by UBM by at least', record: (r) => ({ kind: 'minEnclosure', inner: 'PI2', outer: 'UBM', value: r.ubm.enclosesPi2 }) },
  { id: 'ubm.spaceToPi1', type: 'length', tighter: 'larger', presence: 'optional', description: 'min separation, no overlap, between PI1 and UBM', record: (r) => ({ kind: 'minSeparation', a: 'PI1', b: 'UBM', value: n(r.ubm.spaceToPi1) }) },
  { id: 'ubm.sealCentreDistance', type: 'length', tighter: 'larger', presence: 'required', description: 'min distance from a UBM centre to the outer edge of the seal ring', record: (r) => ({ kind: 'minDistanceToSealRing', layer: 'UBM', value: r.ubm.sealCentreDistance, from: 'centre' }) },
  // --- bumps ---
  { id: 'bump.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of a bump (parallel opposite edges)', record: (r) => ({ kind: 'minWidth', layer: 'BUMP', value: r.bump.minWidth }) },
  {
    id: 'bump.pitch', type: 'length', tighter: 'exact', presence: 'required', with: ['bump.pitchExact'], description: 'bump pitch, centre to centre (exact when bump.pitchExact, else a minimum)',
    record: (r) => (r.bump.pitchExact ? { kind: 'exactPitch', layer: 'BUMP', value: r.bump.pitch, tolerance: r.bump.pitchTolerance } : { kind: 'minPitch', layer: 'BUMP', value: r.bump.pitch }),
  },
  { id: 'bump.pitchExact', type: 'boolean', tighter: 'exact', presence: 'required', description: 'the bump pitch is a min/max (exact) rule' },
  { id: 'bump.pitchTolerance', type: 'lengthOrZero', tighter: 'smaller', presence: 'required', description: 'allowed deviation from an exact bump pitch' },
  { id: 'bump.pitchAcrossScribe', type: 'length', tighter: 'exact', presence: 'optional', description: 'bump pitch across the scribe (between neighbouring dies), centre to centre', record: (r) => ({ kind: 'exactPitch', layer: 'BUMP', value: n(r.bump.pitchAcrossScribe), tolerance: r.bump.pitchTolerance, acrossScribe: true }) },
  { id: 'bump.sealSpace', type: 'length', tighter: 'larger', presence: 'optional', description: 'min space from a bump to the outer edge of the seal ring', record: (r) => ({ kind: 'minDistanceToSealRing', layer: 'BUMP', value: n(r.bump.sealSpace), from: 'edge' }) },
  { id: 'bump.chipExtentMin', type: 'extent', tighter: 'larger', presence: 'optional', description: 'min die extent [short, long] of a bumped die', record: (r) => ({ kind: 'minExtent', layer: 'DIE', interacting: 'BUMP', value: r.bump.chipExtentMin as Extent }) },
  { id: 'bump.chipExtentMax', type: 'extent', tighter: 'smaller', presence: 'optional', description: 'max die extent [short, long] of a bumped die', record: (r) => ({ kind: 'maxExtent', layer: 'DIE', interacting: 'BUMP', value: r.bump.chipExtentMax as Extent }) },
  // --- posts, TSVs, seal ring ---
  { id: 'post.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of a post', record: (r) => ({ kind: 'minWidth', layer: 'POST', value: r.post.minWidth }) },
  { id: 'post.maxWidth', type: 'length', tighter: 'smaller', presence: 'required', description: 'max width of a post', record: (r) => ({ kind: 'maxWidth', layer: 'POST', value: r.post.maxWidth }) },
  { id: 'tsv.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of a TSV', record: (r) => ({ kind: 'minWidth', layer: 'TSV', value: r.tsv.minWidth }) },
  { id: 'tsv.minSpace', type: 'length', tighter: 'larger', presence: 'required', description: 'min space between TSVs', record: (r) => ({ kind: 'minSpace', layer: 'TSV', value: r.tsv.minSpace }) },
  { id: 'seal.minWidth', type: 'length', tighter: 'larger', presence: 'required', description: 'min width of the seal ring', record: (r) => ({ kind: 'minWidth', layer: 'SEAL', value: r.seal.minWidth }) },
  // --- second metal ---
  { id: 'via2.minWidth', type: 'length', tighter: 'larger', presence: { whenLayers: ['VIA2'] }, description: 'min width of VIA2', record: (r) => ({ kind: 'minWidth', layer: 'VIA2', value: n(r.via2?.minWidth) }) },
  { id: 'via2.minSpace', type: 'length', tighter: 'larger', presence: { whenLayers: ['VIA2'] }, description: 'min space between VIA2 openings', record: (r) => ({ kind: 'minSpace', layer: 'VIA2', value: n(r.via2?.minSpace) }) },
  { id: 'rdl2.minWidth', type: 'length', tighter: 'larger', presence: { whenLayers: ['RDL2'] }, description: 'min width of RDL2', record: (r) => ({ kind: 'minWidth', layer: 'RDL2', value: n(r.rdl2?.minWidth) }) },
  { id: 'rdl2.minSpace', type: 'length', tighter: 'larger', presence: { whenLayers: ['RDL2'] }, description: 'min space between RDL2 shapes', record: (r) => ({ kind: 'minSpace', layer: 'RDL2', value: n(r.rdl2?.minSpace) }) },
  { id: 'rdl2.enclosesVia2', type: 'length', tighter: 'larger', presence: { whenLayers: ['RDL2', 'VIA2'] }, description: 'VIA2 must be enclosed by RDL2 by at least', record: (r) => ({ kind: 'minEnclosure', inner: 'VIA2', outer: 'RDL2', value: n(r.rdl2?.enclosesVia2) }) },
] satisfies RuleField[]);

export const RULE_IDS: readonly RuleId[] = RULE_FIELDS.map((f) => f.id);
const FIELD_BY_ID = new Map(RULE_FIELDS.map((f) => [f.id, f]));

export function ruleField(id: RuleId): RuleField | undefined {
  return FIELD_BY_ID.get(id);
}

/** Rule groups (the first path component), in table order: pad, pi1, rdl, ... */
export const RULE_GROUPS: readonly string[] = [...new Set(RULE_FIELDS.map((f) => f.id.split('.')[0]))];

export type RuleValue = number | boolean | Extent;

/** The value of a rule by id, or undefined when the technology does not have that rule. */
export function getRule(rules: TechRules, id: RuleId): RuleValue | undefined {
  const [group, key] = id.split('.');
  const g = (rules as unknown as Record<string, Record<string, RuleValue> | undefined>)[group];
  return g?.[key];
}

/** A mutable, untyped draft of TechRules (group -> key -> value) used while building a technology. */
export type RulesDraft = Record<string, Record<string, RuleValue>>;

export function setRule(draft: RulesDraft, id: RuleId, value: RuleValue | undefined): void {
  const [group, key] = id.split('.');
  const g = (draft[group] ??= {});
  if (value === undefined) delete g[key];
  else g[key] = value;
  if (Object.keys(g).length === 0) delete draft[group];
}

/** Whether a rule field must be present in a technology with these layers. */
export function isRequired(field: RuleField, layers: ReadonlySet<string>): boolean {
  if (field.presence === 'required') return true;
  if (field.presence === 'optional') return false;
  return field.presence.whenLayers.every((l) => layers.has(l));
}

/** Whether a rule field may be present in a technology with these layers (second-metal rules need their layers). */
export function isAllowed(field: RuleField, layers: ReadonlySet<string>): boolean {
  if (typeof field.presence === 'string') return true;
  return field.presence.whenLayers.every((l) => layers.has(l));
}

/**
 * The flat rule list, in table order: one record per present rule that has a record builder.
 * `sources` must hold a source for every present rule.
 */
export function buildRuleRecords(rules: TechRules, sources: Readonly<Record<RuleId, RuleSource>>, topMetal: string): RuleRecord[] {
  const out: RuleRecord[] = [];
  for (const f of RULE_FIELDS) {
    if (!f.record || getRule(rules, f.id) === undefined) continue;
    const src = sources[f.id];
    const rec = { id: f.id, description: f.description, source: src.text, published: src.published, ...(src.ref ? { ref: src.ref } : {}), ...f.record(rules, topMetal) };
    out.push(rec as RuleRecord);
  }
  return out;
}

/** Layer names a flat record refers to. */
export function recordLayers(r: RuleRecord): string[] {
  switch (r.kind) {
    case 'minEnclosure':
      return [r.inner, r.outer];
    case 'minSeparation':
      return [r.a, r.b];
    case 'minWidth':
      return r.interacting ? [r.layer, r.interacting] : [r.layer];
    case 'minExtent':
    case 'maxExtent':
      return [r.layer, r.interacting];
    default:
      return [r.layer];
  }
}

/** The same record with every layer name mapped (used to make per-tier copies). */
export function mapRecordLayers(r: RuleRecord, map: (name: string) => string, id: RuleId): RuleRecord {
  switch (r.kind) {
    case 'minEnclosure':
      return { ...r, id, inner: map(r.inner), outer: map(r.outer) };
    case 'minSeparation':
      return { ...r, id, a: map(r.a), b: map(r.b) };
    case 'minWidth':
      return r.interacting ? { ...r, id, layer: map(r.layer), interacting: map(r.interacting) } : { ...r, id, layer: map(r.layer) };
    case 'minExtent':
    case 'maxExtent':
      return { ...r, id, layer: map(r.layer), interacting: map(r.interacting) };
    default:
      return { ...r, id, layer: map(r.layer) };
  }
}

/** The flat record of a rule id, or undefined. */
export function findRule(tech: { readonly ruleList: readonly RuleRecord[] }, id: RuleId): RuleRecord | undefined {
  return tech.ruleList.find((r) => r.id === id);
}
