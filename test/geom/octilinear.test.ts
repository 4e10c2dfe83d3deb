import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.ts';
import { checkOctilinear, octilinearPath, octilinearPathRings, octilinearPen, octilinearWidths } from '../../src/geom/octilinear.ts';
import { exactArea2, locatePoint, pointSegmentDist2, segmentSegmentDist2 } from '../../src/geom/predicates.ts';

/** Lines x - y = c of the polygon's edges running in direction (1, 1), with their lengths. */
function diagonalEdges(r: Int32Array): { c: number; len: number }[] {
  const out: { c: number; len: number }[] = [];
  const n = r.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    const dx = r[2 * j] - r[2 * i];
    const dy = r[2 * j + 1] - r[2 * i + 1];
    if (dx === dy && dx !== 0) out.push({ c: r[2 * i] - r[2 * i + 1], len: Math.abs(dx) * Math.SQRT2 });
  }
  return out;
}

/** Smallest distance from (x, y) to the polygon's boundary (squared, dbu^2). */
function boundaryDist2(r: Int32Array, x: number, y: number): number {
  let best = Infinity;
  const n = r.length / 2;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    best = Math.min(best, pointSegmentDist2(x, y, r[2 * i], r[2 * i + 1], r[2 * j], r[2 * j + 1]));
  }
  return best;
}

