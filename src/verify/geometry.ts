/**
 * Geometry helpers of the checker: GDS paths as polygons, boxes of rings, exact touching and
 * containment tests, clipping to boxes (large polygons are cut into pieces by geom's bisectRegion).
 * All dbu.
 */
import { boxOfCoords, type Box } from '../core/box.ts';
import { pointInRing } from '../core/polygon.ts';
import type { Path } from '../core/cell.ts';
import type { Transform } from '../core/transform.ts';
import { intersection, union, type PolygonWithHoles } from '../geom/clipper.ts';
import { segmentsIntersect } from '../geom/predicates.ts';

/** Bounding box of a flat ring (core's boxOfCoords; an empty ring gives an empty, inverted box). */
export function ringBox(r: ArrayLike<number>): Box {
  return boxOfCoords(r) ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
}

export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

/** Twice the signed area (dbu^2) of a ring, in doubles (exact below 2^53). */
export function area2(r: ArrayLike<number>): number {
  const n = r.length;
  let s = 0;
  if (n < 6) return 0;
  const ox = r[0];
  const oy = r[1];
  let px = r[n - 2] - ox;
  let py = r[n - 1] - oy;
  for (let i = 0; i < n; i += 2) {
    const x = r[i] - ox;
    const y = r[i + 1] - oy;
    s += px * y - x * py;
    px = x;
    py = y;
  }
  return s;
}

/** Area (dbu^2) of a polygon with holes. */
export function pwhArea(p: PolygonWithHoles): number {
  let a = Math.abs(area2(p.outer));
  for (const h of p.holes) a -= Math.abs(area2(h));
  return a / 2;
}

/** Crossing-number point test on one ring (core's; boundary points may go either way). */
export { pointInRing };

export function pointInPwh(p: PolygonWithHoles, x: number, y: number): boolean {
  if (!pointInRing(p.outer, x, y)) return false;
  for (const h of p.holes) if (pointInRing(h, x, y)) return false;
  return true;
}

function ringsCross(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const na = a.length;
  const nb = b.length;
  for (let i = 0, pi = na - 2; i < na; pi = i, i += 2) {
    const ax0 = a[pi];
    const ay0 = a[pi + 1];
    const ax1 = a[i];
    const ay1 = a[i + 1];
    const minx = Math.min(ax0, ax1);
    const maxx = Math.max(ax0, ax1);
    const miny = Math.min(ay0, ay1);
    const maxy = Math.max(ay0, ay1);
    for (let j = 0, pj = nb - 2; j < nb; pj = j, j += 2) {
      const bx0 = b[pj];
      const by0 = b[pj + 1];
      const bx1 = b[j];
      const by1 = b[j + 1];
      if (Math.max(bx0, bx1) < minx || Math.min(bx0, bx1) > maxx || Math.max(by0, by1) < miny || Math.min(by0, by1) > maxy) continue;
      if (segmentsIntersect(ax0, ay0, ax1, ay1, bx0, by0, bx1, by1)) return true;
    }
  }
  return false;
}

/**
 * Whether two polygons with holes share at least one point (overlap, touch along an edge, or touch
 * at a vertex): the connectivity KLayout's `merged` and `interacting` use. Exact.
 */
export function pwhTouch(a: PolygonWithHoles, b: PolygonWithHoles, ba: Box = ringBox(a.outer), bb: Box = ringBox(b.outer)): boolean {
  if (!boxesOverlap(ba, bb)) return false;
  const ra = [a.outer, ...a.holes];
  const rb = [b.outer, ...b.holes];
  for (const x of ra) for (const y of rb) if (ringsCross(x, y)) return true;
  // No boundary contact: one lies inside the other (or they are apart).
  return pointInPwh(b, a.outer[0], a.outer[1]) || pointInPwh(a, b.outer[0], b.outer[1]);
}

/** Whether (x, y) lies exactly on an edge of the polygon (exact). */
function onBoundary(p: PolygonWithHoles, x: number, y: number): boolean {
  for (const r of [p.outer, ...p.holes]) {
    const n = r.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
      const ax = r[j];
      const ay = r[j + 1];
      const bx = r[i];
      const by = r[i + 1];
      if (x < Math.min(ax, bx) || x > Math.max(ax, bx) || y < Math.min(ay, by) || y > Math.max(ay, by)) continue;
      if ((bx - ax) * (y - ay) - (by - ay) * (x - ax) === 0) return true;
    }
  }
  return false;
}

