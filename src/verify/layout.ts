/**
 * The checker's view of a library: per-cell geometry by technology layer name, in cell frames, with
 * the hierarchy decisions the checks build on.
 *
 * A cell is FLAT when its fully flattened content is small (at most `flatLimit` vertices, default
 * 200,000): it is checked once as one flat frame (a die with its bump-stack children is flat), and
 * its merged layers are kept for windows of its parents. Larger cells (a wafer of 2,500 dies) are
 * HIERARCHICAL: their own shapes and their child placements are checked separately and only the
 * interactions between them are re-checked (see drc.ts).
 *
 * Shapes: polygons and paths (as polygons, pathRings) on layers of the technology map; other layers
 * are ignored. Labels on mapped layers are kept for net names.
 */
import type { Box } from '../core/box.ts';
import type { Cell } from '../core/cell.ts';
import { unionBox as unionBoxes } from '../core/box.ts';
import { arrayBox, childPlacements, transformBox } from '../core/hierarchy.ts';
import { layerKey } from '../core/layer.ts';
import { Transform } from '../core/transform.ts';
import type { PolygonWithHoles } from '../geom/clipper.ts';
import type { Technology } from '../tech/types.ts';
import { bisectRegion } from '../geom/split.ts';
import { isRect, pathRings, ringBox, transformPwh } from './geometry.ts';
import { LayerSet } from './kernel.ts';
import { GridIndex } from './spatial.ts';

export const DEFAULT_FLAT_LIMIT = 200_000;

/** (layer, datatype) -> technology layer name. */
export interface LayerMap {
  byKey: ReadonlyMap<number, string>;
  names: readonly string[];
}

export function techLayerMap(tech: Technology): LayerMap {
  const byKey = new Map<number, string>();
  for (const l of Object.values(tech.layers)) if (!byKey.has(layerKey(l.layer, l.datatype))) byKey.set(layerKey(l.layer, l.datatype), l.name);
  return { byKey, names: Object.keys(tech.layers) };
}

export interface CellLabel {
  layer: string;
  text: string;
  x: number;
  y: number;
}

interface Own {
  raw: Map<string, Int32Array[]>;
  labels: CellLabel[];
  vertices: number;
}

/** Merged polygons of one layer with their boxes and an index. */
export interface IndexedPolygons {
  polys: PolygonWithHoles[];
  boxes: Float64Array;
  index: GridIndex;
}

function indexed(polys: PolygonWithHoles[]): IndexedPolygons {
  const boxes = new Float64Array(polys.length * 4);
  polys.forEach((p, i) => {
    const b = ringBox(p.outer);
    boxes[i * 4] = b.x0;
    boxes[i * 4 + 1] = b.y0;
    boxes[i * 4 + 2] = b.x1;
    boxes[i * 4 + 3] = b.y1;
  });
  return { polys, boxes, index: new GridIndex(boxes) };
}

/** The child placements of a cell with their boxes (all mapped layers), indexed. */
export interface Placements {
  cells: Cell[];
  transforms: Transform[];
  /** Box of each placement over every mapped layer (parent frame); empty children have none and are left out. */
  boxes: Float64Array;
  index: GridIndex;
}

export { transformBox } from '../core/hierarchy.ts';

/** The inverse of a GDS transform applied to a point (no rounding). */
export function inversePoint(t: Transform, x: number, y: number): [number, number] {
  const m = t.magnification;
  const dx = (x - t.x) / m;
  const dy = (y - t.y) / m;
  const a = (t.rotation * Math.PI) / 180;
  const c = t.quarterTurns >= 0 ? [1, 0, -1, 0][t.quarterTurns] : Math.cos(a);
  const s = t.quarterTurns >= 0 ? [0, 1, 0, -1][t.quarterTurns] : Math.sin(a);
  const px = c * dx + s * dy;
  const py = -s * dx + c * dy;
  return [px, t.mirrorX ? -py : py];
}