describe('octilinear paths', () => {
  it('measure at least w and at most w + 2 dbu across a diagonal (distance between the two long edges)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(1, -1), fc.integer({ min: -1000, max: 1000 }), (w, len, sy, x0) => {
        // Mirror the y direction to cover both diagonals; measure in the frame where it runs along (1, 1).
        const poly = octilinearPath([x0, 0, x0 + len, sy * len], w);
        expect(poly).toHaveLength(1);
        const ring = sy === 1 ? poly[0].outer : Int32Array.from(poly[0].outer, (v, i) => (i & 1 ? -v : v));
        const edges = diagonalEdges(ring).sort((a, b) => b.len - a.len).slice(0, 2);
        expect(edges).toHaveLength(2);
        const width = Math.abs(edges[0].c - edges[1].c) / Math.SQRT2;
        expect(width).toBeGreaterThanOrEqual(w);
        expect(width).toBeLessThanOrEqual(w + 2);
        expect(width).toBeCloseTo(octilinearWidths(w).diagonal, 9);
      }),
      { numRuns: 500 },
    );
  });

  it('measure w (even) or w + 1 (odd) across an axis-parallel segment, with exact flush ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 1_000_000 }), (w, len) => {
        const p = octilinearPath([0, 0, 0, len], w)[0].outer;
        const xs = Array.from({ length: p.length / 2 }, (_, i) => p[2 * i]);
        const ys = Array.from({ length: p.length / 2 }, (_, i) => p[2 * i + 1]);
        expect(Math.max(...xs) - Math.min(...xs)).toBe(w % 2 === 0 ? w : w + 1);
        expect(Math.min(...ys)).toBe(0);
        expect(Math.max(...ys)).toBe(len);
      }),
    );
  });

  it('never narrow at bends: every spine point keeps w/2 to the boundary (45- and 90-degree bends, all directions)', () => {
    const step = fc.constantFrom<[number, number]>([1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4000 }), fc.array(fc.tuple(step, fc.integer({ min: 1, max: 20_000 })), { minLength: 2, maxLength: 6 }), (w, segs) => {
        const pts = [0, 0];
        let prev: [number, number] | null = null;
        for (const [[sx, sy], l] of segs) {
          if (prev && prev[0] * sx + prev[1] * sy < 0) return; // 135/180-degree turns are rejected (tested below)
          const x = pts[pts.length - 2] + sx * l;
          const y = pts[pts.length - 1] + sy * l;
          pts.push(x, y);
          prev = [sx, sy];
        }
        // The module's contract excludes paths that overlap themselves away from a bend (two diagonal
        // edges may then cross between grid points and clipper rounds the crossing by 0.5 dbu): skip
        // spines whose non-adjacent segments come within a width and a half of each other.
        for (let i = 0; i + 3 < pts.length; i += 2) {
          for (let j = i + 4; j + 3 < pts.length; j += 2) {
            if (segmentSegmentDist2(pts[i], pts[i + 1], pts[i + 2], pts[i + 3], pts[j], pts[j + 1], pts[j + 2], pts[j + 3]) <= (1.5 * w + 2) ** 2) return;
          }
        }
        const polys = octilinearPath(pts, w, { ends: 'square' });
        // Sample the spine: vertices and points along each segment.
        for (let i = 0; i + 3 < pts.length; i += 2) {
          for (let t = 0; t <= 4; t++) {
            const x = pts[i] + ((pts[i + 2] - pts[i]) * t) / 4;
            const y = pts[i + 1] + ((pts[i + 3] - pts[i + 1]) * t) / 4;
            // Inside some polygon and at least w/2 from every boundary (holes included).
            const inside = polys.some((p) => locatePoint(p.outer, x, y) >= 0 && p.holes.every((h) => locatePoint(h, x, y) <= 0));
            expect(inside).toBe(true);
            for (const p of polys) {
              for (const r of [p.outer, ...p.holes]) expect(4 * boundaryDist2(r, x, y)).toBeGreaterThanOrEqual(w * w * (1 - 1e-12));
            }
          }
        }
        for (const p of polys) {
          for (const r of [p.outer, ...p.holes]) {
            for (let i = 0; i < r.length; i += 2) {
              const j = (i + 2) % r.length;
              const dx = r[j] - r[i];
              const dy = r[j + 1] - r[i + 1];
              expect(dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy)).toBe(true); // every edge octilinear
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('mitres 45-degree bends exactly and chamfers the outside of 90-degree bends', () => {
    const w = 20; // a = 10, K = 15
    expect(octilinearPen(w)).toEqual({ a: 10, b: 5, k: 15 });
    const bend45 = octilinearPath([0, 0, 1000, 0, 2000, 1000], w)[0].outer;
    expect(Array.from(bend45)).toContain(1005); // outer corner (1005, -10): y = -10 meets x - y = 1015
    const bend90 = octilinearPath([0, 0, 1000, 0, 1000, 1000], w)[0].outer;
    const pts = Array.from({ length: bend90.length / 2 }, (_, i) => `${bend90[2 * i]},${bend90[2 * i + 1]}`);
    expect(pts).toContain('1005,-10');
    expect(pts).toContain('1010,-5');
    expect(pts).not.toContain('1010,-10');
  });

  it('makes square ends half a width long and round ends cover the half disk', () => {
    const sq = octilinearPath([0, 0, 1000, 0], 20, { ends: 'square' })[0].outer;
    expect(Math.min(...Array.from(sq).filter((_, i) => i % 2 === 0))).toBe(-10);
    expect(Math.max(...Array.from(sq).filter((_, i) => i % 2 === 0))).toBe(1010);
    const diagSquare = octilinearPath([0, 0, 1000, 1000], 20, { ends: 'square' })[0].outer;
    // End lines x + y = +-K beyond the ends: an extension of K / sqrt 2 = 10.6 >= 10.
    const sums = Array.from({ length: diagSquare.length / 2 }, (_, i) => diagSquare[2 * i] + diagSquare[2 * i + 1]);
    expect(Math.min(...sums)).toBe(-15);
    expect(Math.max(...sums)).toBe(2015);
    const round = octilinearPath([0, 0, 1000, 0], 20, { ends: 'round' })[0].outer;
    for (const [x, y] of [[-10, 0], [0, 10], [1010, 0], [-7, -7]]) expect(locatePoint(round, x, y)).toBeGreaterThanOrEqual(0);
    const flush = octilinearPath([0, 0, 1000, 0], 20, { startEnd: 'round', endEnd: 'flush' })[0].outer;
    expect(Math.max(...Array.from(flush).filter((_, i) => i % 2 === 0))).toBe(1000);
  });

  it('extends a diagonal flush end by 1/sqrt(2) dbu only when its corners would fall between grid points', () => {
    const even = octilinearPath([0, 0, 1000, 1000], 21)[0].outer; // K = 15, odd
    const sums = Array.from({ length: even.length / 2 }, (_, i) => even[2 * i] + even[2 * i + 1]);
    expect(Math.min(...sums)).toBe(-1);
    const k16 = octilinearPath([0, 0, 1000, 1000], 22)[0].outer; // K = 16, even
    const s16 = Array.from({ length: k16.length / 2 }, (_, i) => k16[2 * i] + k16[2 * i + 1]);
    expect(Math.min(...s16)).toBe(0);
    expect(Math.max(...s16)).toBe(2000);
  });

  it('returns a hole for a closed loop and GDS rings with the same area', () => {
    const loop = octilinearPath([0, 0, 1000, 0, 1000, 1000, 0, 1000, 0, 0], 20, { ends: 'square' });
    expect(loop).toHaveLength(1);
    expect(loop[0].holes).toHaveLength(1);
    const rings = octilinearPathRings([0, 0, 1000, 0, 1000, 1000, 0, 1000, 0, 0], 20, { ends: 'square' });
    expect(rings).toHaveLength(1);
    expect(exactArea2(rings[0])).toBe(exactArea2(loop[0].outer) + exactArea2(loop[0].holes[0]));
    // The square ring less the pen's chamfers (legs a - b = 5) at the three bends; the start/end corner
    // is closed by the two square ends.
    expect(exactArea2(rings[0])).toBe(2n * (1020n * 1020n - 980n * 980n) - 3n * 25n);
  });

  it('rejects non-octilinear segments, acute turns and reversals, naming the segment or vertex', () => {
    expect(() => octilinearPath([0, 0, 100, 0, 200, 30], 10)).toThrow(/segment 1 from \(100, 0\) to \(200, 30\) dbu is not at a multiple of 45 degrees/);
    expect(() => octilinearPath([0, 0, 100, 0, 0, 100], 10)).toThrow(/turns by 135 degrees at vertex \(100, 0\)/);
    expect(() => octilinearPath([0, 0, 100, 0, 50, 0], 10)).toThrow(/turns by 180 degrees/);
    expect(() => octilinearPath([0, 0, 100, 100, 0, 0], 10)).toThrow(/turns by 180 degrees/);
    expect(() => octilinearPath([0, 0, 0, 0], 10)).toThrow(/at least 2 distinct vertices/);
    expect(() => octilinearPath([0, 0, 10, 0.5], 10)).toThrow(InputError);
    expect(() => octilinearPath([0, 0, 10, 0], 0)).toThrow(/width 0/);
    expect(() => octilinearPath([0, 0, 10, 0], 10, { ends: 'pointed' as never })).toThrow(/end style 'pointed'/);
    // Collinear runs and repeated vertices are merged.
    expect(Array.from(checkOctilinear([0, 0, 10, 0, 10, 0, 20, 0, 30, 10]))).toEqual([0, 0, 20, 0, 30, 10]);
  });
});
