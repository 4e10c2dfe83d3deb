/**
 * Octilinear paths (segments at 0, 45, 90 and 135 degrees, integer vertices in dbu) turned into
 * polygons whose width is never below the nominal width, on diagonals too, with every vertex on the
 * 1 nm grid.
 *
 * Construction (chosen over clipper offsetting, whose round-off makes no width guarantee): the path
 * is swept by an octagonal pen P with vertices (+-a, +-b), (+-b, +-a), where
 *   a = ceil(w / 2)               half the width across the axis-parallel flats,
 *   K = a + b = ceil(w / sqrt 2)  so the diagonal flats lie at K / sqrt 2 >= w / 2.
 * Each segment becomes the convex hull of the pen at its two ends (integer vertices, as the pen's
 * are), and the union of the segment hulls is the path. So:
 * - axis-parallel segments measure 2a = w (even w) or w + 1 (odd w) across;
 * - diagonal segments measure sqrt(2) K, in [w, w + 1.42) dbu: the edges lie on the lines
 *   x -+ y = const, which pass through grid points, so snapping never narrows them;
 * - the pen contains the disk of radius w / 2, so the path contains every point within w / 2 of
 *   its spine: no join is narrower than the width. 45-degree bends are mitred exactly (the pen's
 *   flats continue the edges); the outside of a 90-degree bend is chamfered by the pen's diagonal
 *   flat (at K / sqrt 2 >= w / 2 from the bend vertex), the usual octilinear RDL corner;
 * - all crossings between the hulls' edges at a bend are grid points (the four line families
 *   x = c, y = c, x + y = c, x - y = c with constants of matching parity), so the union adds no
 *   rounded vertex. Only where a path overlaps itself away from a bend can two diagonal edges
 *   cross half-way between grid points, and there clipper-lib rounds the crossing by 0.5 dbu.
 * Ends:
 * - 'flush': cut perpendicular at the end vertex. A diagonal end whose corners would fall between
 *   grid points (K odd) is cut 1/sqrt(2) = 0.71 dbu further out, never short.
 * - 'square': extended beyond the end vertex by half the width (GDSII pathtype 2): a on axis-parallel
 *   ends, K / sqrt 2 (in [w/2, w/2 + 0.71)) on diagonal ends.
 * - 'round': a half-disk of radius a, from circle() with fit 'circumscribed', so it never falls
 *   inside w / 2.
 * An end is exactly flush or square when its segment is at least a long; a shorter end segment
 * keeps the full pen at its other vertex, which may then reach past the end. A path that returns
 * to its start still has two ends there: give it 'square' ends to close the corner.
 * Turns of 135 degrees (an acute inside corner) and reversals are rejected: WLP design rules forbid
 * acute angles in metal.
 */
import { InputError } from '../core/errors.ts';
import { checkInt32 } from '../core/units.ts';
import { toGdsRings, union, type PolygonWithHoles } from './clipper.ts';
import { convexHull } from './predicates.ts';
import { circle, DEFAULT_CIRCLE_TOLERANCE } from './shapes.ts';

export type PathEnd = 'flush' | 'square' | 'round';

export interface OctilinearPathOptions {
  /** End style of both ends (default 'flush'); `startEnd` / `endEnd` override one end. */
  ends?: PathEnd;
  startEnd?: PathEnd;
  endEnd?: PathEnd;
  /** Largest deviation (dbu) of a round end's polygon from its circle. Default DEFAULT_CIRCLE_TOLERANCE. */
  tolerance?: number;
  /** Names the path in error messages. */
  what?: string;
}

/** The octagonal pen of a width: half-widths a (across the axis flats) and K = a + b (diagonal flats, in x + y units). */
export interface Pen {
  a: number;
  b: number;
  /** a + b: the diagonal flats lie on x + y = +-K and x - y = +-K. */
  k: number;
}

