/**
 * Splitting polygons that have more vertices than one GDSII BOUNDARY holds (8190 by the spec).
 *
 * Method: recursive slab cuts. A polygon (outer ring plus holes) is cut by an axis-parallel line
 * near its median vertex coordinate into two regions, each intersected with the polygon by
 * clipper-lib; pieces that are still too large are cut again. A piece with holes is keyholed only at
 * the end, so cuts never run through keyhole bridges, and its vertex count is counted as the
 * keyholed ring has it (outer + sum of (hole + 2)).
 *
 * Exactness: the union of the pieces is exactly the input, on the 1 nm grid. A cut creates a vertex
 * wherever it crosses an edge, and that vertex is on the grid only when the crossing is a lattice
 * point. Axis-parallel and 45-degree edges cross an integer line at lattice points, and a snapped
 * circle is mirror symmetric, so a cut through one of its vertices crosses the opposite side at its
 * mirror vertex; the cut position is chosen among candidates near the median to need no rounding.
 * When no candidate is exact (arbitrary slopes), the cut line detours around each off-grid
 * crossing: instead of crossing edge P-Q near (m, v), it runs from a lattice point (m, v0) below the
 * crossing to the edge's endpoint Q and back to a lattice point (m, v1) above it, a triangle that
 * holds the rest of the edge, so the region boundary meets the polygon only at the vertex Q. A
 * detour is used only when no other edge touches its triangle (checked with exact predicates), and
 * every cut is verified before it is accepted: every vertex of the pieces must be a vertex of the
 * parent or lie on the cut line, and the pieces' exact areas must add up to the parent's; otherwise
 * the next candidate is tried.
 *
 * Cost: two clipper-lib intersections of the whole polygon per cut level, about 2 log2(n / max)
 * passes in all (a 20,000-vertex circle splits in about 0.3 s; clipper-lib is the bottleneck).
 */
import { boundsOf, boxOfCoords, unionBox, type Box } from '../core/box.ts';
import { InputError } from '../core/errors.ts';
import { keyhole } from '../core/keyhole.ts';
import { GeometryError, intersection, union, type PolygonWithHoles } from './clipper.ts';
import { exactArea2, orient, segmentsIntersect } from './predicates.ts';

/** The GDSII limit on BOUNDARY vertices (8191 XY pairs including the repeated closing vertex). */
export const GDS_MAX_VERTICES = 8190;

/** Smallest maxVertices accepted: a piece must hold a box with a keyholed hole and room to cut. */
export const MIN_SPLIT_VERTICES = 8;

/** Candidate cut positions tried per axis around the median. */
const CANDIDATES_PER_AXIS = 24;
/** Cuts needing more detours than this are tried only after cuts needing fewer. */
const MANY_DETOURS = 64;

/** Vertex count of the keyholed ring of a polygon with holes. */
function keyholedCount(p: PolygonWithHoles): number {
  let n = p.outer.length >> 1;
  for (const h of p.holes) n += (h.length >> 1) + 2;
  return n;
}

function polygonArea2(p: PolygonWithHoles): bigint {
  let a = exactArea2(p.outer);
  for (const h of p.holes) a += exactArea2(h);
  return a;
}

function ringsOf(p: PolygonWithHoles): Int32Array[] {
  return [p.outer, ...p.holes];
}

/**
 * Cuts `points` (a ring, dbu, implicitly closed; keyholed rings welcome) into rings of at most
 * `maxVertices` vertices whose union is exactly the input region (non-zero fill). A ring already
 * small enough is returned as is (the same array). Pieces are simple rings, or keyholed rings when a
 * piece keeps a hole; counter-clockwise; ordered by position (bottom to top, left to right, per cut).
 * Throws InputError for maxVertices below MIN_SPLIT_VERTICES or malformed points, and GeometryError
 * ('E_SPLIT') if no exact cut exists (never seen on valid, non-self-intersecting input).
 */
