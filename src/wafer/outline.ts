/**
 * Wafer outline and usable region, in integer dbu (1 nm), with exact integer predicates.
 *
 * Frame: the wafer centre is (0, 0), +y up, and the notch or the flat is at the bottom (-y), as SEMI
 * wafer maps are drawn. The usable region is
 *   - the disc of radius R - e (R = diameter / 2, e = edge exclusion),
 *   - above the flat's cut line y = e - distance(centre, flat) when the wafer has a flat (the edge
 *     exclusion applies along the flat as well as along the arc),
 *   - minus the notch's V when the wafer has a notch that pokes through the edge exclusion (e < notch
 *     depth). The V is the notch itself (apex on the -y axis at R - depth from the centre, opening
 *     `angleDeg`), not an eroded copy of it. Every point of the V lies at least R - depth from the
 *     centre, so when e >= depth the V is entirely outside the usable disc and has no effect: the notch
 *     is "excluded by the edge exclusion".
 *
 * Exactness: predicates work in integers. Squares of 300 mm in nm exceed 2^53, so products are compared
 * in doubles when the gap is far larger than the rounding error and in BigInt otherwise.
 */
import { InputError } from '../core/errors.ts';
import { um } from '../core/units.ts';

/** SEMI primary-flat lengths (mm) by wafer diameter (mm). 300 mm and larger wafers are notched only. */
export const SEMI_FLAT_LENGTH_MM: Readonly<Record<string, number>> = Object.freeze({
  '50.8': 15.88,
  '76.2': 22.22,
  '100': 32.5,
  '125': 42.5,
  '150': 57.5,
  '200': 57.5,
});

/** SEMI notch: 1.00 mm deep (+0.25/-0), 90 degrees (+5/-1) included angle. */
export const SEMI_NOTCH = Object.freeze({ depthMm: 1, angleDeg: 90 });

export interface NotchSpec {
  /** Radial depth from the wafer edge to the apex, mm, > 0 (default 1, SEMI). */
  depthMm?: number;
  /** Included angle of the V, degrees, in (0, 180) (default 90, SEMI). */
  angleDeg?: number;
}

export interface FlatSpec {
  /** Chord length of the flat, mm, in (0, diameter) (default: SEMI_FLAT_LENGTH_MM for the diameter). */
  lengthMm?: number;
}

export interface WaferSpec {
  /** Wafer diameter, mm, > 0 (100, 150, 200, 300 or any other). */
  diameterMm: number;
  /** Edge exclusion, mm, >= 0 (default 0): width of the ring along the edge (and the flat) where no die counts. */
  edgeExclusionMm?: number;
  /** A V notch at the bottom: true for SEMI's, or its dimensions. Exclusive with `flat`. */
  notch?: boolean | NotchSpec;
  /** A flat at the bottom: true for SEMI's length for the diameter, or a given length. Exclusive with `notch`. */
  flat?: boolean | FlatSpec;
}

export interface FlatOutline {
  /** Chord length, dbu. */
  readonly lengthDbu: number;
  /** Distance from the centre to the flat, dbu, rounded to the nearest nm (for drawing and reports). */
  readonly distanceDbu: number;
  /** Smallest integer y (dbu) at or above the cut line y = e - distance (exact): a die's bottom edge must be >= this. */
  readonly minYDbu: number;
}

export interface NotchOutline {
  readonly depthDbu: number;
  readonly angleDeg: number;
  /** Whether the V reaches into the usable disc (edge exclusion < depth) and is cut out of it. */
  readonly cut: boolean;
}

export interface WaferOutline {
  readonly diameterDbu: number;
  readonly edgeExclusionDbu: number;
  /** Diameter of the usable disc, D - 2e, dbu: kept as a diameter so odd sizes stay integer. */
  readonly usableDiameterDbu: number;
  readonly flat: FlatOutline | null;
  readonly notch: NotchOutline | null;
}

// ---------------------------------------------------------------------------------------------
// exact integer arithmetic

/**
 * Sign of a*b - c*d for non-negative integers (each below ~2^31): doubles when the gap is far above the
 * rounding error, BigInt otherwise.
 */
export function compareProducts(a: number, b: number, c: number, d: number): number {
  const l = a * b;
  const r = c * d;
  const diff = l - r;
  // Each product and the difference round once: relative error <= 2^-53 each.
  if (Math.abs(diff) > (Math.abs(l) + Math.abs(r)) * 2 ** -50 + 1) return diff < 0 ? -1 : 1;
  const bl = BigInt(a) * BigInt(b);
  const br = BigInt(c) * BigInt(d);
  return bl < br ? -1 : bl > br ? 1 : 0;
}

