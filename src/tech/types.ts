/**
 * Technology types: the layer map, the design rules (typed for generators, flat for the checker and
 * the KLayout deck exporter) and the construction numbers the generators draw with.
 *
 * Units: every length is integer dbu (1 nm), every area integer dbu^2 (nm^2). Micrometres appear only
 * in tech files and design overrides and are converted once, by the loader.
 */
import type { Dbu } from '../core/units.ts';
import type { LayerSpec } from '../core/layer.ts';

/** What a layer is for: 'drawing' layers become masks; 'documentation' layers (wafer outline, die
 * outline, streets, saw cut) are drawn for viewers and checkers only and never reach a mask shop. */
export type LayerPurpose = 'drawing' | 'documentation';

/**
 * How a viewer should fill a layer, from dense to empty. Semantic names rather than KLayout stipple
 * numbers so the SVG writer can map them too; src/io/lyp maps them to KLayout dither patterns.
 */
export const FILL_HINTS = [
  'solid',
  'dotted',
  'dotted-sparse',
  'hatch',
  'hatch-sparse',
  'backhatch',
  'backhatch-sparse',
  'cross',
  'cross-sparse',
  'hollow',
] as const;
export type FillHint = (typeof FILL_HINTS)[number];

/** One named layer of a technology. `name` is the map key (e.g. 'RDL' or 'T2.RDL'). */
export interface TechLayer extends LayerSpec {
  readonly name: string;
  /** GDSII layer number 0..65535. */
  readonly layer: number;
  /** GDSII datatype 0..65535. */
  readonly datatype: number;
  /** Display colour '#rrggbb' (lower case), chosen to read on a dark (KLayout default) background. */
  readonly color: string;
  readonly fill: FillHint;
  readonly purpose: LayerPurpose;
  /** One line for humans (shown in reports, not in the .lyp). */
  readonly description: string;
}

/** A die extent pair [short side, long side] in dbu; short <= long (rules are orientation-free). */
export type Extent = readonly [Dbu, Dbu];

/**
 * Design rules, typed and grouped by the layer that carries them ("outer.enclosesInner" lives under
 * the outer layer). Every length is dbu; `rdl.minArea` is dbu^2; `pi2.minRemainingFraction` is a ratio.
 * Optional fields are rules a vendor publishes and others do not; the checker skips absent rules.
 * Where the die has two metals (RDL2 present), UBM/PI2 capture rules under `rdl` apply to the top
 * metal (RDL2): the flat list resolves this (see RuleRecord layers).
 */
export interface TechRules {
  readonly pad: {
    /** Min width of the die pad passivation opening. */
    readonly minWidth?: Dbu;
    /** PAD encloses PI1 by at least. */
    readonly enclosesPi1: Dbu;
  };
  readonly pi1: {
    readonly minWidth: Dbu;
    readonly minSpace?: Dbu;
  };
  readonly rdl: {
    readonly minWidth: Dbu;
    readonly minSpace: Dbu;
    /** Space between wide RDL (both wider than wideSpaceWidth, parallel run longer than wideSpaceRunLength). */
    readonly wideSpace?: Dbu;
    readonly wideSpaceWidth?: Dbu;
    readonly wideSpaceRunLength?: Dbu;
    /** Min area of an RDL polygon, dbu^2. */
    readonly minArea?: number;
    readonly enclosesPi1: Dbu;
    readonly enclosesPi2?: Dbu;
    readonly enclosesUbm?: Dbu;
    readonly enclosesTsv: Dbu;
    readonly enclosesVia2?: Dbu;
    /** Min width of an RDL pad over a die pad. */
    readonly minPadOverPad?: Dbu;
    /** Min width of the (top-metal) capture pad under a PI2 opening. */
    readonly minCapturePad?: Dbu;
  };
  readonly pi2: {
    readonly minWidth: Dbu;
    /** PI1 to PI2 separation (no overlap). */
    readonly spaceToPi1: Dbu;
    /** When true, spaceToPi1 applies only between openings on different nets. */
    readonly spaceToPi1DifferentNetsOnly?: boolean;
    /** Where PI2 overlaps PI1 it must enclose it by at least this (no straddling). */
    readonly enclosesPi1?: Dbu;
    /** Min fraction (0..1] of a truncated PI2 via that must remain of the full via. */
    readonly minRemainingFraction?: number;
  };
  readonly ubm: {
    readonly minWidth: Dbu;
    readonly enclosesPi2: Dbu;
    readonly spaceToPi1?: Dbu;
    /** Min distance from a UBM centre to the outer edge of the seal ring. */
    readonly sealCentreDistance: Dbu;
  };
  readonly bump: {
    readonly minWidth: Dbu;
    /** Bump pitch, centre to centre: exact when pitchExact (a min/max rule), else a minimum. */
    readonly pitch: Dbu;
    readonly pitchExact: boolean;
    /** Allowed deviation from an exact pitch, dbu (0 = exact). */
    readonly pitchTolerance: Dbu;
    /** Pitch between bumps of neighbouring dies across the scribe (exact). */
    readonly pitchAcrossScribe?: Dbu;
    /** Min space from a bump edge to the outer edge of the seal ring. */
    readonly sealSpace?: Dbu;
    /** Min / max die extent [short, long] of a bumped die. */
    readonly chipExtentMin?: Extent;
    readonly chipExtentMax?: Extent;
  };
  readonly post: {
    readonly minWidth: Dbu;
    readonly maxWidth: Dbu;
  };
  readonly tsv: {
    readonly minWidth: Dbu;
    readonly minSpace: Dbu;
  };
  readonly seal: {
    readonly minWidth: Dbu;
  };
  /** Present when the technology has a second metal (RDL2 and VIA2 layers). */
  readonly rdl2?: {
    readonly minWidth: Dbu;
    readonly minSpace: Dbu;
    readonly enclosesVia2: Dbu;
  };
  readonly via2?: {
    readonly minWidth: Dbu;
    readonly minSpace: Dbu;
  };
}

