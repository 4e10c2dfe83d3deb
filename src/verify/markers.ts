/**
 * Counting: markers that overlap or touch are one violation (the deck's `.merged` count: KLayout
 * merges touching polygons, kissing corners included). Groups are found with a grid index and an
 * exact touch test, so markers from different windows and cells merge the same way as in one flat
 * run.
 */
import type { PolygonWithHoles } from '../geom/clipper.ts';
import { pwhTouch, ringBox } from './geometry.ts';
import { GridIndex, UnionFind } from './spatial.ts';

/**
 * Groups of touching polygons, as index lists: each group sorted ascending, groups ordered by their
 * first index.
 */
export function groupMarkers(markers: readonly PolygonWithHoles[]): number[][] {
  const n = markers.length;
  if (n === 0) return [];
  const boxes = new Float64Array(n * 4);
  const bx = markers.map((m, i) => {
    const b = ringBox(m.outer);
    boxes.set([b.x0, b.y0, b.x1, b.y1], i * 4);
    return b;
  });
  const index = new GridIndex(boxes);
  const uf = new UnionFind(n);
  for (let i = 0; i < n; i++) {
    const b = bx[i];
    index.search(b.x0, b.y0, b.x1, b.y1, (j) => {
      if (j <= i || uf.find(i) === uf.find(j)) return;
      if (pwhTouch(markers[i], markers[j], b, bx[j])) uf.union(i, j);
    });
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    let g = byRoot.get(r);
    if (!g) byRoot.set(r, (g = []));
    g.push(i);
  }
  return [...byRoot.values()].sort((a, b) => a[0] - b[0]);
}
