/**
 * Edge-pair relations: the measuring core of the width, space, separation and enclosure checks.
 *
 * Why this shape: the checker's counts must agree with the KLayout DRC deck we export (the agreement
 * test runs both), so the relations follow KLayout 0.28's documented edge-pair semantics
 * (db::EdgeRelationFilter, dbEdgePairRelations.cc): which edges are compared, which part of each
 * edge is "near", how zero distances and shielding are treated. This is an independent
 * implementation of those rules, not a copy; tests compare the results with KLayout itself.
 *
 * Conventions (as KLayout's): polygons are oriented with the interior on the RIGHT of every edge
 * (hulls clockwise, holes counter-clockwise; the reverse of clipper's output). `sideOf` is +1 left,
 * -1 right, 0 on the line. Relations:
 *  - 'width': two edges of one polygon facing each other across its interior;
 *  - 'space': edges facing each other across the outside (same or different polygons);
 *  - 'overlap': a = outer edge, b = inner edge, b inside a's polygon (KLayout `enclosing`);
 *  - 'inside': a = inner edge, b = outer edge (KLayout `enclosed`).
 * Metrics: 'euclidean' (true distance, rounded ends), 'projection' (perpendicular distance inside
 * the other edge's span: "parallel opposite edges"), 'square' (projection extended by d).
 * Distances are violations when < d (strict). All coordinates dbu.
 */
import { convexHull, orient, segmentsIntersect, segmentSegmentDist2 } from '../geom/predicates.ts';
import { GridIndex } from './spatial.ts';

export type Relation = 'width' | 'space' | 'overlap' | 'inside';
export type Metric = 'euclidean' | 'projection' | 'square';

export interface RelationCheck {
  relation: Relation;
  /** Violation when the distance is < d, dbu, > 0. */
  d: number;
  metric: Metric;
  /** Edges meeting at this angle (degrees) or more are not compared; KLayout's default 90. */
  ignoreAngle?: number;
  /** Only edge pairs whose projected length (of either edge onto the other) is in [min, max), dbu. */
  minProjection?: number;
  maxProjection?: number;
  /** Drop edge pairs that another edge cuts across (KLayout `shielded`, the default). */
  shielded?: boolean;
}

/** An edge pair: first (x1, y1, x2, y2), second (x1, y1, x2, y2), dbu, as KLayout reports them. */
export type EdgePair = [number, number, number, number, number, number, number, number];

const EPS = 1e-10;

/** KLayout's coordinate rounding (half away from zero). */
function rnd(v: number): number {
  return v >= 0 ? Math.floor(v + 0.5) : Math.ceil(v - 0.5);
}

function sideOf(x1: number, y1: number, x2: number, y2: number, px: number, py: number): number {
  if (x1 === x2 && y1 === y2) return 0;
  return orient(x1, y1, x2, y2, px, py);
}

/** Signed distance of p from the line of the edge (positive left), dbu. */
function lineDistance(x1: number, y1: number, x2: number, y2: number, px: number, py: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  return (dx * (py - y1) - dy * (px - x1)) / Math.hypot(dx, dy);
}

/** Point where the line of g meets the line of e, rounded; null when parallel. */
function cutPoint(g: Edge, e: Edge): [number, number] | null {
  const gdx = g[2] - g[0];
  const gdy = g[3] - g[1];
  const edx = e[2] - e[0];
  const edy = e[3] - e[1];
  const den = gdx * edy - gdy * edx;
  if (den === 0) return null;
  const t = ((e[0] - g[0]) * edy - (e[1] - g[1]) * edx) / den;
  return [rnd(g[0] + gdx * t), rnd(g[1] + gdy * t)];
}

type Edge = [number, number, number, number];