/** floor(sqrt(c^2 - x^2)) for integers 0 <= x <= c, exact. */
export function isqrtDiffSquares(c: number, x: number): number {
  const a = c - x;
  const b = c + x;
  let s = Math.floor(Math.sqrt(a * b));
  while (compareProducts(s + 1, s + 1, a, b) <= 0) s++;
  while (s > 0 && compareProducts(s, s, a, b) > 0) s--;
  return s;
}

// ---------------------------------------------------------------------------------------------
// validation

function finite(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError('E_NOT_A_NUMBER', `${what}: expected a finite number, got ${String(v)}`);
  return v;
}

function positiveMmToDbu(v: unknown, what: string): number {
  const n = finite(v, what);
  if (n <= 0) throw new InputError('E_RANGE', `${what}: ${n} mm must be > 0`);
  return um(n * 1000, what);
}

/** Validates a wafer spec and converts it to dbu. Throws InputError naming the field at fault. */
export function resolveWafer(spec: WaferSpec): WaferOutline {
  if (spec === null || typeof spec !== 'object') throw new InputError('E_WAFER', `wafer: expected an object with diameterMm, got ${String(spec)}`);
  for (const k of Object.keys(spec)) {
    if (!['diameterMm', 'edgeExclusionMm', 'notch', 'flat'].includes(k)) throw new InputError('E_UNKNOWN_KEY', `wafer.${k}: unknown key (allowed: diameterMm, edgeExclusionMm, notch, flat)`);
  }
  const D = positiveMmToDbu(spec.diameterMm, 'wafer.diameterMm');
  const eMm = finite(spec.edgeExclusionMm ?? 0, 'wafer.edgeExclusionMm');
  if (eMm < 0) throw new InputError('E_RANGE', `wafer.edgeExclusionMm: ${eMm} mm must be >= 0`);
  const e = um(eMm * 1000, 'wafer.edgeExclusionMm');
  if (2 * e >= D) throw new InputError('E_RANGE', `wafer.edgeExclusionMm: ${eMm} mm leaves no usable area on a ${spec.diameterMm} mm wafer (must be < ${spec.diameterMm / 2} mm)`);
  const hasNotch = spec.notch !== undefined && spec.notch !== false;
  const hasFlat = spec.flat !== undefined && spec.flat !== false;
  if (hasNotch && hasFlat) throw new InputError('E_WAFER', 'wafer: give either notch or flat, not both');

  let flat: FlatOutline | null = null;
  if (hasFlat) {
    const f = spec.flat === true ? {} : (spec.flat as FlatSpec);
    if (f === null || typeof f !== 'object') throw new InputError('E_WAFER', `wafer.flat: expected true or { lengthMm }, got ${String(spec.flat)}`);
    let lengthMm = f.lengthMm;
    if (lengthMm === undefined) {
      lengthMm = SEMI_FLAT_LENGTH_MM[String(spec.diameterMm)];
      if (lengthMm === undefined) {
        throw new InputError('E_WAFER', `wafer.flat: no SEMI flat length for a ${spec.diameterMm} mm wafer (known: ${Object.entries(SEMI_FLAT_LENGTH_MM).map(([d, l]) => `${d} mm -> ${l} mm`).join(', ')}); give flat.lengthMm`);
      }
    }
    const L = positiveMmToDbu(lengthMm, 'wafer.flat.lengthMm');
    if (L >= D) throw new InputError('E_RANGE', `wafer.flat.lengthMm: ${lengthMm} mm must be shorter than the diameter ${spec.diameterMm} mm`);
    // distance = sqrt(D^2 - L^2) / 2. minY = ceil(e - distance) = e - floor(isqrt(D^2 - L^2) / 2).
    const s = isqrtDiffSquares(D, L);
    const minY = e - Math.floor(s / 2);
    if (minY >= 0) throw new InputError('E_RANGE', `wafer.flat: the ${lengthMm} mm flat with ${eMm} mm edge exclusion cuts above the wafer centre`);
    flat = { lengthDbu: L, distanceDbu: Math.round(Math.sqrt((D - L) * (D + L)) / 2), minYDbu: minY };
  }

  let notch: NotchOutline | null = null;
  if (hasNotch) {
    const n = spec.notch === true ? {} : (spec.notch as NotchSpec);
    if (n === null || typeof n !== 'object') throw new InputError('E_WAFER', `wafer.notch: expected true or { depthMm, angleDeg }, got ${String(spec.notch)}`);
    const depth = positiveMmToDbu(n.depthMm ?? SEMI_NOTCH.depthMm, 'wafer.notch.depthMm');
    if (2 * depth >= D) throw new InputError('E_RANGE', `wafer.notch.depthMm: ${n.depthMm} mm must be less than the radius`);
    const angle = finite(n.angleDeg ?? SEMI_NOTCH.angleDeg, 'wafer.notch.angleDeg');
    if (angle <= 0 || angle >= 180) throw new InputError('E_RANGE', `wafer.notch.angleDeg: ${angle} must be in (0, 180)`);
    notch = { depthDbu: depth, angleDeg: angle, cut: e < depth };
  }
  return { diameterDbu: D, edgeExclusionDbu: e, usableDiameterDbu: D - 2 * e, flat, notch };
}