export function splitPolygon(points: Int32Array, maxVertices: number): Int32Array[] {
  if (!Number.isInteger(maxVertices) || maxVertices < MIN_SPLIT_VERTICES) {
    throw new InputError('E_SPLIT_LIMIT', `splitPolygon: maxVertices ${maxVertices} must be an integer >= ${MIN_SPLIT_VERTICES}`);
  }
  if (!(points instanceof Int32Array) || points.length & 1) {
    throw new InputError('E_RINGS', 'splitPolygon: points must be an Int32Array of flat [x0, y0, x1, y1, ...] dbu');
  }
  if (points.length >> 1 <= maxVertices) return [points];
  const out: Int32Array[] = [];
  // A simple or keyholed ring is cut as it is (its exact area is its signed area). Should no first
  // cut verify (a self-overlapping ring, or every cut runs through a keyhole bridge), the ring is
  // first normalised by a union into polygons with holes, at the cost of one more clipper pass.
  const a = exactArea2(points);
  const raw = { outer: a < 0n ? reverse(points) : points, holes: [] };
  if (!splitInto(raw, maxVertices, out, true)) {
    for (const p of union([points], [], { what: 'splitPolygon' })) splitInto(p, maxVertices, out, false);
  }
  return out;
}

function reverse(r: Int32Array): Int32Array {
  const out = new Int32Array(r.length);
  for (let i = 0, j = r.length - 2; i < r.length; i += 2, j -= 2) {
    out[i] = r[j];
    out[i + 1] = r[j + 1];
  }
  return out;
}

/**
 * Splits one polygon with holes and appends the GDS rings to `out`. With `mayFail`, returns false
 * (appending nothing) when no cut verifies; otherwise that throws.
 */
function splitInto(p: PolygonWithHoles, max: number, out: Int32Array[], mayFail: boolean): boolean {
  const count = keyholedCount(p);
  if (count <= max) {
    out.push(p.holes.length ? keyhole(p.outer, p.holes) : p.outer);
    return true;
  }
  const rings = ringsOf(p);
  const area = polygonArea2(p);
  let vertices: PointSet | null = null;
  for (const cut of rankCuts(rings, count)) {
    const pieces = applyCut(rings, cut);
    if (!pieces) continue;
    vertices ??= new PointSet(rings);
    if (!verticesAreExact(pieces, vertices, cut)) continue;
    let sum = 0n;
    let progress = true;
    for (const q of pieces) {
      sum += polygonArea2(q);
      if (keyholedCount(q) >= count) progress = false;
    }
    if (sum !== area || !progress) continue;
    for (const q of pieces) splitInto(q, max, out, false);
    return true;
  }
  if (mayFail) return false;
  const b = boundsOf(p.outer);
  throw new GeometryError('E_SPLIT', `splitPolygon: found no exact cut for a ${count}-vertex polygon with bbox (${b[0]}, ${b[1]})-(${b[2]}, ${b[3]}) dbu`);
}

/** A cut line u = m, where u is x (axis 0) or y (axis 1) and v the other coordinate. */
interface Cut {
  axis: 0 | 1;
  m: number;
  /** Estimated vertex count of the larger side. */
  score: number;
  /** Off-grid crossings, each needing a detour. */
  offGrid: Crossing[];
}

/** An edge P-Q crossing the cut off the grid: P on the low side (u < m), Q on the high side; v in (vf, vf + 1). */
interface Crossing {
  pu: number;
  pv: number;
  qu: number;
  qv: number;
  vf: number;
}

