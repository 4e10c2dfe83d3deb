/**
 * Geometry the SVG writer needs beyond core: ring orientation and keyhole splitting (so fills and
 * outlines both come out right), path spines with GDSII end extensions, and GDS transforms as SVG
 * matrices. Coordinates are integer dbu unless a name says um.
 */
import type { Path } from '../../core/cell.ts';
import type { Transform } from '../../core/transform.ts';
import { DBU_PER_UM } from '../../core/units.ts';
import { fmtNum, fmtUm } from './format.ts';

/**
 * Twice the signed area (dbu^2), positive for counter-clockwise rings. Computed relative to the first
 * vertex so a small polygon far from the origin (a wafer-level mark at 140 mm) stays exact.
 */
export function ringArea2(c: ArrayLike<number>): number {
  const n = c.length;
  if (n < 6) return 0;
  const ox = c[0];
  const oy = c[1];
  let s = 0;
  for (let i = 2; i + 3 < n; i += 2) s += (c[i] - ox) * (c[i + 3] - oy) - (c[i + 2] - ox) * (c[i + 1] - oy);
  return s;
}

/** The ring as a counter-clockwise one, first vertex kept first (the same array when it already is). */
export function counterClockwise(c: ArrayLike<number>): ArrayLike<number> {
  if (ringArea2(c) >= 0) return c;
  const n = c.length;
  const out = new Array<number>(n);
  out[0] = c[0];
  out[1] = c[1];
  for (let i = 2, j = n - 2; i < n; i += 2, j -= 2) {
    out[i] = c[j];
    out[i + 1] = c[j + 1];
  }
  return out;
}

/**
 * Splits a keyholed ring into its loops by removing every pair of coincident opposite edges (the
 * zero-width cuts GDSII uses to store holes). The loops keep their direction, so after a
 * counter-clockwise outer ring the holes come out clockwise and a nonzero fill leaves them empty,
 * exactly as the keyholed ring itself would fill; the gain is that outlines no longer show the cuts.
 * Loops that degenerate (a spike a -> b -> a) are dropped. Rings without such pairs come back as-is.
 */
export function splitKeyholes(c: ArrayLike<number>): ArrayLike<number>[] {
  const n = c.length >> 1;
  // A keyhole needs an outer ring (3), a hole (3) and two repeated bridge vertices.
  if (n < 8 || !hasRepeatedVertex(c, n)) return [c];
  const edges = new Map<string, number>();
  const key = (i: number, j: number) => `${c[2 * i]},${c[2 * i + 1]},${c[2 * j]},${c[2 * j + 1]}`;
  for (let i = 0; i < n; i++) edges.set(key(i, (i + 1) % n), i);
  for (let i = 0; i < n; i++) {
    const j = edges.get(key((i + 1) % n, i));
    if (j === undefined || j === i) continue;
    // Edge i runs a -> b and edge j runs b -> a. Between them lie two loops; neither uses either edge.
    const lo = Math.min(i, j);
    const hi = Math.max(i, j);
    const loopA = cyclicSlice(c, n, lo + 1, hi); // v[lo+1] .. v[hi-1]; v[hi] repeats v[lo+1]
    const loopB = cyclicSlice(c, n, hi + 1, lo + n); // v[hi+1] .. v[lo-1]; v[lo] repeats v[hi+1]
    const out: ArrayLike<number>[] = [];
    for (const loop of [loopB, loopA]) if (loop.length >= 6) out.push(...splitKeyholes(loop));
    return out;
  }
  return [c];
}

/**
 * Whether any vertex occurs twice (every bridge endpoint does). A cheap filter before the exact edge
 * matching: a numeric key per vertex, equal for equal vertices; a rare collision of different ones
 * only costs the exact check.
 */
function hasRepeatedVertex(c: ArrayLike<number>, n: number): boolean {
  if (n <= 48) {
    // Small rings (circles, octagons): pairwise comparison allocates nothing.
    for (let i = 1; i < n; i++) {
      const x = c[2 * i];
      const y = c[2 * i + 1];
      for (let j = 0; j < i; j++) if (c[2 * j] === x && c[2 * j + 1] === y) return true;
    }
    return false;
  }
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const k = c[2 * i] * 4294967296 + c[2 * i + 1];
    if (seen.has(k)) return true;
    seen.add(k);
  }
  return false;
}

