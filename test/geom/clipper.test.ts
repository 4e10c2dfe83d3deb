import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ClipperLib from 'clipper-lib';
import { InputError, WlpgenError } from '../../src/core/errors.ts';
import {
  difference, GeometryError, guardClipper, intersection, offset, toGdsRings, toRings, union, xor,
  type PolygonWithHoles,
} from '../../src/geom/clipper.ts';
import { exactArea2 } from '../../src/geom/predicates.ts';
import { area2, canonical, rect } from './util.ts';

const coord = fc.integer({ min: -5000, max: 5000 });
/** A random axis-aligned rectangle with positive size. */
const rectArb = fc.tuple(coord, coord, fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 3000 })).map(([x, y, w, h]) => rect(x, y, x + w, y + h));
/** A random rectilinear region: the union of 1..6 rectangles (may have holes and several parts). */
const rectilinearArb = fc.array(rectArb, { minLength: 1, maxLength: 6 }).map((rs) => toRings(union(rs)));

function checkContract(polys: PolygonWithHoles[]): void {
  for (const p of polys) {
    expect(exactArea2(p.outer) > 0n).toBe(true);
    for (const h of p.holes) expect(exactArea2(h) < 0n).toBe(true);
    // Starts at its lowest vertex (min y, then min x).
    for (let i = 2; i < p.outer.length; i += 2) {
      const y = p.outer[i + 1];
      expect(y > p.outer[1] || (y === p.outer[1] && p.outer[i] > p.outer[0])).toBe(true);
    }
  }
}