/** The box (in the child frame) that `t` maps onto a superset of `b`. */
export function inverseBox(b: Box, t: Transform): Box {
  if (t.isIdentity) return b;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of [[b.x0, b.y0], [b.x1, b.y0], [b.x1, b.y1], [b.x0, b.y1]]) {
    const [u, v] = inversePoint(t, x, y);
    if (u < x0) x0 = u;
    if (u > x1) x1 = u;
    if (v < y0) y0 = v;
    if (v > y1) y1 = v;
  }
  return { x0: Math.floor(x0) - 1, y0: Math.floor(y0) - 1, x1: Math.ceil(x1) + 1, y1: Math.ceil(y1) + 1 };
}

/** Union of two boxes, either possibly null: core/box's unionBox. */
export { unionBox as unionBoxes } from '../core/box.ts';

export class LayoutGeometry {
  readonly flatLimit: number;
  private readonly ownCache = new Map<Cell, Own>();
  private readonly flatCountCache = new Map<Cell, number>();
  private readonly flatSetCache = new Map<Cell, LayerSet>();
  private readonly flatLabelCache = new Map<Cell, CellLabel[]>();
  private readonly bboxCache = new Map<Cell, Map<string, Box | null>>();
  private readonly mergedIndexCache = new Map<Cell, Map<string, IndexedPolygons>>();
  private readonly piecesCache = new Map<Cell, Map<string, IndexedPolygons>>();
  private readonly placementCache = new Map<Cell, Placements>();

  constructor(
    readonly map: LayerMap,
    options: { flatLimit?: number } = {},
  ) {
    this.flatLimit = options.flatLimit ?? DEFAULT_FLAT_LIMIT;
  }

  /** A cell's own shapes (no children) as rings per layer name, and its labels. */
  own(cell: Cell): Own {
    let o = this.ownCache.get(cell);
    if (o) return o;
    const raw = new Map<string, Int32Array[]>();
    let vertices = 0;
    const add = (name: string, r: Int32Array) => {
      let l = raw.get(name);
      if (!l) raw.set(name, (l = []));
      l.push(r);
      vertices += r.length >> 1;
    };
    for (const p of cell.polygons) {
      const name = this.map.byKey.get(layerKey(p.layer, p.datatype));
      if (name !== undefined) add(name, p.points);
    }
    for (const p of cell.paths) {
      const name = this.map.byKey.get(layerKey(p.layer, p.datatype));
      if (name !== undefined) for (const r of pathRings(p)) add(name, r);
    }
    const labels: CellLabel[] = [];
    for (const l of cell.labels) {
      const name = this.map.byKey.get(layerKey(l.layer, l.texttype));
      if (name !== undefined) labels.push({ layer: name, text: l.text, x: l.transform.x, y: l.transform.y });
    }
    o = { raw, labels, vertices };
    this.ownCache.set(cell, o);
    return o;
  }

  /** Vertices of the fully flattened cell (memoised; counted, not flattened). */
  flatVertices(cell: Cell): number {
    let n = this.flatCountCache.get(cell);
    if (n !== undefined) return n;
    n = this.own(cell).vertices;
    for (const r of cell.refs) n += this.flatVertices(r.cell);
    for (const a of cell.arrays) n += a.cols * a.rows * this.flatVertices(a.cell);
    this.flatCountCache.set(cell, n);
    return n;
  }

  /** Whether the cell is checked as one flat frame. */
  isFlat(cell: Cell): boolean {
    return (cell.refs.length === 0 && cell.arrays.length === 0) || this.flatVertices(cell) <= this.flatLimit;
  }

  /** The flattened content of a flat cell (memoised LayerSet, merged on demand). */
  flatSet(cell: Cell): LayerSet {
    let s = this.flatSetCache.get(cell);
    if (s) return s;
    const raw = new Map<string, Int32Array[]>();
    const visit = (c: Cell, t: Transform) => {
      for (const [name, rings] of this.own(c).raw) {
        let l = raw.get(name);
        if (!l) raw.set(name, (l = []));
        for (const r of rings) l.push(t.isIdentity ? r : t.applyToCoords(r));
      }
      for (const p of childPlacements(c)) visit(p.cell, t.compose(p.transform));
    };
    visit(cell, Transform.IDENTITY);
    s = new LayerSet(raw);
    this.flatSetCache.set(cell, s);
    return s;
  }