// ---------------------------------------------------------------------------------------------
// predicates on die rectangles (dbu, x0 < x1, y0 < y1)

/**
 * Smallest integer y (dbu) a die's bottom edge may have so that the die stays clear of the open notch V,
 * given `dmin`, the die's horizontal distance from the notch axis (0 when it straddles x = 0).
 * -Infinity when the notch is absent or not cut. Exact for the 90-degree notch; for other angles the
 * boundary is irrational and is rounded up with a 1e-6 nm tolerance.
 */
export function notchMinY(o: WaferOutline, dmin: number): number {
  const n = o.notch;
  if (!n || !n.cut) return -Infinity;
  // Apex at y = -(D/2 - depth); the V's interior is |x| < (apexY - y) * tan(angle / 2) below the apex.
  // The die (widest contact at its bottom edge) clears it iff y0 >= apexY - dmin / tan(angle / 2).
  const apex2 = -(o.diameterDbu - 2 * n.depthDbu); // 2 * apexY
  if (n.angleDeg === 90) return Math.ceil((apex2 - 2 * dmin) / 2);
  const t = Math.tan((n.angleDeg * Math.PI) / 360);
  return Math.ceil((apex2 - (2 * dmin) / t) / 2 - 1e-6);
}

/** Horizontal distance (dbu) of the span [x0, x1] from x = 0. */
function axisDistance(x0: number, x1: number): number {
  return x0 > 0 ? x0 : x1 < 0 ? -x1 : 0;
}

/**
 * Whether the die rectangle lies inside the usable region (boundary included): its four corners in the
 * usable disc, its bottom edge on or above the flat cut, and no overlap with the open notch V.
 */
export function dieIsWhole(o: WaferOutline, x0: number, y0: number, x1: number, y1: number): boolean {
  const Du = o.usableDiameterDbu;
  const mx2 = 2 * Math.max(Math.abs(x0), Math.abs(x1));
  const my2 = 2 * Math.max(Math.abs(y0), Math.abs(y1));
  if (mx2 > Du || my2 > Du) return false;
  // (2 mx)^2 + (2 my)^2 <= Du^2  <=>  my2 * my2 <= (Du - mx2) (Du + mx2)
  if (compareProducts(my2, my2, Du - mx2, Du + mx2) > 0) return false;
  if (o.flat && y0 < o.flat.minYDbu) return false;
  if (o.notch?.cut && y0 < notchMinY(o, axisDistance(x0, x1))) return false;
  return true;
}

/**
 * Whether the die rectangle overlaps the usable region's interior with positive area: the open usable
 * disc and, with a flat, the open half-plane above the cut line. The notch is ignored here (a die can
 * only overlap it if it also overlaps the disc around it).
 */
export function dieTouchesUsable(o: WaferOutline, x0: number, y0: number, x1: number, y1: number): boolean {
  const Du = o.usableDiameterDbu;
  const cx2 = 2 * (x0 > 0 ? x0 : x1 < 0 ? -x1 : 0);
  const cy2 = 2 * (y0 > 0 ? y0 : y1 < 0 ? -y1 : 0);
  if (cx2 >= Du || cy2 >= Du) return false;
  if (compareProducts(cy2, cy2, Du - cx2, Du + cx2) >= 0) return false;
  if (o.flat) {
    // y1 > e - sqrt(D^2 - L^2) / 2  <=>  2 (e - y1) < sqrt(D^2 - L^2)
    const k = 2 * (o.edgeExclusionDbu - y1);
    const D = o.diameterDbu;
    const L = o.flat.lengthDbu;
    if (k >= 0 && compareProducts(k, k, D - L, D + L) >= 0) return false;
  }
  return true;
}

