import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.ts';
import { keyhole } from '../../src/core/keyhole.ts';
import { xor } from '../../src/geom/clipper.ts';
import { exactArea2 } from '../../src/geom/predicates.ts';
import { circle } from '../../src/geom/shapes.ts';
import { GDS_MAX_VERTICES, splitPolygon } from '../../src/geom/split.ts';
import { canonical, prng, rect } from './util.ts';

/** A comb: a spine on the left and `teeth` horizontal teeth, 4 vertices per tooth. */
function comb(teeth: number): Int32Array {
  const pts: number[] = [0, 0];
  for (let i = 0; i < teeth; i++) {
    const y = i * 100;
    pts.push(10, y, 10_000 + (i % 7) * 13, y, 10_000 + (i % 7) * 13, y + 50, 10, y + 50);
  }
  pts.push(10, teeth * 100, 0, teeth * 100);
  // Counter-clockwise: the teeth as listed run up the right side.
  return Int32Array.from(pts);
}

function expectExactSplit(ring: Int32Array, max: number): Int32Array[] {
  const pieces = splitPolygon(ring, max);
  for (const p of pieces) {
    expect(p.length / 2).toBeLessThanOrEqual(max);
    expect(p.length / 2).toBeGreaterThanOrEqual(3);
    expect(exactArea2(p) > 0n).toBe(true);
  }
  const total = pieces.reduce((s, p) => s + exactArea2(p), 0n);
  const a = exactArea2(ring);
  expect(total).toBe(a < 0n ? -a : a);
  // Same region: the canonical union of the pieces is the canonical union of the input.
  expect(canonical(pieces)).toEqual(canonical([ring]));
  return pieces;
}

describe('splitPolygon', () => {
  it('returns a small enough ring unchanged (the same array)', () => {
    const r = rect(0, 0, 10, 10);
    expect(splitPolygon(r, GDS_MAX_VERTICES)[0]).toBe(r);
  });

  it('cuts a 20,003-vertex comb into pieces of at most 8190 vertices with exactly the same union', () => {
    const ring = comb(5000);
    expect(ring.length / 2).toBe(20_003);
    const pieces = expectExactSplit(ring, GDS_MAX_VERTICES);
    expect(pieces.length).toBeGreaterThanOrEqual(3);
  });

  it('cuts a 20,000-vertex snapped circle exactly (cuts through mirror-symmetric vertices need no rounding)', () => {
    const ring = circle(123, -456, 40_000_000, { vertices: 20_000 });
    expect(ring.length / 2).toBe(20_000);
    const pieces = expectExactSplit(ring, GDS_MAX_VERTICES);
    // A piece-wise XOR confirms it on a smaller scale: nothing left over.
    expect(xor([ring], pieces)).toEqual([]);
  });

  it('cuts polygons with arbitrary slopes exactly (off-grid crossings get detours through vertices)', () => {
    const rnd = prng(7);
    for (let trial = 0; trial < 4; trial++) {
      const n = 3000;
      const pts: number[] = [];
      const phase = rnd() * 6;
      const lobes = 3 + Math.floor(rnd() * 6);
      for (let i = 0; i < n; i++) {
        const a = (2 * Math.PI * i) / n + phase;
        const r = 1_000_000 * (1 + 0.3 * Math.sin(lobes * a)) + rnd() * 200;
        pts.push(Math.round(r * Math.cos(a)) + 31, Math.round(r * Math.sin(a)) - 17);
      }
      expectExactSplit(Int32Array.from(pts), 200);
    }
  });

  it('cuts a wafer-sized ring with arbitrary slopes exactly (128-bit clipper path, BigInt crossings)', () => {
    const n = 6000;
    const R = 150_000_000;
    const pts: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n + 0.377;
      pts.push(Math.round(R * Math.cos(a)) + 1_000_003, Math.round(R * Math.sin(a)) - 2_000_001);
    }
    expectExactSplit(Int32Array.from(pts), 1000);
  });

  it('cuts a keyholed polygon with many holes, keyholing holes that stay whole in a piece', () => {
    const outer = rect(0, 0, 100_000, 100_000);
    const holes: Int32Array[] = [];
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const c = circle(6000 + i * 12_000, 6000 + j * 12_000, 4000, { vertices: 64 });
        holes.push(c);
      }
    }
    const ring = keyhole(outer, holes);
    expect(ring.length / 2).toBeGreaterThan(4000);
    const pieces = expectExactSplit(ring, 700);
    expect(pieces.length).toBeGreaterThan(6);
  });

  it('accepts clockwise input and returns counter-clockwise pieces', () => {
    const ring = comb(300);
    const cw = new Int32Array(ring.length);
    for (let i = 0, j = ring.length - 2; i < ring.length; i += 2, j -= 2) {
      cw[i] = ring[j];
      cw[i + 1] = ring[j + 1];
    }
    expectExactSplit(cw, 100);
  });

  it('rejects a vertex limit below 8 and malformed points', () => {
    expect(() => splitPolygon(rect(0, 0, 1, 1), 3)).toThrow(InputError);
    expect(() => splitPolygon(Int32Array.of(0, 0, 1), 100)).toThrow(InputError);
    expect(() => splitPolygon([0, 0, 1, 0, 1, 1] as unknown as Int32Array, 100)).toThrow(InputError);
  });
});