  /** Labels of the flattened cell (memoised). */
  flatLabels(cell: Cell): CellLabel[] {
    let l = this.flatLabelCache.get(cell);
    if (l) return l;
    l = [...this.own(cell).labels];
    for (const p of childPlacements(cell)) {
      for (const c of this.flatLabels(p.cell)) {
        const [x, y] = p.transform.apply(c.x, c.y);
        l.push({ layer: c.layer, text: c.text, x: Math.round(x), y: Math.round(y) });
      }
    }
    this.flatLabelCache.set(cell, l);
    return l;
  }

  /** Bounding box of the cell's flattened shapes on one layer, cell frame; null when none. */
  layerBox(cell: Cell, layer: string): Box | null {
    let m = this.bboxCache.get(cell);
    if (!m) this.bboxCache.set(cell, (m = new Map()));
    if (m.has(layer)) return m.get(layer)!;
    let b: Box | null = null;
    for (const r of this.own(cell).raw.get(layer) ?? []) b = unionBoxes(b, ringBox(r));
    for (const r of cell.refs) {
      const cb = this.layerBox(r.cell, layer);
      if (cb) b = unionBoxes(b, transformBox(cb, r.transform));
    }
    for (const a of cell.arrays) {
      const cb = this.layerBox(a.cell, layer);
      if (cb) b = unionBoxes(b, arrayBox(cb, a));
    }
    m.set(layer, b);
    return b;
  }

  /** Box over several layers. */
  layersBox(cell: Cell, layers: readonly string[]): Box | null {
    let b: Box | null = null;
    for (const l of layers) b = unionBoxes(b, this.layerBox(cell, l));
    return b;
  }

  /** Merged polygons of a flat cell's layer, indexed. */
  flatMerged(cell: Cell, layer: string): IndexedPolygons {
    let m = this.mergedIndexCache.get(cell);
    if (!m) this.mergedIndexCache.set(cell, (m = new Map()));
    let e = m.get(layer);
    if (!e) {
      e = indexed(this.flatSet(cell).merged(layer));
      m.set(layer, e);
    }
    return e;
  }

