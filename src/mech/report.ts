/**
 * The mechanics section of a build report (`report.mech`): for every ball, its distance to the neutral
 * point (the die centre) and the thermal-mismatch displacement d = delta_alpha * delta_T * DNP
 * (thermal.ts); with a post under the balls, the force and largest bending stress of the post that
 * absorbs d (post.ts, the chosen boundary), the post's stiffness for both boundaries, and the worst
 * ball; and the range warnings of the process documents (ranges.ts: seeds 002, 003, 004 for posts and
 * resins, seed 000 for stacks).
 *
 * Units: um, K, ppm/K, N, N/um, MPa. Figures are rounded (roundTo) so the report is byte-stable.
 * Pure and deterministic: the table keeps the input order of the balls.
 */
import type { Diagnostic } from '../core/errors.ts';
import { InputError } from '../core/errors.ts';
import { material, type MaterialName } from './materials.ts';
import { postBending, roundSecondMomentUm4, type Boundary } from './post.ts';
import { postWarnings, processRangeWarnings, type ProcessDimensions } from './ranges.ts';
import { dnpTable, postMismatchTable } from './thermal.ts';
import { checkPositive, N_PER_UM2_PER_GPA } from './units.ts';

/** Defaults of the design file's `mech` key: a 100 K excursion, a silicon die on an FR-4 board. */
export const MECH_DEFAULTS = Object.freeze({ deltaTK: 100, substrate: 'si' as MaterialName, board: 'fr4' as MaterialName, boundary: 'cantilever' as Boundary });

export interface MechBall {
  /** Ball name ('A1'). */
  name: string;
  /** Net the router gave it, or null for a ball without a net. */
  net: string | null;
  xUm: number;
  yUm: number;
}

export interface MechInput {
  balls: readonly MechBall[];
  /** Temperature excursion, K (> 0). */
  deltaTK?: number;
  substrate?: MaterialName;
  board?: MaterialName;
  /** A round Cu post under every ball. */
  post?: { diameterUm: number; heightUm: number; material?: MaterialName };
  /** Boundary of the post for the per-ball table (default cantilever, seed 004's model). */
  boundary?: Boundary;
  /** Further dimensions checked against the seed ranges (polymer, resins, stack layers). */
  dimensions?: Omit<ProcessDimensions, 'postWidthUm' | 'columnHeightUm'>;
}

export interface MechRow {
  bump: string;
  net: string | null;
  x: number;
  y: number;
  dnpUm: number;
  displacementUm: number;
  /** With a post: force (N) and largest bending stress (MPa) of the post absorbing the displacement. */
  forceN?: number;
  maxStressMPa?: number;
}

export interface MechReport {
  deltaTK: number;
  substrate: { name: string; ctePpmPerK: number };
  board: { name: string; ctePpmPerK: number };
  deltaAlphaPpmPerK: number;
  neutralPointUm: [number, number];
  table: MechRow[];
  /** The ball with the largest DNP (first in table order on ties), or with a post the largest stress. */
  worst: MechRow;
  post: null | {
    diameterUm: number;
    heightUm: number;
    youngsGPa: number;
    /** Second moment of area pi d^4 / 64, um^4. */
    secondMomentUm4: number;
    boundary: Boundary;
    /** Tip stiffness F / delta, N/um: 3 E I / L^3 (cantilever) and 12 E I / L^3 (fixed-guided). */
    stiffnessNPerUm: { cantilever: number; fixedGuided: number };
    /** At the worst ball's displacement, for both boundaries. */
    atWorst: { displacementUm: number; cantilever: { forceN: number; maxStressMPa: number }; fixedGuided: { forceN: number; maxStressMPa: number } };
  };
  warnings: Diagnostic[];
}

/** Rounds to `digits` significant digits (0 stays 0): stable JSON without float noise. */
export function roundTo(v: number, digits = 6): number {
  if (v === 0 || !Number.isFinite(v)) return v;
  return Number(v.toPrecision(digits));
}

function named(m: MaterialName, what: string): { name: string; ctePpmPerK: number } {
  const mat = material(m, what);
  return { name: mat.name, ctePpmPerK: mat.ctePpmPerK };
}

