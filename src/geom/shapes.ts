/**
 * Curved and regular shapes polygonised once, with every vertex on the 1 nm grid and the symmetry
 * of the ideal shape kept exactly. Lengths are dbu (1 nm), centres are integer dbu.
 *
 * Symmetry: a polygon's vertex angles are rational multiples of a quarter turn. Each vertex is
 * computed from its angle reduced to the first octant (0..45 degrees), snapped there, and mapped
 * back by the exact integer symmetries of the grid (sign changes, x <-> y swap). Every grid symmetry
 * that maps the ideal polygon onto itself therefore maps the snapped polygon onto itself, bit for
 * bit: for vertex counts divisible by 4 (every circle: the count is rounded up to a multiple of 8)
 * the full 8-fold symmetry of the square grid (rotation by 90 degrees, mirrors in both axes and
 * both diagonals); for other counts the mirror in the vertical axis.
 *
 * Fit: the relation between the nominal radius r and the polygon, so that cell generators can size
 * for enclosure rules on the polygons themselves:
 * - 'inscribed': every vertex lies on or inside the circle of radius r (as close to it as the grid
 *   allows), so the polygon lies inside the true circle. Use it for a shape that must stay within r.
 * - 'circumscribed': every edge lies at distance >= r from the centre (checked exactly), so the
 *   polygon contains the true circle (its inradius is >= r). Use it for a shape that must cover r.
 * A snapped polygon is the convex hull of its snapped vertices (snapping can leave a vertex slightly
 * inside the hull of its neighbours); very small radii can therefore have fewer vertices than asked.
 */
import { InputError } from '../core/errors.ts';
import { keyhole } from '../core/keyhole.ts';
import { checkInt32, INT32_MAX, INT32_MIN } from '../core/units.ts';
import { GeometryError, type PolygonWithHoles } from './clipper.ts';
import { convexHull } from './predicates.ts';

export type Fit = 'inscribed' | 'circumscribed';

/**
 * Where the vertices sit: 'edge' puts an edge midpoint at the bottom (-90 degrees), i.e. a flat
 * bottom edge (and flats on all four axes when the count is divisible by 4: the usual octagon);
 * 'vertex' puts a vertex at the bottom (and on all four axes when divisible by 4).
 */
export type Phase = 'edge' | 'vertex';

export interface PolygonShapeOptions {
  /** Default 'inscribed'. */
  fit?: Fit;
  /** Default 'edge'. */
  phase?: Phase;
}

export interface CircleOptions extends PolygonShapeOptions {
  /**
   * Number of vertices (>= 8). Default: the smallest multiple of 8 whose polygon deviates from the
   * circle by at most `tolerance`.
   */
  vertices?: number;
  /** Largest distance (dbu, > 0) between the circle and the polygon's edges, when `vertices` is not given. Default 5 dbu. */
  tolerance?: number;
}

/** Default circle tolerance, dbu: 5 nm gives ~350 vertices for a 250 um bump, far below WLP rule grids. */
export const DEFAULT_CIRCLE_TOLERANCE = 5;

/** 2^26: coordinates below this square and add exactly in doubles. */
const SMALL = 67108864;

/** Sign of x^2 + y^2 - r2 where r2 = r*r (exact, BigInt for large values). */
function cmpRadius(x: number, y: number, r: number): number {
  if (Math.abs(x) < SMALL && Math.abs(y) < SMALL && r < SMALL) {
    const d = x * x + y * y - r * r;
    return d > 0 ? 1 : d < 0 ? -1 : 0;
  }
  const d = BigInt(x) * BigInt(x) + BigInt(y) * BigInt(y) - BigInt(r) * BigInt(r);
  return d > 0n ? 1 : d < 0n ? -1 : 0;
}

/**
 * Whether the line through p and q (relative to the centre, counter-clockwise order) lies at
 * distance >= r from the centre: cross(p, q)^2 >= r^2 |q - p|^2 with cross(p, q) > 0. Exact.
 */
function edgeClears(px: number, py: number, qx: number, qy: number, r: number): boolean {
  const bp = [BigInt(px), BigInt(py), BigInt(qx), BigInt(qy)];
  const cross = bp[0] * bp[3] - bp[1] * bp[2];
  if (cross <= 0n) return false;
  const dx = bp[2] - bp[0];
  const dy = bp[3] - bp[1];
  const br = BigInt(r);
  return cross * cross >= br * br * (dx * dx + dy * dy);
}

