/**
 * The one wrapper around clipper-lib: polygon booleans and offsets on integer dbu rings.
 *
 * Contracts
 * - Input: arrays of rings, each a flat [x0, y0, x1, y1, ...] (implicitly closed) of int32 integers
 *   in dbu. Int32Arrays are trusted; other arrays are checked and an offending value throws
 *   InputError naming the input, ring and vertex. Rings of fewer than 3 vertices add no area and are
 *   ignored. Keyholed rings (zero-width bridges) work under every fill rule: their bridges cancel.
 * - Fill: 'nonzero' by default (a point is inside when any ring winds around it), so overlapping
 *   rings of any orientation union.
 * - Output: polygons with holes. Outer rings are counter-clockwise (positive signedArea2), holes
 *   clockwise; rings are strictly simple (clipper's StrictlySimple: no self-touching vertices),
 *   without collinear vertices, and start at their lowest vertex (min y, then min x). Polygons are
 *   sorted by bounding box (min y, min x, max y, max x) and then by vertices, holes likewise, so the
 *   same geometry gives the same output whatever the input order. Islands inside holes are separate
 *   polygons. `toGdsRings` turns the result into hole-free GDSII rings by keyholing.
 * - Exactness: vertices of the inputs are kept exactly; new vertices (edge crossings, offset
 *   corners, arcs) are rounded to the nearest dbu. Rectilinear inputs therefore give exact results
 *   under every boolean, and axis-parallel offsets with 'square' or 'miter' joins are exact.
 * - Range: clipper-lib computes in doubles while every |coordinate| <= 47,453,132 (its loRange:
 *   ~47 mm at 1 nm) and switches to a slower 128-bit path above. The wrapper shifts each operation's
 *   coordinates to the centre of their bounding box (an exact integer translation), so anything
 *   smaller than ~94 mm across stays on the fast path wherever it lies. Results that leave int32
 *   (a large positive offset) throw InputError.
 * - Failures: clipper-lib reports internal errors by calling the global `alert()`, which Node does
 *   not have (a ReferenceError would escape from deep inside the library with no context). Every
 *   call runs under a guard that installs a throwing `alert` for its duration and turns any failure
 *   into a GeometryError (code 'E_CLIPPER') that names the operation.
 */
import ClipperLib from 'clipper-lib';
import { InputError, WlpgenError } from '../core/errors.ts';
import { keyhole } from '../core/keyhole.ts';
import { checkInt32, INT32_MAX, INT32_MIN } from '../core/units.ts';

/** A polygon with holes (dbu). `outer` is counter-clockwise, every hole clockwise; no repeated closing vertex. */
export interface PolygonWithHoles {
  outer: Int32Array;
  holes: Int32Array[];
}

/** Any list of flat rings (dbu). */
export type Rings = ReadonlyArray<ArrayLike<number>>;

/**
 * Which points are inside a set of rings, by winding number w: 'nonzero' w != 0, 'evenodd' w odd,
 * 'positive' w > 0, 'negative' w < 0.
 */
export type FillRule = 'nonzero' | 'evenodd' | 'positive' | 'negative';

export interface BooleanOptions {
  /** Fill rule of the subject rings (default 'nonzero'). */
  fill?: FillRule;
  /** Fill rule of the clip rings (default: same as `fill`). */
  clipFill?: FillRule;
  /** Names the operation in error messages (default: the operation's name). */
  what?: string;
}

