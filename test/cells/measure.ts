/**
 * Measurements on generated polygons, for the cell tests: widths and enclosures are measured on the
 * vertices the cells drew, never taken from the parameters. Distances are Euclidean, in dbu.
 */
import { expect } from 'vitest';
import { flatPolygons, InputError, layerKey, type Cell, type LayerSpec } from '../../src/core/index.ts';
import { difference, type PolygonWithHoles } from '../../src/geom/clipper.ts';
import { boundaryDistance } from '../../cells/internal/measure.ts';

// The plain Euclidean measures are the cells' own (cells/internal/measure.ts); the tests' independent
// check of them is KLayout's (test/cells/klayout.test.ts), which measures the same polygons itself.
export { boundaryDistance, convexWidth, pointSegment, pointToBoundary, shortestEdge } from '../../cells/internal/measure.ts';

/** Every polygon of `cell` (flattened through the hierarchy) on `layer`, in the cell's frame. */
export function ringsOn(cell: Cell, layer: LayerSpec): Int32Array[] {
  return [...flatPolygons(cell, { layers: new Set([layerKey(layer.layer, layer.datatype)]) })].map((p) => p.points);
}

/**
 * Splits a keyholed ring (as core/keyhole.ts makes them: the outer ring, a bridge to a hole, the
 * hole, the same bridge back) into its outer ring and holes. A ring without repeated vertices is
 * returned as it is.
 */
export function splitKeyhole(ring: ArrayLike<number>): PolygonWithHoles {
  const pts: [number, number][] = [];
  for (let i = 0; i < ring.length; i += 2) pts.push([ring[i], ring[i + 1]]);
  const holes: Int32Array[] = [];
  for (;;) {
    let found = false;
    outer: for (let i = 0; i < pts.length; i++) {
      for (let j = pts.length - 1; j > i + 1; j--) {
        if (pts[i][0] === pts[j][0] && pts[i][1] === pts[j][1]) {
          // pts[i+1..j-1] is the hole, entered and left at the same hole vertex.
          const loop = pts.slice(i + 1, j);
          const [hx, hy] = loop[0];
          const last = loop[loop.length - 1];
          if (last[0] === hx && last[1] === hy) loop.pop();
          const inner = splitKeyhole(loop.flat());
          holes.push(inner.outer, ...inner.holes);
          pts.splice(i + 1, j - i);
          found = true;
          break outer;
        }
      }
    }
    if (!found) break;
  }
  return { outer: Int32Array.from(pts.flat()), holes };
}

/**
 * The polygons of `cell` on `layer` with keyholes split back into outer rings and holes (not merged:
 * clipper-lib's union keeps a keyholed ring's zero-width bridge instead of returning a hole).
 */
export function regionOn(cell: Cell, layer: LayerSpec): PolygonWithHoles[] {
  return ringsOn(cell, layer).map(splitKeyhole);
}

/** Whether every turn of the ring has the same sign (a convex polygon). */
export function isConvex(r: ArrayLike<number>): boolean {
  const n = r.length;
  let sign = 0;
  for (let i = 0; i < n; i += 2) {
    const ax = r[i], ay = r[i + 1];
    const bx = r[(i + 2) % n], by = r[(i + 3) % n];
    const cx = r[(i + 4) % n], cy = r[(i + 5) % n];
    const c = Math.sign((bx - ax) * (cy - by) - (by - ay) * (cx - bx));
    if (c === 0) continue;
    if (sign === 0) sign = c;
    else if (c !== sign) return false;
  }
  return true;
}

/**
 * Enclosure of `inner` by `outer` (single rings): asserts inner lies inside outer (the boolean
 * difference is empty) and returns the smallest boundary-to-boundary distance.
 */
export function enclosure(inner: ArrayLike<number>, outer: ArrayLike<number>): number {
  expect(difference([inner], [outer]), 'inner shape must lie inside the outer shape').toEqual([]);
  return boundaryDistance(inner, outer);
}

/** Centre of a ring's bounding box. */
export function bboxCentre(r: ArrayLike<number>): [number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < r.length; i += 2) {
    x0 = Math.min(x0, r[i]); x1 = Math.max(x1, r[i]);
    y0 = Math.min(y0, r[i + 1]); y1 = Math.max(y1, r[i + 1]);
  }
  return [(x0 + x1) / 2, (y0 + y1) / 2];
}

/** Bounding-box size [w, h] of a ring. */
export function bboxSize(r: ArrayLike<number>): [number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (let i = 0; i < r.length; i += 2) {
    x0 = Math.min(x0, r[i]); x1 = Math.max(x1, r[i]);
    y0 = Math.min(y0, r[i + 1]); y1 = Math.max(y1, r[i + 1]);
  }
  return [x1 - x0, y1 - y0];
}

/** Smallest gap between two disjoint sets of rings (asserts they do not overlap). */
export function separation(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  let best = Infinity;
  for (const p of a) for (const q of b) best = Math.min(best, boundaryDistance(p, q));
  return best;
}

/** Expects `f` to throw an InputError whose message matches every pattern. */
export function expectInputError(f: () => unknown, ...patterns: RegExp[]): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected an InputError').toBeInstanceOf(InputError);
  for (const p of patterns) expect((err as Error).message).toMatch(p);
}
