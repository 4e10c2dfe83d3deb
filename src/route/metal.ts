/**
 * A spatial index of drawn metal (trace segments with their octagon, convex pad polygons, teardrops),
 * per net, used after routing to size teardrops against the metal that is really there.
 */
import { bboxOf, convexConvexDist2, minkowski, segmentConvexDist2 } from './shapes.ts';

export interface MetalSeg {
  readonly kind: 'seg';
  readonly net: number;
  readonly ax: number;
  readonly ay: number;
  readonly bx: number;
  readonly by: number;
  /** The octagon the segment is swept with (trace or tie width). */
  readonly oct: Int32Array;
}

export interface MetalPoly {
  readonly kind: 'poly';
  readonly net: number;
  /** Convex, counter-clockwise, dbu. */
  readonly poly: Int32Array;
}

export type MetalItem = MetalSeg | MetalPoly;

export class MetalIndex {
  readonly items: MetalItem[] = [];
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly cell: number) {}

  add(item: MetalItem): number {
    const id = this.items.length;
    this.items.push(item);
    let x0: number, y0: number, x1: number, y1: number;
    if (item.kind === 'seg') {
      const r = item.oct[0];
      x0 = Math.min(item.ax, item.bx) - r;
      x1 = Math.max(item.ax, item.bx) + r;
      y0 = Math.min(item.ay, item.by) - r;
      y1 = Math.max(item.ay, item.by) + r;
    } else {
      [x0, y0, x1, y1] = bboxOf(item.poly);
    }
    const c = this.cell;
    for (let j = Math.floor(y0 / c); j <= Math.floor(y1 / c); j++) {
      for (let i = Math.floor(x0 / c); i <= Math.floor(x1 / c); i++) {
        const key = i * 1048576 + j;
        let l = this.cells.get(key);
        if (!l) this.cells.set(key, (l = []));
        l.push(id);
      }
    }
    return id;
  }

  /** Item ids whose boxes may come within `margin` of the box. */
  near(x0: number, y0: number, x1: number, y1: number, margin: number): number[] {
    const c = this.cell;
    const out = new Set<number>();
    for (let j = Math.floor((y0 - margin) / c); j <= Math.floor((y1 + margin) / c); j++) {
      for (let i = Math.floor((x0 - margin) / c); i <= Math.floor((x1 + margin) / c); i++) {
        const l = this.cells.get(i * 1048576 + j);
        if (l) for (const id of l) out.add(id);
      }
    }
    return [...out];
  }

  /**
   * Whether the convex polygon `poly` keeps `space` from every item except those in `skip`
   * (own metal it legitimately touches).
   */
  clear(poly: Int32Array, space: number, skip: ReadonlySet<number>): boolean {
    const [x0, y0, x1, y1] = bboxOf(poly);
    const s2 = space * space - 0.25;
    const grownBy = new Map<Int32Array, Int32Array>();
    for (const id of this.near(x0, y0, x1, y1, space + 1)) {
      if (skip.has(id)) continue;
      const it = this.items[id];
      if (it.kind === 'seg') {
        let grown = grownBy.get(it.oct);
        if (!grown) grownBy.set(it.oct, (grown = minkowski(poly, it.oct)));
        if (segmentConvexDist2(it.ax, it.ay, it.bx, it.by, grown) < s2) return false;
      } else if (convexConvexDist2(poly, it.poly) < s2) return false;
    }
    return true;
  }
}