  /**
   * A hierarchical cell's own shapes on one layer as drawn (not merged with each other: a kerf bus
   * drawn as lines stays lines), each normalised, and large ones split into pieces of at most 256
   * vertices and 2 mm across (rectangles stay whole: their box is tight), so a piece's box says where
   * the shape is (an edge ring's box would be the whole wafer). Indexed. Callers merge.
   */
  ownPieces(cell: Cell, layer: string): IndexedPolygons {
    let m = this.piecesCache.get(cell);
    if (!m) this.piecesCache.set(cell, (m = new Map()));
    let e = m.get(layer);
    if (!e) {
      const pieces: PolygonWithHoles[] = [];
      for (const r of this.own(cell).raw.get(layer) ?? []) {
        if (isRect(r)) {
          const b = ringBox(r);
          pieces.push({ outer: Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1), holes: [] });
          continue;
        }
        for (const p of bisectRegion([r], 256, 2_000_000)) pieces.push(p);
      }
      e = indexed(pieces);
      m.set(layer, e);
    }
    return e;
  }

  /**
   * The polygons of `layer` in `cell` (and below) whose boxes touch `box` (cell frame), as whole
   * merged polygons of flat cells and own pieces of hierarchical cells, in the cell frame. Polygons
   * of different instances are not merged with each other (callers merge).
   */
  polygonsIn(cell: Cell, layer: string, box: Box, out: PolygonWithHoles[] = [], t: Transform = Transform.IDENTITY): PolygonWithHoles[] {
    const lb = this.layerBox(cell, layer);
    if (!lb || lb.x0 > box.x1 || lb.x1 < box.x0 || lb.y0 > box.y1 || lb.y1 < box.y0) return out;
    const take = (e: IndexedPolygons) => {
      e.index.search(box.x0, box.y0, box.x1, box.y1, (i) => out.push(t.isIdentity ? e.polys[i] : transformPwh(e.polys[i], t)));
    };
    if (this.isFlat(cell)) {
      take(this.flatMerged(cell, layer));
      return out;
    }
    take(this.ownPieces(cell, layer));
    const pl = this.placements(cell);
    pl.index.search(box.x0, box.y0, box.x1, box.y1, (k) => {
      const child = pl.cells[k];
      const tr = pl.transforms[k];
      const cb = this.layerBox(child, layer);
      if (!cb) return;
      const pb = transformBox(cb, tr);
      if (pb.x0 > box.x1 || pb.x1 < box.x0 || pb.y0 > box.y1 || pb.y1 < box.y0) return;
      this.polygonsIn(child, layer, inverseBox(box, tr), out, t.compose(tr));
    });
    return out;
  }

  /**
   * The boxes (x0, y0, x1, y1 appended to `out`, frame of `t`) of the polygons polygonsIn would return
   * for `box` (cell frame), without transforming the polygons: what interaction zones are built from.
   */
  boxesIn(cell: Cell, layer: string, box: Box, out: number[] = [], t: Transform = Transform.IDENTITY): number[] {
    const lb = this.layerBox(cell, layer);
    if (!lb || lb.x0 > box.x1 || lb.x1 < box.x0 || lb.y0 > box.y1 || lb.y1 < box.y0) return out;
    const take = (e: IndexedPolygons) => {
      const bx = e.boxes;
      e.index.search(box.x0, box.y0, box.x1, box.y1, (i) => {
        const b = transformBox({ x0: bx[i * 4], y0: bx[i * 4 + 1], x1: bx[i * 4 + 2], y1: bx[i * 4 + 3] }, t);
        out.push(b.x0, b.y0, b.x1, b.y1);
      });
    };
    if (this.isFlat(cell)) {
      take(this.flatMerged(cell, layer));
      return out;
    }
    take(this.ownPieces(cell, layer));
    const pl = this.placements(cell);
    pl.index.search(box.x0, box.y0, box.x1, box.y1, (k) => this.boxesIn(pl.cells[k], layer, inverseBox(box, pl.transforms[k]), out, t.compose(pl.transforms[k])));
    return out;
  }

  /** The child placements of a (hierarchical) cell, arrays expanded, with boxes over all mapped layers. */
  placements(cell: Cell): Placements {
    let p = this.placementCache.get(cell);
    if (p) return p;
    const cells: Cell[] = [];
    const transforms: Transform[] = [];
    const list: Box[] = [];
    for (const c of childPlacements(cell)) {
      const cb = this.layersBox(c.cell, this.map.names);
      if (!cb) continue;
      cells.push(c.cell);
      transforms.push(c.transform);
      list.push(transformBox(cb, c.transform));
    }
    const boxes = new Float64Array(list.length * 4);
    list.forEach((b, i) => boxes.set([b.x0, b.y0, b.x1, b.y1], i * 4));
    p = { cells, transforms, boxes, index: new GridIndex(boxes) };
    this.placementCache.set(cell, p);
    return p;
  }

  /** Raw (as drawn) rings of `layer` under `cell`, flattened with `t` (for off-grid checks of odd placements). */
  rawRings(cell: Cell, layer: string, t: Transform, out: Int32Array[] = []): Int32Array[] {
    for (const r of this.own(cell).raw.get(layer) ?? []) out.push(t.isIdentity ? r : t.applyToCoords(r));
    for (const p of childPlacements(cell)) this.rawRings(p.cell, layer, t.compose(p.transform), out);
    return out;
  }
}
