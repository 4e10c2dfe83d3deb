import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.ts';
import { intersection, union } from '../../src/geom/clipper.ts';
import { octilinearPath } from '../../src/geom/octilinear.ts';
import { exactArea2 } from '../../src/geom/predicates.ts';
import { annulus, annulusRing, circle, circleVertexCount, octagon, regularPolygon, teardrop, type Fit } from '../../src/geom/shapes.ts';
import { vertexSet } from './util.ts';

const sq = (v: number) => BigInt(v) * BigInt(v);

/** Every interior angle of a counter-clockwise ring, as [convex, acute] flags per vertex (exact). */
function acuteConvexCorners(r: ArrayLike<number>): number {
  const n = r.length >> 1;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const p = (i + n - 1) % n;
    const q = (i + 1) % n;
    const ax = r[2 * p] - r[2 * i];
    const ay = r[2 * p + 1] - r[2 * i + 1];
    const bx = r[2 * q] - r[2 * i];
    const by = r[2 * q + 1] - r[2 * i + 1];
    const cross = BigInt(bx) * BigInt(ay) - BigInt(by) * BigInt(ax); // > 0: convex corner of a CCW ring
    const dot = BigInt(ax) * BigInt(bx) + BigInt(ay) * BigInt(by);
    if (cross > 0n && dot > 0n) count++;
  }
  return count;
}

describe('circles and regular polygons', () => {
  const fitArb = fc.constantFrom<Fit>('inscribed', 'circumscribed');
  const phaseArb = fc.constantFrom<'edge' | 'vertex'>('edge', 'vertex');

  it('are symmetric under the 8 symmetries of the square grid (90-degree rotations, axis and diagonal mirrors)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200_000_000 }), fc.integer({ min: 1, max: 64 }), fitArb, phaseArb,
        fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -1_000_000, max: 1_000_000 }),
        (r, k, fit, phase, cx, cy) => {
          const c = circle(cx, cy, r, { vertices: 8 * k, fit, phase });
          const base = vertexSet(c);
          const rel = (f: (x: number, y: number) => [number, number]) => vertexSet(c, (x, y) => {
            const [u, v] = f(x - cx, y - cy);
            return [u + cx, v + cy];
          });
          expect(rel((x, y) => [-y, x])).toEqual(base); // rotation by 90 degrees
          expect(rel((x, y) => [x, -y])).toEqual(base); // mirror in the x axis
          expect(rel((x, y) => [-x, y])).toEqual(base); // mirror in the y axis
          expect(rel((x, y) => [y, x])).toEqual(base); // mirror in the diagonal
          expect(exactArea2(c) > 0n).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("'inscribed' keeps every vertex within r, close to the circle", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 150_000_000 }), fc.integer({ min: 1, max: 128 }), phaseArb, (r, k, phase) => {
        const n = 8 * k;
        const c = circle(0, 0, r, { vertices: n, phase });
        for (let i = 0; i < c.length; i += 2) {
          expect(sq(c[i]) + sq(c[i + 1]) <= sq(r)).toBe(true);
          expect(Math.hypot(c[i], c[i + 1])).toBeGreaterThan(r - 1.5);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("'circumscribed' keeps every edge at distance >= r (the polygon contains the circle), close to it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 150_000_000 }), fc.integer({ min: 3, max: 200 }), phaseArb, (r, n, phase) => {
        const c = regularPolygon(0, 0, r, n, { fit: 'circumscribed', phase });
        const m = c.length / 2;
        for (let i = 0; i < m; i++) {
          const j = (i + 1) % m;
          const [px, py, qx, qy] = [c[2 * i], c[2 * i + 1], c[2 * j], c[2 * j + 1]];
          const cross = BigInt(px) * BigInt(qy) - BigInt(py) * BigInt(qx);
          expect(cross > 0n).toBe(true);
          expect(cross * cross >= sq(r) * (sq(qx - px) + sq(qy - py))).toBe(true);
          // Never far out: within a few nm of the ideal circumradius r / cos(pi / n).
          expect(Math.hypot(px, py)).toBeLessThan(r / Math.cos(Math.PI / n) + 4);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('chooses vertex counts from the tolerance, as multiples of 8', () => {
    expect(circleVertexCount(75_000, 5)).toBe(280);
    expect(circle(0, 0, 75_000).length / 2).toBe(280);
    expect(circleVertexCount(3, 5)).toBe(8);
    for (const r of [1000, 12_345, 1_000_000]) {
      const n = circleVertexCount(r, 2);
      expect(n % 8).toBe(0);
      expect(r * (1 - Math.cos(Math.PI / n))).toBeLessThanOrEqual(2);
    }
  });

  it('makes regular polygons mirror-symmetric in the vertical axis with a flat bottom edge', () => {
    for (const n of [3, 5, 6, 7, 9, 10]) {
      const p = regularPolygon(10, 20, 50_000, n);
      expect(vertexSet(p, (x, y) => [20 - x, y])).toEqual(vertexSet(p));
      expect(p[1]).toBe(p[3]); // the first edge (from the lowest vertex) is horizontal
    }
  });
});

describe('octagons', () => {
  it('are octilinear with flats across 2r..2r + 2 (circumscribed)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 10_000_000 }), (r) => {
        const o = octagon(0, 0, r);
        expect(o.length / 2).toBe(8);
        for (let i = 0; i < 8; i++) {
          const j = (i + 1) % 8;
          const dx = o[2 * j] - o[2 * i];
          const dy = o[2 * j + 1] - o[2 * i + 1];
          expect(dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy)).toBe(true);
          // Distance of the flat from the centre, exactly: axis flats |x| or |y|, diagonal (|x| + |y|) / sqrt 2.
          const d = dx === 0 ? Math.abs(o[2 * i]) : dy === 0 ? Math.abs(o[2 * i + 1]) : Math.abs(o[2 * i] + (dx === dy ? -o[2 * i + 1] : o[2 * i + 1])) / Math.SQRT2;
          expect(d).toBeGreaterThanOrEqual(r);
          expect(d).toBeLessThan(r + 1);
        }
      }),
    );
  });
});

