/**
 * Round features of the cells, on src/geom/shapes.ts: regular n-gons centred on the origin, flats
 * on the axes and diagonals (shapes' 'edge' phase, n a multiple of 8), vertices on the grid with the
 * full 8-fold symmetry of the grid, in the two fits shapes.ts guarantees exactly:
 * - around (shapes 'circumscribed'): every edge at least d / 2 from the centre, so the width across
 *   flats, which is what a width rule measures, is at least d;
 * - within (shapes 'inscribed'): every vertex within d / 2, so the polygon never exceeds the circle
 *   (a maximum, or an opening that must stay inside a round feature).
 * Concentric polygons with the same n and phase are parallel: the edge-to-edge enclosure of one by
 * the other is the difference of their inradii, so stacks sized across flats keep the rules' numbers
 * up to the sub-nanometre snapping, which fitAround() removes by measurement.
 */
import { toUm, type Dbu } from '../../src/core/index.ts';
import { circleVertexCount, regularPolygon } from '../../src/geom/shapes.ts';
import type { Technology } from '../../src/tech/index.ts';
import { paramError } from './params.ts';

export const MAX_SIDES = 4096;

/**
 * Default side count for round features up to `diameter` across: shapes.ts's circle count for a
 * 5 nm deviation from the true circle (a multiple of 8; 360 for a 261 um ball). One count serves a
 * whole stack so its polygons stay parallel.
 */
export function defaultSides(diameter: Dbu): number {
  return circleVertexCount(Math.max(1, Math.floor(diameter / 2)));
}

/** Validates a side count: a multiple of 8 in 8..4096 (8-fold symmetry keeps x, y and diagonals alike). */
export function checkSides(fn: string, tech: Technology | undefined, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 8 || v > MAX_SIDES || v % 8 !== 0) {
    throw paramError(fn, tech, 'sides', `= ${String(v)}: expected a multiple of 8 in 8..${MAX_SIDES} (8 = octagon)`);
  }
  return v;
}

/** Circumscribed n-gon of across-flats d (even dbu): width across flats >= d, exactly. */
export function polygonAround(d: Dbu, sides: number): Int32Array {
  return regularPolygon(0, 0, d / 2, sides, { fit: 'circumscribed', phase: 'edge' });
}

/** Inscribed n-gon of diameter d (even dbu): every vertex within the circle of diameter d. */
export function polygonWithin(d: Dbu, sides: number): Int32Array {
  return regularPolygon(0, 0, d / 2, sides, { fit: 'inscribed', phase: 'edge' });
}

/**
 * The smallest circumscribed n-gon of nominal across-flats >= d (even) whose measured geometry meets
 * its rules: `shortfall(ring)` returns by how many dbu the across-flats size must grow for the worst
 * rule to hold (a width's shortfall, twice an enclosure's; <= 0 when all hold), and d grows by that
 * (rounded up to even, at least 2) until it holds. Snapping and a checker's rounding cost a few
 * to a few tens of nm; 24 rounds without success is an internal error.
 */
export function fitAround(d: Dbu, sides: number, shortfall: (ring: Int32Array) => number, what: string): { d: Dbu; ring: Int32Array } {
  let size = d;
  for (let k = 0; k < 24; k++) {
    const ring = polygonAround(size, sides);
    const miss = shortfall(ring);
    if (miss <= 0) return { d: size, ring };
    const grow = Math.ceil(miss);
    size += Math.max(2, grow + (grow % 2));
  }
  throw new Error(`internal: ${what}: no ${sides}-gon from ${toUm(d)} um to ${toUm(size)} um meets its rules`);
}
