/**
 * Exact integer predicates and measures on dbu coordinates. Coordinates are int32, so differences
 * reach 2^32 and cross products 2^64, beyond the 2^53 that doubles hold exactly: every function here
 * computes in doubles when the magnitudes prove the result exact and falls back to BigInt otherwise.
 * No epsilon anywhere: integer geometry is compared exactly.
 */

/** 2^53: integers below this are exact in a double. */
const EXACT = 9007199254740992;

/**
 * Sign of the cross product (b - a) x (c - a): 1 when a, b, c turn counter-clockwise, -1 clockwise,
 * 0 when collinear. Exact for any int32 (indeed any safe-integer) inputs.
 */
export function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const ux = bx - ax;
  const uy = by - ay;
  const vx = cx - ax;
  const vy = cy - ay;
  const l = ux * vy;
  const r = uy * vx;
  if (Math.abs(l) < EXACT && Math.abs(r) < EXACT) return l > r ? 1 : l < r ? -1 : 0;
  const d = BigInt(ux) * BigInt(vy) - BigInt(uy) * BigInt(vx);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/** Whether point p lies on the closed segment a-b (exact). */
export function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return (
    Math.min(ax, bx) <= px && px <= Math.max(ax, bx) &&
    Math.min(ay, by) <= py && py <= Math.max(ay, by) &&
    orient(ax, ay, bx, by, px, py) === 0
  );
}