/**
 * Snaps the first-octant point (X, Y), X >= Y >= 0, to the grid: 'in' the farthest grid point not
 * beyond radius r, 'out' the nearest grid point not inside radius rho. Points on the x axis stay on
 * it and points on the diagonal stay on it, so the symmetries that fix them keep fixing them.
 */
function snapOctant(X: number, Y: number, onAxis: boolean, onDiagonal: boolean, mode: 'in' | 'out', r: number, rho: number): [number, number] {
  const fx = Math.floor(X);
  const fy = Math.floor(Y);
  const cands: [number, number][] = onAxis
    ? [[fx, 0], [fx + 1, 0]]
    : onDiagonal
      ? [[fx, fx], [fx + 1, fx + 1]]
      : [[fx, fy], [fx + 1, fy], [fx, fy + 1], [fx + 1, fy + 1]];
  let best: [number, number] | null = null;
  let bestR2 = 0;
  let bestD = 0;
  for (const c of cands) {
    const r2 = c[0] * c[0] + c[1] * c[1];
    const ok = mode === 'in' ? cmpRadius(c[0], c[1], r) <= 0 : Math.sqrt(r2) >= rho;
    if (!ok) continue;
    const d = Math.abs(c[0] - X) + Math.abs(c[1] - Y);
    // 'in': largest radius; 'out': smallest radius; ties: nearest the ideal point, then larger x.
    const better = best === null ||
      (mode === 'in' ? r2 > bestR2 : r2 < bestR2) ||
      (r2 === bestR2 && (d < bestD || (d === bestD && c[0] > best[0])));
    if (better) {
      best = c;
      bestR2 = r2;
      bestD = d;
    }
  }
  // Floor of both never leaves the circle, ceil of both never falls inside rho: one always qualifies.
  return best ?? (mode === 'in' ? [fx, onAxis ? 0 : onDiagonal ? fx : fy] : [fx + 1, onAxis ? 0 : onDiagonal ? fx + 1 : fy + 1]);
}

/**
 * Vertices (relative to the centre) of the n-gon with angles t_i * 90 / n degrees, snapped
 * symmetrically at radius rho ('out') or within radius r ('in').
 */