/**
 * Corner treatment of offsets (convex corners when growing, concave ones when shrinking):
 * - 'round': arcs of radius |delta| around the corner, vertices within `arcTolerance` of the true arc
 *   (and on or inside it: the arc is inscribed).
 * - 'square': corners stay sharp while the miter reaches at most 2 |delta| from the original vertex,
 *   i.e. every corner of 60 degrees or more, so rectilinear and octilinear polygons keep their exact
 *   shape (a w x h rectangle grows to exactly (w + 2d) x (h + 2d)); sharper corners are cut off
 *   perpendicular to the bisector at |delta| from the vertex. (This is 'miter' at clipper-lib's
 *   smallest miter limit, 2; note it is NOT clipper-lib's jtSquare, which chamfers even 90 degree
 *   corners: that one is 'bevel' here.)
 * - 'miter': sharp while the miter reaches at most `miterLimit` x |delta|, cut beyond.
 * - 'bevel': every corner cut perpendicular to its bisector at |delta| from the vertex
 *   (clipper-lib's jtSquare).
 */
export type JoinType = 'round' | 'square' | 'miter' | 'bevel';

export interface OffsetOptions {
  /** Corner treatment, default 'square'. */
  join?: JoinType;
  /** Round joins: largest distance (dbu, > 0) between the polygon and the true arc. Default 2 dbu. */
  arcTolerance?: number;
  /** Miter joins: largest miter length in multiples of |delta|, >= 2 (clipper-lib's floor). Default 2. */
  miterLimit?: number;
  /** Fill rule used to merge the input rings before offsetting (default 'nonzero'). */
  fill?: FillRule;
  /** Names the operation in error messages. */
  what?: string;
}

/** A failure inside the geometry engine that is not the caller's input (clipper-lib errors). */
export class GeometryError extends WlpgenError {}

/** Default round-join tolerance, dbu: 2 nm keeps a 100 um radius arc to ~500 vertices per turn. */
export const DEFAULT_ARC_TOLERANCE = 2;

/** clipper-lib's fast-path limit on |coordinate| (sqrt(2^53 - 1) / 2). */
export const CLIPPER_LO_RANGE: number = ClipperLib.ClipperBase.loRange;

const FILL: Record<FillRule, number> = {
  evenodd: ClipperLib.PolyFillType.pftEvenOdd,
  nonzero: ClipperLib.PolyFillType.pftNonZero,
  positive: ClipperLib.PolyFillType.pftPositive,
  negative: ClipperLib.PolyFillType.pftNegative,
};

type GlobalWithAlert = { alert?: (message?: unknown) => void };

/**
 * Runs `fn` (which calls clipper-lib) so that clipper-lib's `alert()` error path throws a
 * GeometryError naming `context`, and any other exception from inside the library is wrapped the
 * same way (with the original as `cause`). WlpgenErrors pass through unchanged. Nested calls are
 * fine: each restores the `alert` it found.
 */
export function guardClipper<T>(context: string, fn: () => T): T {
  const g = globalThis as GlobalWithAlert;
  const had = Object.prototype.hasOwnProperty.call(g, 'alert');
  const saved = g.alert;
  g.alert = (message?: unknown) => {
    throw new GeometryError('E_CLIPPER', `${context}: clipper-lib failed: ${String(message)}`);
  };
  try {
    return fn();
  } catch (e) {
    if (e instanceof WlpgenError) throw e;
    const err = new GeometryError('E_CLIPPER', `${context}: clipper-lib failed: ${e instanceof Error ? e.message : String(e)}`);
    (err as { cause?: unknown }).cause = e;
    throw err;
  } finally {
    if (had) g.alert = saved;
    else delete g.alert;
  }
}

function fillRule(f: FillRule | undefined, what: string): number {
  if (f === undefined) return FILL.nonzero;
  const v = FILL[f];
  if (v === undefined) throw new InputError('E_FILL_RULE', `${what}: fill rule '${String(f)}' is not one of ${Object.keys(FILL).join(', ')}`);
  return v;
}