/** Vertices from index `from` up to (not including) `to`, wrapping around a ring of n vertices. */
function cyclicSlice(c: ArrayLike<number>, n: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) {
    const v = k % n;
    out.push(c[2 * v], c[2 * v + 1]);
  }
  return out;
}

/** SVG stroke-linecap for a GDSII path type: 0 flush, 1 round, 2 square (half-width), 4 custom (butt, spine extended). */
export type LineCap = 'butt' | 'round' | 'square';

export function lineCap(pathtype: Path['pathtype']): LineCap {
  return pathtype === 1 ? 'round' : pathtype === 2 ? 'square' : 'butt';
}

/**
 * The spine to stroke for a path, dbu. Pathtype 4 moves the first vertex back along the first segment
 * by beginExtension and the last vertex on along the last segment by endExtension (negative values
 * shorten), so a butt cap then ends exactly where GDSII says; the moved points are rounded to the nm.
 * Other types return the stored spine: SVG's own caps give flush, round and half-width square ends.
 */
export function strokeSpine(p: Path): ArrayLike<number> {
  const c = p.points;
  if (p.pathtype !== 4 || (p.beginExtension === 0 && p.endExtension === 0)) return c;
  const out = Array.from(c);
  const n = out.length;
  const extend = (ix: number, fromIx: number, ext: number) => {
    const dx = out[ix] - c[fromIx];
    const dy = out[ix + 1] - c[fromIx + 1];
    const len = Math.hypot(dx, dy);
    if (ext === 0 || len === 0) return;
    out[ix] = Math.round(out[ix] + (dx / len) * ext);
    out[ix + 1] = Math.round(out[ix + 1] + (dy / len) * ext);
  };
  extend(0, 2, p.beginExtension);
  extend(n - 2, n - 4, p.endExtension);
  return out;
}

/**
 * The linear part [a, b, c, d] of a GDS transform as an SVG matrix (x' = a x + c y + e,
 * y' = b x + d y + f): mirror about x, then rotate counter-clockwise, then magnify. Quarter turns are
 * exact; other angles are written with 10 decimals (1e-10 relative: far below 1 nm across 300 mm).
 */
export function linearPart(t: Transform): [number, number, number, number] {
  const q = t.quarterTurns;
  const rad = (t.rotation * Math.PI) / 180;
  const cos = q >= 0 ? [1, 0, -1, 0][q] : Math.cos(rad);
  const sin = q >= 0 ? [0, 1, 0, -1][q] : Math.sin(rad);
  const m = t.magnification;
  const s = t.mirrorX ? -1 : 1;
  return [m * cos, m * sin, -m * sin * s, m * cos * s];
}

/** Decimals written for matrix coefficients (dimensionless). */
const MATRIX_DECIMALS = 10;

/**
 * The `transform` attribute (with its leading space) placing a child by `t` with the translation in
 * dbu written as um: empty for the identity, "translate(x y)" for a pure shift, "matrix(...)" otherwise.
 * `flipText` appends a mirror about the x axis (y -> -y) applied before `t`, used to keep text upright.
 */
export function transformAttr(t: Transform, flipText = false): string {
  let [a, b, c, d] = linearPart(t);
  if (flipText) {
    c = -c;
    d = -d;
  }
  const e = fmtUm(t.x);
  const f = fmtUm(t.y);
  if (a === 1 && b === 0 && c === 0 && d === 1) {
    if (e === '0' && f === '0') return '';
    return ` transform="translate(${e} ${f})"`;
  }
  const k = (v: number) => fmtNum(v, MATRIX_DECIMALS);
  return ` transform="matrix(${k(a)} ${k(b)} ${k(c)} ${k(d)} ${e} ${f})"`;
}

/** dbu -> um as a float (for derived, non-exact quantities such as legend positions). */
export function dbuToUm(v: number): number {
  return v / DBU_PER_UM;
}