/** The report's mechanics section; throws InputError naming the input at fault. */
export function mechReport(inp: MechInput): MechReport {
  if (!inp || !Array.isArray(inp.balls) || inp.balls.length === 0) throw new InputError('E_MECH', 'mech: expected at least one ball');
  const deltaTK = checkPositive(inp.deltaTK ?? MECH_DEFAULTS.deltaTK, 'mech.deltaT');
  const substrate = named(inp.substrate ?? MECH_DEFAULTS.substrate, 'mech.substrate');
  const board = named(inp.board ?? MECH_DEFAULTS.board, 'mech.board');
  const boundary = inp.boundary ?? MECH_DEFAULTS.boundary;
  const bumpsUm = inp.balls.map((b) => [b.xUm, b.yUm] as const);
  const common = { bumpsUm, deltaTK, dieMaterial: substrate.name as MaterialName, boardMaterial: board.name as MaterialName };
  const dnp = dnpTable(common);
  const warnings: Diagnostic[] = [];
  let table: MechRow[];
  let worst: MechRow;
  let post: MechReport['post'] = null;
  const row = (i: number): MechRow => {
    const r = dnp.rows[i];
    const b = inp.balls[i];
    return { bump: b.name, net: b.net, x: roundTo(r.xUm), y: roundTo(r.yUm), dnpUm: roundTo(r.dnpUm), displacementUm: roundTo(r.displacementUm) };
  };
  if (inp.post) {
    const spec = { section: { shape: 'round' as const, diameterUm: inp.post.diameterUm }, heightUm: inp.post.heightUm, material: inp.post.material ?? 'cu' };
    const pt = postMismatchTable({ ...common, post: spec, boundary });
    table = pt.rows.map((r, i) => ({ ...row(i), forceN: roundTo(r.forceN), maxStressMPa: roundTo(r.maxStressMPa) }));
    worst = table[pt.worst.index];
    const E = material(spec.material, 'post.material').youngsGPa;
    const I = roundSecondMomentUm4(spec.section.diameterUm);
    const L3 = spec.heightUm ** 3;
    const d = dnp.worst.displacementUm;
    const at = (bc: Boundary) => {
      const b = postBending(spec, d, bc);
      return { forceN: roundTo(b.forceN), maxStressMPa: roundTo(b.maxStressMPa) };
    };
    post = {
      diameterUm: spec.section.diameterUm,
      heightUm: spec.heightUm,
      youngsGPa: E,
      secondMomentUm4: roundTo(I),
      boundary,
      stiffnessNPerUm: { cantilever: roundTo((3 * E * N_PER_UM2_PER_GPA * I) / L3), fixedGuided: roundTo((12 * E * N_PER_UM2_PER_GPA * I) / L3) },
      atWorst: { displacementUm: roundTo(d), cantilever: at('cantilever'), fixedGuided: at('fixed-guided') },
    };
    warnings.push(...postWarnings(spec, inp.dimensions ?? {}));
    // Beam theory is elastic: past the post's yield strength the figures say the post cannot take the
    // mismatch elastically (it and the joint at its base deform plastically), which a designer must see.
    const yieldMPa = material(spec.material, 'post.material').yieldMPa;
    const worstStress = post.atWorst[boundary === 'fixed-guided' ? 'fixedGuided' : 'cantilever'].maxStressMPa;
    if (yieldMPa !== undefined && worstStress > yieldMPa) {
      warnings.push({
        code: 'W_POST_YIELD',
        severity: 'warning',
        message: `post bending stress ${worstStress} MPa at ball ${worst.bump} (${boundary}, ${roundTo(d)} um displacement) exceeds the ${yieldMPa} MPa yield strength of ${spec.material}: the post cannot absorb the mismatch elastically (a taller or thinner post, a smaller DNP or a smaller delta T lowers it)`,
        location: { xyUm: [worst.x, worst.y] },
      });
    }
  } else {
    table = dnp.rows.map((_, i) => row(i));
    worst = table[dnp.worst.index];
    if (inp.dimensions && Object.keys(inp.dimensions).length) warnings.push(...processRangeWarnings(inp.dimensions));
  }
  return { deltaTK, substrate, board, deltaAlphaPpmPerK: roundTo(dnp.deltaAlphaPpmPerK), neutralPointUm: [0, 0], table, worst, post, warnings };
}