/** A point strictly inside the polygon, when its vertex average is one (always for convex polygons). */
function interiorProbe(p: PolygonWithHoles): [number, number] | null {
  const r = p.outer;
  let sx = 0;
  let sy = 0;
  const n = r.length >> 1;
  for (let i = 0; i < r.length; i += 2) {
    sx += r[i];
    sy += r[i + 1];
  }
  const x = sx / n;
  const y = sy / n;
  return pointInPwh(p, x, y) && !onBoundary(p, x, y) ? [x, y] : null;
}

/**
 * Whether two polygons share interior area (not only boundary points). Fast exact paths: an interior
 * point of one strictly inside the other (a via inside its metal), or boundaries that never meet with
 * neither inside the other; otherwise clipper decides.
 */
export function pwhOverlap(a: PolygonWithHoles, b: PolygonWithHoles, ba: Box = ringBox(a.outer), bb: Box = ringBox(b.outer)): boolean {
  if (!(ba.x0 < bb.x1 && bb.x0 < ba.x1 && ba.y0 < bb.y1 && bb.y0 < ba.y1)) return false;
  const [small, big] = (ba.x1 - ba.x0) * (ba.y1 - ba.y0) <= (bb.x1 - bb.x0) * (bb.y1 - bb.y0) ? [a, b] : [b, a];
  const probe = interiorProbe(small);
  if (probe && pointInPwh(big, probe[0], probe[1]) && !onBoundary(big, probe[0], probe[1])) return true;
  let cross = false;
  for (const x of [a.outer, ...a.holes]) {
    for (const y of [b.outer, ...b.holes]) {
      if (ringsCross(x, y)) {
        cross = true;
        break;
      }
    }
    if (cross) break;
  }
  if (!cross) return pointInPwh(b, a.outer[0], a.outer[1]) || pointInPwh(a, b.outer[0], b.outer[1]);
  return intersection([a.outer, ...a.holes], [b.outer, ...b.holes]).length > 0;
}

/** Rings of polygons with holes (outer and holes), for clipper input. */
export function pwhRings(list: readonly PolygonWithHoles[]): Int32Array[] {
  const out: Int32Array[] = [];
  for (const p of list) {
    out.push(p.outer);
    for (const h of p.holes) out.push(h);
  }
  return out;
}

/** Translates a polygon with holes by (dx, dy) (new arrays). */
export function shiftPwh(p: PolygonWithHoles, dx: number, dy: number): PolygonWithHoles {
  const s = (r: Int32Array) => {
    const o = new Int32Array(r.length);
    for (let i = 0; i < r.length; i += 2) {
      o[i] = r[i] + dx;
      o[i + 1] = r[i + 1] + dy;
    }
    return o;
  };
  return { outer: s(p.outer), holes: p.holes.map(s) };
}

/** Applies a transform to a polygon with holes (orientation restored when the transform mirrors). */
export function transformPwh(p: PolygonWithHoles, t: Transform): PolygonWithHoles {
  if (t.isIdentity) return p;
  const fix = (r: Int32Array) => {
    const o = t.applyToCoords(r);
    return t.mirrorX ? reverseFlat(o) : o;
  };
  return { outer: fix(p.outer), holes: p.holes.map(fix) };
}

export function reverseFlat(r: Int32Array): Int32Array {
  const n = r.length;
  const o = new Int32Array(n);
  for (let i = 0; i < n; i += 2) {
    o[i] = r[n - 2 - i];
    o[i + 1] = r[n - 1 - i];
  }
  return o;
}

/** Vertices of the disc drawn at each end of a round-ended path (per full turn). */
const ROUND_SEGMENTS = 64;

/**
 * The outline of a GDS path in the cell frame, as rings whose nonzero union is the path's area:
 * one ring with miter joins (the offset lines of consecutive segments meet; a miter longer than
 * 4 half-widths is cut), ends extended per path type (0 flush, 2 by half the width, 4 by the given
 * extensions), plus a disc at each end for round-ended paths (type 1). This is how KLayout turns
 * paths into polygons up to the polygonisation of round ends. Zero-width paths give [].
 */