/** Checks every ring of `rings` (Int32Arrays are int32 by construction) and returns the overall bbox. */
function checkRings(rings: Rings, what: string, bbox: Float64Array): void {
  if (!Array.isArray(rings)) throw new InputError('E_RINGS', `${what}: expected an array of rings, got ${typeof rings}`);
  for (let r = 0; r < rings.length; r++) {
    const ring = rings[r];
    if (ring === null || typeof ring !== 'object' || typeof ring.length !== 'number') {
      throw new InputError('E_RINGS', `${what}: ring ${r} is not an array of coordinates`);
    }
    const n = ring.length;
    if (n & 1) throw new InputError('E_RINGS', `${what}: ring ${r} has an odd number of coordinates (${n}); expected flat [x0, y0, x1, y1, ...]`);
    if (!(ring instanceof Int32Array)) {
      for (let i = 0; i < n; i++) {
        const v = ring[i];
        // (v | 0) === v holds exactly for int32 integers (it rejects NaN, fractions and out-of-range values).
        if ((v | 0) !== v) checkInt32(v, `${what} ring ${r} vertex ${i >> 1} ${i & 1 ? 'y' : 'x'}`);
      }
    }
    if (n < 6) continue;
    for (let i = 0; i < n; i += 2) {
      const x = ring[i];
      const y = ring[i + 1];
      if (x < bbox[0]) bbox[0] = x;
      if (y < bbox[1]) bbox[1] = y;
      if (x > bbox[2]) bbox[2] = x;
      if (y > bbox[3]) bbox[3] = y;
    }
  }
}

function newBbox(): Float64Array {
  return Float64Array.of(Infinity, Infinity, -Infinity, -Infinity);
}

/**
 * The integer shift that moves the bbox centre to the origin, or 0 when the coordinates already fit
 * clipper-lib's fast range (keeping small cells bit-identical to an unshifted run).
 */
function shiftFor(bbox: Float64Array): [number, number] {
  if (!(bbox[0] <= bbox[2])) return [0, 0];
  const m = Math.max(-bbox[0], -bbox[1], bbox[2], bbox[3]);
  if (m <= CLIPPER_LO_RANGE) return [0, 0];
  return [Math.floor((bbox[0] + bbox[2]) / 2), Math.floor((bbox[1] + bbox[3]) / 2)];
}

function toPaths(rings: Rings, sx: number, sy: number, out: ClipperLib.Paths): void {
  for (const ring of rings) {
    const n = ring.length;
    if (n < 6) continue;
    const path: ClipperLib.Path = new Array(n >> 1);
    for (let i = 0; i < n; i += 2) path[i >> 1] = { X: ring[i] - sx, Y: ring[i + 1] - sy };
    out.push(path);
  }
}

/** Contour -> ring in dbu, shifted back, rotated to start at its lowest (min y, then min x) vertex. */
function fromContour(path: ClipperLib.Path, sx: number, sy: number, what: string): Int32Array {
  const m = path.length;
  let start = 0;
  for (let i = 1; i < m; i++) {
    const p = path[i];
    const s = path[start];
    if (p.Y < s.Y || (p.Y === s.Y && p.X < s.X)) start = i;
  }
  const out = new Int32Array(m * 2);
  for (let k = 0; k < m; k++) {
    const p = path[(start + k) % m];
    const x = p.X + sx;
    const y = p.Y + sy;
    if (x < INT32_MIN || x > INT32_MAX || y < INT32_MIN || y > INT32_MAX) {
      throw new InputError('E_OUT_OF_RANGE', `${what}: result vertex (${x}, ${y}) dbu is outside the int32 range ${INT32_MIN}..${INT32_MAX}`);
    }
    out[2 * k] = x;
    out[2 * k + 1] = y;
  }
  return out;
}

interface Keyed {
  key: Float64Array;
  ring: Int32Array;
}

function ringKey(r: Int32Array): Float64Array {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < r.length; i += 2) {
    const x = r[i];
    const y = r[i + 1];
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return Float64Array.of(y0, x0, y1, x1, r.length);
}

function compareKeyed(a: Keyed, b: Keyed): number {
  for (let i = 0; i < 5; i++) {
    const d = a.key[i] - b.key[i];
    if (d !== 0) return d;
  }
  const ra = a.ring;
  const rb = b.ring;
  for (let i = 0; i < ra.length; i++) {
    const d = ra[i] - rb[i];
    if (d !== 0) return d;
  }
  return 0;
}