/** Candidate positions on one axis: distinct vertex coordinates nearest the median rank, and the bbox middle. */
function candidatePositions(rings: Int32Array[], axis: 0 | 1, lo: number, hi: number): number[] {
  let n = 0;
  for (const r of rings) n += r.length >> 1;
  const vals = new Int32Array(n);
  let k = 0;
  for (const r of rings) for (let i = axis; i < r.length; i += 2) vals[k++] = r[i];
  vals.sort();
  const out: number[] = [];
  const seen = new Set<number>();
  const push = (v: number) => {
    if (v > lo && v < hi && !seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  };
  const mid = n >> 1;
  for (let d = 0; out.length < CANDIDATES_PER_AXIS && (mid - d >= 0 || mid + d < n); d++) {
    if (mid + d < n) push(vals[mid + d]);
    if (d > 0 && mid - d >= 0) push(vals[mid - d]);
  }
  push(Math.floor((lo + hi) / 2));
  return out;
}

const EXACT = 9007199254740992;

/**
 * floor(a * b / den) and whether the division is exact, for integers a, b and den > 0 (exact even
 * when a * b exceeds 2^53, via BigInt).
 */
function floorDiv(a: number, b: number, den: number): [number, boolean] {
  const num = a * b;
  if (Math.abs(num) < EXACT) {
    const r = num % den;
    const q = (num - r) / den;
    return r === 0 ? [q, true] : [r < 0 ? q - 1 : q, false];
  }
  const bn = BigInt(a) * BigInt(b);
  const bd = BigInt(den);
  let q = bn / bd;
  const r = bn % bd;
  if (r < 0n) q -= 1n;
  return [Number(q), r === 0n];
}

/** Scans every edge once: side counts and the off-grid crossings of the line u = m. */
function evaluate(rings: Int32Array[], axis: 0 | 1, m: number): Cut {
  let low = 0;
  let high = 0;
  let on = 0;
  let crossings = 0;
  const offGrid: Crossing[] = [];
  const ua = axis;
  const va = 1 - axis;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i += 2) {
      const au = r[i + ua];
      const av = r[i + va];
      if (au < m) low++;
      else if (au > m) high++;
      else on++;
      const j = i + 2 === n ? 0 : i + 2;
      const bu = r[j + ua];
      const bv = r[j + va];
      if ((au < m && bu > m) || (au > m && bu < m)) {
        crossings++;
        const [pu, pv, qu, qv] = au < m ? [au, av, bu, bv] : [bu, bv, au, av];
        const [f, exact] = floorDiv(m - pu, qv - pv, qu - pu);
        if (!exact) offGrid.push({ pu, pv, qu, qv, vf: pv + f });
      }
    }
  }
  return { axis, m, score: Math.max(low, high) + on + crossings + 2 * offGrid.length, offGrid };
}

/** Cuts in the order to try: exact and balanced first, then balanced with few detours, then the rest. */
function rankCuts(rings: Int32Array[], count: number): Cut[] {
  const [x0, y0, x1, y1] = boundsOf(rings[0]);
  const cuts: Cut[] = [];
  for (const axis of [0, 1] as const) {
    const lo = axis === 0 ? x0 : y0;
    const hi = axis === 0 ? x1 : y1;
    for (const m of candidatePositions(rings, axis, lo, hi)) {
      const c = evaluate(rings, axis, m);
      if (c.score < count) cuts.push(c);
    }
  }
  const balanced = 0.75 * count;
  const tier = (c: Cut) => (c.score <= balanced ? 0 : 2) + (c.offGrid.length === 0 ? 0 : c.offGrid.length <= MANY_DETOURS ? 1 : 2);
  return cuts.sort((a, b) => tier(a) - tier(b) || a.score - b.score || a.offGrid.length - b.offGrid.length || a.axis - b.axis || a.m - b.m);
}

/** A detour in (u, v): the cut runs (m, v0) -> apex -> (m, v1) instead of straight up. */
interface Detour {
  v0: number;
  v1: number;
  au: number;
  av: number;
}

/** Whether point (pu, pv) lies in the closed triangle a, b, c. */
function inTriangle(au: number, av: number, bu: number, bv: number, cu: number, cv: number, pu: number, pv: number): boolean {
  const d1 = orient(au, av, bu, bv, pu, pv);
  const d2 = orient(bu, bv, cu, cv, pu, pv);
  const d3 = orient(cu, cv, au, av, pu, pv);
  const neg = d1 < 0 || d2 < 0 || d3 < 0;
  const pos = d1 > 0 || d2 > 0 || d3 > 0;
  return !(neg && pos);
}

function sameDirection(ax: number, ay: number, bx: number, by: number): boolean {
  return Math.sign(ax) === Math.sign(bx) && Math.sign(ay) === Math.sign(by);
}

/**
 * Whether the triangle (m, v0), (m, v1), apex is touched by no edge other than the crossing edge
 * itself, except edges that merely end at the apex and leave it outside the triangle.
 */