/**
 * For a die column spanning [x0, x1] (dbu), the closed range [lo, hi] of bottom-edge y values (dbu) for
 * which a die of height h is whole, or null when none is. Equivalent to `dieIsWhole` for every y0.
 */
export function wholeYRange(o: WaferOutline, x0: number, x1: number, h: number): [number, number] | null {
  return wholeYRangeFor(o, Math.max(Math.abs(x0), Math.abs(x1)), axisDistance(x0, x1), h);
}

/**
 * The same from the column's far-corner |x| (`mx`) and its distance from the notch axis (`dmin`), taken
 * separately so that bounds over a range of columns can pass a best or worst case for each.
 */
export function wholeYRangeFor(o: WaferOutline, mx: number, dmin: number, h: number): [number, number] | null {
  const Du = o.usableDiameterDbu;
  const mx2 = 2 * mx;
  if (mx2 > Du) return null;
  // (2 my)^2 <= Du^2 - mx2^2  <=>  2 my <= isqrt(...)  <=>  my <= floor(isqrt / 2); my = max(|y0|, |y0 + h|)
  const M = Math.floor(isqrtDiffSquares(Du, mx2) / 2);
  let lo = -M;
  const hi = M - h;
  if (o.flat && o.flat.minYDbu > lo) lo = o.flat.minYDbu;
  if (o.notch?.cut) {
    const n = notchMinY(o, dmin);
    if (n > lo) lo = n;
  }
  return lo <= hi ? [lo, hi] : null;
}

// ---------------------------------------------------------------------------------------------
// drawing

/**
 * The wafer edge (notch or flat included) as a counter-clockwise ring of integer dbu vertices, for the
 * WAFER documentation layer. `segments` is the vertex count of the full circle (default 720); the arc
 * vertices are rounded to the nearest nm.
 */
export function waferOutlineRing(o: WaferOutline, segments = 720): Int32Array {
  return outlineRing(o.diameterDbu / 2, o, segments, true);
}

/** The usable region's boundary (disc of radius R - e, cut by the flat line; the notch V when cut). */
export function usableOutlineRing(o: WaferOutline, segments = 720): Int32Array {
  return outlineRing(o.usableDiameterDbu / 2, o, segments, false);
}

function outlineRing(r: number, o: WaferOutline, segments: number, edge: boolean): Int32Array {
  if (!Number.isInteger(segments) || segments < 8) throw new InputError('E_RANGE', `segments: ${segments} must be an integer >= 8`);
  const pts: number[] = [];
  // Angles measured from -y (the bottom), counter-clockwise, so the notch or flat sits at the seam.
  let start = 0;
  let lead: number[] = [];
  if (o.flat) {
    const yCut = edge ? -o.flat.distanceDbu : o.flat.minYDbu;
    const half = Math.sqrt(Math.max(0, r * r - yCut * yCut));
    start = Math.asin(Math.min(1, half / r));
    lead = [Math.round(-half), yCut, Math.round(half), yCut];
  } else if (o.notch && (edge || o.notch.cut)) {
    const t = Math.tan((o.notch.angleDeg * Math.PI) / 360);
    const apexY = -(o.diameterDbu / 2 - o.notch.depthDbu);
    // Where the V's sides meet the circle of radius r: x = t (apexY - y), x^2 + y^2 = r^2, y < apexY.
    const a = 1 + t * t;
    const b = -2 * t * t * apexY;
    const c = t * t * apexY * apexY - r * r;
    const y = (-b - Math.sqrt(b * b - 4 * a * c)) / (2 * a);
    const x = t * (apexY - y);
    start = Math.atan2(x, -y);
    lead = [Math.round(-x), Math.round(y), 0, Math.round(apexY), Math.round(x), Math.round(y)];
  }
  const n = Math.max(2, Math.ceil((segments * (2 * Math.PI - 2 * start)) / (2 * Math.PI)));
  pts.push(...lead.slice(lead.length - 2));
  for (let i = 1; i < n; i++) {
    const th = start + ((2 * Math.PI - 2 * start) * i) / n;
    pts.push(Math.round(r * Math.sin(th)), Math.round(-r * Math.cos(th)));
  }
  pts.push(...lead.slice(0, lead.length - 2));
  if (!o.flat && !(o.notch && (edge || o.notch.cut))) {
    // Plain circle: the loop above starts at angle 0 with no lead; add the seam vertex.
    pts.unshift(0, -Math.round(r));
  }
  return Int32Array.from(pts);
}