function sortRings(rings: Int32Array[]): Int32Array[] {
  if (rings.length < 2) return rings;
  return rings.map((ring) => ({ key: ringKey(ring), ring })).sort(compareKeyed).map((k) => k.ring);
}

/** Flattens a PolyTree into polygons with holes (islands in holes become polygons of their own), sorted. */
function fromTree(tree: ClipperLib.PolyTree, sx: number, sy: number, what: string): PolygonWithHoles[] {
  const out: (Keyed & { holes: Int32Array[] })[] = [];
  const stack: ClipperLib.PolyNode[] = [...tree.Childs()];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.IsOpen) continue;
    const contour = node.Contour();
    if (contour.length < 3) continue;
    const outer = fromContour(contour, sx, sy, what);
    const holes: Int32Array[] = [];
    for (const h of node.Childs()) {
      if (h.Contour().length >= 3) holes.push(fromContour(h.Contour(), sx, sy, what));
      for (const island of h.Childs()) stack.push(island);
    }
    out.push({ key: ringKey(outer), ring: outer, holes: sortRings(holes) });
  }
  out.sort(compareKeyed);
  return out.map((p) => ({ outer: p.ring, holes: p.holes }));
}

function execute(clipType: number, a: Rings, b: Rings, options: BooleanOptions, name: string): PolygonWithHoles[] {
  const what = options.what ?? name;
  const subjFill = fillRule(options.fill, what);
  const clipFill = options.clipFill === undefined ? subjFill : fillRule(options.clipFill, what);
  const bbox = newBbox();
  checkRings(a, `${what} input a`, bbox);
  checkRings(b, `${what} input b`, bbox);
  const [sx, sy] = shiftFor(bbox);
  const subj: ClipperLib.Paths = [];
  const clip: ClipperLib.Paths = [];
  toPaths(a, sx, sy, subj);
  toPaths(b, sx, sy, clip);
  if (subj.length === 0 && clip.length === 0) return [];
  return guardClipper(what, () => {
    const c = new ClipperLib.Clipper();
    c.StrictlySimple = true;
    if (subj.length) c.AddPaths(subj, ClipperLib.PolyType.ptSubject, true);
    if (clip.length) c.AddPaths(clip, ClipperLib.PolyType.ptClip, true);
    const tree = new ClipperLib.PolyTree();
    if (!c.Execute(clipType, tree, subjFill, clipFill)) {
      throw new GeometryError('E_CLIPPER', `${what}: clipper-lib could not compute the result (${subj.length + clip.length} rings)`);
    }
    return fromTree(tree, sx, sy, what);
  });
}

/** Union of all rings of `a` and `b` (each under its fill rule). Empty input gives []. */
export function union(a: Rings, b: Rings = [], options: BooleanOptions = {}): PolygonWithHoles[] {
  return execute(ClipperLib.ClipType.ctUnion, a, b, options, 'union');
}

/** Points inside both `a` and `b`. */
export function intersection(a: Rings, b: Rings, options: BooleanOptions = {}): PolygonWithHoles[] {
  return execute(ClipperLib.ClipType.ctIntersection, a, b, options, 'intersection');
}

/** Points inside `a` and not inside `b`. */
export function difference(a: Rings, b: Rings, options: BooleanOptions = {}): PolygonWithHoles[] {
  return execute(ClipperLib.ClipType.ctDifference, a, b, options, 'difference');
}

/** Points inside exactly one of `a` and `b`. */
export function xor(a: Rings, b: Rings, options: BooleanOptions = {}): PolygonWithHoles[] {
  return execute(ClipperLib.ClipType.ctXor, a, b, options, 'xor');
}

const JOIN: Record<JoinType, number> = {
  round: ClipperLib.JoinType.jtRound,
  square: ClipperLib.JoinType.jtMiter,
  miter: ClipperLib.JoinType.jtMiter,
  bevel: ClipperLib.JoinType.jtSquare,
};