function detourIsClear(rings: Int32Array[], axis: 0 | 1, m: number, c: Crossing, v0: number, v1: number, au: number, av: number): boolean {
  const ua = axis;
  const va = 1 - axis;
  const tu0 = Math.min(m, au);
  const tu1 = Math.max(m, au);
  const tv0 = Math.min(v0, av);
  const tv1 = Math.max(v1, av);
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i += 2) {
      const j = i + 2 === n ? 0 : i + 2;
      let su = r[i + ua];
      let sv = r[i + va];
      let eu = r[j + ua];
      let ev = r[j + va];
      if (Math.max(su, eu) < tu0 || Math.min(su, eu) > tu1 || Math.max(sv, ev) < tv0 || Math.min(sv, ev) > tv1) continue;
      // The crossing edge itself (either direction) lies inside the triangle by construction.
      if ((su === c.pu && sv === c.pv && eu === c.qu && ev === c.qv) || (su === c.qu && sv === c.qv && eu === c.pu && ev === c.pv)) continue;
      if (eu === au && ev === av) {
        [su, sv, eu, ev] = [eu, ev, su, sv];
      }
      if (su === au && sv === av) {
        if (eu === au && ev === av) continue; // zero-length edge at the apex
        // Leaves the apex: fine unless its direction lies in the triangle's closed angle at the apex.
        const ax = m - au;
        const ay0 = v0 - av;
        const ay1 = v1 - av;
        const dx = eu - au;
        const dy = ev - av;
        const o0 = orient(0, 0, ax, ay0, dx, dy);
        const o1 = orient(0, 0, dx, dy, ax, ay1);
        const oab = orient(0, 0, ax, ay0, ax, ay1);
        if (o0 === 0) {
          if (sameDirection(ax, ay0, dx, dy)) return false;
          continue;
        }
        if (o1 === 0) {
          if (sameDirection(ax, ay1, dx, dy)) return false;
          continue;
        }
        if (o0 === oab && o1 === oab) return false;
        continue;
      }
      if (
        segmentsIntersect(su, sv, eu, ev, m, v0, m, v1) ||
        segmentsIntersect(su, sv, eu, ev, m, v1, au, av) ||
        segmentsIntersect(su, sv, eu, ev, au, av, m, v0) ||
        inTriangle(m, v0, m, v1, au, av, su, sv)
      ) {
        return false;
      }
    }
  }
  return true;
}

/**
 * Chooses a detour for every off-grid crossing (in v order, bases disjoint); null when some crossing
 * has none. A detour triangle is made as wide as the neighbourhood allows (base up to the apex's
 * distance from the cut on either side): clipper-lib sorts edges by coordinates rounded to the grid,
 * so a sliver triangle whose sides run within 1 dbu of the crossing edge could be mis-ordered and
 * gain a rounded vertex; wide triangles keep their sides clearly apart from the edge.
 */
function planDetours(rings: Int32Array[], cut: Cut): Detour[] | null {
  const crossings = [...cut.offGrid].sort((a, b) => a.vf - b.vf);
  const detours: Detour[] = [];
  let floor = -Infinity; // the next base must start above the previous one
  for (let k = 0; k < crossings.length; k++) {
    const c = crossings[k];
    if (c.vf < floor) return null; // two crossings within one grid step: no room for two detours
    const ceiling = k + 1 < crossings.length ? crossings[k + 1].vf : Infinity;
    if (c.vf + 1 > ceiling) return null;
    // The nearer endpoint gives the shorter, less crowded triangle.
    const apexes: [number, number][] = cut.m - c.pu <= c.qu - cut.m ? [[c.pu, c.pv], [c.qu, c.qv]] : [[c.qu, c.qv], [c.pu, c.pv]];
    let chosen: Detour | null = null;
    for (const fraction of [1, 1 / 4, 1 / 16, 0]) {
      for (const [au, av] of apexes) {
        const w = Math.floor(Math.abs(au - cut.m) * fraction);
        const v0 = Math.max(c.vf - w, floor);
        const v1 = Math.min(c.vf + 1 + w, ceiling);
        if (detourIsClear(rings, cut.axis, cut.m, c, v0, v1, au, av)) {
          chosen = { v0, v1, au, av };
          break;
        }
      }
      if (chosen) break;
    }
    if (!chosen) return null;
    detours.push(chosen);
    floor = chosen.v1;
  }
  return detours;
}

