/**
 * Where the plating network's straight metal (bus lines, dummy mesh lines) runs into the contact
 * ring: the shape of the empty openings that touch the ring's inner edge.
 *
 * A rectangle crossing the ring's polygonised inner arc meets it at an angle that is never exactly
 * 90 degrees: on one side of the line the empty space between the line's edge and the arc has a
 * corner below 90 degrees (a notch, 89.7 degrees for a steep joint, a long sliver of a few degrees
 * where a lane runs nearly tangent to the arc). DRC space rules (ours and KLayout's Euclidean space
 * check) flag such corners and every point of the sliver nearer than rdl.minSpace.
 *
 * The fix works on the empty space, not the metal. Inside the ring's inner edge the metal is a grid
 * of axis-aligned lines, so the empty space is a set of axis-aligned rectangles (CELLS: the site
 * between four bus lines, or one opening of a dummy mesh). A cell crossing the arc is convex
 * (rectangle intersect disc); its corners where a cell side meets the arc (JUNCTIONS) are cut off:
 * - junction angle theta < 60 degrees: by a line perpendicular to the side, so the new corners are
 *   exactly 90 degrees on the side and 90 + theta on the arc;
 * - 60 <= theta < 95 degrees: by a 45-degree chamfer (135 and theta + 45 degrees);
 * - theta >= 95 degrees: left as it is;
 * each cut placed so that the side and the arc, which face each other across the cut, end at least
 * rdl.minSpace (+ CUT_MARGIN) apart. The cut-off corners become ring metal. A cell that is still not
 * clean afterwards (an interior angle below 90 degrees, or two facing edges nearer than rdl.minSpace:
 * a thin lens between a nearly tangent lane and the arc, a small pocket where two lanes cross next to
 * the arc) is filled with ring metal whole, unless it holds a whole die (`keep`).
 *
 * The ring then is the band minus the disc, plus the disc's rim cells minus their cleaned openings:
 * ring = outer - ((disc - rim cells) + openings), whose inner boundary is exactly the openings'
 * polygons. Every joint so has only corners of >= 90 degrees on the empty side and no gap below
 * rdl.minSpace, and the network stays one piece: fills only add metal that touches the ring.
 * For speed (thousands of rim cells on a ring of ~24,000 vertices) the inner edge is not built with
 * booleans: each cell is clipped from a window of the disc's vertices near it (DiscWindow), and the
 * disc's boundary is spliced cell by cell (the stretch inside a cell replaced by the sides down to
 * the opening and the opening's cut and arc edges, spliceRing); a cell of another shape falls back
 * to booleans. One boolean difference then gives the ring.
 *
 * Units: dbu (1 nm); angles in radians unless named in degrees.
 */
import type { Box } from '../core/box.ts';
import { difference, type PolygonWithHoles } from '../geom/clipper.ts';
import { RING_ARC_TOLERANCE } from './plating.ts';

/** Extra distance over rdl.minSpace that a cut leaves between the facing side and arc, dbu (1 um: the arc's polygon deviates up to RING_ARC_TOLERANCE). */
export const CUT_MARGIN = 1000;

/** Vertices of an opening nearer than this to a neighbour are merged (a rounding remnant of a clip near a polygon vertex), dbu. */
const MERGE_DISTANCE = 1000;

/** One empty rectangle of the network (wafer frame, dbu) and whether it holds a whole die (never filled). */
export interface JunctionCell {
  readonly box: Box;
  readonly keep: boolean;
}

export interface JunctionResult {
  /** The contact ring with its junctions shaped: polygons with holes, wafer frame. */
  readonly polygons: PolygonWithHoles[];
  /** Cells crossing the arc, junction corners cut, and cells filled whole. */
  readonly rimCells: number;
  readonly cuts: number;
  readonly filled: number;
  /** Kept cells (whole dies) that still fail the opening checks; 0 expected. */
  readonly unclean: number;
}

type Pt = [number, number];

