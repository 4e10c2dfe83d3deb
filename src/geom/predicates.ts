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

/** Squared distance (dbu^2, a double: exact below 2^53) from point p to the closed segment a-b. */
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
