/**
 * Hierarchy queries: bounding boxes, flattening iterators, and per-layer counts and areas counted
 * through every reference and array without flattening coordinates.
 */
import type { Box } from './box.ts';
import { boxOfCoords, unionBox } from './box.ts';
import type { Cell, Label, Path, Polygon } from './cell.ts';
import { layerKey } from './layer.ts';
import { polygonArea } from './polygon.ts';
import { Transform } from './transform.ts';

/** Every placement transform of a reference or array, in lattice order (columns fastest). */
export function* placements(t: Transform, cols = 1, rows = 1, colStep: readonly [number, number] = [0, 0], rowStep: readonly [number, number] = [0, 0]): Generator<Transform> {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      yield c === 0 && r === 0 ? t : t.translated(c * colStep[0] + r * rowStep[0], c * colStep[1] + r * rowStep[1]);
    }
  }
}

/** Every (child cell, transform) placement directly inside `cell`, arrays expanded. */
export function* childPlacements(cell: Cell): Generator<{ cell: Cell; transform: Transform }> {
  for (const r of cell.refs) yield { cell: r.cell, transform: r.transform };
  for (const a of cell.arrays) {
    for (const t of placements(a.transform, a.cols, a.rows, a.colStep, a.rowStep)) yield { cell: a.cell, transform: t };
  }
}

/** The box of `b` under transform `t` (exact for quarter turns; rounded outwards otherwise). */
export function transformBox(b: Box, t: Transform): Box {
  if (t.isIdentity) return b;
  const c = t.apply(b.x0, b.y0);
  let x0 = c[0];
  let x1 = c[0];
  let y0 = c[1];
  let y1 = c[1];
  for (const [x, y] of [[b.x1, b.y0], [b.x1, b.y1], [b.x0, b.y1]]) {
    const [u, v] = t.apply(x, y);
    if (u < x0) x0 = u;
    if (u > x1) x1 = u;
    if (v < y0) y0 = v;
    if (v > y1) y1 = v;
  }
  return { x0: Math.floor(x0), y0: Math.floor(y0), x1: Math.ceil(x1), y1: Math.ceil(y1) };
}

/** Half the width a path occupies beyond its spine, for bounding boxes (round/square ends need w/2). */
function pathBox(p: Path): Box {
  const b = boxOfCoords(p.points)!;
  const ext = Math.ceil(p.width / 2) + Math.max(0, p.beginExtension, p.endExtension);
  return { x0: b.x0 - ext, y0: b.y0 - ext, x1: b.x1 + ext, y1: b.y1 + ext };
}

/**
 * Bounding box of everything in the cell and below, dbu; null for an empty hierarchy. Labels count as
 * their anchor point. `memo` may be shared across calls on the same (unchanged) hierarchy.
 */
export function cellBBox(cell: Cell, memo: Map<Cell, Box | null> = new Map()): Box | null {
  if (memo.has(cell)) return memo.get(cell)!;
  let box: Box | null = null;
  for (const p of cell.polygons) box = unionBox(box, boxOfCoords(p.points));
  for (const p of cell.paths) box = unionBox(box, pathBox(p));
  for (const l of cell.labels) box = unionBox(box, { x0: l.transform.x, y0: l.transform.y, x1: l.transform.x, y1: l.transform.y });
  for (const r of cell.refs) {
    const cb = cellBBox(r.cell, memo);
    if (cb) box = unionBox(box, transformBox(cb, r.transform));
  }
  for (const a of cell.arrays) {
    const cb = cellBBox(a.cell, memo);
    if (cb) box = unionBox(box, arrayBox(cb, a));
  }
  memo.set(cell, box);
  return box;
}

export interface FlatPolygon {
  layer: number;
  datatype: number;
  /** Vertices in the top cell's frame, dbu (a new array). */
  points: Int32Array;
  /** The cell the polygon was drawn in, and the placement that brought it up. */
  source: Cell;
  transform: Transform;
}

export interface FlattenFilter {
  /** Only shapes on these layer keys (layerKey(layer, datatype)); all when omitted. */
  layers?: ReadonlySet<number>;
}

/**
 * Walks every placement of every cell below `cell` (depth first, in element order), calling
 * `visit(cell, transform)` once per placement, including the top cell with `transform`.
 */
export function walkPlacements(cell: Cell, visit: (c: Cell, t: Transform) => void, transform: Transform = Transform.IDENTITY): void {
  visit(cell, transform);
  for (const p of childPlacements(cell)) walkPlacements(p.cell, visit, transform.compose(p.transform));
}