/** Keeps the part of the convex polygon with k . (p - c) >= 0; intersection points rounded to the nm (exact along axis-aligned lines). */
function clipHalf(poly: Pt[], kx: number, ky: number, cx: number, cy: number): Pt[] {
  const out: Pt[] = [];
  const n = poly.length;
  const side = (p: Pt) => kx * (p[0] - cx) + ky * (p[1] - cy);
  for (let i = 0; i < n; i++) {
    const a = poly[(i + n - 1) % n];
    const b = poly[i];
    const sa = side(a);
    const sb = side(b);
    if (sb >= 0) {
      if (sa < 0) out.push(cross(a, b, sa, sb, kx, ky, cx, cy));
      out.push(b);
    } else if (sa >= 0) out.push(cross(a, b, sa, sb, kx, ky, cx, cy));
  }
  return out;
}

function cross(a: Pt, b: Pt, sa: number, sb: number, kx: number, ky: number, cx: number, cy: number): Pt {
  const t = sa / (sa - sb);
  // Along an axis-aligned clip line the fixed coordinate is the line's own (exact).
  if (ky === 0) return [cx, Math.round(a[1] + t * (b[1] - a[1]))];
  if (kx === 0) return [Math.round(a[0] + t * (b[0] - a[0])), cy];
  return [Math.round(a[0] + t * (b[0] - a[0])), Math.round(a[1] + t * (b[1] - a[1]))];
}

function segDist(a: Pt, b: Pt, c: Pt, d: Pt): number {
  const pd = (p: Pt, u: Pt, v: Pt) => {
    const dx = v[0] - u[0];
    const dy = v[1] - u[1];
    const l2 = dx * dx + dy * dy;
    const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - u[0]) * dx + (p[1] - u[1]) * dy) / l2));
    return Math.hypot(p[0] - u[0] - t * dx, p[1] - u[1] - t * dy);
  };
  const o = (p: Pt, q: Pt, r: Pt) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  if (o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0) return 0;
  return Math.min(pd(a, c, d), pd(b, c, d), pd(c, a, b), pd(d, a, b));
}

/**
 * Whether the convex opening (counter-clockwise) is clean: every interior angle >= 90 degrees
 * (exact, on the integer edge vectors) and every two edges that face each other (edge directions
 * more than 90 degrees apart) at least `space` apart.
 */
export function openingClean(poly: readonly Pt[], space: number): boolean {
  const n = poly.length;
  if (n < 3) return false;
  const d = poly.map((p, i) => {
    const q = poly[(i + 1) % n];
    return [q[0] - p[0], q[1] - p[1]] as Pt;
  });
  for (let i = 0; i < n; i++) {
    const a = d[i];
    const b = d[(i + 1) % n];
    if (a[0] * b[1] - a[1] * b[0] < 0) return false; // not convex
    if (a[0] * b[0] + a[1] * b[1] < 0) return false; // interior angle below 90 degrees
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      if (d[i][0] * d[j][0] + d[i][1] * d[j][1] >= 0) continue;
      if (segDist(poly[i], poly[(i + 1) % n], poly[j], poly[(j + 1) % n]) < space) return false;
    }
  }
  return true;
}

/**
 * The part of the convex ring `disc` (counter-clockwise around the centre) that can meet boxes: for
 * a box, the run of its vertices over the box's angular range (two more each side) closed through
 * the centre, in the disc's own vertex order. Clipped to the box it gives exactly what the whole
 * disc gives (the same edges cross the box; the centre's two edges stay clear of it), at the cost
 * of the run instead of the whole ring.
 */
export class DiscWindow {
  private readonly ang: Float64Array;
  private readonly first: number;
  constructor(readonly disc: Int32Array) {
    const n = disc.length >> 1;
    this.ang = new Float64Array(n);
    let first = 0;
    for (let i = 0; i < n; i++) {
      this.ang[i] = Math.atan2(disc[2 * i + 1], disc[2 * i]);
      if (this.ang[i] < this.ang[first]) first = i;
    }
    this.first = first;
  }