describe('booleans', () => {
  it('computes the four operations on two overlapping squares', () => {
    const a = rect(0, 0, 10, 10);
    const b = rect(5, 5, 15, 15);
    expect(area2(union([a, b]))).toBe(2n * 175n);
    expect(area2(intersection([a], [b]))).toBe(2n * 25n);
    expect(area2(difference([a], [b]))).toBe(2n * 75n);
    expect(area2(xor([a], [b]))).toBe(2n * 150n);
    expect(Array.from(intersection([a], [b])[0].outer)).toEqual([5, 5, 10, 5, 10, 10, 5, 10]);
  });

  it('keeps area(A u B) + area(A n B) = area(A) + area(B) exactly for rectilinear regions', () => {
    fc.assert(
      fc.property(rectilinearArb, rectilinearArb, (a, b) => {
        const u = area2(union(a, b));
        const i = area2(intersection(a, b));
        const A = area2(union(a));
        const B = area2(union(b));
        expect(u + i).toBe(A + B);
        expect(area2(xor(a, b))).toBe(u - i);
        expect(area2(difference(a, b))).toBe(A - i);
        for (const r of [union(a, b), intersection(a, b), xor(a, b), difference(a, b)]) checkContract(r);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same output whatever the order of the input rings and their orientation', () => {
    fc.assert(
      fc.property(fc.array(rectArb, { minLength: 2, maxLength: 8 }), fc.integer(), (rs, seed) => {
        const shuffled = rs.map((r, i) => ({ r, k: (i * 7919 + seed) % 101 })).sort((p, q) => p.k - q.k).map((p) => p.r);
        const reversed = shuffled.map((r) => Int32Array.of(r[6], r[7], r[4], r[5], r[2], r[3], r[0], r[1]));
        expect(union(reversed)).toEqual(union(rs));
      }),
      { numRuns: 200 },
    );
  });

  it('gives each hole to its polygon and returns islands inside holes as polygons of their own', () => {
    const outer = rect(0, 0, 100, 100);
    // Holes as clockwise rings.
    const cw = [rect(10, 10, 40, 90), rect(60, 10, 90, 90)].map((r) => Int32Array.of(r[0], r[1], r[6], r[7], r[4], r[5], r[2], r[3]));
    const island = rect(20, 20, 30, 30);
    const res = union([outer, ...cw, island]);
    expect(res).toHaveLength(2);
    const big = res.find((p) => p.outer[0] === 0)!;
    expect(big.holes).toHaveLength(2);
    expect(res.find((p) => p.outer[0] === 20)!.holes).toHaveLength(0);
    expect(area2(res)).toBe(2n * (10000n - 2n * 2400n + 100n));
    // Keyholed rings carry the same area.
    const rings = toGdsRings(res);
    expect(rings.reduce((s, r) => s + exactArea2(r), 0n)).toBe(area2(res));
    // A keyholed ring fed back in is the same region.
    expect(canonical(rings)).toEqual(canonical(toRings(res)));
  });

  it('supports even-odd, positive and negative fill', () => {
    const a = rect(0, 0, 10, 10);
    const b = rect(5, 0, 15, 10);
    expect(area2(union([a, b], [], { fill: 'evenodd' }))).toBe(2n * 100n);
    const cw = Int32Array.of(0, 0, 0, 10, 10, 10, 10, 0);
    expect(union([cw], [], { fill: 'positive' })).toEqual([]);
    expect(area2(union([cw], [], { fill: 'negative' }))).toBe(200n);
  });

  it('is exact with coordinates near the int32 limits (shifted onto clipper-lib\'s fast path)', () => {
    const big = 2_146_000_000;
    const a = rect(big, big, big + 1000, big + 1000);
    const b = rect(big + 500, big - 7, big + 647_483, big + 300);
    const u = union([a, b]);
    expect(area2(u)).toBe(2n * (1000n * 1000n + 646_983n * 307n - 500n * 300n));
    expect(Math.max(...u[0].outer)).toBe(big + 647_483);
    // 2^31 - 1 across works, on clipper-lib's 128-bit path.
    const wide = union([rect(-1_073_741_824, -10, 1_073_741_823, 10), rect(0, 0, 5, 20)]);
    expect(area2(wide)).toBe(2n * (2_147_483_647n * 20n + 50n));
    // The full int32 span (an edge of 2^32 - 1) makes clipper-lib's BigInteger fail: refused up front.
    expect(() => union([rect(-2_147_483_648, -10, 2_147_483_647, 10)])).toThrow(/E_EXTENT|more than 2147483647 dbu/);
  });

  it('clips separate groups independently with the same result as one sweep', () => {
    const squares = Array.from({ length: 100 }, (_, i) => rect((i % 10) * 100, Math.floor(i / 10) * 100, (i % 10) * 100 + 50, Math.floor(i / 10) * 100 + 50));
    const separate = union(squares);
    expect(separate).toHaveLength(100);
    expect(separate.map((p) => [p.outer[1], p.outer[0]])).toEqual(squares.map((r) => [r[1], r[0]]));
    // A bar touching every row joins them: groups merge through touching boxes.
    const bars = Array.from({ length: 10 }, (_, j) => rect(0, j * 100, 1000, j * 100 + 10));
    const joined = union([...squares, ...bars, rect(0, 0, 10, 1000)]);
    expect(joined).toHaveLength(1);
    // Groups of a and b that do not meet contribute nothing to an intersection.
    expect(intersection(squares.slice(0, 50), squares.slice(50))).toEqual([]);
    expect(area2(difference(squares, squares.slice(0, 99)))).toBe(2n * 2500n);
    // Offsets merge shapes that grow into each other (2 x 25 = 50 apart here) and no others.
    expect(offset(squares, 25)).toHaveLength(1);
    expect(offset(squares, 24)).toHaveLength(100);
  });

  it('returns [] for empty input and ignores rings of fewer than 3 vertices', () => {
    expect(union([])).toEqual([]);
    expect(union([Int32Array.of(0, 0, 5, 5)])).toEqual([]);
    expect(intersection([rect(0, 0, 1, 1)], [])).toEqual([]);
  });
});

describe('offsets', () => {
  it('grows and shrinks a rectangle by d with square joins to exactly the expected rectangle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: -60_000, max: 60_000 }), (w, h, d) => {
        const res = offset([rect(-7, 3, w - 7, h + 3)], d, { join: 'square' });
        if (2 * d <= -Math.min(w, h)) {
          expect(res).toEqual([]);
          return;
        }
        expect(res).toHaveLength(1);
        expect(area2(res)).toBe(2n * BigInt(w + 2 * d) * BigInt(h + 2 * d));
        expect(Array.from(res[0].outer)).toEqual(Array.from(rect(-7 - d, 3 - d, w - 7 + d, h + 3 + d)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps rectilinear regions rectilinear and exact (grow then shrink restores a region without narrow gaps)', () => {
    const l = toRings(union([rect(0, 0, 1000, 200), rect(0, 0, 200, 1000)]));
    const grown = offset(l, 50, { join: 'square' });
    expect(area2(grown)).toBe(2n * (1100n * 300n + 300n * 800n));
    expect(canonical(toRings(offset(toRings(grown), -50, { join: 'square' })))).toEqual(canonical(l));
  });

  it('rounds corners within the arc tolerance with round joins', () => {
    const d = 10_000;
    const res = offset([rect(0, 0, 1000, 1000)], d, { join: 'round', arcTolerance: 2 });
    const exact = 1000 * 1000 + 4 * 1000 * d + Math.PI * d * d;
    const got = Number(area2(res)) / 2;
    // Inscribed arcs: never more than the exact area, and short of it by at most the tolerance band.
    expect(got).toBeLessThanOrEqual(exact);
    expect(exact - got).toBeLessThan(2 * Math.PI * d * 2 + 4000);
  });

  it('bevels and mitres as documented', () => {
    const tri = Int32Array.of(0, 0, 1000, 0, 0, 1000); // 45-degree corners
    const mitre = offset([tri], 10, { join: 'miter', miterLimit: 10 });
    const square = offset([tri], 10, { join: 'square' });
    const bevel = offset([tri], 10, { join: 'bevel' });
    expect(area2(mitre) > area2(square)).toBe(true);
    expect(area2(square) > area2(bevel)).toBe(true);
    // The 90-degree corner stays sharp under 'square' but is cut under 'bevel'.
    expect(Array.from(square[0].outer.slice(0, 2))).toEqual([-10, -10]);
    expect(Array.from(bevel[0].outer.slice(0, 2))).not.toEqual([-10, -10]);
  });

  it('throws InputError when the result leaves int32', () => {
    expect(() => offset([rect(2_147_483_000, 0, 2_147_483_600, 10)], 100)).toThrow(InputError);
  });
});

describe('input checks and failures', () => {
  it('throws InputError naming the input, ring and vertex for non-integers and values outside int32', () => {
    expect(() => union([[0, 0, 10, 0.5, 0, 10]])).toThrow(/union input a ring 0 vertex 1 y: coordinate 0.5/);
    expect(() => intersection([rect(0, 0, 1, 1)], [[0, 0, 2 ** 31, 0, 0, 5]])).toThrow(/intersection input b ring 0 vertex 1 x: .*outside the GDSII int32 range/);
    expect(() => union([[0, 0, NaN, 0, 0, 5]])).toThrow(InputError);
    expect(() => union([[0, 0, 1]])).toThrow(/odd number of coordinates/);
    expect(() => difference([rect(0, 0, 1, 1)], [rect(0, 0, 1, 1)], { what: 'via cut' })).not.toThrow();
    expect(() => union([[0, 0, 1, 0.25, 1, 1]], [], { what: 'pad merge' })).toThrow(/^pad merge input a/);
    expect(() => offset([rect(0, 0, 1, 1)], 0.5)).toThrow(/offset delta/);
    expect(() => offset([rect(0, 0, 1, 1)], 1, { join: 'miter', miterLimit: 1.5 })).toThrow(InputError);
    expect(() => union([rect(0, 0, 1, 1)], [], { fill: 'winding' as never })).toThrow(/fill rule 'winding'/);
  });

  it('turns clipper-lib\'s alert() error path into a thrown GeometryError and restores the global', () => {
    const g = globalThis as { alert?: (m: unknown) => void };
    expect(g.alert).toBeUndefined();
    const openClip = () => {
      const c = new ClipperLib.Clipper();
      // Open paths may only be subjects: clipper-lib reports this through ClipperLib.Error -> alert().
      c.AddPath([{ X: 0, Y: 0 }, { X: 10, Y: 10 }], ClipperLib.PolyType.ptClip, false);
    };
    // Unguarded, Node has no alert(): the failure escapes as a bare ReferenceError.
    expect(openClip).toThrow(ReferenceError);
    let err: unknown;
    try {
      guardClipper('test op', openClip);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GeometryError);
    expect(err).toBeInstanceOf(WlpgenError);
    expect((err as GeometryError).code).toBe('E_CLIPPER');
    expect((err as Error).message).toBe('test op: clipper-lib failed: AddPath: Open paths must be subject.');
    expect(g.alert).toBeUndefined();
    // In a browser, an existing alert() is neither called nor lost.
    const calls: unknown[] = [];
    g.alert = (m: unknown) => calls.push(m);
    try {
      expect(() => guardClipper('test op', openClip)).toThrow(GeometryError);
      expect(calls).toEqual([]);
      g.alert!('x');
      expect(calls).toEqual(['x']);
    } finally {
      delete g.alert;
    }
    // Other exceptions from inside the library are wrapped with the operation named, cause kept.
    const inner = new TypeError('boom');
    try {
      guardClipper('xor of layer RDL', () => {
        throw inner;
      });
    } catch (e) {
      expect(e).toBeInstanceOf(GeometryError);
      expect((e as Error).message).toBe('xor of layer RDL: clipper-lib failed: boom');
      expect((e as { cause?: unknown }).cause).toBe(inner);
    }
  });
});