/** Every polygon below `cell`, transformed into `cell`'s frame. Memory stays bounded (a generator). */
export function* flatPolygons(cell: Cell, filter: FlattenFilter = {}, transform: Transform = Transform.IDENTITY): Generator<FlatPolygon> {
  for (const p of cell.polygons) {
    if (filter.layers && !filter.layers.has(layerKey(p.layer, p.datatype))) continue;
    yield { layer: p.layer, datatype: p.datatype, points: transform.isIdentity ? p.points : transform.applyToCoords(p.points), source: cell, transform };
  }
  for (const c of childPlacements(cell)) yield* flatPolygons(c.cell, filter, transform.compose(c.transform));
}

/** Every path below `cell` with the transform that places it. */
export function* flatPaths(cell: Cell, transform: Transform = Transform.IDENTITY): Generator<{ path: Path; transform: Transform }> {
  for (const p of cell.paths) yield { path: p, transform };
  for (const c of childPlacements(cell)) yield* flatPaths(c.cell, transform.compose(c.transform));
}

/** Every label below `cell` with the transform that places it. */
export function* flatLabels(cell: Cell, transform: Transform = Transform.IDENTITY): Generator<{ label: Label; transform: Transform }> {
  for (const l of cell.labels) yield { label: l, transform };
  for (const c of childPlacements(cell)) yield* flatLabels(c.cell, transform.compose(c.transform));
}

export interface LayerStats {
  layer: number;
  datatype: number;
  /** BOUNDARY (and BOX) elements, flattened through every placement. */
  polygons: number;
  paths: number;
  texts: number;
  /** Total polygon area in dbu^2 (overlaps counted twice; paths excluded), flattened. */
  polygonArea: number;
}

/**
 * Per-layer flattened counts and polygon areas of `cell`, computed per cell once and multiplied by
 * placement counts (magnification scales area by mag^2), so a wafer of millions of shapes costs
 * only as much as its distinct cells. Sorted by layer then datatype.
 */
export function layerStats(cell: Cell): LayerStats[] {
  const memo = new Map<Cell, Map<number, LayerStats>>();
  const statsOf = (c: Cell): Map<number, LayerStats> => {
    const hit = memo.get(c);
    if (hit) return hit;
    const m = new Map<number, LayerStats>();
    const entry = (layer: number, datatype: number) => {
      const k = layerKey(layer, datatype);
      let e = m.get(k);
      if (!e) m.set(k, (e = { layer, datatype, polygons: 0, paths: 0, texts: 0, polygonArea: 0 }));
      return e;
    };
    for (const p of c.polygons) {
      const e = entry(p.layer, p.datatype);
      e.polygons++;
      e.polygonArea += polygonArea(p.points);
    }
    for (const p of c.paths) entry(p.layer, p.datatype).paths++;
    for (const l of c.labels) entry(l.layer, l.texttype).texts++;
    const addChild = (child: Cell, count: number, mag: number) => {
      for (const s of statsOf(child).values()) {
        const e = entry(s.layer, s.datatype);
        e.polygons += s.polygons * count;
        e.paths += s.paths * count;
        e.texts += s.texts * count;
        e.polygonArea += s.polygonArea * count * mag * mag;
      }
    };
    for (const r of c.refs) addChild(r.cell, 1, r.transform.magnification);
    for (const a of c.arrays) addChild(a.cell, a.cols * a.rows, a.transform.magnification);
    memo.set(c, m);
    return m;
  };
  return [...statsOf(cell).values()].sort((a, b) => a.layer - b.layer || a.datatype - b.datatype);
}

/**
 * The box of an array placement, from its cell's box (cell frame): the first element's box swept
 * over the lattice's four corner placements.
 */
export function arrayBox(cellBox: Box, a: { transform: Transform; cols: number; rows: number; colStep: readonly [number, number]; rowStep: readonly [number, number] }): Box {
  const first = transformBox(cellBox, a.transform);
  let box: Box = first;
  for (const [c, r] of [[a.cols - 1, 0], [0, a.rows - 1], [a.cols - 1, a.rows - 1]]) {
    const dx = c * a.colStep[0] + r * a.rowStep[0];
    const dy = c * a.colStep[1] + r * a.rowStep[1];
    box = unionBox(box, { x0: first.x0 + dx, y0: first.y0 + dy, x1: first.x1 + dx, y1: first.y1 + dy })!;
  }
  return box;
}