/**
 * Grows (delta > 0) or shrinks (delta < 0) the region of `rings` by `delta` dbu (an integer): every
 * boundary moves outward by delta. The rings are merged first under `options.fill`, so overlaps and
 * orientation do not matter. Shrinking can split a polygon or make it vanish (result []).
 * delta = 0 returns the merged region.
 */
export function offset(rings: Rings, delta: number, options: OffsetOptions = {}): PolygonWithHoles[] {
  const what = options.what ?? 'offset';
  checkInt32(delta, `${what} delta`);
  const join = options.join ?? 'square';
  if (!(join in JOIN)) throw new InputError('E_JOIN', `${what}: join '${String(join)}' is not one of ${Object.keys(JOIN).join(', ')}`);
  const arcTolerance = options.arcTolerance ?? DEFAULT_ARC_TOLERANCE;
  if (!(arcTolerance > 0) || !Number.isFinite(arcTolerance)) {
    throw new InputError('E_ARC_TOLERANCE', `${what}: arcTolerance ${arcTolerance} dbu must be a finite number > 0`);
  }
  const miterLimit = join === 'miter' ? (options.miterLimit ?? 2) : 2;
  if (!(miterLimit >= 2) || !Number.isFinite(miterLimit)) {
    throw new InputError('E_MITER_LIMIT', `${what}: miterLimit ${miterLimit} must be a finite number >= 2 (clipper-lib treats smaller limits as 2)`);
  }
  const merged = union(rings, [], { fill: options.fill, what });
  if (delta === 0 || merged.length === 0) return merged;
  const bbox = newBbox();
  const all: Int32Array[] = [];
  for (const p of merged) {
    all.push(p.outer);
    for (const h of p.holes) all.push(h);
  }
  checkRings(all, what, bbox);
  // The result reaches |delta| beyond the input: the shift must keep that on the fast path too.
  bbox[0] -= Math.abs(delta);
  bbox[1] -= Math.abs(delta);
  bbox[2] += Math.abs(delta);
  bbox[3] += Math.abs(delta);
  const [sx, sy] = shiftFor(bbox);
  const paths: ClipperLib.Paths = [];
  toPaths(all, sx, sy, paths);
  return guardClipper(what, () => {
    const co = new ClipperLib.ClipperOffset(miterLimit, arcTolerance);
    co.AddPaths(paths, JOIN[join], ClipperLib.EndType.etClosedPolygon);
    const solution: ClipperLib.Paths = [];
    co.Execute(solution, delta);
    // ClipperOffset's own clean-up union is not StrictlySimple; one more union gives the output
    // contract of the booleans (strictly simple, holes attached via the PolyTree).
    const c = new ClipperLib.Clipper();
    c.StrictlySimple = true;
    c.AddPaths(solution, ClipperLib.PolyType.ptSubject, true);
    const tree = new ClipperLib.PolyTree();
    if (!c.Execute(ClipperLib.ClipType.ctUnion, tree, FILL.nonzero, FILL.nonzero)) {
      throw new GeometryError('E_CLIPPER', `${what}: clipper-lib could not merge the offset result`);
    }
    return fromTree(tree, sx, sy, what);
  });
}

/** The polygons as hole-free GDSII-ready rings: holes are joined to their outer ring by keyholing. */
export function toGdsRings(polygons: readonly PolygonWithHoles[]): Int32Array[] {
  return polygons.map((p) => (p.holes.length ? keyhole(p.outer, p.holes) : p.outer));
}

/** All rings of the polygons (outers counter-clockwise, holes clockwise): input for further booleans. */
export function toRings(polygons: readonly PolygonWithHoles[]): Int32Array[] {
  const out: Int32Array[] = [];
  for (const p of polygons) {
    out.push(p.outer);
    for (const h of p.holes) out.push(h);
  }
  return out;
}
