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
 * ring = outer - ((disc - rim cells) + openings), one boolean difference whose result's inner
 * boundary is exactly the openings' polygons. Every joint so has only corners of >= 90 degrees on the
 * empty side and no gap below rdl.minSpace, and the network stays one piece: fills only add metal
 * that touches the ring.
 *
 * Units: dbu (1 nm); angles in radians unless named in degrees.
 */
import type { Box } from '../core/box.ts';
import { difference, union, type PolygonWithHoles } from '../geom/clipper.ts';
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

/** The vertices of the convex ring `disc` (counter-clockwise, flat x, y pairs) clipped to the box. */
function clipToBox(disc: Int32Array, b: Box): Pt[] {
  let p: Pt[] = [];
  for (let i = 0; i < disc.length; i += 2) p.push([disc[i], disc[i + 1]]);
  p = clipHalf(p, 1, 0, b.x0, 0);
  if (p.length) p = clipHalf(p, -1, 0, b.x1, 0);
  if (p.length) p = clipHalf(p, 0, 1, 0, b.y0);
  if (p.length) p = clipHalf(p, 0, -1, 0, b.y1);
  return dedupe(p);
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
export function shapeOpening(b: Box, disc: Int32Array, flatY: number | null, space: number): { opening: Pt[] | null; cuts: number; clean: boolean } {
  const p = clipToBox(disc, b);
  if (p.length < 3 || area2(p) <= 0) return { opening: null, cuts: 0, clean: true };
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
  return { opening: clean ? q : q.length >= 3 && area2(q) > 0 ? q : null, cuts: cuts.length, clean };
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

/**
 * The contact ring with every junction shaped. `outer`: the ring's outer boundary clipped to the
 * wafer (rings, holes included); `disc`: its inner edge (counter-clockwise); `cells`: the network's
 * empty rectangles near the arc (others are ignored: a cell wholly inside or outside the disc has no
 * junction). `rIn`: the inner edge's radius, dbu.
 */
export function shapeRing(outer: readonly ArrayLike<number>[], disc: Int32Array, rIn: number, flatY: number | null, cells: readonly JunctionCell[], space: number): JunctionResult {
  const rim: Int32Array[] = [];
  const openings: Int32Array[] = [];
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
    const s = shapeOpening(b, disc, flatY, space);
    rim.push(Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1));
    cuts += s.cuts;
    if (s.opening && (s.clean || keep)) {
      if (!s.clean) unclean++;
      openings.push(Int32Array.from(s.opening.flat()));
    } else filled++;
  }
  const rest = difference([disc], rim, { what: 'contact ring: disc outside the rim cells' });
  const hole = [...rest.flatMap((p) => [p.outer, ...p.holes]), ...openings];
  const merged = union(hole, [], { what: 'contact ring: inner edge with its junctions' });
  const polygons = difference(outer, merged.flatMap((p) => [p.outer, ...p.holes]), { what: 'contact ring: junctions' });
  return { polygons, rimCells: rim.length, cuts, filled, unclean };
}
