/**
 * Splitting polygons that have more vertices than one GDSII BOUNDARY holds (8190). Pieces are cut
 * by axis-parallel slabs at the median vertex coordinate (recursively), so every piece is a valid
 * simple polygon and their union is exactly the input. Uses clipper-lib directly for the slab
 * intersections (integer arithmetic, exact on the grid).
 */
import ClipperLib from 'clipper-lib';
import { WlpgenError } from '../core/errors.ts';
import { keyhole } from '../core/keyhole.ts';
import { boxOfCoords } from '../core/box.ts';
import { signedArea2 } from '../core/polygon.ts';

interface IntPoint {
  X: number;
  Y: number;
}

function toPath(c: ArrayLike<number>): IntPoint[] {
  const p: IntPoint[] = [];
  for (let i = 0; i < c.length; i += 2) p.push({ X: c[i], Y: c[i + 1] });
  return p;
}

function fromPath(p: IntPoint[]): Int32Array {
  const out = new Int32Array(p.length * 2);
  for (let i = 0; i < p.length; i++) {
    out[2 * i] = p[i].X;
    out[2 * i + 1] = p[i].Y;
  }
  return out;
}

/** Intersection of a ring with a box, as keyholed rings (non-zero fill, so any winding works). */
function clipToBox(ring: Int32Array, x0: number, y0: number, x1: number, y1: number): Int32Array[] {
  const c = new ClipperLib.Clipper();
  c.AddPath(toPath(ring), ClipperLib.PolyType.ptSubject, true);
  c.AddPath([{ X: x0, Y: y0 }, { X: x1, Y: y0 }, { X: x1, Y: y1 }, { X: x0, Y: y1 }], ClipperLib.PolyType.ptClip, true);
  const tree = new ClipperLib.PolyTree();
  if (!c.Execute(ClipperLib.ClipType.ctIntersection, tree, ClipperLib.PolyFillType.pftNonZero, ClipperLib.PolyFillType.pftNonZero)) {
    throw new WlpgenError('E_CLIPPER', 'splitPolygon: clipper-lib failed to clip a polygon to a slab');
  }
  const out: Int32Array[] = [];
  const visit = (node: { Contour(): IntPoint[]; Childs(): unknown[]; IsHole(): boolean }) => {
    for (const child of node.Childs() as (typeof node)[]) {
      if (child.IsHole()) continue;
      const holes = (child.Childs() as (typeof node)[]).map((h) => fromPath(h.Contour()));
      const outer = fromPath(child.Contour());
      out.push(holes.length ? keyhole(outer, holes) : outer);
      for (const h of child.Childs() as (typeof node)[]) visit(h);
    }
  };
  visit(tree as unknown as { Contour(): IntPoint[]; Childs(): unknown[]; IsHole(): boolean });
  return out.filter((r) => r.length >= 6 && signedArea2(r) !== 0);
}

/**
 * Cuts `points` into pieces of at most `maxVertices` vertices whose union is the input polygon.
 * A ring already small enough is returned as is.
 */
export function splitPolygon(points: Int32Array, maxVertices: number): Int32Array[] {
  if (points.length / 2 <= maxVertices) return [points];
  const box = boxOfCoords(points)!;
  const vertical = box.x1 - box.x0 >= box.y1 - box.y0;
  const coords: number[] = [];
  for (let i = vertical ? 0 : 1; i < points.length; i += 2) coords.push(points[i]);
  coords.sort((a, b) => a - b);
  let cut = coords[coords.length >> 1];
  const lo = vertical ? box.x0 : box.y0;
  const hi = vertical ? box.x1 : box.y1;
  if (cut <= lo || cut >= hi) cut = Math.floor((lo + hi) / 2);
  if (cut <= lo || cut >= hi) throw new WlpgenError('E_SPLIT', `splitPolygon: cannot cut a ${points.length / 2}-vertex polygon narrower than 2 dbu`);
  // Margins beyond the box keep the slab edges off the polygon's own edges.
  const m = 1;
  const halves = vertical
    ? [clipToBox(points, box.x0 - m, box.y0 - m, cut, box.y1 + m), clipToBox(points, cut, box.y0 - m, box.x1 + m, box.y1 + m)]
    : [clipToBox(points, box.x0 - m, box.y0 - m, box.x1 + m, cut), clipToBox(points, box.x0 - m, cut, box.x1 + m, box.y1 + m)];
  const out: Int32Array[] = [];
  for (const half of halves) for (const piece of half) out.push(...splitPolygon(piece, maxVertices));
  return out;
}
