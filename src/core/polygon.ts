/**
 * Polygon helpers on flat coordinates [x0, y0, x1, y1, ...] in dbu. A ring is implicitly closed:
 * the last vertex is not repeated.
 */

/** Twice the signed area (dbu^2): positive for counter-clockwise rings. Exact while |coords| < 2^26. */
export function signedArea2(c: ArrayLike<number>): number {
  const n = c.length;
  if (n < 6) return 0;
  let s = 0;
  let px = c[n - 2];
  let py = c[n - 1];
  for (let i = 0; i < n; i += 2) {
    const x = c[i];
    const y = c[i + 1];
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s;
}

/** Absolute area in dbu^2. */
export function polygonArea(c: ArrayLike<number>): number {
  return Math.abs(signedArea2(c)) / 2;
}

/** The ring in the opposite orientation (new array), keeping the first vertex first. */
export function reverseRing(c: ArrayLike<number>): Int32Array {
  const n = c.length;
  const out = new Int32Array(n);
  out[0] = c[0];
  out[1] = c[1];
  for (let i = 2, j = n - 2; i < n; i += 2, j -= 2) {
    out[i] = c[j];
    out[i + 1] = c[j + 1];
  }
  return out;
}

/** Point-in-polygon by crossing number (boundary points count as either). Works on keyholed rings. */
export function pointInRing(c: ArrayLike<number>, x: number, y: number): boolean {
  const n = c.length;
  let inside = false;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const xi = c[i];
    const yi = c[i + 1];
    const xj = c[j];
    const yj = c[j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Normalises input coordinates into a ring: accepts flat numbers or [x, y] pairs, drops a repeated
 * closing vertex and consecutive duplicates. Does not validate integers (callers do).
 */
export function toRing(points: ArrayLike<number> | ReadonlyArray<readonly [number, number]>): number[] {
  const flat: number[] = [];
  if (points.length > 0 && Array.isArray((points as ReadonlyArray<unknown>)[0])) {
    for (const p of points as ReadonlyArray<readonly [number, number]>) flat.push(p[0], p[1]);
  } else {
    const a = points as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) flat.push(a[i]);
  }
  const out: number[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const x = flat[i];
    const y = flat[i + 1];
    const k = out.length;
    if (k >= 2 && out[k - 2] === x && out[k - 1] === y) continue;
    out.push(x, y);
  }
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return out;
}

/** A ring's coordinates translated by (dx, dy) dbu, as a new array. */
export function translatedRing(c: ArrayLike<number>, dx: number, dy: number): Int32Array {
  const out = new Int32Array(c.length);
  for (let i = 0; i < c.length; i += 2) {
    out[i] = c[i] + dx;
    out[i + 1] = c[i + 1] + dy;
  }
  return out;
}