function snappedVertices(n: number, phase: Phase, mode: 'in' | 'out', r: number, rho: number): Int32Array {
  const out = new Int32Array(2 * n);
  const memo = new Map<number, [number, number]>();
  const full = 4 * n;
  for (let i = 0; i < n; i++) {
    const t = phase === 'edge' ? 4 * i + 2 - n : 4 * i - n;
    const tt = ((t % full) + full) % full;
    const q = Math.floor(tt / n);
    const a = tt - q * n;
    const swap = 2 * a > n;
    const b = swap ? n - a : a;
    let s = memo.get(b);
    if (!s) {
      const ang = (b * Math.PI) / (2 * n);
      s = snapOctant(rho * Math.cos(ang), b === 0 ? 0 : rho * Math.sin(ang), b === 0, 2 * b === n, mode, r, rho);
      memo.set(b, s);
    }
    let x = swap ? s[1] : s[0];
    let y = swap ? s[0] : s[1];
    for (let k = 0; k < q; k++) [x, y] = [-y, x];
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

function checkCentre(cx: number, cy: number, what: string): void {
  checkInt32(cx, `${what} centre x`);
  checkInt32(cy, `${what} centre y`);
}

function translate(ring: Int32Array, cx: number, cy: number, what: string): Int32Array {
  const out = new Int32Array(ring.length);
  for (let i = 0; i < ring.length; i += 2) {
    const x = ring[i] + cx;
    const y = ring[i + 1] + cy;
    if (x < INT32_MIN || x > INT32_MAX || y < INT32_MIN || y > INT32_MAX) {
      throw new InputError('E_OUT_OF_RANGE', `${what}: vertex (${x}, ${y}) dbu is outside the int32 range`);
    }
    out[i] = x;
    out[i + 1] = y;
  }
  return out;
}

/**
 * A regular polygon of n vertices (n >= 3) around (cx, cy) with nominal radius r (dbu, integer >= 1),
 * counter-clockwise, starting at its lowest vertex. `fit` says how r relates to the polygon (see
 * the module notes): 'inscribed' (default) = vertices on or just inside the circle of radius r;
 * 'circumscribed' = edges at distance >= r. `phase` 'edge' (default) gives a flat bottom edge.
 */
export function regularPolygon(cx: number, cy: number, r: number, n: number, options: PolygonShapeOptions = {}, what = 'regularPolygon'): Int32Array {
  checkCentre(cx, cy, what);
  if (!Number.isInteger(r) || r < 1) throw new InputError('E_RADIUS', `${what}: radius ${r} dbu must be an integer >= 1`);
  checkInt32(r, `${what} radius`);
  if (!Number.isInteger(n) || n < 3 || n > 1 << 20) throw new InputError('E_VERTICES', `${what}: vertex count ${n} must be an integer in 3..${1 << 20}`);
  const fit = options.fit ?? 'inscribed';
  const phase = options.phase ?? 'edge';
  if (fit !== 'inscribed' && fit !== 'circumscribed') throw new InputError('E_FIT', `${what}: fit '${String(fit)}' is not 'inscribed' or 'circumscribed'`);
  if (phase !== 'edge' && phase !== 'vertex') throw new InputError('E_PHASE', `${what}: phase '${String(phase)}' is not 'edge' or 'vertex'`);
  if (fit === 'inscribed') {
    const hull = convexHull(snappedVertices(n, phase, 'in', r, r));
    if (hull.length < 6) throw new InputError('E_RADIUS', `${what}: radius ${r} dbu is too small for a polygon on the 1 nm grid`);
    return translate(hull, cx, cy, what);
  }
  // Circumscribed: vertices at rho = r / cos(pi / n) snapped outward, then verified edge by edge;
  // snapping can tilt an edge inward by a fraction of a nm, so rho grows until every edge clears r.
  let rho = r / Math.cos(Math.PI / n);
  for (let attempt = 0; attempt < 64; attempt++) {
    const hull = convexHull(snappedVertices(n, phase, 'out', r, rho));
    let ok = hull.length >= 6;
    for (let i = 0; ok && i < hull.length; i += 2) {
      const j = (i + 2) % hull.length;
      ok = edgeClears(hull[i], hull[i + 1], hull[j], hull[j + 1], r);
    }
    if (ok) return translate(hull, cx, cy, what);
    rho += 0.5;
  }
  throw new GeometryError('E_SHAPE', `${what}: no circumscribed ${n}-gon of radius ${r} dbu found on the grid`);
}

/** Vertex count (a multiple of 8, >= 8) for a circle of radius r whose polygon deviates by at most `tolerance`. */
export function circleVertexCount(r: number, tolerance = DEFAULT_CIRCLE_TOLERANCE): number {
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw new InputError('E_TOLERANCE', `circle tolerance ${tolerance} dbu must be a finite number > 0`);
  if (tolerance >= r) return 8;
  // The sagitta of an n-gon of radius r is r (1 - cos(pi / n)).
  const n = Math.PI / Math.acos(1 - tolerance / r);
  return Math.max(8, 8 * Math.ceil(n / 8));
}

/**
 * A circle of radius r (dbu) around (cx, cy) as a polygon with full 8-fold grid symmetry. See
 * CircleOptions for the vertex count and the module notes for `fit` (default 'inscribed').
 */
export function circle(cx: number, cy: number, r: number, options: CircleOptions = {}): Int32Array {
  let n = options.vertices;
  if (n === undefined) {
    if (!Number.isInteger(r) || r < 1) throw new InputError('E_RADIUS', `circle: radius ${r} dbu must be an integer >= 1`);
    n = circleVertexCount(r, options.tolerance);
  } else if (!Number.isInteger(n) || n < 8) {
    throw new InputError('E_VERTICES', `circle: vertex count ${n} must be an integer >= 8 (a multiple of 8 for 8-fold symmetry)`);
  }
  return regularPolygon(cx, cy, r, n, options, 'circle');
}

/**
 * A regular octagon with flats on the axes and on the diagonals, around (cx, cy). With
 * 'circumscribed' fit (default here: octagonal pads are specified across flats) its flats lie at
 * distance >= r from the centre, so the width across flats is >= 2r (by less than 2 nm); with
 * 'inscribed' its vertices lie within r. Every edge is at 0, 45 or 90 degrees (octilinear).
 */
export function octagon(cx: number, cy: number, r: number, fit: Fit = 'circumscribed'): Int32Array {
  return regularPolygon(cx, cy, r, 8, { fit, phase: 'edge' }, 'octagon');
}

export interface AnnulusOptions extends CircleOptions {
  /**
   * 'inscribed' (default): the material lies within the true annulus (outer ring inscribed in
   * rOuter, hole circumscribing rInner); 'circumscribed': the material covers the true annulus.
   */
  fit?: Fit;
}

/**
 * The ring between radii rInner < rOuter (dbu) around (cx, cy): a polygon with one hole (outer
 * counter-clockwise, hole clockwise). Both circles use the vertex count of the outer one unless
 * `vertices` is given.
 */
export function annulus(cx: number, cy: number, rOuter: number, rInner: number, options: AnnulusOptions = {}): PolygonWithHoles {
  if (!Number.isInteger(rInner) || rInner < 1 || !(rInner < rOuter)) {
    throw new InputError('E_RADIUS', `annulus: inner radius ${rInner} dbu must be an integer >= 1 and below the outer radius ${rOuter} dbu`);
  }
  const fit = options.fit ?? 'inscribed';
  const n = options.vertices ?? (Number.isInteger(rOuter) && rOuter >= 1 ? circleVertexCount(rOuter, options.tolerance) : undefined);
  const outer = circle(cx, cy, rOuter, { ...options, vertices: n, fit });
  const inner = circle(cx, cy, rInner, { ...options, vertices: n, fit: fit === 'inscribed' ? 'circumscribed' : 'inscribed' });
  // The snapped hole must stay clear of the snapped outer ring.
  const outerMin = Math.min(...Array.from({ length: outer.length >> 1 }, (_, i) => Math.hypot(outer[2 * i] - cx, outer[2 * i + 1] - cy)));
  const innerMax = Math.max(...Array.from({ length: inner.length >> 1 }, (_, i) => Math.hypot(inner[2 * i] - cx, inner[2 * i + 1] - cy)));
  if (innerMax >= outerMin * Math.cos(Math.PI / (outer.length >> 1))) {
    throw new InputError('E_RADIUS', `annulus: radii ${rInner} and ${rOuter} dbu are too close for the polygons to stay apart`);
  }
  const hole = new Int32Array(inner.length);
  for (let i = 0, j = inner.length - 2; i < inner.length; i += 2, j -= 2) {
    hole[i] = inner[j];
    hole[i + 1] = inner[j + 1];
  }
  return { outer, holes: [hole] };
}

/** The annulus as one keyholed ring, ready for a GDSII BOUNDARY. */
export function annulusRing(cx: number, cy: number, rOuter: number, rInner: number, options: AnnulusOptions = {}): Int32Array {
  const a = annulus(cx, cy, rOuter, rInner, options);
  return keyhole(a.outer, a.holes);
}

export interface TeardropOptions {
  /** Fillet width where it meets the pad, as a fraction of the pad diameter (0 < ratio < 1). Default 0.9. */
  widthRatio?: number;
  /** Distance (dbu) from the pad edge along the trace to where the fillet has narrowed to the trace width. Default: the trace width. */
  setback?: number;
  /**
   * How far (dbu) inside the nominal pad circle the fillet's pad-side corners lie, so they are
   * covered by the pad polygon. Default DEFAULT_CIRCLE_TOLERANCE + 4, which covers a circle() pad
   * of the default tolerance.
   */
  inset?: number;
}

/**
 * The teardrop fillet between a round pad and a trace leaving it (WLCSP rule form, e.g. Deca:
 * fillet width 90% of the capture pad diameter, set back from the pad by the trace width).
 *
 * Geometry, in the frame of the trace (u along `direction`, v to its left, origin at the pad
 * centre, R = padDiameter / 2, w = traceWidth): a convex hexagon
 *   T- = (R + setback, -(w/2 - 2)), T+ = (R + setback, w/2 - 2)          on the trace, 2 nm inside its edges
 *   C+- = (sqrt(Rc^2 - h^2), +-h), h = widthRatio R, Rc = R - inset       on the pad, just inside it
 *   A+- = (0, +-(h - d))                                                  inside the pad
 * whose straight flanks T-C widen from the trace to the fillet width at the pad. Every vertex
 * lies inside the trace or the pad, so the union with both has no slivers or spikes; every interior
 * angle of the hexagon is at least 90 degrees (checked on the snapped vertices), and in the union
 * the flanks meet the trace and the pad at obtuse angles.
 *
 * `direction` is a vector (any length) from the pad centre along the trace; octilinear directions
 * give a result exactly mirror-symmetric about the trace axis. Returns a counter-clockwise ring.
 */
export function teardrop(
  cx: number, cy: number, padDiameter: number, direction: readonly [number, number], traceWidth: number,
  options: TeardropOptions = {},
): Int32Array {
  const what = 'teardrop';
  checkCentre(cx, cy, what);
  if (!Number.isInteger(padDiameter) || padDiameter < 2) throw new InputError('E_TEARDROP', `${what}: pad diameter ${padDiameter} dbu must be an integer >= 2`);
  if (!Number.isInteger(traceWidth) || traceWidth < 1) throw new InputError('E_TEARDROP', `${what}: trace width ${traceWidth} dbu must be an integer >= 1`);
  const [dx, dy] = direction;
  const len = Math.hypot(dx, dy);
  if (!Number.isFinite(len) || len === 0) throw new InputError('E_TEARDROP', `${what}: direction (${dx}, ${dy}) must be a non-zero vector`);
  const ratio = options.widthRatio ?? 0.9;
  const setback = options.setback ?? traceWidth;
  const inset = options.inset ?? DEFAULT_CIRCLE_TOLERANCE + 4;
  const R = padDiameter / 2;
  const h = ratio * R;
  const ht = traceWidth / 2 - 2;
  const Rc = R - inset;
  if (!(ratio > 0 && ratio < 1)) throw new InputError('E_TEARDROP', `${what}: widthRatio ${ratio} must lie strictly between 0 and 1`);
  if (!(setback >= 0) || !Number.isFinite(setback)) throw new InputError('E_TEARDROP', `${what}: setback ${setback} dbu must be >= 0`);
  if (!(inset >= 0) || !Number.isFinite(inset)) throw new InputError('E_TEARDROP', `${what}: inset ${inset} dbu must be >= 0`);
  if (!(ht > 0 && ht < h)) {
    throw new InputError('E_TEARDROP', `${what}: trace width ${traceWidth} dbu must exceed 4 dbu and be narrower than the fillet width ${Math.round(2 * h)} dbu (${ratio} x pad diameter ${padDiameter})`);
  }
  if (!(h < Rc)) throw new InputError('E_TEARDROP', `${what}: fillet half-width ${h} dbu does not fit inside the pad radius ${R} minus inset ${inset}`);
  const xc = Math.sqrt(Rc * Rc - h * h);
  const xt = R + setback;
  // Drop the inner corners A by d so the corners at C open beyond 90 degrees (dot product < 0).
  const d = Math.min(h / 2, (0.25 * xc * (xt - xc)) / (h - ht));
  const local: [number, number][] = [[xt, ht], [xc, h], [0, h - d]]; // the + side, from the trace inward
  const ux = dx / len;
  const uy = dy / len;
  const toWorld = (x: number, y: number): [number, number] => [Math.round(cx + ux * x - uy * y), Math.round(cy + uy * x + ux * y)];
  const plus = local.map(([x, y]) => toWorld(x, y));
  // Octilinear directions: the mirror about the trace axis is a grid symmetry, applied exactly.
  const adx = Math.abs(dx);
  const ady = Math.abs(dy);
  let mirror: (p: [number, number]) => [number, number];
  if (ady === 0) mirror = ([x, y]) => [x, 2 * cy - y];
  else if (adx === 0) mirror = ([x, y]) => [2 * cx - x, y];
  else if (adx === ady && Math.sign(dx) === Math.sign(dy)) mirror = ([x, y]) => [cx + (y - cy), cy + (x - cx)];
  else if (adx === ady) mirror = ([x, y]) => [cx - (y - cy), cy - (x - cx)];
  else mirror = () => [NaN, NaN];
  const minus = adx === 0 || ady === 0 || adx === ady ? plus.map(mirror) : local.map(([x, y]) => toWorld(x, -y));
  // Counter-clockwise: T-, T+, C+, A+, A-, C-.
  const pts = [minus[0], plus[0], plus[1], plus[2], minus[2], minus[1]];
  const ring = new Int32Array(12);
  pts.forEach(([x, y], i) => {
    checkInt32(x, `${what} vertex ${i} x`);
    checkInt32(y, `${what} vertex ${i} y`);
    ring[2 * i] = x;
    ring[2 * i + 1] = y;
  });
  // No acute interior angle: at every vertex the two edge vectors have a dot product <= 0.
  for (let i = 0; i < 6; i++) {
    const p = (i + 5) % 6;
    const q = (i + 1) % 6;
    const ax = ring[2 * p] - ring[2 * i];
    const ay = ring[2 * p + 1] - ring[2 * i + 1];
    const bx = ring[2 * q] - ring[2 * i];
    const by = ring[2 * q + 1] - ring[2 * i + 1];
    if (ax * bx + ay * by > 0) {
      throw new InputError('E_TEARDROP', `${what}: pad diameter ${padDiameter} and trace width ${traceWidth} dbu are too small for a fillet without acute angles on the 1 nm grid`);
    }
  }
  return ring;
}