/**
 * Integer points in a small open-addressing hash set (two int32 keys per entry): the vertices of a
 * polygon, to verify that cut pieces add no vertex off the cut line.
 */
class PointSet {
  private readonly xs: Int32Array;
  private readonly ys: Int32Array;
  private readonly used: Uint8Array;
  private readonly mask: number;

  constructor(rings: Int32Array[]) {
    let n = 0;
    for (const r of rings) n += r.length >> 1;
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    this.xs = new Int32Array(cap);
    this.ys = new Int32Array(cap);
    this.used = new Uint8Array(cap);
    this.mask = cap - 1;
    for (const r of rings) for (let i = 0; i < r.length; i += 2) this.add(r[i], r[i + 1]);
  }

  private slot(x: number, y: number): number {
    return (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77)) & this.mask;
  }

  private add(x: number, y: number): void {
    let h = this.slot(x, y);
    while (this.used[h]) {
      if (this.xs[h] === x && this.ys[h] === y) return;
      h = (h + 1) & this.mask;
    }
    this.used[h] = 1;
    this.xs[h] = x;
    this.ys[h] = y;
  }

  has(x: number, y: number): boolean {
    let h = this.slot(x, y);
    while (this.used[h]) {
      if (this.xs[h] === x && this.ys[h] === y) return true;
      h = (h + 1) & this.mask;
    }
    return false;
  }
}

/** Whether every vertex of the pieces is a vertex of the parent or lies on the cut line. */
function verticesAreExact(pieces: PolygonWithHoles[], parent: PointSet, cut: Cut): boolean {
  for (const p of pieces) {
    for (const r of ringsOf(p)) {
      for (let i = 0; i < r.length; i += 2) {
        if (r[i + cut.axis] !== cut.m && !parent.has(r[i], r[i + 1])) return false;
      }
    }
  }
  return true;
}

/**
 * The two regions of the cut as rings in (x, y), each counter-clockwise, together covering the
 * polygon's bbox (grown by 1 dbu) and sharing the cut line with its detours.
 */
function cutRegions(rings: Int32Array[], cut: Cut, detours: Detour[]): [Int32Array, Int32Array] {
  const [x0, y0, x1, y1] = boundsOf(rings[0]);
  const ulo = (cut.axis === 0 ? x0 : y0) - 1;
  const uhi = (cut.axis === 0 ? x1 : y1) + 1;
  const vlo = (cut.axis === 0 ? y0 : x0) - 1;
  const vhi = (cut.axis === 0 ? y1 : x1) + 1;
  const m = cut.m;
  // In (u, v): the low side runs up the cut line with the detours, the high side down it.
  const low: number[] = [ulo, vlo, m, vlo];
  for (const d of detours) low.push(m, d.v0, d.au, d.av, m, d.v1);
  low.push(m, vhi, ulo, vhi);
  const high: number[] = [m, vlo, uhi, vlo, uhi, vhi, m, vhi];
  for (let i = detours.length - 1; i >= 0; i--) {
    const d = detours[i];
    high.push(m, d.v1, d.au, d.av, m, d.v0);
  }
  const toXY = (r: number[]): Int32Array => {
    const out = new Int32Array(r.length);
    for (let i = 0; i < r.length; i += 2) {
      out[i + cut.axis] = r[i];
      out[i + 1 - cut.axis] = r[i + 1];
    }
    // Swapping axes mirrors the ring: restore counter-clockwise orientation for the 'positive' fill.
    if (exactArea2(out) < 0n) {
      for (let i = 0, j = out.length - 2; i < j; i += 2, j -= 2) {
        const tx = out[i];
        const ty = out[i + 1];
        out[i] = out[j];
        out[i + 1] = out[j + 1];
        out[j] = tx;
        out[j + 1] = ty;
      }
    }
    return out;
  };
  return [toXY(low), toXY(high)];
}