  /** Rotated rank of the first vertex with angle >= a (n when none). */
  private lower(a: number): number {
    const n = this.ang.length;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ang[(this.first + mid) % n] < a) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The window for box b, or the whole disc when the box is not clear of the centre. */
  forBox(b: Box): Int32Array {
    const n = this.ang.length;
    const disc = this.disc;
    if (n < 64 || (b.x0 <= 0 && b.x1 >= 0) || (b.y0 <= 0 && b.y1 >= 0)) return disc;
    const mid = Math.atan2((b.y0 + b.y1) / 2, (b.x0 + b.x1) / 2);
    let lo = 0;
    let hi = 0;
    for (const [x, y] of [[b.x0, b.y0], [b.x1, b.y0], [b.x1, b.y1], [b.x0, b.y1]]) {
      let d = Math.atan2(y, x) - mid;
      if (d > Math.PI) d -= 2 * Math.PI;
      if (d < -Math.PI) d += 2 * Math.PI;
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
    if (hi - lo > Math.PI / 2) return disc;
    // Ranks (in angle order from `first`) of the run, unwrapped; two more vertices each side.
    const wrap = (a: number) => (a < -Math.PI ? a + 2 * Math.PI : a > Math.PI ? a - 2 * Math.PI : a);
    const r0 = this.lower(wrap(mid + lo)) - 3;
    let r1 = this.lower(wrap(mid + hi)) + 2;
    if (r1 < r0 + 3) r1 += n;
    const count = r1 - r0 + 1;
    if (count + 8 >= n) return disc;
    // Disc indices of the run: start index s, count vertices (may wrap past n - 1).
    const s = (((this.first + r0) % n) + n) % n;
    const out = new Int32Array(2 * (count + 1));
    let k = 0;
    if (s + count <= n) {
      out.set(disc.subarray(2 * s, 2 * (s + count)), 0);
      k = 2 * count;
      out[k] = 0;
      out[k + 1] = 0;
    } else {
      const tail = n - s; // indices s..n-1 come last, after 0..count-tail-1 and the centre
      out.set(disc.subarray(0, 2 * (count - tail)), 0);
      k = 2 * (count - tail);
      out[k] = 0;
      out[k + 1] = 0;
      out.set(disc.subarray(2 * s), k + 2);
    }
    return out;
  }
}

/** The vertices of the convex ring `disc` (counter-clockwise, flat x, y pairs) clipped to the box. */
function clipToBox(disc: Int32Array, b: Box): Pt[] {
  let p: Pt[] = [];
  for (let i = 0; i < disc.length; i += 2) p.push([disc[i], disc[i + 1]]);
  p = clipHalf(p, 1, 0, b.x0, 0);
  if (p.length) p = clipHalf(p, -1, 0, b.x1, 0);
  if (p.length) p = clipHalf(p, 0, 1, 0, b.y0);
  if (p.length) p = clipHalf(p, 0, -1, 0, b.y1);
  p = dedupe(p);
  // Start at the lowest vertex (then leftmost): the result does not depend on where the ring starts.
  let s = 0;
  for (let i = 1; i < p.length; i++) if (p[i][1] < p[s][1] || (p[i][1] === p[s][1] && p[i][0] < p[s][0])) s = i;
  return s ? [...p.slice(s), ...p.slice(0, s)] : p;
}

function dedupe(p: Pt[]): Pt[] {
  const out: Pt[] = [];
  for (const q of p) {
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  return out;
}

function area2(p: readonly Pt[]): number {
  let s = 0;
  for (let i = 0, j = p.length - 1; i < p.length; j = i++) s += p[j][0] * p[i][1] - p[i][0] * p[j][1];
  return s;
}

/** Which of the box's side lines the point lies on: bit 0 x0, 1 x1, 2 y0, 3 y1. */
function sides(p: Pt, b: Box): number {
  return (p[0] === b.x0 ? 1 : 0) | (p[0] === b.x1 ? 2 : 0) | (p[1] === b.y0 ? 4 : 0) | (p[1] === b.y1 ? 8 : 0);
}

interface Cut {
  /** Keep k . (p - c) >= 0 (integer k and c). */
  kx: number;
  ky: number;
  cx: number;
  cy: number;
}

/**
 * The cut at junction X of an opening: `a` the unit direction (axis-aligned, integer) along the cell
 * side away from X, `b` the unit direction along the arc away from X. Null when the junction angle
 * is wide enough (>= 95 degrees) to leave as it is.
 */
function junctionCut(X: Pt, a: Pt, b: [number, number], space: number): Cut | null {
  const cosT = a[0] * b[0] + a[1] * b[1];
  const theta = Math.acos(Math.max(-1, Math.min(1, cosT)));
  if (theta >= (95 * Math.PI) / 180) return null;
  // n: the unit normal of the side, pointing to the arc's side (integer, axis-aligned).
  const nx = a[1] !== 0 ? Math.sign(b[0]) : 0;
  const ny = a[0] !== 0 ? Math.sign(b[1]) : 0;
  if (nx === 0 && ny === 0) return null;
  const perpendicular = theta < Math.PI / 3;
  // Cut direction from C (C = X + c a) towards the arc: perpendicular to the side, or at 45 degrees back towards X.
  const ex = perpendicular ? nx : nx - a[0];
  const ey = perpendicular ? ny : ny - a[1];
  // With c = 1: Y = C + t e = X + u b; the cut must leave the side (beyond C) and the arc (beyond Y)
  // apart by min(dist(C, arc line), dist(Y, side line), |CY|) >= space.
  const det = ex * -b[1] - ey * -b[0];
  if (Math.abs(det) < 1e-12) return null;
  // Solve a + t e = u b for (t, u): [e, -b] [t; u] = -a.
  const t = (-a[0] * -b[1] - -a[1] * -b[0]) / det;
  const u = (ex * -a[1] - ey * -a[0]) / det;
  const eLen = Math.hypot(ex, ey);
  const sinT = Math.sin(theta);
  const f = Math.min(sinT, u * sinT, t * eLen);
  if (!(f > 0)) return null;
  const c = Math.ceil((space + CUT_MARGIN) / f);
  const cx = X[0] + a[0] * c;
  const cy = X[1] + a[1] * c;
  // Normal of the cut line (perpendicular to e), oriented away from X.
  let kx = -ey;
  let ky = ex;
  if (kx * (X[0] - cx) + ky * (X[1] - cy) > 0) {
    kx = -kx;
    ky = -ky;
  }
  return { kx, ky, cx, cy };
}

/**
 * The opening of one cell crossing the arc: junction corners cut (see the module notes), or null
 * when the cell is filled whole. `disc` is the ring's inner edge (counter-clockwise), `flatY` the
 * flat's inner edge (or null).
 */
export function shapeOpening(b: Box, disc: Int32Array, flatY: number | null, space: number): { opening: Pt[] | null; cuts: number; clean: boolean; p: Pt[] } {
  const p = clipToBox(disc, b);
  if (p.length < 3 || area2(p) <= 0) return { opening: null, cuts: 0, clean: true, p };
  const n = p.length;
  const tags = p.map((q) => sides(q, b));
  const onSide = (i: number, j: number) => (tags[i] & tags[j]) !== 0;
  const cuts: Cut[] = [];
  for (let i = 0; i < n; i++) {
    const prev = (i + n - 1) % n;
    const next = (i + 1) % n;
    const sidePrev = onSide(prev, i);
    const sideNext = onSide(i, next);
    if (sidePrev === sideNext) continue; // a box corner, or a vertex of the arc
    const X = p[i];
    const S = sidePrev ? p[prev] : p[next];
    const a: Pt = [Math.sign(S[0] - X[0]), Math.sign(S[1] - X[1])];
    if (a[0] !== 0 && a[1] !== 0) continue;
    // Along the arc away from X: the first vertex at least MERGE_DISTANCE away gives the sense.
    const step = sidePrev ? 1 : -1;
    let W = p[(i + step + n) % n];
    for (let k = 1; k < n; k++) {
      W = p[(i + step * k + 2 * n) % n];
      if (Math.hypot(W[0] - X[0], W[1] - X[1]) >= MERGE_DISTANCE) break;
    }
    let bx: number;
    let by: number;
    if (flatY !== null && X[1] === flatY && W[1] === flatY) {
      bx = Math.sign(W[0] - X[0]);
      by = 0;
    } else {
      // The circle's tangent at X, in the sense of the arc away from X.
      const r = Math.hypot(X[0], X[1]);
      bx = -X[1] / r;
      by = X[0] / r;
      if (bx * (W[0] - X[0]) + by * (W[1] - X[1]) < 0) {
        bx = -bx;
        by = -by;
      }
    }
    const cut = junctionCut(X, a, [bx, by], space);
    if (cut) cuts.push(cut);
  }
  let q: Pt[] = p;
  for (const c of cuts) {
    if (q.length < 3) break;
    q = dedupe(clipHalf(q, c.kx, c.ky, c.cx, c.cy));
  }
  q = cleanVertices(q, b, cuts);
  const clean = q.length >= 3 && area2(q) > 0 && openingClean(q, space + 10);
  return { opening: clean ? q : q.length >= 3 && area2(q) > 0 ? q : null, cuts: cuts.length, clean, p };
}

/**
 * Drops collinear vertices and vertices of the arc that lie within MERGE_DISTANCE of a neighbour
 * (a clip landing next to a polygon vertex leaves a nm-long edge whose direction is noise).
 */
function cleanVertices(p: Pt[], b: Box, cuts: readonly Cut[]): Pt[] {
  const special = (q: Pt) => sides(q, b) !== 0 || cuts.some((c) => Math.abs(c.kx * (q[0] - c.cx) + c.ky * (q[1] - c.cy)) <= Math.abs(c.kx) + Math.abs(c.ky));
  let out = p.slice();
  let changed = true;
  while (changed && out.length > 3) {
    changed = false;
    for (let i = 0; i < out.length && out.length > 3; i++) {
      const n = out.length;
      const a = out[(i + n - 1) % n];
      const v = out[i];
      const c = out[(i + 1) % n];
      const collinear = (v[0] - a[0]) * (c[1] - v[1]) - (v[1] - a[1]) * (c[0] - v[0]) === 0;
      const near = Math.hypot(v[0] - a[0], v[1] - a[1]) < MERGE_DISTANCE || Math.hypot(c[0] - v[0], c[1] - v[1]) < MERGE_DISTANCE;
      if (collinear || (near && !special(v))) {
        out.splice(i, 1);
        changed = true;
        i--;
      }
    }
  }
  out = dedupe(out);
  return out;
}

/** The opening of `b` in the ring's inner edge: p = disc clipped to the box, q its cleaned opening (null: filled). */
interface RimCell {
  readonly box: Box;
  readonly p: Pt[];
  readonly q: Pt[] | null;
}

/** The single run of edges of `poly` not lying on a side of `b` (start and end vertex indices), or null if there is not exactly one. */
function freeRun(poly: readonly Pt[], b: Box): [number, number] | null {
  const n = poly.length;
  const tags = poly.map((q) => sides(q, b));
  const free = (i: number) => (tags[i] & tags[(i + 1) % n]) === 0;
  let start = -1;
  let runs = 0;
  for (let i = 0; i < n; i++) {
    if (free(i) && !free((i + n - 1) % n)) {
      start = i;
      runs++;
    }
  }
  if (runs !== 1) return null;
  let end = start;
  while (free(end % n)) end++;
  if (tags[start] === 0 || tags[end % n] === 0) return null;
  return [start, end % n];
}

/** Whether `x` lies on the axis-aligned segment u-w. */
function onSegment(x: Pt, u: Pt, w: Pt): boolean {
  return (
    ((u[0] === w[0] && x[0] === u[0]) || (u[1] === w[1] && x[1] === u[1])) &&
    x[0] >= Math.min(u[0], w[0]) && x[0] <= Math.max(u[0], w[0]) && x[1] >= Math.min(u[1], w[1]) && x[1] <= Math.max(u[1], w[1])
  );
}

/**
 * The inner edge's path through one rim cell, from where the disc's boundary enters the box to where
 * it leaves: along the box sides (the removed part on the right) to the opening, the opening's free
 * edges, then along the sides again. Null when the cell does not have the simple shape assumed
 * (one arc run, one free run of the opening starting and ending on the box sides).
 */
function cellPath(c: RimCell): { path: Pt[]; arc: Pt[] } | null {
  const { p, q, box } = c;
  const pr = freeRun(p, box);
  if (!pr) return null;
  const n = p.length;
  const arc: Pt[] = [];
  for (let i = pr[0]; ; i = (i + 1) % n) {
    arc.push(p[i]);
    if (i === pr[1]) break;
  }
  // The sides from the entry back to the exit (p's side run reversed: clockwise around the box).
  const sidesRev: Pt[] = [];
  for (let i = pr[0]; ; i = (i + n - 1) % n) {
    sidesRev.push(p[i]);
    if (i === pr[1]) break;
  }
  for (let k = 1; k < sidesRev.length - 1; k++) {
    const t = sides(sidesRev[k], box);
    if (!((t & 3) && (t & 12))) return null; // only box corners between entry and exit
  }
  if (!q) return { path: sidesRev, arc };
  const qr = freeRun(q, box);
  if (!qr) return null;
  const m = q.length;
  const free: Pt[] = [];
  for (let i = qr[0]; ; i = (i + 1) % m) {
    free.push(q[i]);
    if (i === qr[1]) break;
  }
  const A = free[0];
  const B = free[free.length - 1];
  const path: Pt[] = [];
  let k = 0;
  path.push(sidesRev[0]);
  for (; k < sidesRev.length - 1; k++) {
    if (onSegment(A, sidesRev[k], sidesRev[k + 1])) break;
    path.push(sidesRev[k + 1]);
  }
  if (k === sidesRev.length - 1) return null;
  for (const f of free) path.push(f);
  let j = k;
  for (; j < sidesRev.length - 1; j++) if (onSegment(B, sidesRev[j], sidesRev[j + 1])) break;
  if (j === sidesRev.length - 1) return null;
  for (let i = j + 1; i < sidesRev.length; i++) path.push(sidesRev[i]);
  return { path, arc };
}

/**
 * The disc's boundary with each rim cell's stretch replaced by its path (cellPath): one ring whose
 * region is (disc - rim cells) + openings. Cells it cannot splice (an unexpected shape, an entry
 * point not found on the disc's edges) are returned for a boolean fallback.
 */
function spliceRing(disc: Int32Array, cells: readonly RimCell[]): { ring: Int32Array; rest: RimCell[] } {
  const N = disc.length >> 1;
  const index = new Map<number, number>();
  const key = (x: number, y: number) => x * 4294967296 + y;
  for (let i = 0; i < N; i++) index.set(key(disc[2 * i], disc[2 * i + 1]), i);
  // Vertex angles, ascending from the vertex of smallest angle (the disc is convex around the centre).
  const ang = new Float64Array(N);
  for (let i = 0; i < N; i++) ang[i] = Math.atan2(disc[2 * i + 1], disc[2 * i]);
  let i0 = 0;
  for (let i = 1; i < N; i++) if (ang[i] < ang[i0]) i0 = i;
  const edgeAt = (P: Pt): number => {
    const a = Math.atan2(P[1], P[0]);
    let lo = 0;
    let hi = N - 1;
    // Largest k (in the rotated order) with ang <= a; -1 when below all: the closing edge.
    if (a < ang[i0]) return (i0 + N - 1) % N;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ang[(i0 + mid) % N] <= a) lo = mid;
      else hi = mid - 1;
    }
    return (i0 + lo) % N;
  };
  const onEdge = (P: Pt, e: number): number => {
    const ax = disc[2 * e];
    const ay = disc[2 * e + 1];
    const f = (e + 1) % N;
    const dx = disc[2 * f] - ax;
    const dy = disc[2 * f + 1] - ay;
    const l2 = dx * dx + dy * dy;
    const t = ((P[0] - ax) * dx + (P[1] - ay) * dy) / l2;
    const dist = Math.abs((P[0] - ax) * dy - (P[1] - ay) * dx) / Math.sqrt(l2);
    return t >= 0 && t <= 1 && dist <= 2 ? t : -1;
  };
  const skipped = new Uint8Array(N);
  const inserts: { at: number; order: number; path: Pt[] }[] = [];
  const rest: RimCell[] = [];
  for (const c of cells) {
    const cp = cellPath(c);
    if (!cp) {
      rest.push(c);
      continue;
    }
    const ids: number[] = [];
    for (const P of cp.arc) {
      const id = index.get(key(P[0], P[1]));
      if (id !== undefined) ids.push(id);
    }
    let at: number;
    let count: number;
    let order: number;
    if (ids.length) {
      at = ids[0];
      count = ((ids[ids.length - 1] - ids[0] + N) % N) + 1;
      order = 2;
      if (count !== ids.length) {
        rest.push(c);
        continue;
      }
    } else {
      const P = cp.arc[0];
      let e = edgeAt(P);
      let t = onEdge(P, e);
      if (t < 0) {
        for (const d of [N - 1, 1, N - 2, 2]) {
          t = onEdge(P, (e + d) % N);
          if (t >= 0) {
            e = (e + d) % N;
            break;
          }
        }
      }
      if (t < 0 || onEdge(cp.arc[cp.arc.length - 1], e) < t) {
        rest.push(c);
        continue;
      }
      at = (e + 1) % N;
      count = 0;
      order = t;
    }
    let clash = false;
    for (let k = 0; k < count; k++) if (skipped[(at + k) % N]) clash = true;
    if (clash) {
      rest.push(c);
      continue;
    }
    for (let k = 0; k < count; k++) skipped[(at + k) % N] = 1;
    inserts.push({ at, order, path: cp.path });
  }
  inserts.sort((u, v) => u.at - v.at || u.order - v.order);
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < N; i++) {
    for (; k < inserts.length && inserts[k].at === i; k++) for (const P of inserts[k].path) out.push(P[0], P[1]);
    if (!skipped[i]) out.push(disc[2 * i], disc[2 * i + 1]);
  }
  return { ring: Int32Array.from(out), rest };
}