/** Rule ids are the dotted paths into TechRules ('pi1.minWidth'), prefixed 'T<n>.' for tier copies. */
export type RuleId = string;

/** Where a rule value comes from. */
export interface RuleSource {
  /** Human form, e.g. 'amkor.csv pi1.1 @400um' or 'wlpgen default: ...' or 'my.yaml rules.rdl.minWidth'. */
  readonly text: string;
  /** True for numbers published by a vendor table (a tech file may tighten but not relax them). */
  readonly published: boolean;
  /** Machine-readable reference into a vendor table, when published. */
  readonly ref?: { readonly file: string; readonly rule: string; readonly column?: string };
  /**
   * For a tech-file value that replaced a published one: that published rule (its source text and
   * value), kept so a later file cannot relax the rule below it in two steps.
   */
  readonly tightens?: { readonly text: string; readonly value: number | boolean | Extent };
}

interface RuleCommon {
  readonly id: RuleId;
  readonly description: string;
  readonly source: string;
  readonly published: boolean;
  readonly ref?: RuleSource['ref'];
}

/**
 * One checkable rule, flat, for the checker and the KLayout deck exporter. Layer fields are layer
 * names of the technology's map. Lengths dbu, areas dbu^2, fractions plain ratios.
 */
export type RuleRecord = RuleCommon &
  (
    | { readonly kind: 'minWidth'; readonly layer: string; readonly value: Dbu; /** Only shapes touching this layer. */ readonly interacting?: string }
    | { readonly kind: 'maxWidth'; readonly layer: string; readonly value: Dbu }
    | { readonly kind: 'minSpace'; readonly layer: string; readonly value: Dbu }
    | { readonly kind: 'minWideSpace'; readonly layer: string; readonly value: Dbu; readonly wideWidth: Dbu; readonly runLength: Dbu }
    | { readonly kind: 'minArea'; readonly layer: string; readonly value: number }
    | { readonly kind: 'minEnclosure'; readonly inner: string; readonly outer: string; readonly value: Dbu; /** Rule applies only where inner overlaps outer; a partial overlap (straddle) is a violation. */ readonly noStraddle?: boolean }
    | { readonly kind: 'minSeparation'; readonly a: string; readonly b: string; readonly value: Dbu; readonly differentNetsOnly?: boolean }
    | { readonly kind: 'exactPitch'; readonly layer: string; readonly value: Dbu; readonly tolerance: Dbu; readonly acrossScribe?: boolean }
    | { readonly kind: 'minPitch'; readonly layer: string; readonly value: Dbu }
    | { readonly kind: 'minExtent' | 'maxExtent'; readonly layer: string; readonly interacting: string; readonly value: Extent }
    | { readonly kind: 'minDistanceToSealRing'; readonly layer: string; readonly value: Dbu; readonly from: 'centre' | 'edge' }
    | { readonly kind: 'minFraction'; readonly layer: string; readonly value: number }
  );