/** Whether the closed segments a-b and c-d share at least one point (exact). */
export function segmentsIntersect(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): boolean {
  if (Math.max(ax, bx) < Math.min(cx, dx) || Math.max(cx, dx) < Math.min(ax, bx)) return false;
  if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) return false;
  const d1 = orient(ax, ay, bx, by, cx, cy);
  const d2 = orient(ax, ay, bx, by, dx, dy);
  const d3 = orient(cx, cy, dx, dy, ax, ay);
  const d4 = orient(cx, cy, dx, dy, bx, by);
  if (d1 * d2 < 0 && d3 * d4 < 0) return true;
  if (d1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return true;
  if (d2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return true;
  if (d3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return true;
  if (d4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

/**
 * Twice the signed area of a ring (dbu^2) as an exact BigInt: positive for counter-clockwise rings.
 * Keyholed rings give outer minus holes (the bridge edges cancel). Computes in doubles when every
 * partial sum provably stays below 2^53, otherwise in BigInt.
 */
export function exactArea2(c: ArrayLike<number>): bigint {
  const n = c.length;
  if (n < 6) return 0n;
  // Coordinates relative to the first vertex keep the products small.
  const ox = c[0];
  const oy = c[1];
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.abs(c[i] - (i & 1 ? oy : ox));
    if (v > maxAbs) maxAbs = v;
  }
  // Each term x_i*y_j - x_j*y_i is at most 2*maxAbs^2; the sum of n/2 of them bounds every partial sum.
  if (maxAbs * maxAbs * n < EXACT) {
    let s = 0;
    let px = c[n - 2] - ox;
    let py = c[n - 1] - oy;
    for (let i = 0; i < n; i += 2) {
      const x = c[i] - ox;
      const y = c[i + 1] - oy;
      s += px * y - x * py;
      px = x;
      py = y;
    }
    return BigInt(s);
  }
  let s = 0n;
  let px = BigInt(c[n - 2] - ox);
  let py = BigInt(c[n - 1] - oy);
  for (let i = 0; i < n; i += 2) {
    const x = BigInt(c[i] - ox);
    const y = BigInt(c[i + 1] - oy);
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s;
}

/**
 * Squared distance (dbu^2) from point p to the closed segment a-b. Computed from exact integer dot
 * and cross products with one final division, so a distance that is exactly an integer (any
 * axis-parallel case) comes out exactly.
 */
export function pointSegmentDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const apx = px - ax;
  const apy = py - ay;
  if (apx * dx + apy * dy <= 0) return apx * apx + apy * apy;
  const bpx = px - bx;
  const bpy = py - by;
  if (bpx * dx + bpy * dy >= 0) return bpx * bpx + bpy * bpy;
  const cross = apx * dy - apy * dx;
  return (cross * cross) / (dx * dx + dy * dy);
}

/** Squared distance (dbu^2) between closed segments a-b and c-d; 0 when they touch or cross. */
export function segmentSegmentDist2(
  ax: number, ay: number, bx: number, by: number,
  cx: number, cy: number, dx: number, dy: number,
): number {
  if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    pointSegmentDist2(ax, ay, cx, cy, dx, dy),
    pointSegmentDist2(bx, by, cx, cy, dx, dy),
    pointSegmentDist2(cx, cy, ax, ay, bx, by),
    pointSegmentDist2(dx, dy, ax, ay, bx, by),
  );
}

/**
 * Where (x, y) lies relative to a ring, by crossing number: 1 inside, 0 on the boundary, -1 outside.
 * Exact. Keyholed rings work (a point on a bridge counts as on the boundary). O(n).
 */
export function locatePoint(ring: ArrayLike<number>, x: number, y: number): -1 | 0 | 1 {
  const n = ring.length;
  let inside = false;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const c = crossing(ring[j], ring[j + 1], ring[i], ring[i + 1], x, y);
    if (c === 2) return 0;
    if (c === 1) inside = !inside;
  }
  return inside ? 1 : -1;
}

/**
 * How edge a-b relates to the rightward ray from p: 2 when p lies on the edge, 1 when the ray
 * crosses it (half-open in y, so a vertex on the ray counts once), 0 otherwise.
 */
function crossing(ax: number, ay: number, bx: number, by: number, px: number, py: number): 0 | 1 | 2 {
  if (ay === py && by === py) {
    return (ax <= px && px <= bx) || (bx <= px && px <= ax) ? 2 : 0;
  }
  if ((ay > py) === (by > py)) {
    return ax === px && ay === py ? 2 : 0;
  }
  const o = orient(ax, ay, bx, by, px, py);
  if (o === 0) return 2;
  // Upward edge: p left of it means the crossing is to the right of p; downward: the reverse.
  return (by > ay ? o > 0 : o < 0) ? 1 : 0;
}

/**
 * Point location in one ring with a bucket index over y, for many queries against a large ring:
 * O(n) to build, about O(sqrt(n)) per query. Same results as locatePoint.
 */
export class RingLocator {
  private readonly ring: ArrayLike<number>;
  private readonly y0: number;
  private readonly step: number;
  private readonly buckets: number;
  /** CSR layout: edges of bucket b are edgeIds[start[b] .. start[b + 1]) (edge i joins vertex i and i + 1). */
  private readonly start: Int32Array;
  private readonly edgeIds: Int32Array;

  constructor(ring: ArrayLike<number>) {
    this.ring = ring;
    const n = ring.length >> 1;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (let i = 1; i < ring.length; i += 2) {
      if (ring[i] < y0) y0 = ring[i];
      if (ring[i] > y1) y1 = ring[i];
    }
    if (n === 0) {
      y0 = 0;
      y1 = 0;
    }
    const buckets = Math.max(1, Math.min(4096, Math.floor(Math.sqrt(n))));
    const step = Math.max(1, Math.ceil((y1 - y0 + 1) / buckets));
    this.y0 = y0;
    this.step = step;
    this.buckets = buckets;
    const counts = new Int32Array(buckets + 1);
    const range = (e: number): [number, number] => {
      const a = ring[2 * e + 1];
      const b = ring[2 * ((e + 1) % n) + 1];
      return [Math.floor((Math.min(a, b) - y0) / step), Math.floor((Math.max(a, b) - y0) / step)];
    };
    for (let e = 0; e < n; e++) {
      const [lo, hi] = range(e);
      for (let b = lo; b <= hi; b++) counts[b + 1]++;
    }
    for (let b = 0; b < buckets; b++) counts[b + 1] += counts[b];
    this.start = counts.slice();
    const fill = counts.slice();
    this.edgeIds = new Int32Array(counts[buckets]);
    for (let e = 0; e < n; e++) {
      const [lo, hi] = range(e);
      for (let b = lo; b <= hi; b++) this.edgeIds[fill[b]++] = e;
    }
  }

  /** 1 inside, 0 on the boundary, -1 outside (exact). */
  locate(x: number, y: number): -1 | 0 | 1 {
    const b = Math.floor((y - this.y0) / this.step);
    if (b < 0 || b >= this.buckets) return -1;
    const r = this.ring;
    const n = r.length >> 1;
    let inside = false;
    for (let k = this.start[b]; k < this.start[b + 1]; k++) {
      const e = this.edgeIds[k];
      const f = (e + 1) % n;
      const c = crossing(r[2 * e], r[2 * e + 1], r[2 * f], r[2 * f + 1], x, y);
      if (c === 2) return 0;
      if (c === 1) inside = !inside;
    }
    return inside ? 1 : -1;
  }
}

/**
 * Convex hull of integer points (flat [x0, y0, ...]) as a counter-clockwise ring without collinear
 * vertices, starting at the lowest (min y, then min x) vertex. Exact (Andrew's monotone chain with
 * exact orientation tests). Fewer than 3 non-collinear points give what remains (0, 1 or 2 vertices).
 */
export function convexHull(points: ArrayLike<number>): Int32Array {
  const n = points.length >> 1;
  // Distinct points sorted by x, then y.
  const idx: number[] = [];
  for (let i = 0; i < n; i++) idx.push(i);
  idx.sort((i, j) => points[2 * i] - points[2 * j] || points[2 * i + 1] - points[2 * j + 1]);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const i of idx) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    const k = xs.length - 1;
    if (k >= 0 && xs[k] === x && ys[k] === y) continue;
    xs.push(x);
    ys.push(y);
  }
  const m = xs.length;
  if (m < 3) {
    const out = new Int32Array(2 * m);
    for (let i = 0; i < m; i++) {
      out[2 * i] = xs[i];
      out[2 * i + 1] = ys[i];
    }
    return out;
  }
  const hull: number[] = []; // indices into xs/ys
  for (let i = 0; i < m; i++) {
    while (hull.length >= 2 && orient(xs[hull[hull.length - 2]], ys[hull[hull.length - 2]], xs[hull[hull.length - 1]], ys[hull[hull.length - 1]], xs[i], ys[i]) <= 0) hull.pop();
    hull.push(i);
  }
  const lower = hull.length + 1;
  for (let i = m - 2; i >= 0; i--) {
    while (hull.length >= lower && orient(xs[hull[hull.length - 2]], ys[hull[hull.length - 2]], xs[hull[hull.length - 1]], ys[hull[hull.length - 1]], xs[i], ys[i]) <= 0) hull.pop();
    hull.push(i);
  }
  hull.pop(); // the first point closes the upper chain
  if (hull.length < 3) {
    // All points collinear: the two extremes.
    return Int32Array.of(xs[0], ys[0], xs[m - 1], ys[m - 1]);
  }
  // Rotate to start at the lowest vertex (min y, then min x).
  let s = 0;
  for (let k = 1; k < hull.length; k++) {
    const a = hull[k];
    const b = hull[s];
    if (ys[a] < ys[b] || (ys[a] === ys[b] && xs[a] < xs[b])) s = k;
  }
  const out = new Int32Array(2 * hull.length);
  for (let k = 0; k < hull.length; k++) {
    const i = hull[(s + k) % hull.length];
    out[2 * k] = xs[i];
    out[2 * k + 1] = ys[i];
  }
  return out;
}