/** The pen for a nominal width w (dbu, integer >= 1). */
export function octilinearPen(width: number): Pen {
  if (!Number.isInteger(width) || width < 1) throw new InputError('E_PATH_WIDTH', `octilinear path: width ${width} dbu must be an integer >= 1`);
  checkInt32(width, 'octilinear path width');
  const a = Math.ceil(width / 2);
  // K = ceil(w / sqrt 2), exactly: the least K with 2 K^2 >= w^2.
  let k = Math.ceil(width / Math.SQRT2);
  while (2 * k * k < width * width) k++;
  while (k > 0 && 2 * (k - 1) * (k - 1) >= width * width) k--;
  // The pen needs K >= a (a convex octagon: b >= 0); for w = 1, K = 1 = a.
  if (k < a) k = a;
  return { a, b: k - a, k };
}

/** Perpendicular width (dbu) of a path's axis-parallel and diagonal segments for nominal width w. */
export function octilinearWidths(width: number): { axis: number; diagonal: number } {
  const pen = octilinearPen(width);
  return { axis: 2 * pen.a, diagonal: Math.SQRT2 * pen.k };
}

/** Unit step (each component -1, 0 or 1) of an octilinear segment, or null when it is not octilinear. */
function stepOf(dx: number, dy: number): [number, number] | null {
  if (dx === 0 && dy === 0) return null;
  if (dx !== 0 && dy !== 0 && Math.abs(dx) !== Math.abs(dy)) return null;
  return [Math.sign(dx), Math.sign(dy)];
}

/**
 * Checks a spine (flat [x0, y0, ...] dbu, int32 integers) and returns it without repeated and
 * collinear interior vertices. Throws InputError naming the segment that is not at a multiple of
 * 45 degrees, or the vertex where the path turns by 135 or 180 degrees.
 */
export function checkOctilinear(spine: ArrayLike<number>, what = 'octilinear path'): Int32Array {
  if (spine.length & 1) throw new InputError('E_PATH', `${what}: odd number of coordinates (${spine.length}); expected flat [x0, y0, x1, y1, ...]`);
  const pts: number[] = [];
  for (let i = 0; i < spine.length; i += 2) {
    const x = spine[i];
    const y = spine[i + 1];
    checkInt32(x, `${what} vertex ${i >> 1} x`);
    checkInt32(y, `${what} vertex ${i >> 1} y`);
    const k = pts.length;
    if (k >= 2 && pts[k - 2] === x && pts[k - 1] === y) continue;
    pts.push(x, y);
  }
  if (pts.length < 4) throw new InputError('E_PATH', `${what}: needs at least 2 distinct vertices`);
  // Validate every segment against the input numbering before merging collinear runs.
  const out: number[] = [pts[0], pts[1]];
  let prev: [number, number] | null = null;
  let seg = 0;
  for (let i = 2; i < pts.length; i += 2, seg++) {
    const dx = pts[i] - pts[i - 2];
    const dy = pts[i + 1] - pts[i - 1];
    const s = stepOf(dx, dy);
    if (!s) {
      throw new InputError('E_NOT_OCTILINEAR', `${what}: segment ${seg} from (${pts[i - 2]}, ${pts[i - 1]}) to (${pts[i]}, ${pts[i + 1]}) dbu is not at a multiple of 45 degrees (dx = ${dx}, dy = ${dy})`);
    }
    if (prev) {
      const dot = prev[0] * s[0] + prev[1] * s[1];
      if (dot < 0) {
        const turn = dot === -2 || (dot === -1 && (prev[0] === 0 || prev[1] === 0) && (s[0] === 0 || s[1] === 0)) ? 180 : 135;
        throw new InputError('E_ACUTE_TURN', `${what}: the path turns by ${turn} degrees at vertex (${pts[i - 2]}, ${pts[i - 1]}) dbu between segments ${seg - 1} and ${seg}, leaving an acute corner (turns up to 90 degrees are allowed)`);
      }
      if (prev[0] === s[0] && prev[1] === s[1]) {
        out[out.length - 2] = pts[i];
        out[out.length - 1] = pts[i + 1];
        continue;
      }
    }
    out.push(pts[i], pts[i + 1]);
    prev = s;
  }
  return Int32Array.from(out);
}