export function pathRings(p: Path, t?: Transform): Int32Array[] {
  const w = p.width;
  if (w <= 0) return [];
  const h = w / 2;
  // Drop repeated points; a closed spine keeps its last point.
  const pts: number[] = [];
  for (let i = 0; i < p.points.length; i += 2) {
    const k = pts.length;
    if (k >= 2 && pts[k - 2] === p.points[i] && pts[k - 1] === p.points[i + 1]) continue;
    pts.push(p.points[i], p.points[i + 1]);
  }
  const n = pts.length >> 1;
  if (n < 2) return [];
  const begin = p.pathtype === 2 ? h : p.pathtype === 4 ? p.beginExtension : 0;
  const end = p.pathtype === 2 ? h : p.pathtype === 4 ? p.endExtension : 0;
  const dir = (i: number): [number, number] => {
    const dx = pts[2 * i + 2] - pts[2 * i];
    const dy = pts[2 * i + 3] - pts[2 * i + 1];
    const l = Math.hypot(dx, dy);
    return [dx / l, dy / l];
  };
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < n; i++) {
    let x = pts[2 * i];
    let y = pts[2 * i + 1];
    if (i === 0 || i === n - 1) {
      const [ux, uy] = dir(i === 0 ? 0 : n - 2);
      if (i === 0) {
        x -= ux * begin;
        y -= uy * begin;
      } else {
        x += ux * end;
        y += uy * end;
      }
      left.push(x - uy * h, y + ux * h);
      right.push(x + uy * h, y - ux * h);
      continue;
    }
    const [ax, ay] = dir(i - 1);
    const [bx, by] = dir(i);
    // Miter direction: the bisector of the two left normals, scaled so its projection on each is h.
    const nx = -ay - by;
    const ny = ax + bx;
    const c = (nx * -ay + ny * ax) / 1; // = 1 + cos(turn), times |normal| bookkeeping below
    const len2 = nx * nx + ny * ny;
    if (len2 < 1e-12 || c / Math.sqrt(len2) < 0.25) {
      // U-turn or very sharp turn: bevel (both offset points of each segment).
      left.push(x - ay * h, y + ax * h, x - by * h, y + bx * h);
      right.push(x + ay * h, y - ax * h, x + by * h, y - bx * h);
      continue;
    }
    const s = h / (c / Math.sqrt(len2)) / Math.sqrt(len2);
    left.push(x + nx * s, y + ny * s);
    right.push(x - nx * s, y - ny * s);
  }
  const ring: number[] = [...left];
  for (let k = right.length - 2; k >= 0; k -= 2) ring.push(right[k], right[k + 1]);
  const out: number[][] = [ring.map(Math.round)];
  if (p.pathtype === 1) {
    for (const i of [0, n - 1]) {
      const cx = pts[2 * i];
      const cy = pts[2 * i + 1];
      const r: number[] = [];
      for (let k = 0; k < ROUND_SEGMENTS; k++) {
        const a = (2 * Math.PI * (k + 0.5)) / ROUND_SEGMENTS;
        r.push(Math.round(cx + h * Math.cos(a)), Math.round(cy + h * Math.sin(a)));
      }
      out.push(r);
    }
  }
  return out.map((r) => (t && !t.isIdentity ? t.applyToCoords(r) : Int32Array.from(r)));
}

/** Whether a 4-vertex ring is an axis-parallel rectangle. */
export function isRect(o: ArrayLike<number>): boolean {
  if (o.length !== 8) return false;
  return (o[0] === o[2] && o[3] === o[5] && o[4] === o[6] && o[7] === o[1]) || (o[1] === o[3] && o[2] === o[4] && o[5] === o[7] && o[6] === o[0]);
}

/** Union of rings (nonzero), for merging one layer. */
export function mergeRings(rings: readonly ArrayLike<number>[]): PolygonWithHoles[] {
  if (rings.length === 0) return [];
  return union(rings as ArrayLike<number>[], [], { what: 'verify merge' });
}

/** A polygon clipped to a box (rectangles without clipper). */
export function clipToBox(p: PolygonWithHoles, b: Box): PolygonWithHoles[] {
  const r = ringBox(p.outer);
  if (r.x0 >= b.x0 && r.y0 >= b.y0 && r.x1 <= b.x1 && r.y1 <= b.y1) return [p];
  if (p.holes.length === 0 && p.outer.length === 8) {
    if (isRect(p.outer)) {
      const x0 = Math.max(r.x0, b.x0);
      const y0 = Math.max(r.y0, b.y0);
      const x1 = Math.min(r.x1, b.x1);
      const y1 = Math.min(r.y1, b.y1);
      if (x0 >= x1 || y0 >= y1) return [];
      return [{ outer: Int32Array.of(x0, y0, x1, y0, x1, y1, x0, y1), holes: [] }];
    }
  }
  return intersection([p.outer, ...p.holes], [Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1)]);
}
