/**
 * The checker's box index: a thin adapter over the shared packed Hilbert R-tree (src/geom/spatial.ts)
 * that accepts boxes with half-integer coordinates (bump centres) by rounding them outwards, so a
 * query never misses an item. Queries are closed: touching boxes are reported. Built once.
 */
import { BoxIndex } from '../geom/spatial.ts';

/** Flat boxes: [x0, y0, x1, y1] per item, dbu, x0 <= x1 and y0 <= y1. */
export type BoxArray = Float64Array;

export class GridIndex {
  readonly count: number;
  private readonly tree: BoxIndex;

  /** `boxes` holds 4 numbers per item (dbu). */
  constructor(boxes: BoxArray, _cellSize?: number) {
    const n = (this.count = boxes.length >> 2);
    const ints = new Int32Array(n * 4);
    for (let i = 0; i < n * 4; i += 4) {
      ints[i] = Math.floor(boxes[i]);
      ints[i + 1] = Math.floor(boxes[i + 1]);
      ints[i + 2] = Math.ceil(boxes[i + 2]);
      ints[i + 3] = Math.ceil(boxes[i + 3]);
    }
    this.tree = BoxIndex.build(ints);
  }

  /** Calls `visit(i)` once for every item whose box touches [x0, x1] x [y0, y1]. */
  search(x0: number, y0: number, x1: number, y1: number, visit: (i: number) => void): void {
    if (this.count === 0) return;
    this.tree.visit(Math.floor(x0), Math.floor(y0), Math.ceil(x1), Math.ceil(y1), (i) => {
      visit(i);
    });
  }

  /** Items touching the box, ascending. */
  collect(x0: number, y0: number, x1: number, y1: number): number[] {
    const out: number[] = [];
    this.search(x0, y0, x1, y1, (i) => out.push(i));
    return out.sort((a, b) => a - b);
  }
}

/** Flat boxes from a list of [x0, y0, x1, y1] tuples or objects. */
export function packBoxes(list: ReadonlyArray<{ x0: number; y0: number; x1: number; y1: number }>): BoxArray {
  const out = new Float64Array(list.length * 4);
  list.forEach((b, i) => {
    out[i * 4] = b.x0;
    out[i * 4 + 1] = b.y0;
    out[i * 4 + 2] = b.x1;
    out[i * 4 + 3] = b.y1;
  });
  return out;
}

/** Union-find over 0..n-1 with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(i: number): number {
    const p = this.parent;
    while (p[i] !== i) {
      p[i] = p[p[i]];
      i = p[i];
    }
    return i;
  }
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return ra;
  }
  get length(): number {
    return this.parent.length;
  }
}