/** Zero-distance rule (KLayout's default "include zero distance when touching"). */
function includeZero(a: Edge, b: Edge): boolean {
  const s1 = sideOf(a[0], a[1], a[2], a[3], b[0], b[1]);
  const s2 = sideOf(a[0], a[1], a[2], a[3], b[2], b[3]);
  if (s1 === 0 && s2 === 0) return segmentsIntersect(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
  const sharesJoint = (a[0] === b[2] && a[1] === b[3]) || (a[2] === b[0] && a[3] === b[1]);
  if ((s1 === 0 || s2 === 0) && !sharesJoint) return segmentsIntersect(a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
  return false;
}

/** The part of `other` on the inside (right) of e and within d of it, euclidean metric; null if none. */
function euclideanNearPart(d: number, e: Edge, other: Edge): Edge | null {
  if (e[0] === e[2] && e[1] === e[3]) return null;
  let g: Edge = [other[0], other[1], other[2], other[3]];
  const s1 = sideOf(e[0], e[1], e[2], e[3], g[0], g[1]);
  const s2 = sideOf(e[0], e[1], e[2], e[3], g[2], g[3]);
  const thr = includeZero(e, g) ? 0 : -1;
  if (s1 > thr && s2 > thr) return null;
  if (s2 > thr) {
    const c = cutPoint(g, e);
    if (!c) return null;
    g = [g[0], g[1], c[0], c[1]];
  } else if (s1 > thr) {
    const c = cutPoint(g, e);
    if (!c) return null;
    g = [c[0], c[1], g[2], g[3]];
  }
  const edx = e[2] - e[0];
  const edy = e[3] - e[1];
  const gdx = g[2] - g[0];
  const gdy = g[3] - g[1];
  if (gdx === 0 && gdy === 0) {
    const ox = g[0];
    const oy = g[1];
    if (sideOf(e[0], e[1], e[2], e[3], ox, oy) > thr) return null;
    const a = edx * edx + edy * edy;
    const b = ((e[0] - ox) * edx + (e[1] - oy) * edy) / a;
    const c = ((e[0] - ox) ** 2 + (e[1] - oy) ** 2 - d * d) / a;
    const s = b * b - c;
    if (s >= -EPS) {
      const l1 = Math.max(0, -b - Math.sqrt(Math.max(0, s)));
      const l2 = Math.min(1, -b + Math.sqrt(Math.max(0, s)));
      if (l1 <= l2) return g;
    }
    return null;
  }
  let l1 = Number.MAX_VALUE;
  let l2 = -Number.MAX_VALUE;
  if (edx * gdy - edy * gdx === 0) {
    if (Math.abs(lineDistance(e[0], e[1], e[2], e[3], g[0], g[1])) >= d) return null;
  } else {
    const ef = 1 / Math.hypot(edx, edy);
    const enx = ef * edy;
    const eny = -ef * edx;
    const e1dx = e[0] + enx * d;
    const e1dy = e[1] + eny * d;
    const det = gdx * edy - gdy * edx;
    let lp1 = ((e1dx - g[0]) * edy - (e1dy - g[1]) * edx) / det;
    let lp2 = ((e[0] - g[0]) * edy - (e[1] - g[1]) * edx) / det;
    if (lp1 > lp2) [lp1, lp2] = [lp2, lp1];
    const sp = edx * gdx + edy * gdy;
    if (sp === 0) {
      const t1 = sideOf(g[0], g[1], g[2], g[3], e[0], e[1]);
      const t2 = sideOf(g[0], g[1], g[2], g[3], e[2], e[3]);
      if (t1 * t2 <= 0) {
        l1 = lp1;
        l2 = lp2;
      }
    } else {
      const det2 = gdx * eny - gdy * enx;
      let lt1 = ((e[0] - g[0]) * eny - (e[1] - g[1]) * enx) / det2;
      let lt2 = ((e[2] - g[0]) * eny - (e[3] - g[1]) * enx) / det2;
      if (lt1 > lt2) [lt1, lt2] = [lt2, lt1];
      const ll1 = Math.max(lp1, lt1);
      const ll2 = Math.min(lp2, lt2);
      if (ll1 <= ll2) {
        l1 = ll1;
        l2 = ll2;
      }
    }
  }
  // Circles of radius d around e's end points.
  for (let i = 0; i < 2; i++) {
    const ox = i ? e[2] : e[0];
    const oy = i ? e[3] : e[1];
    const a = gdx * gdx + gdy * gdy;
    const b = ((g[0] - ox) * gdx + (g[1] - oy) * gdy) / a;
    const c = ((g[0] - ox) ** 2 + (g[1] - oy) ** 2 - d * d) / a;
    const s = b * b - c;
    if (s >= -EPS) {
      const r = Math.sqrt(Math.max(0, s));
      l1 = Math.min(l1, -b - r);
      l2 = Math.max(l2, -b + r);
    }
  }
  l1 = Math.max(0, l1);
  l2 = Math.min(1, l2);
  if (l1 > l2 - EPS) return null;
  return [g[0] + rnd(gdx * l1), g[1] + rnd(gdy * l1), g[0] + rnd(gdx * l2), g[1] + rnd(gdy * l2)];
}

/** The near part for the projection (dd = 0) and square (dd = d) metrics; null if none. */
function projectedNearPart(d: number, dd: number, e: Edge, other: Edge): Edge | null {
  if (e[0] === e[2] && e[1] === e[3]) return null;
  let g: Edge = [other[0], other[1], other[2], other[3]];
  const s1 = sideOf(e[0], e[1], e[2], e[3], g[0], g[1]);
  const s2 = sideOf(e[0], e[1], e[2], e[3], g[2], g[3]);
  const thr = includeZero(e, g) ? 0 : -1;
  if (s1 > thr && s2 > thr) return null;
  if (s2 > thr) {
    const c = cutPoint(g, e);
    if (!c) return null;
    g = [g[0], g[1], c[0], c[1]];
  } else if (s1 > thr) {
    const c = cutPoint(g, e);
    if (!c) return null;
    g = [c[0], c[1], g[2], g[3]];
  }
  const edx = e[2] - e[0];
  const edy = e[3] - e[1];
  const elen = Math.hypot(edx, edy);
  const gdx = g[2] - g[0];
  const gdy = g[3] - g[1];
  if (gdx === 0 && gdy === 0) {
    if (sideOf(e[0], e[1], e[2], e[3], g[0], g[1]) > thr) return null;
    if (lineDistance(e[0], e[1], e[2], e[3], g[0], g[1]) <= -d) return null;
    if ((g[0] - e[0]) * edx + (g[1] - e[1]) * edy < -(dd * elen)) return null;
    if ((e[2] - g[0]) * edx + (e[3] - g[1]) * edy < -(dd * elen)) return null;
    return g;
  }
  let l1 = Number.MIN_VALUE;
  let l2 = Number.MAX_VALUE;
  const ef = 1 / elen;
  const epx = ef * edx;
  const epy = ef * edy;
  const enx = ef * edy;
  const eny = -ef * edx;
  if (edx * gdy - edy * gdx === 0) {
    if (Math.abs(lineDistance(e[0], e[1], e[2], e[3], g[0], g[1])) >= d) return null;
  } else {
    const e1dx = e[0] + enx * d;
    const e1dy = e[1] + eny * d;
    const det = gdx * edy - gdy * edx;
    let lp1 = ((e1dx - g[0]) * edy - (e1dy - g[1]) * edx) / det;
    let lp2 = ((e[0] - g[0]) * edy - (e[1] - g[1]) * edx) / det;
    if (lp1 > lp2) [lp1, lp2] = [lp2, lp1];
    l1 = lp1;
    l2 = lp2;
  }
  if (edx * gdx + edy * gdy === 0) {
    if ((g[0] - e[0]) * edx + (g[1] - e[1]) * edy < -(dd * elen) || (e[2] - g[0]) * edx + (e[3] - g[1]) * edy < -(dd * elen)) return null;
  } else {
    const det = gdx * eny - gdy * enx;
    let lt1 = ((e[0] - g[0] - epx * dd) * eny - (e[1] - g[1] - epy * dd) * enx) / det;
    let lt2 = ((e[2] - g[0] + epx * dd) * eny - (e[3] - g[1] + epy * dd) * enx) / det;
    if (lt1 > lt2) [lt1, lt2] = [lt2, lt1];
    l1 = Math.max(l1, lt1);
    l2 = Math.min(l2, lt2);
  }
  l1 = Math.max(0, l1);
  l2 = Math.min(1, l2);
  if (l1 >= l2) return null;
  return [g[0] + rnd(gdx * l1), g[1] + rnd(gdy * l1), g[0] + rnd(gdx * l2), g[1] + rnd(gdy * l2)];
}

/** Projected length of b onto a, dbu (rounded). */
function edgeProjection(a: Edge, b: Edge): number {
  const adx = a[2] - a[0];
  const ady = a[3] - a[1];
  if ((adx === 0 && ady === 0) || (b[0] === b[2] && b[1] === b[3])) return 0;
  const al = adx * adx + ady * ady;
  let l1 = ((b[0] - a[0]) * adx + (b[1] - a[1]) * ady) / al;
  let l2 = ((b[2] - a[0]) * adx + (b[3] - a[1]) * ady) / al;
  l1 = Math.min(1, Math.max(0, l1));
  l2 = Math.min(1, Math.max(0, l2));
  return rnd(Math.sqrt(al) * Math.abs(l2 - l1));
}

const swapped = (e: Edge): Edge => [e[2], e[3], e[0], e[1]];

/**
 * Tests one pair of edges under `c`; returns the violating parts (first from a, second from b, in
 * their original orientation) or null.
 */
export function checkEdgePair(c: RelationCheck, a: Edge, b: Edge): EdgePair | null {
  const minP = c.minProjection ?? 0;
  const maxP = c.maxProjection ?? Infinity;
  if (minP > 0 || maxP < Infinity) {
    let p = edgeProjection(a, b);
    if (!(p >= minP && p < maxP)) {
      p = edgeProjection(b, a);
      if (!(p >= minP && p < maxP)) return null;
    }
  }
  const r = c.relation;
  const aa = r === 'overlap' || r === 'inside' ? swapped(a) : a;
  const sp = (aa[2] - aa[0]) * (b[2] - b[0]) + (aa[3] - aa[1]) * (b[3] - b[1]);
  const ignore = c.ignoreAngle ?? 90;
  if (ignore === 90) {
    if (sp >= 0) return null;
  } else {
    const la = Math.hypot(aa[2] - aa[0], aa[3] - aa[1]);
    const lb = Math.hypot(b[2] - b[0], b[3] - b[1]);
    if (-sp / (la * lb) < Math.cos((ignore * Math.PI) / 180) + 1e-10) return null;
  }
  const an = r === 'space' || r === 'inside' ? swapped(a) : a;
  const bn = r === 'space' || r === 'overlap' ? swapped(b) : b;
  const near = (e: Edge, o: Edge) => (c.metric === 'euclidean' ? euclideanNearPart(c.d, e, o) : projectedNearPart(c.d, c.metric === 'square' ? c.d : 0, e, o));
  const second = near(an, bn);
  if (!second) return null;
  const first = near(bn, an);
  if (!first) return null;
  const f = r === 'space' || r === 'inside' ? swapped(first) : first;
  const s = r === 'space' || r === 'overlap' ? swapped(second) : second;
  return [f[0], f[1], f[2], f[3], s[0], s[1], s[2], s[3]];
}

/** KLayout's edge pair normalisation: anti-parallel edges forming a clockwise loop. */
export function normalizeEdgePair(ep: EdgePair): EdgePair {
  let [ax1, ay1, ax2, ay2, bx1, by1, bx2, by2] = ep;
  const vp = (ux: number, uy: number, vx: number, vy: number) => ux * vy - uy * vx;
  let a1 = vp(ax2 - bx2, ay2 - by2, ax1 - bx1, ay1 - by1);
  let a2 = vp(ax1 - bx2, ay1 - by2, ax2 - bx1, ay2 - by1);
  if (Math.abs(a2) > Math.abs(a1)) {
    [ax1, ay1, ax2, ay2] = [ax2, ay2, ax1, ay1];
    [a1, a2] = [a2, a1];
  }
  if (a1 < 0) {
    [ax1, ay1, ax2, ay2] = [ax2, ay2, ax1, ay1];
    [bx1, by1, bx2, by2] = [bx2, by2, bx1, by1];
  } else if (a1 === 0) {
    if ((ax2 - ax1) * (bx2 - bx1) + (ay2 - ay1) * (by2 - by1) > 0) [ax1, ay1, ax2, ay2] = [ax2, ay2, ax1, ay1];
    if (sideOf(ax1, ay1, ax2, ay2, bx1, by1) > 0 || sideOf(bx1, by1, bx2, by2, ax1, ay1) > 0) {
      [ax1, ay1, ax2, ay2] = [ax2, ay2, ax1, ay1];
      [bx1, by1, bx2, by2] = [bx2, by2, bx1, by1];
    }
  }
  return [ax1, ay1, ax2, ay2, bx1, by1, bx2, by2];
}

/** Intersection point of two closed segments (rounded), or null when they do not meet. */
function intersectPoint(p: Edge, q: Edge): [number, number] | null {
  if (!segmentsIntersect(p[0], p[1], p[2], p[3], q[0], q[1], q[2], q[3])) return null;
  const c = cutPoint(p, q);
  if (c) return c;
  // Collinear overlap: any common point; the end point of q on p, else p's start on q.
  const on = (e: Edge, x: number, y: number) => Math.min(e[0], e[2]) <= x && x <= Math.max(e[0], e[2]) && Math.min(e[1], e[3]) <= y && y <= Math.max(e[1], e[3]);
  if (on(p, q[0], q[1])) return [q[0], q[1]];
  if (on(p, q[2], q[3])) return [q[2], q[3]];
  return [p[0], p[1]];
}

/** Whether edge q cuts across the edge pair's connecting sides (KLayout's shielding test). */
function shields(ep: EdgePair, q: Edge): boolean {
  const n = normalizeEdgePair(ep);
  const pe1: Edge = [n[0], n[1], n[6], n[7]];
  const pe2: Edge = [n[4], n[5], n[2], n[3]];
  const i1 = intersectPoint(pe1, q);
  if (!i1) return false;
  const i2 = intersectPoint(pe2, q);
  if (!i2) return false;
  return i1[0] !== i2[0] || i1[1] !== i2[1] || (sideOf(pe1[0], pe1[1], pe1[2], pe1[3], q[0], q[1]) !== 0 && sideOf(pe2[0], pe2[1], pe2[2], pe2[3], q[2], q[3]) !== 0);
}

/**
 * A set of edges to check: 4 ints per edge (x1, y1, x2, y2), the polygon each belongs to, and its
 * input (0 = the checked layer / first layer, 1 = the other layer of a two-layer check).
 */
export interface EdgeSet {
  coords: Int32Array | Float64Array;
  poly: Int32Array;
  input: Uint8Array;
}

/** How edge pairs are formed: within one polygon, among all edges of input 0, or across inputs 0 and 1. */
export type PairMode = 'intra' | 'all' | 'cross';

export interface FoundPair {
  pair: EdgePair;
  /** Indices of the two source edges in the EdgeSet (first from input 0 in 'cross' mode). */
  i: number;
  j: number;
  /** Distance between the two reported edges, dbu. */
  distance: number;
}

/**
 * Runs a relation over an edge set: every pair of edges whose boxes come within d is tested, then
 * shielded pairs are dropped. Deterministic order (by first edge index, then second).
 */
export function runRelation(edges: EdgeSet, c: RelationCheck, mode: PairMode): FoundPair[] {
  const n = edges.poly.length;
  if (n === 0) return [];
  const e = edges.coords;
  const boxes = new Float64Array(n * 4);
  for (let k = 0; k < n; k++) {
    const o = k * 4;
    boxes[o] = Math.min(e[o], e[o + 2]);
    boxes[o + 1] = Math.min(e[o + 1], e[o + 3]);
    boxes[o + 2] = Math.max(e[o], e[o + 2]);
    boxes[o + 3] = Math.max(e[o + 1], e[o + 3]);
  }
  const index = new GridIndex(boxes);
  const d = c.d;
  const edge = (k: number): Edge => [e[k * 4], e[k * 4 + 1], e[k * 4 + 2], e[k * 4 + 3]];
  const found: FoundPair[] = [];
  /** Edges that take part in pairs; shielding needs, per edge, its neighbours. */
  const considered = (i: number, j: number): boolean => {
    if (mode === 'intra') return edges.poly[i] === edges.poly[j] && edges.input[i] === 0;
    if (mode === 'all') return edges.input[i] === 0 && edges.input[j] === 0;
    return edges.input[i] !== edges.input[j];
  };
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    index.search(boxes[o] - d, boxes[o + 1] - d, boxes[o + 2] + d, boxes[o + 3] + d, (j) => {
      if (j <= i || !considered(i, j)) return;
      let a = i;
      let b = j;
      if (mode === 'cross' && edges.input[i] === 1) [a, b] = [j, i];
      const p = checkEdgePair(c, edge(a), edge(b));
      if (p) found.push({ pair: p, i: a, j: b, distance: Math.sqrt(segmentSegmentDist2(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7])) });
    });
  }
  if (!found.length || c.shielded === false) return found;
  // Shielding: an edge near either source edge (in the same scan set) that cuts both connecting sides.
  const keep: FoundPair[] = [];
  for (const f of found) {
    let shielded = false;
    const scanFrom = mode === 'intra' ? edges.poly[f.i] : -1;
    for (const src of [f.i, f.j]) {
      if (shielded) break;
      const o = src * 4;
      index.search(boxes[o] - d, boxes[o + 1] - d, boxes[o + 2] + d, boxes[o + 3] + d, (q) => {
        if (shielded || q === f.i || q === f.j) return;
        if (scanFrom >= 0 && edges.poly[q] !== scanFrom) return;
        if (mode === 'all' && edges.input[q] !== 0) return;
        if (shields(f.pair, edge(q))) shielded = true;
      });
    }
    if (!shielded) keep.push(f);
  }
  return keep;
}

/**
 * The marker polygon of an edge pair: the convex hull of its four end points grown by `grow` dbu on
 * every side (a Minkowski sum with a square), counter-clockwise. Growing by 1 dbu mirrors the deck's
 * `polygons(1 dbu)` and gives degenerate (collinear, zero-distance) pairs an area.
 */
export function edgePairMarker(p: EdgePair, grow = 1): Int32Array {
  const pts: number[] = [];
  for (let k = 0; k < 8; k += 2) {
    for (const [sx, sy] of [[-1, -1], [1, -1], [1, 1], [-1, 1]]) pts.push(p[k] + sx * grow, p[k + 1] + sy * grow);
  }
  return convexHull(pts);
}

/** Convex hull of flat points (geom/predicates: exact, counter-clockwise, no collinear vertices). */
export { convexHull } from '../geom/predicates.ts';