/** The polygon's pieces on both sides of the cut, or null when the cut cannot be made exactly. */
function applyCut(rings: Int32Array[], cut: Cut): PolygonWithHoles[] | null {
  const detours = cut.offGrid.length ? planDetours(rings, cut) : [];
  if (!detours) return null;
  const [low, high] = cutRegions(rings, cut, detours);
  // 'positive' fill for the regions: even if two detour triangles overlapped, every point would
  // still belong to exactly one region (their winding numbers add up to 1).
  const opts = { fill: 'nonzero', clipFill: 'positive', what: 'splitPolygon' } as const;
  return [...intersection(rings, [low], opts), ...intersection(rings, [high], opts)];
}

/** Scratch buffers of clipRingToBox (flat x, y; grown on demand, never shrunk). */
let clipA = new Float64Array(256);
let clipB = new Float64Array(256);

/**
 * One Sutherland-Hodgman pass of clipRingToBox: keeps the part of the ring (`n` flat coordinates in
 * `src`) on the side `dir` (+1: coordinate >= lim, -1: <= lim) of the line `axis` (0: x, 1: y) = lim,
 * writing into `dst`; returns the output length. Crossings are rounded to the grid (Math.round).
 */
function clipPass(src: Float64Array, n: number, dst: Float64Array, axis: number, lim: number, dir: number): number {
  const o = 1 - axis;
  let k = 0;
  let jx = src[n - 2 + axis];
  let jin = (jx - lim) * dir >= 0;
  for (let i = 0; i < n; i += 2) {
    const ix = src[i + axis];
    const iin = (ix - lim) * dir >= 0;
    if (iin !== jin) {
      // From the endpoint with the smaller coordinate on the cut axis, so an edge and its reverse
      // (the two sides of a keyhole bridge, or of two rings sharing an edge) cross at one point.
      let j = i === 0 ? n - 2 : i - 2;
      let k2 = i;
      if (src[j + axis] > src[k2 + axis]) [j, k2] = [k2, j];
      const t = (lim - src[j + axis]) / (src[k2 + axis] - src[j + axis]);
      const v = Math.round(src[j + o] + t * (src[k2 + o] - src[j + o]));
      dst[k + axis] = lim;
      dst[k + o] = v;
      k += 2;
    }
    if (iin) {
      dst[k] = src[i];
      dst[k + 1] = src[i + 1];
      k += 2;
    }
    jin = iin;
  }
  return k;
}

/**
 * A ring (flat x, y, dbu) clipped to a box by Sutherland-Hodgman, one side after another: vertices
 * outside are dropped and edge crossings added, rounded to the nearest grid point. For a closed ring
 * this keeps the winding number of every point inside the box, so nonzero unions of clipped rings
 * equal those of the rings inside it; the result may run along the box sides (zero-width there),
 * which a later boolean removes. Linear in the ring, without clipper: the cheap first cut of a
 * window before an exact boolean sees only what is near it. Returns the input array itself when the
 * ring lies inside the box (callers must not modify it), null when fewer than 3 vertices are left.
 */
export function clipRingToBox(r: Int32Array, b: Box): Int32Array | null {
  const len = r.length;
  const rb = boxOfCoords(r);
  if (!rb) return null;
  const { x0, y0, x1, y1 } = rb;
  if (x0 >= b.x0 && y0 >= b.y0 && x1 <= b.x1 && y1 <= b.y1) return r;
  if (x0 > b.x1 || x1 < b.x0 || y0 > b.y1 || y1 < b.y0 || len < 6) return null;
  // Each pass at most doubles the length (a crossing and a vertex per input vertex).
  const cap = 16 * len + 16;
  if (clipA.length < cap) {
    clipA = new Float64Array(cap);
    clipB = new Float64Array(cap);
  }
  let src = clipA;
  let dst = clipB;
  for (let i = 0; i < len; i++) src[i] = r[i];
  let n = len;
  const sides: ReadonlyArray<readonly [number, number, number]> = [
    [0, b.x0, 1],
    [0, b.x1, -1],
    [1, b.y0, 1],
    [1, b.y1, -1],
  ];
  for (const [axis, lim, dir] of sides) {
    n = clipPass(src, n, dst, axis, lim, dir);
    if (n < 6) return null;
    const s = src;
    src = dst;
    dst = s;
  }
  return Int32Array.from(src.subarray(0, n));
}

