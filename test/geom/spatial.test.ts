import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../src/core/errors.ts';
import { circle } from '../../src/geom/shapes.ts';
import { BoxIndex, boxDist2, polygonDistance, ringDistance } from '../../src/geom/spatial.ts';
import { prng, rect } from './util.ts';

function randomBoxes(n: number, seed: number, span = 1_000_000, size = 5000): Int32Array {
  const rnd = prng(seed);
  const b = new Int32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = Math.floor(rnd() * span) - span / 2;
    const y = Math.floor(rnd() * span) - span / 2;
    b[4 * i] = x;
    b[4 * i + 1] = y;
    b[4 * i + 2] = x + Math.floor(rnd() * size);
    b[4 * i + 3] = y + Math.floor(rnd() * size);
  }
  return b;
}

function bruteSearch(b: Int32Array, x0: number, y0: number, x1: number, y1: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < b.length / 4; i++) {
    if (b[4 * i] <= x1 && b[4 * i + 1] <= y1 && b[4 * i + 2] >= x0 && b[4 * i + 3] >= y0) out.push(i);
  }
  return out;
}

describe('BoxIndex', () => {
  it('finds exactly the boxes a brute-force scan finds (touching counts), for random data and node sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 2, max: 40 }), fc.integer(), (n, nodeSize, seed) => {
        const boxes = randomBoxes(n, seed, 100_000, 3000);
        const index = BoxIndex.build(boxes, nodeSize);
        expect(index.count).toBe(n);
        const rnd = prng(seed ^ 0x5bd1e995);
        for (let q = 0; q < 20; q++) {
          const x0 = Math.floor(rnd() * 120_000) - 60_000;
          const y0 = Math.floor(rnd() * 120_000) - 60_000;
          const x1 = x0 + Math.floor(rnd() * 20_000);
          const y1 = y0 + Math.floor(rnd() * 20_000);
          expect(index.search(x0, y0, x1, y1)).toEqual(bruteSearch(boxes, x0, y0, x1, y1));
        }
        if (n > 0) {
          // A box's own corner touches it.
          expect(index.search(boxes[2], boxes[3], boxes[2], boxes[3])).toContain(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('returns neighbours nearest first, within distance, and distance queries and pairs like brute force', () => {
    const boxes = randomBoxes(5000, 42, 200_000, 2000);
    const index = BoxIndex.build(boxes);
    const n = boxes.length / 4;
    const d2 = (i: number, x: number, y: number) => boxDist2(x, y, x, y, boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
    const rnd = prng(3);
    for (let q = 0; q < 25; q++) {
      const x = Math.floor(rnd() * 200_000) - 100_000;
      const y = Math.floor(rnd() * 200_000) - 100_000;
      const got = index.neighbors(x, y, 10);
      const all = Array.from({ length: n }, (_, i) => i).sort((a, b) => d2(a, x, y) - d2(b, x, y) || a - b);
      expect(got.map((i) => d2(i, x, y))).toEqual(all.slice(0, 10).map((i) => d2(i, x, y)));
      const within = index.neighbors(x, y, Infinity, 3000);
      expect(within.length).toBe(all.filter((i) => d2(i, x, y) <= 9e6).length);
      const even = index.neighbors(x, y, 5, Infinity, (i) => i % 2 === 0);
      expect(even.every((i) => i % 2 === 0)).toBe(true);
      expect(index.within(x, y, x + 100, y + 100, 1500)).toEqual(
        Array.from({ length: n }, (_, i) => i).filter((i) => boxDist2(x, y, x + 100, y + 100, boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]) <= 1500 * 1500),
      );
    }
    const small = randomBoxes(800, 9, 50_000, 1000);
    const pairs: string[] = [];
    BoxIndex.build(small).pairsWithin(700, (i, j) => pairs.push(`${i},${j}`));
    const expected: string[] = [];
    for (let i = 0; i < 800; i++) {
      for (let j = i + 1; j < 800; j++) {
        const b = (k: number) => small[k];
        if (boxDist2(b(4 * i), b(4 * i + 1), b(4 * i + 2), b(4 * i + 3), b(4 * j), b(4 * j + 1), b(4 * j + 2), b(4 * j + 3)) <= 700 * 700) expected.push(`${i},${j}`);
      }
    }
    expect(pairs.sort()).toEqual(expected.sort());
  });

  it('indexes a million boxes in well under a few seconds and answers window queries fast', () => {
    const boxes = randomBoxes(1_000_000, 1, 300_000_000, 100_000);
    let t = performance.now();
    const index = BoxIndex.build(boxes);
    const build = performance.now() - t;
    t = performance.now();
    let found = 0;
    const rnd = prng(5);
    for (let q = 0; q < 1000; q++) {
      const x = Math.floor(rnd() * 300_000_000) - 150_000_000;
      const y = Math.floor(rnd() * 300_000_000) - 150_000_000;
      found += index.search(x, y, x + 200_000, y + 200_000).length;
    }
    const query = performance.now() - t;
    expect(found).toBeGreaterThan(0);
    // Generous bounds for a loaded CI machine; typical: ~300 ms build, ~10 ms for 1000 queries.
    expect(build).toBeLessThan(5000);
    expect(query).toBeLessThan(1000);
    expect(index.bounds()).not.toBeNull();
  });

  it('rejects malformed and inverted boxes', () => {
    expect(() => BoxIndex.build([0, 0, 1])).toThrow(InputError);
    expect(() => BoxIndex.build([0, 0, -1, 1])).toThrow(/box 0 .* inverted/);
    expect(() => BoxIndex.build([0, 0, 1.5, 1])).toThrow(/BoxIndex box 0 x1/);
    expect(() => BoxIndex.build([0, 0, 1, 1], 1)).toThrow(/nodeSize/);
    const empty = BoxIndex.build([]);
    expect(empty.search(0, 0, 10, 10)).toEqual([]);
    expect(empty.neighbors(0, 0)).toEqual([]);
    expect(empty.bounds()).toBeNull();
  });

  it('handles a single box (the root is a leaf)', () => {
    const one = BoxIndex.build([0, 0, 10, 10]);
    expect(one.search(20, 20, 30, 30)).toEqual([]);
    expect(one.search(10, 10, 30, 30)).toEqual([0]);
    expect(one.neighbors(100, 0)).toEqual([0]);
    expect(one.neighbors(100, 0, 1, 50)).toEqual([]);
    expect(one.within(20, 0, 30, 5, 10)).toEqual([0]);
  });
});

describe('polygon distances', () => {
  it('measures edge-to-edge distance exactly for axis-parallel and diagonal gaps', () => {
    expect(polygonDistance(rect(0, 0, 10, 10), rect(30, 0, 40, 10))).toBe(20);
    expect(polygonDistance(rect(0, 0, 10, 10), rect(13, 14, 20, 20))).toBe(5);
    const tri = Int32Array.of(100, 0, 200, 0, 100, 100); // hypotenuse x + y = 200
    expect(polygonDistance(tri, rect(200, 200, 210, 210))).toBeCloseTo(200 / Math.SQRT2, 9);
  });

  it('is 0 for touching, overlapping and nested polygons; ringDistance measures boundaries only', () => {
    expect(polygonDistance(rect(0, 0, 10, 10), rect(10, 0, 20, 10))).toBe(0);
    expect(polygonDistance(rect(0, 0, 10, 10), rect(5, 5, 20, 20))).toBe(0);
    expect(polygonDistance(rect(0, 0, 100, 100), rect(40, 40, 60, 60))).toBe(0);
    expect(ringDistance(rect(0, 0, 100, 100), rect(40, 40, 60, 60))).toBe(40);
  });

  it('agrees between the brute-force and the indexed path on large rings', () => {
    const a = circle(0, 0, 1_000_000, { vertices: 4000 });
    const b = circle(2_500_000, 300, 1_000_000, { vertices: 4000 });
    const d = polygonDistance(a, b);
    expect(d).toBeGreaterThan(499_990);
    expect(d).toBeLessThan(500_010);
    // Brute force over the vertex pairs' segments for comparison (small rings use it directly).
    let best = Infinity;
    for (let i = 0; i < a.length; i += 2) {
      for (let j = 0; j < b.length; j += 2) {
        best = Math.min(best, Math.hypot(a[i] - b[j], a[i + 1] - b[j + 1]));
      }
    }
    expect(d).toBeLessThanOrEqual(best);
    expect(best - d).toBeLessThan(1);
    expect(polygonDistance(a, b, 1000)).toBe(1000);
  });
});
