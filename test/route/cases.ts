/** Generated routing problems shared by the router tests (lengths in dbu). */
import { ringArrayCase, type RingArraySpec } from '../../src/route/cases.ts';
import type { RouteOptions, RouteProblem } from '../../src/route/types.ts';
import { preset } from '../../src/tech/index.ts';

export interface TestCase {
  readonly name: string;
  readonly problem: RouteProblem;
}

export function makeCase(name: string, techName: string, spec: RingArraySpec, options: RouteOptions = {}): TestCase {
  const { pads, bumps } = ringArrayCase(spec);
  return { name, problem: { die: { width: spec.die[0], height: spec.die[1] }, pads, bumps, tech: preset(techName), options } };
}

/** 36 peripheral pads -> full 6 x 6 array at 400 um, 3 x 3 mm, amkor-0.4 (bench case a). */
export const AMKOR_6X6: RingArraySpec = { die: [3_000_000, 3_000_000], pads: 36, padPitch: 200_000, padSize: 80_000, padInset: 100_000, cols: 6, rows: 6, pitch: 400_000 };

/**
 * AMKOR_6X6 with the pads of examples/wafer-200.yaml: 150 um pitch, centres 70 um in from the die edge,
 * so the 85 um landing pads end 27.5 um from the edge, closer than space + half a trace + the keep-out
 * band: no grid node lies between a pad's halo and the die edge (plating ties need straight stubs).
 */
export const AMKOR_6X6_EDGE: RingArraySpec = { ...AMKOR_6X6, padPitch: 150_000, padInset: 70_000 };

/** 40 pads -> 7 x 7 array at 400 um with the centre 3 x 3 depopulated, 3.4 x 3.4 mm, amkor-0.4. */
export const AMKOR_7X7_DEPOP: RingArraySpec = {
  die: [3_400_000, 3_400_000],
  pads: 40,
  padPitch: 200_000,
  padSize: 80_000,
  padInset: 100_000,
  cols: 7,
  rows: 7,
  pitch: 400_000,
  depopulate: (c, r) => c >= 2 && c <= 4 && r >= 2 && r <= 4,
};

/** 64 pads -> full 8 x 8 array at 140 um, 1.5 x 1.5 mm, fine-10 (10/10 um). */
export const FINE_8X8: RingArraySpec = { die: [1_500_000, 1_500_000], pads: 64, padPitch: 80_000, padSize: 40_000, padInset: 50_000, cols: 8, rows: 8, pitch: 140_000 };

/** 80 pads -> 12 x 12 array at 150 um, two outer rows only (80 balls), 2.2 x 2.2 mm, fine-10. */
export const FINE_PERIMETER: RingArraySpec = {
  die: [2_200_000, 2_200_000],
  pads: 80,
  padPitch: 70_000,
  padSize: 40_000,
  padInset: 50_000,
  cols: 12,
  rows: 12,
  pitch: 150_000,
  depopulate: (c, r) => Math.min(c, r, 11 - c, 11 - r) >= 2,
};

/**
 * Over capacity: 100 pads -> a full 10 x 10 array at the minimum 100 um pitch of fine-10. Capture pads
 * of 70 um leave 30 um between neighbours, one trace track at best, so the 64 inner balls cannot all
 * get out through the 36-ball outer ring.
 */
export const FINE_TOO_DENSE: RingArraySpec = { die: [1_400_000, 1_400_000], pads: 100, padPitch: 50_000, padSize: 30_000, padInset: 50_000, cols: 10, rows: 10, pitch: 100_000 };

/**
 * Pads deep inside the die, balls outside them: 28 pads centred 400 um in from the edges of a
 * 1.5 x 1.5 mm die, routed out to the outer ring of an 8 x 8 array at 140 um (fine-10). Every ball
 * lies between its net's pad and the nearest die edge, so every plating tie starts at a ball's
 * capture pad (and needs a teardrop there).
 */
export const FINE_INNER_PADS: RingArraySpec = {
  die: [1_500_000, 1_500_000],
  pads: 28,
  padPitch: 80_000,
  padSize: 40_000,
  padInset: 400_000,
  cols: 8,
  rows: 8,
  pitch: 140_000,
  depopulate: (c, r) => Math.min(c, r, 7 - c, 7 - r) >= 1,
};