/** The pen's 8 vertices around (x, y). */
function penAt(x: number, y: number, pen: Pen, into: number[]): void {
  const { a, b } = pen;
  into.push(x + b, y - a, x + a, y - b, x + a, y + b, x + b, y + a, x - b, y + a, x - a, y + b, x - a, y - b, x - b, y - a);
}

/**
 * The two corners of an end at vertex (x, y) of a segment with unit step (sx, sy) pointing out of
 * the path, extended by `ext` (in units of the step: dbu on axes, x + y units on diagonals).
 */
function endCorners(x: number, y: number, sx: number, sy: number, pen: Pen, style: 'flush' | 'square', into: number[]): void {
  if (sx === 0 || sy === 0) {
    const ext = style === 'square' ? pen.a : 0;
    const ex = x + sx * ext;
    const ey = y + sy * ext;
    // Normal (-sy, sx) scaled by a.
    into.push(ex - sy * pen.a, ey + sx * pen.a, ex + sy * pen.a, ey - sx * pen.a);
    return;
  }
  // Diagonal: corners p = E + (t s + -K n) / 2 with n = (-sy, sx); integer iff t = K (mod 2).
  const t = style === 'square' ? pen.k : pen.k & 1;
  const k = pen.k;
  into.push(
    x + (t * sx - k * sy) / 2, y + (t * sy + k * sx) / 2,
    x + (t * sx + k * sy) / 2, y + (t * sy - k * sx) / 2,
  );
}

/**
 * The region of an octilinear path of nominal width `width` (dbu) along `spine` (flat
 * [x0, y0, ...], dbu), as polygons with holes (a path that closes on itself encloses a hole).
 * See the module notes for the width, join and end guarantees.
 */
export function octilinearPath(spine: ArrayLike<number>, width: number, options: OctilinearPathOptions = {}): PolygonWithHoles[] {
  const what = options.what ?? 'octilinear path';
  const pts = checkOctilinear(spine, what);
  const pen = octilinearPen(width);
  const startEnd = options.startEnd ?? options.ends ?? 'flush';
  const endEnd = options.endEnd ?? options.ends ?? 'flush';
  for (const e of [startEnd, endEnd]) {
    if (e !== 'flush' && e !== 'square' && e !== 'round') throw new InputError('E_PATH_END', `${what}: end style '${String(e)}' is not 'flush', 'square' or 'round'`);
  }
  const n = pts.length >> 1;
  const pieces: Int32Array[] = [];
  for (let i = 0; i + 1 < n; i++) {
    const x0 = pts[2 * i];
    const y0 = pts[2 * i + 1];
    const x1 = pts[2 * i + 2];
    const y1 = pts[2 * i + 3];
    const sx = Math.sign(x1 - x0);
    const sy = Math.sign(y1 - y0);
    const hull: number[] = [];
    if (i === 0) endCorners(x0, y0, -sx, -sy, pen, startEnd === 'square' ? 'square' : 'flush', hull);
    else penAt(x0, y0, pen, hull);
    if (i + 2 === n) endCorners(x1, y1, sx, sy, pen, endEnd === 'square' ? 'square' : 'flush', hull);
    else penAt(x1, y1, pen, hull);
    pieces.push(convexHull(hull));
  }
  const tolerance = options.tolerance ?? DEFAULT_CIRCLE_TOLERANCE;
  if (startEnd === 'round') pieces.push(circle(pts[0], pts[1], pen.a, { fit: 'circumscribed', tolerance }));
  if (endEnd === 'round') pieces.push(circle(pts[2 * n - 2], pts[2 * n - 1], pen.a, { fit: 'circumscribed', tolerance }));
  return union(pieces, [], { what });
}

/** The path as GDSII-ready rings (holes keyholed). */
export function octilinearPathRings(spine: ArrayLike<number>, width: number, options: OctilinearPathOptions = {}): Int32Array[] {
  return toGdsRings(octilinearPath(spine, width, options));
}