/** Twice the signed area of a ring (dbu^2; exact below 2^53, which a 300 mm ring's pieces stay under). */
function ringArea2(r: ArrayLike<number>): number {
  let s = 0;
  const n = r.length;
  const ox = r[0];
  const oy = r[1];
  for (let i = 2; i + 2 < n; i += 2) s += (r[i] - ox) * (r[i + 3] - oy) - (r[i + 2] - ox) * (r[i + 1] - oy);
  return s;
}

/**
 * Cuts the nonzero region of `rings` (flat x, y, dbu; any orientation, holes as rings of opposite
 * winding, keyholes welcome) into pieces of at most about `maxVertices` vertices and `maxSide` dbu
 * across, by recursive halving of the bounding box with clipRingToBox (linear, no boolean on the
 * whole region); each final piece is cleaned by one small union. For windowed checks, which need a
 * piece's box to say where it is (a 300 mm contact ring's box is the wafer).
 * Exactness: the pieces cover the region and meet along the cut lines; where a cut crosses an edge
 * that is neither axis-parallel nor diagonal, the crossing is rounded to the grid, the same point on
 * both sides of the cut (both sides compute it from the same edge), so neighbouring pieces still
 * share it. Cost: O(n log(n / maxVertices)) for the cuts, plus unions of maxVertices-sized pieces
 * (a 24,500-vertex ring in about 30 ms, where bisection by booleans took over a second).
 */
export function bisectRegion(rings: readonly Int32Array[], maxVertices: number, maxSide: number): PolygonWithHoles[] {
  const out: PolygonWithHoles[] = [];
  const rec = (rs: Int32Array[]) => {
    let n = 0;
    let bb: Box | null = null;
    for (const r of rs) {
      n += r.length >> 1;
      bb = unionBox(bb, boxOfCoords(r));
    }
    if (!bb) return;
    const { x0, y0, x1, y1 } = bb;
    const w = x1 - x0;
    const h = y1 - y0;
    // A part that fills its box (the inside of a disc) is that box, whatever its size.
    let a2 = 0;
    for (const r of rs) a2 += ringArea2(r);
    if (a2 === 0) return; // nothing but zero-width runs along cut lines (clipper-lib rejects these)
    if (Math.abs(a2) === 2 * w * h && rs.length === 1) {
      // Confirmed by the boolean (a self-overlapping ring can have its box's signed area too).
      const u = union(rs, [], { what: 'bisectRegion piece' });
      if (u.length === 1 && u[0].holes.length === 0 && u[0].outer.length === 8) {
        out.push(u[0]);
        return;
      }
    }
    if ((n <= maxVertices && Math.max(w, h) <= maxSide) || (w <= 2 && h <= 2)) {
      // Strictly simple: a part whose two regions meet only along the cut (a notch of the region
      // reaching across it) becomes two pieces, not one joined by a zero-width run that a later
      // union of neighbouring pieces keeps as a hole touching its outer ring.
      for (const p of union(rs, [], { what: 'bisectRegion piece', strictlySimple: true })) out.push(p);
      return;
    }
    const halves =
      w >= h
        ? [{ x0, y0, x1: x0 + Math.floor(w / 2), y1 }, { x0: x0 + Math.floor(w / 2), y0, x1, y1 }]
        : [{ x0, y0, x1, y1: y0 + Math.floor(h / 2) }, { x0, y0: y0 + Math.floor(h / 2), x1, y1 }];
    for (const b of halves) {
      const part: Int32Array[] = [];
      for (const r of rs) {
        const c = clipRingToBox(r, b);
        if (c) part.push(c);
      }
      if (part.length) rec(part);
    }
  };
  rec(rings.filter((r) => r.length >= 6));
  return out;
}
