/**
 * Router geometry: the snapped octagon a trace is swept with, snapped circles for capture pads,
 * convex hulls, and the distances between segments and convex polygons the spacing checks use.
 *
 * Units: dbu (1 nm) integers for every vertex; distances are computed in doubles on those integers.
 * Trace metal is the Minkowski sum of the centreline with the octagon `octagon(w)`: its orthogonal
 * flats are exactly w/2 from the centreline and its diagonal flats (a + b)/sqrt(2) >= w/2, so a trace
 * is never narrower than w in any of the 8 directions, and every edge of a trace polygon is at a
 * multiple of 45 degrees (the octagon's vertices (a, b), (b, a) are mirror images).
 */
import { convexHull } from '../geom/predicates.ts';
import { octilinearPen } from '../geom/octilinear.ts';
import { regularPolygon } from '../geom/shapes.ts';

/**
 * The octagon (counter-clockwise, 8 vertices, centred on the origin) whose Minkowski sum with a
 * centreline is a trace of width `w` (dbu): geom's octilinear pen, vertices (+-a, +-b), (+-b, +-a)
 * with a = ceil(w / 2) and a + b = ceil(w / sqrt 2), so traces drawn here and by geom's
 * octilinearPath are identical.
 */
export function octagon(w: number): Int32Array {
  const { a, b } = octilinearPen(w);
  return Int32Array.of(a, -b, a, b, b, a, -b, a, -a, b, -a, -b, -b, -a, b, -a);
}

/** Largest distance from the centre to a vertex of octagon(w), dbu (its circumradius). */
export function octagonRadius(w: number): number {
  const { a, b } = octilinearPen(w);
  return Math.hypot(a, b);
}

/**
 * A capture pad: geom's circumscribed regular n-gon of across-flats `d` (dbu, even) about (cx, cy),
 * phase 'edge', so it has flats (not corners) facing the 8 routing directions: a grid track beside
 * the pad then needs exactly d/2 + space + width/2, not the circumradius. n a multiple of 8.
 */
export function circlePolygon(cx: number, cy: number, d: number, n = 64): Int32Array {
  return regularPolygon(cx, cy, d / 2, n, { fit: 'circumscribed', phase: 'edge' });
}

/** Convex hull (counter-clockwise, no collinear vertices) of flat integer points: geom/predicates' exact one. */
export { convexHull };

/**
 * Minkowski sum of two convex counter-clockwise polygons without collinear vertices: the classic
 * O(n + m) merge of their edge sequences by direction, starting from both lowest vertices. Exact
 * (integer sums, cross-product comparisons). Collinear output vertices are dropped.
 */
export function minkowski(a0: ArrayLike<number>, b0: ArrayLike<number>): Int32Array {
  const a = dedupe(a0);
  const b = dedupe(b0);
  const n = a.length >> 1;
  const m = b.length >> 1;
  const low = (p: ArrayLike<number>, k: number) => {
    let best = 0;
    for (let i = 1; i < k; i++) if (p[2 * i + 1] < p[2 * best + 1] || (p[2 * i + 1] === p[2 * best + 1] && p[2 * i] < p[2 * best])) best = i;
    return best;
  };
  const ia0 = low(a, n);
  const ib0 = low(b, m);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const ai = (ia0 + i) % n;
    const bj = (ib0 + j) % m;
    out.push(a[2 * ai] + b[2 * bj], a[2 * ai + 1] + b[2 * bj + 1]);
    const an = (ai + 1) % n;
    const bn = (bj + 1) % m;
    const ex = a[2 * an] - a[2 * ai];
    const ey = a[2 * an + 1] - a[2 * ai + 1];
    const fx = b[2 * bn] - b[2 * bj];
    const fy = b[2 * bn + 1] - b[2 * bj + 1];
    const cr = ex * fy - ey * fx;
    if (j >= m || (i < n && cr > 0)) i++;
    else if (i >= n || cr < 0) j++;
    else {
      i++;
      j++;
    }
  }
  // Drop collinear vertices (parallel edges of both polygons produce them).
  const res: number[] = [];
  const k = out.length >> 1;
  for (let t = 0; t < k; t++) {
    const px = out[2 * ((t + k - 1) % k)];
    const py = out[2 * ((t + k - 1) % k) + 1];
    const x = out[2 * t];
    const y = out[2 * t + 1];
    const qx = out[2 * ((t + 1) % k)];
    const qy = out[2 * ((t + 1) % k) + 1];
    if ((x - px) * (qy - y) - (y - py) * (qx - x) !== 0) res.push(x, y);
  }
  return Int32Array.from(res);
}

