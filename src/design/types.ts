/**
 * A design, validated and resolved: every length integer dbu (1 nm), every pad and bump site
 * placed, the technology with the design's overrides applied. Made by loadDesign / parseDesign.
 */
import type { Dbu } from '../core/units.ts';
import type { Technology } from '../tech/types.ts';

/** A die pad: centre (origin at the die centre) and size of the pad opening, dbu. */
export interface PadDef {
  readonly name: string;
  readonly net: string;
  readonly x: Dbu;
  readonly y: Dbu;
  readonly w: Dbu;
  readonly h: Dbu;
}

/** A bump site of the ball array; `net` is set by a bump map, else chosen by the router. */
export interface BumpSite {
  /** JEDEC-style name: row letter(s) from the bottom (A, B, ... skipping I O Q S X Z), column number from the left. */
  readonly name: string;
  readonly col: number;
  readonly row: number;
  readonly x: Dbu;
  readonly y: Dbu;
  readonly net?: string;
}

export interface DieDef {
  readonly width: Dbu;
  readonly height: Dbu;
  readonly pads: readonly PadDef[];
  /** Populated bump sites only (depopulated sites removed). */
  readonly bumps: readonly BumpSite[];
  readonly pitch: Dbu;
  /** [columns, rows] of the full array before depopulation. */
  readonly array: readonly [number, number];
  /** 'map' when a bump map fixes the net of every populated ball; else the router assigns. */
  readonly assignment: 'auto' | 'map';
  /** Cu post on each bump site, when given. */
  readonly post?: { readonly diameter: Dbu; readonly height: Dbu };
  /** Where the pads came from, for reports ('ring', a CSV path, 'list', a GDS path). */
  readonly padSource: string;
  /** 'daisy': every net is one die-side link of a daisy chain (two balls); the build plans the board-side links. */
  readonly chain?: 'daisy';
}

export interface WaferDef {
  readonly diameterMm: number;
  readonly edgeExclusionMm: number;
  /** Dicing street (kerf) width. */
  readonly street: Dbu;
  /** Blade cut width, centred in the street (< street). */
  readonly saw: Dbu;
  /** A SEMI notch at the bottom, or a flat of the given length (mm), or neither. */
  readonly notch: boolean;
  readonly flatMm?: number;
  /** 'auto' (most whole dies), 'symmetric' (most whole dies, map mirror-symmetric about the notch
   * axis), 'centered', or an explicit grid offset [dx, dy] in dbu (the centre of die (0, 0)). */
  readonly offset: 'auto' | 'symmetric' | 'centered' | readonly [Dbu, Dbu];
  /** Dies per reticle shot [columns, rows], when shots are wanted. */
  readonly reticle?: readonly [number, number];
  /** Edge sites that are not whole dies: left empty, or filled with a dummy plating pattern. */
  readonly partial: 'skip' | 'dummy';
}

export interface PlatingDef {
  /** Bus line in every street, dbu (narrower than the saw cut). */
  readonly bus: Dbu;
  /** Tie from every net to the nearest street, dbu. */
  readonly tie: Dbu;
  /** Contact ring at the wafer edge, dbu. */
  readonly ring: Dbu;
}

/** One wafer of a stack (tier 1 is the lowest; the top tier carries the posts and balls). */
export interface StackTierDef {
  /** 1-based, bottom up. */
  readonly tier: number;
  /** This tier's die pads (the design's die.pads unless the tier gives its own). */
  readonly pads: readonly PadDef[];
  readonly padSource: string;
  /** Wafer (silicon) thickness after thinning, dbu, when given. */
  readonly thickness?: Dbu;
}

/** A stacked package of 2..8 wafers bonded face to back (process document 000). Lengths dbu. */
export interface StackDef {
  readonly tiers: readonly StackTierDef[];
  /** TSV hole diameter, its RDL landing pad diameter, and the landing's required enclosure of the hole. */
  readonly tsv: { readonly diameter: Dbu; readonly landing: Dbu; readonly enclosure: Dbu };
  /** Insulating (bonding) layer between wafers, resin sealing layer, heat radiation layer thicknesses. */
  readonly insulator: Dbu;
  readonly resin: Dbu;
  readonly heat: Dbu;
}

/** Inputs of the report's mechanics section (src/mech/report.ts); defaults in MECH_DEFAULTS. */
export interface MechDef {
  /** Temperature excursion, K. */
  readonly deltaTK: number;
  /** Die substrate and board materials (names of src/mech/materials.ts). */
  readonly substrate: string;
  readonly board: string;
  readonly boundary: 'cantilever' | 'fixed-guided';
  /** Polymer thickness around the posts (seed 004), um; the post projection is post height minus it. */
  readonly polymerUm?: number;
  /** Total thickness of the two insulating resins of a two-terminal package (seed 002), um. */
  readonly resinTotalUm?: number;
}

export interface Design {
  /** Output base name ([A-Za-z0-9_.-]+), with the variant suffix when from a sweep. */
  readonly name: string;
  /** The design file, when loaded from one. */
  readonly file?: string;
  /** Folder relative paths resolve from. */
  readonly baseDir: string;
  readonly tech: Technology;
  readonly die: DieDef;
  readonly wafer?: WaferDef;
  readonly plating?: PlatingDef;
  /** A stacked package: the tiers and the TSVs between them (design key `stack`). */
  readonly stack?: StackDef;
  /** Mechanics inputs (design key `mech`), defaults filled in. */
  readonly mech?: MechDef;
  /** The design as given (after variant merging), for the report. */
  readonly source: unknown;
  /** Variant name within a sweep, when any. */
  readonly variant?: string;
}
