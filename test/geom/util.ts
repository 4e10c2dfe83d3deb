/** Helpers for the geometry tests: exact areas and canonical comparison of regions. */
import { union, type PolygonWithHoles, type Rings } from '../../src/geom/clipper.ts';
import { exactArea2 } from '../../src/geom/predicates.ts';

/** Twice the exact area of polygons with holes (holes are clockwise, so they subtract). */
export function area2(polys: readonly PolygonWithHoles[]): bigint {
  let s = 0n;
  for (const p of polys) {
    s += exactArea2(p.outer);
    for (const h of p.holes) s += exactArea2(h);
  }
  return s;
}

/** Twice the exact area of a list of rings (signed). */
export function ringsArea2(rings: Rings): bigint {
  let s = 0n;
  for (const r of rings) s += exactArea2(r);
  return s;
}

/** A canonical form of a region: the union's polygons as plain arrays (same region => same form). */
export function canonical(rings: Rings): number[][][] {
  return union(rings).map((p) => [Array.from(p.outer), ...p.holes.map((h) => Array.from(h))]);
}

/** Flat ring of an axis-aligned rectangle. */
export function rect(x0: number, y0: number, x1: number, y1: number): Int32Array {
  return Int32Array.of(x0, y0, x1, y0, x1, y1, x0, y1);
}

/** Vertex set of a ring as sorted "x,y" strings, after mapping each vertex. */
export function vertexSet(r: ArrayLike<number>, f: (x: number, y: number) => [number, number] = (x, y) => [x, y]): string[] {
  const out: string[] = [];
  for (let i = 0; i < r.length; i += 2) {
    const [x, y] = f(r[i], r[i + 1]);
    out.push(`${x},${y}`);
  }
  return out.sort();
}

/** Seeded PRNG (mulberry32) for reproducible random data sets. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