/** The ring without repeated consecutive vertices (a degenerate octagon has some). */
function dedupe(c: ArrayLike<number>): ArrayLike<number> {
  const k = c.length >> 1;
  let dup = false;
  for (let i = 0; i < k && !dup; i++) {
    const j = (i + 1) % k;
    if (c[2 * i] === c[2 * j] && c[2 * i + 1] === c[2 * j + 1]) dup = true;
  }
  if (!dup) return c;
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = (i + 1) % k;
    if (c[2 * i] === c[2 * j] && c[2 * i + 1] === c[2 * j + 1]) continue;
    out.push(c[2 * i], c[2 * i + 1]);
  }
  return out;
}

/** The metal of the centreline segment a-b swept with `oct`: hull(oct + a, oct + b), dbu. */
export function segmentMetal(ax: number, ay: number, bx: number, by: number, oct: Int32Array): Int32Array {
  const pts = new Array<number>(32);
  for (let i = 0; i < 16; i += 2) {
    pts[i] = ax + oct[i];
    pts[i + 1] = ay + oct[i + 1];
    pts[16 + i] = bx + oct[i];
    pts[16 + i + 1] = by + oct[i + 1];
  }
  return convexHull(pts);
}

/** Whether (px, py) lies inside or on the convex counter-clockwise polygon `poly`. */
export function pointInConvex(px: number, py: number, poly: ArrayLike<number>): boolean {
  const n = poly.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const ex = poly[i] - poly[j];
    const ey = poly[i + 1] - poly[j + 1];
    if (ex * (py - poly[j + 1]) - ey * (px - poly[j]) < 0) return false;
  }
  return true;
}

/** Squared distance from a point to a convex polygon (0 inside). */
export function pointConvexDist2(px: number, py: number, poly: ArrayLike<number>): number {
  if (pointInConvex(px, py, poly)) return 0;
  let best = Infinity;
  const n = poly.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const d = pointSegmentDist2(px, py, poly[j], poly[j + 1], poly[i], poly[i + 1]);
    if (d < best) best = d;
  }
  return best;
}

/** Squared distance from segment a-b to a convex polygon (0 when they meet). */
export function segmentConvexDist2(ax: number, ay: number, bx: number, by: number, poly: ArrayLike<number>): number {
  if (ax === bx && ay === by) return pointConvexDist2(ax, ay, poly);
  if (pointInConvex(ax, ay, poly) || pointInConvex(bx, by, poly)) return 0;
  let best = Infinity;
  const n = poly.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const d = segmentSegmentDist2(ax, ay, bx, by, poly[j], poly[j + 1], poly[i], poly[i + 1]);
    if (d < best) {
      best = d;
      if (d === 0) return 0;
    }
  }
  return best;
}

/** Squared distance between two convex polygons (0 when they meet). */
export function convexConvexDist2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (pointInConvex(a[0], a[1], b) || pointInConvex(b[0], b[1], a)) return 0;
  let best = Infinity;
  const n = a.length;
  const m = b.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    for (let k = 0, l = m - 2; k < m; l = k, k += 2) {
      const d = segmentSegmentDist2(a[j], a[j + 1], a[i], a[i + 1], b[l], b[l + 1], b[k], b[k + 1]);
      if (d < best) {
        best = d;
        if (d === 0) return 0;
      }
    }
  }
  return best;
}

/**
 * Squared distance from point p to the closed segment a-b. Local rather than geom/predicates' (the
 * hot loops of the router call it millions of times); exact for integer inputs below 2^26 apart
 * up to the final float division.
 */
export function pointSegmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}

/**
 * Squared distance between closed segments a-b and c-d (0 when they touch or cross). The crossing
 * test uses cross products of coordinate differences, exact in doubles while coordinates stay within
 * +-2^25 dbu (33 mm), which every die does.
 */
export function segmentSegmentDist2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  const d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  const d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
  const d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx);
  const d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return 0;
  let best = pointSegmentDist2(ax, ay, cx, cy, dx, dy);
  let v = pointSegmentDist2(bx, by, cx, cy, dx, dy);
  if (v < best) best = v;
  v = pointSegmentDist2(cx, cy, ax, ay, bx, by);
  if (v < best) best = v;
  v = pointSegmentDist2(dx, dy, ax, ay, bx, by);
  if (v < best) best = v;
  return best;
}

/** Bounds [x0, y0, x1, y1] of a polygon: the core's, under the router's name. */
export { boundsOf as bboxOf } from '../core/box.ts';

/** The polygon translated by (dx, dy) (new array): the core's, under the router's name. */
export { translatedRing as translated } from '../core/polygon.ts';

/** Axis-aligned rectangle ring (counter-clockwise). */
export function rectRing(x0: number, y0: number, x1: number, y1: number): Int32Array {
  return Int32Array.of(x0, y0, x1, y0, x1, y1, x0, y1);
}