describe('annuli', () => {
  it('are a polygon with one hole whose keyholed ring has exactly the same area', () => {
    const a = annulus(100, -100, 50_000, 30_000);
    expect(a.holes).toHaveLength(1);
    expect(exactArea2(a.holes[0]) < 0n).toBe(true);
    const ring = annulusRing(100, -100, 50_000, 30_000);
    expect(exactArea2(ring)).toBe(exactArea2(a.outer) + exactArea2(a.holes[0]));
    const area = Number(exactArea2(ring)) / 2;
    expect(Math.abs(area - Math.PI * (50_000 ** 2 - 30_000 ** 2)) / area).toBeLessThan(1e-3);
    // 'inscribed' material stays inside the true annulus; 'circumscribed' covers it.
    const inner = annulus(0, 0, 50_000, 30_000, { fit: 'inscribed' });
    const outer = annulus(0, 0, 50_000, 30_000, { fit: 'circumscribed' });
    expect(exactArea2(inner.outer) + exactArea2(inner.holes[0]) < exactArea2(outer.outer) + exactArea2(outer.holes[0])).toBe(true);
    expect(() => annulus(0, 0, 100, 100)).toThrow(InputError);
  });
});

describe('teardrops', () => {
  const D = 200_000;
  const w = 20_000;

  it('have no acute angles, alone and united with the pad and the trace, in every octilinear direction', () => {
    const dirs: [number, number][] = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1], [3, 1]];
    for (const [dx, dy] of dirs) {
      const t = teardrop(0, 0, D, [dx, dy], w);
      expect(exactArea2(t) > 0n).toBe(true);
      expect(acuteConvexCorners(t)).toBe(0);
      const pad = circle(0, 0, D / 2);
      const parts = [pad, t];
      if (dx === 0 || dy === 0 || Math.abs(dx) === Math.abs(dy)) {
        const s = Math.abs(dx) === Math.abs(dy) ? 100_000 : 141_421;
        parts.push(...octilinearPath([0, 0, dx * s * 2, dy * s * 2], w).map((p) => p.outer));
      }
      const u = union(parts);
      expect(u).toHaveLength(1);
      expect(u[0].holes).toHaveLength(0);
      expect(acuteConvexCorners(u[0].outer)).toBe(0);
    }
  });

  it('are 90% of the pad diameter wide at the pad and meet the trace one trace width from the pad edge', () => {
    const t = teardrop(0, 0, D, [1, 0], w);
    const ys = Array.from({ length: 6 }, (_, i) => t[2 * i + 1]);
    const xs = Array.from({ length: 6 }, (_, i) => t[2 * i]);
    expect(Math.max(...ys) - Math.min(...ys)).toBe(0.9 * D);
    expect(Math.max(...xs)).toBe(D / 2 + w);
    // Beyond the pad, the fillet lies within the trace's band at the setback and widens towards the pad.
    const slice = (x: number) => intersection([t], [Int32Array.of(x, -D, x + 1, -D, x + 1, D, x, D)]);
    const width = (x: number) => {
      const s = slice(x)[0].outer;
      const yy = Array.from({ length: s.length / 2 }, (_, i) => s[2 * i + 1]);
      return Math.max(...yy) - Math.min(...yy);
    };
    expect(width(D / 2 + w - 1)).toBeLessThanOrEqual(w);
    expect(width(D / 2)).toBeGreaterThan(width(D / 2 + w / 2));
  });

  it('are mirror-symmetric about a diagonal trace exactly', () => {
    const t = teardrop(500, -700, D, [1, 1], w);
    expect(vertexSet(t, (x, y) => [500 + (y + 700), -700 + (x - 500)])).toEqual(vertexSet(t));
  });

  it('reject traces as wide as the fillet and other bad input', () => {
    expect(() => teardrop(0, 0, D, [1, 0], 0.95 * D)).toThrow(InputError);
    expect(() => teardrop(0, 0, D, [0, 0], w)).toThrow(InputError);
    expect(() => teardrop(0, 0, D, [1, 0], w, { widthRatio: 1.2 })).toThrow(InputError);
    expect(() => teardrop(0.5, 0, D, [1, 0], w)).toThrow(InputError);
  });
});

describe('bad shape input', () => {
  it('throws InputError naming the shape and the value', () => {
    expect(() => circle(0, 0, 0)).toThrow(/circle: radius 0/);
    expect(() => circle(0, 0, 10.5)).toThrow(InputError);
    expect(() => circle(0, 0, 100, { vertices: 7 })).toThrow(/vertex count 7/);
    expect(() => circle(2 ** 31, 0, 100)).toThrow(/circle centre x/);
    expect(() => circle(2_147_483_000, 0, 1000)).toThrow(/outside the int32 range/);
    expect(() => regularPolygon(0, 0, 100, 2)).toThrow(/vertex count 2/);
    expect(() => circle(0, 0, 100, { fit: 'outside' as Fit })).toThrow(/fit 'outside'/);
  });
});