export type RuleKind = RuleRecord['kind'];

/**
 * Construction numbers: what the generators, the router and the checker draw with, derived from the
 * rules and the explicit choices of the preset, tech file or design. All dbu. Widths and diameters are
 * even numbers of dbu so a shape centred on a grid point has its edges on the grid.
 */
export interface Construction {
  /** The metal under UBM: 'RDL2' when the technology has a second metal, else 'RDL'. */
  readonly topMetal: 'RDL' | 'RDL2';
  /** RDL trace width and space the router draws (>= the min rules; applies to RDL2 too). */
  readonly rdl: { readonly width: Dbu; readonly space: Dbu };
  /** PI2 opening at a bump site (across flats). */
  readonly pi2: { readonly diameter: Dbu };
  readonly ubm: { readonly diameter: Dbu };
  /** Top-metal capture pad under the UBM. */
  readonly capture: { readonly diameter: Dbu };
  readonly bump: {
    readonly diameter: Dbu;
    readonly pitch: Dbu;
    /** Smallest distance from the die edge to a bump centre that keeps the seal-ring rules
     * (seal inset + the larger of the UBM-centre and bump-edge distances to the seal's outer edge). */
    readonly minCentreToDieEdge: Dbu;
  };
  /** Fillet between trace and capture pad: width = widthFraction * capture diameter, set back one trace width. */
  readonly teardrop: { readonly enabled: boolean; readonly widthFraction: number };
  readonly post: { readonly diameter: Dbu; readonly height: Dbu };
  /** TSV and the RDL landing pad around it. */
  readonly tsv: { readonly diameter: Dbu; readonly landing: Dbu };
  /** VIA2 and the landing on RDL/RDL2 (present with RDL2). */
  readonly via2?: { readonly diameter: Dbu; readonly landing: Dbu };
  /** Seal ring width and inset (die edge to the ring's outer edge). */
  readonly seal: { readonly width: Dbu; readonly inset: Dbu };
}

/** The explicit construction choices (dbu), any of which may be absent (then derived from the rules). */
export interface ConstructionInput {
  rdl?: { width?: Dbu; space?: Dbu };
  pi2?: { diameter?: Dbu };
  ubm?: { diameter?: Dbu };
  capture?: { diameter?: Dbu };
  bump?: { diameter?: Dbu; pitch?: Dbu };
  teardrop?: { enabled?: boolean; widthFraction?: number };
  post?: { diameter?: Dbu; height?: Dbu };
  tsv?: { diameter?: Dbu };
  via2?: { diameter?: Dbu };
  seal?: { width?: Dbu; inset?: Dbu };
}

/** How tier layers of a multi-wafer stack are numbered: T<t>.<NAME> = base layer + t * stride, same datatype. */
export interface TierScheme {
  /** Layer-number step per tier (default 100). */
  readonly stride: number;
  /** Most tiers a stack may have (default 8: the stacked package of the process documents has 2..8). */
  readonly max: number;
  /** Base layers repeated per tier, in map order (default PAD, PI1, RDL, VIA2, RDL2, PI2, TSV). */
  readonly layers: readonly string[];
}

/** A complete, validated, deeply frozen technology. Build one with loadTech / preset / applyOverrides. */
export interface Technology {
  readonly name: string;
  readonly description: string;
  /** How it was made, base first: preset names, tech files, override sources. */
  readonly lineage: readonly string[];
  /** Layer map in canonical order (base layers, then tier layers T1.*, T2.*, ...). */
  readonly layers: Readonly<Record<string, TechLayer>>;
  readonly rules: TechRules;
  /** Source of every rule present in `rules`, by rule id. */
  readonly sources: Readonly<Record<RuleId, RuleSource>>;
  /** The rules as flat records (including per-tier copies once tiers are added). */
  readonly ruleList: readonly RuleRecord[];
  readonly construction: Construction;
  /** The explicit choices `construction` was derived from (kept so overrides re-derive consistently). */
  readonly constructionInput: Readonly<ConstructionInput>;
  readonly tiers: TierScheme;
  /** Number of stack tiers whose layers are in the map (0 for a single-wafer technology). */
  readonly tierCount: number;
}