/**
 * The contact ring with every junction shaped. `outer`: the ring's outer boundary clipped to the
 * wafer (rings, holes included); `disc`: its inner edge (counter-clockwise); `cells`: the network's
 * empty rectangles near the arc (others are ignored: a cell wholly inside or outside the disc has no
 * junction). `rIn`: the inner edge's radius, dbu.
 */
export function shapeRing(outer: readonly ArrayLike<number>[], disc: Int32Array, rIn: number, flatY: number | null, cells: readonly JunctionCell[], space: number): JunctionResult {
  const rim: RimCell[] = [];
  const window = new DiscWindow(disc);
  let rimCells = 0;
  let cuts = 0;
  let filled = 0;
  let unclean = 0;
  // The polygon's edges lie up to RING_ARC_TOLERANCE inside the circle: a cell whose far corner is
  // nearer the centre than that has no junction.
  const inside = rIn - RING_ARC_TOLERANCE - 2;
  for (const { box: b, keep } of cells) {
    const fx = Math.max(Math.abs(b.x0), Math.abs(b.x1));
    const fy = Math.max(Math.abs(b.y0), Math.abs(b.y1));
    const nx = b.x0 > 0 ? b.x0 : b.x1 < 0 ? -b.x1 : 0;
    const ny = b.y0 > 0 ? b.y0 : b.y1 < 0 ? -b.y1 : 0;
    if (fx * fx + fy * fy < inside * inside && (flatY === null || b.y0 > flatY)) continue;
    if (nx * nx + ny * ny >= rIn * rIn || (flatY !== null && b.y1 <= flatY)) continue;
    const s = shapeOpening(b, window.forBox(b), flatY, space);
    rimCells++;
    cuts += s.cuts;
    const kept = s.opening !== null && (s.clean || keep);
    if (kept) {
      if (!s.clean) unclean++;
    } else filled++;
    // A cell not overlapping the disc changes nothing.
    // Nor does a cell wholly inside the disc that stays open as it is.
    const same = kept && s.p.length === 4 && s.p.every((v) => v[0] !== b.x0 === (v[0] === b.x1) && v[1] !== b.y0 === (v[1] === b.y1)) && s.opening!.length === s.p.length && s.opening!.every((v, i) => v[0] === s.p[i][0] && v[1] === s.p[i][1]);
    if (!same && s.p.length >= 3 && area2(s.p) > 0) rim.push({ box: b, p: s.p, q: kept ? s.opening : null });
  }
  // The inner edge with every junction: the disc's boundary spliced cell by cell (one ring), and the
  // few cells of another shape by booleans on it.
  const spliced = spliceRing(disc, rim);
  let hole: Int32Array[] = [spliced.ring];
  if (spliced.rest.length) {
    const box = (b: Box) => Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1);
    const rest = difference(hole, spliced.rest.map((c) => box(c.box)), { what: 'contact ring: disc outside the rim cells' });
    const openings = spliced.rest.filter((c) => c.q).map((c) => Int32Array.from(c.q!.flat()));
    hole = [...rest.flatMap((p) => [p.outer, ...p.holes]), ...openings];
  }
  // Every ring of `hole` winds positively around what it adds (nonzero fill): no union needed first.
  const polygons = difference(outer, hole, { what: 'contact ring: junctions' });
  return { polygons, rimCells, cuts, filled, unclean };
}
