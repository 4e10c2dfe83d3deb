/**
 * The routing grid: trace centrelines run on the nodes of a square lattice of pitch g (dbu), moving
 * in 8 directions. With g >= width + space and every node owned by at most one net (a diagonal move
 * also claims its two corner nodes against other nets' paths), any two nets' traces are at least
 * `space` apart by construction: parallel orthogonal runs are g apart, parallel diagonals sqrt(2) g.
 *
 * Static metal (landing pads, capture pads) is handled exactly once, here: a node is blocked when its
 * trace octagon would come nearer than `space` to any pad metal, and a move (edge) is blocked when the
 * metal of the segment would. Both tests are exact distances between the centreline and the pad grown
 * by the trace octagon, so the spacing holds to the nanometre, not to a conservative circle.
 *
 * Flat typed arrays only: node n = i + j * nx, state (node, direction) = n * 8 + d.
 */
import { octagon, octagonRadius, minkowski, pointConvexDist2, pointSegmentDist2, segmentConvexDist2, bboxOf } from './shapes.ts';

/** Direction d (0..7, counter-clockwise from +x, 45 degrees apart): unit steps. */
export const DX: Int8Array = Int8Array.of(1, 1, 0, -1, -1, -1, 0, 1);
export const DY: Int8Array = Int8Array.of(0, 1, 1, 1, 0, -1, -1, -1);

/** Node status: free for routing, blocked for everyone, or usable by plating ties only (keep-out band). */
export const FREE = 0;
export const BLOCKED = 1;
export const TIE_ONLY = 2;

/** Squared distances below s^2 - SLACK are violations; true squared distances between octilinear
 * integer shapes are multiples of 1/2, so 0.25 absorbs float error without accepting a real one. */
const SLACK = 0.25;

/** Static metal the router must keep `space` from (including the net's own: own traces join pads only through exits). */
export interface Obstacle {
  /** The metal, convex, counter-clockwise, dbu. */
  readonly metal: Int32Array;
  /** metal + trace octagon (Minkowski sum): a centreline is legal iff it stays >= space from this. */
  readonly grown: Int32Array;
  /** Centre and radii of `grown` about it: every point of grown is within rOut, and the disc of radius rIn is inside. */
  readonly cx: number;
  readonly cy: number;
  readonly rOut: number;
  readonly rIn: number;
  /** Pin index the metal belongs to. */
  readonly pin: number;
}

export function makeObstacle(metal: Int32Array, cx: number, cy: number, oct: Int32Array, pin: number): Obstacle {
  const grown = minkowski(metal, oct);
  let rOut = 0;
  for (let i = 0; i < grown.length; i += 2) rOut = Math.max(rOut, Math.hypot(grown[i] - cx, grown[i + 1] - cy));
  let rIn = Infinity;
  const n = grown.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) {
    const ex = grown[i] - grown[j];
    const ey = grown[i + 1] - grown[j + 1];
    const len = Math.hypot(ex, ey);
    // Distance from the centre to the edge's line (the centre is inside: positive).
    rIn = Math.min(rIn, (ex * (cy - grown[j + 1]) - ey * (cx - grown[j])) / len);
  }
  return { metal, grown, cx, cy, rOut, rIn: Math.max(0, rIn), pin };
}

export class RouteGrid {
  /** Pitch, dbu. */
  readonly g: number;
  readonly nx: number;
  readonly ny: number;
  readonly n: number;
  /** Coordinates of node (0, 0), dbu. */
  readonly x0: number;
  readonly y0: number;
  /** Trace width and space, dbu. */
  readonly w: number;
  readonly s: number;
  readonly oct: Int32Array;
  readonly octR: number;
  /** FREE / BLOCKED / TIE_ONLY per node. */
  readonly status: Uint8Array;
  /** Bit d set: the move from this node in direction d is not allowed (off the grid or too near pad metal). */
  readonly edgeBlock: Uint8Array;
  /** Node index step per direction. */
  readonly step: Int32Array;
  /** Column and row of each node (avoids divisions in the search). */
  readonly ci: Int32Array;
  readonly cj: Int32Array;
  readonly obstacles: Obstacle[] = [];
  /** Obstacles bucketed by coarse cell (BUCKET nodes square) for neighbourhood queries. */
  private readonly buckets = new Map<number, number[]>();
  private static readonly BUCKET = 8;

  /**
   * A grid over the die (dbu, centred on the origin) whose nodes keep a trace of width w inside the
   * die; nodes nearer the edge than keepOut + w/2 are TIE_ONLY. `phaseX/Y` (0 <= phase < g) place the
   * lattice: node x coordinates are phaseX + k g.
   */
  constructor(dieW: number, dieH: number, keepOut: number, w: number, s: number, g: number, phaseX = 0, phaseY = 0) {
    this.g = g;
    this.w = w;
    this.s = s;
    this.oct = octagon(w);
    this.octR = octagonRadius(w);
    const a = w / 2;
    const kx0 = Math.ceil((-dieW / 2 + a - phaseX) / g);
    const kx1 = Math.floor((dieW / 2 - a - phaseX) / g);
    const ky0 = Math.ceil((-dieH / 2 + a - phaseY) / g);
    const ky1 = Math.floor((dieH / 2 - a - phaseY) / g);
    this.nx = Math.max(0, kx1 - kx0 + 1);
    this.ny = Math.max(0, ky1 - ky0 + 1);
    this.n = this.nx * this.ny;
    this.x0 = phaseX + kx0 * g;
    this.y0 = phaseY + ky0 * g;
    this.status = new Uint8Array(this.n);
    this.edgeBlock = new Uint8Array(this.n);
    this.ci = new Int32Array(this.n);
    this.cj = new Int32Array(this.n);
    this.step = new Int32Array(8);
    for (let d = 0; d < 8; d++) this.step[d] = DX[d] + DY[d] * this.nx;
    const limX = dieW / 2 - keepOut - a;
    const limY = dieH / 2 - keepOut - a;
    for (let j = 0; j < this.ny; j++) {
      const y = this.y0 + j * g;
      for (let i = 0; i < this.nx; i++) {
        const k = i + j * this.nx;
        this.ci[k] = i;
        this.cj[k] = j;
        const x = this.x0 + i * g;
        if (Math.abs(x) > limX || Math.abs(y) > limY) this.status[k] = TIE_ONLY;
        let b = 0;
        for (let d = 0; d < 8; d++) {
          const ii = i + DX[d];
          const jj = j + DY[d];
          if (ii < 0 || jj < 0 || ii >= this.nx || jj >= this.ny) b |= 1 << d;
        }
        this.edgeBlock[k] = b;
      }
    }
  }

  x(n: number): number {
    return this.x0 + this.ci[n] * this.g;
  }
  y(n: number): number {
    return this.y0 + this.cj[n] * this.g;
  }
  node(i: number, j: number): number {
    return i < 0 || j < 0 || i >= this.nx || j >= this.ny ? -1 : i + j * this.nx;
  }
  /** Column of the node nearest x (may be off the grid). */
  colOf(x: number): number {
    return Math.round((x - this.x0) / this.g);
  }
  rowOf(y: number): number {
    return Math.round((y - this.y0) / this.g);
  }

  /** Whether the segment's trace metal keeps `space` from the obstacle. */
  segmentClear(ax: number, ay: number, bx: number, by: number, o: Obstacle): boolean {
    // Cheap rejects on the bounding radii before the exact test.
    const s = this.s;
    const d = Math.sqrt(pointSegmentDist2(o.cx, o.cy, ax, ay, bx, by));
    if (d >= o.rOut + s) return true;
    if (d < o.rIn + s - 1) return false;
    return segmentConvexDist2(ax, ay, bx, by, o.grown) >= s * s - SLACK;
  }

  pointClear(x: number, y: number, o: Obstacle): boolean {
    return this.segmentClear(x, y, x, y, o);
  }

  /** Adds static metal: blocks nodes whose octagon comes within `space` of it. Call blockEdges() after all. */
  addObstacle(o: Obstacle): number {
    const id = this.obstacles.length;
    this.obstacles.push(o);
    const [bx0, by0, bx1, by1] = bboxOf(o.grown);
    const r = this.s;
    const i0 = Math.max(0, Math.floor((bx0 - r - this.x0) / this.g));
    const i1 = Math.min(this.nx - 1, Math.ceil((bx1 + r - this.x0) / this.g));
    const j0 = Math.max(0, Math.floor((by0 - r - this.y0) / this.g));
    const j1 = Math.min(this.ny - 1, Math.ceil((by1 + r - this.y0) / this.g));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        const k = i + j * this.nx;
        if (this.status[k] === BLOCKED) continue;
        if (!this.pointClear(this.x0 + i * this.g, this.y0 + j * this.g, o)) this.status[k] = BLOCKED;
      }
    }
    const B = RouteGrid.BUCKET * this.g;
    const c0 = Math.floor((bx0 - this.x0) / B);
    const c1 = Math.floor((bx1 - this.x0) / B);
    const r0 = Math.floor((by0 - this.y0) / B);
    const r1 = Math.floor((by1 - this.y0) / B);
    for (let rr = r0; rr <= r1; rr++) {
      for (let cc = c0; cc <= c1; cc++) {
        const key = cc * 65536 + rr;
        let list = this.buckets.get(key);
        if (!list) this.buckets.set(key, (list = []));
        list.push(id);
      }
    }
    return id;
  }

  /** Obstacles whose grown metal may come within `margin` of the box (ids, each once). */
  obstaclesNear(x0: number, y0: number, x1: number, y1: number, margin: number): number[] {
    const B = RouteGrid.BUCKET * this.g;
    const c0 = Math.floor((x0 - margin - this.x0) / B);
    const c1 = Math.floor((x1 + margin - this.x0) / B);
    const r0 = Math.floor((y0 - margin - this.y0) / B);
    const r1 = Math.floor((y1 + margin - this.y0) / B);
    const out: number[] = [];
    const seen = new Set<number>();
    for (let rr = r0; rr <= r1; rr++) {
      for (let cc = c0; cc <= c1; cc++) {
        const list = this.buckets.get(cc * 65536 + rr);
        if (!list) continue;
        for (const id of list) {
          if (!seen.has(id)) {
            seen.add(id);
            out.push(id);
          }
        }
      }
    }
    return out;
  }

  /** Whether the trace segment a-b keeps `space` from every obstacle except those of pin `exceptPin`. */
  segmentClearOfAll(ax: number, ay: number, bx: number, by: number, exceptPin = -1): boolean {
    for (const id of this.obstaclesNear(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by), this.s + 1)) {
      const o = this.obstacles[id];
      if (o.pin === exceptPin) continue;
      if (!this.segmentClear(ax, ay, bx, by, o)) return false;
    }
    return true;
  }

  /**
   * Blocks every move between two unblocked nodes whose segment metal comes within `space` of an
   * obstacle (a diagonal can graze a pad corner that both its end nodes clear). Obstacles with an id
   * below `from` are skipped (already applied: plating-tie stubs added after routing call it again).
   */
  blockEdges(from = 0): void {
    const g = this.g;
    // A point of a move is within g / sqrt(2) of one of its ends: only moves with an end nearer than
    // space + g / sqrt(2) to the grown metal can fail.
    const reach = this.s + g * Math.SQRT1_2 + 1;
    for (let id = from; id < this.obstacles.length; id++) {
      const o = this.obstacles[id];
      const [bx0, by0, bx1, by1] = bboxOf(o.grown);
      const i0 = Math.max(0, Math.floor((bx0 - reach - this.x0) / g));
      const i1 = Math.min(this.nx - 1, Math.ceil((bx1 + reach - this.x0) / g));
      const j0 = Math.max(0, Math.floor((by0 - reach - this.y0) / g));
      const j1 = Math.min(this.ny - 1, Math.ceil((by1 + reach - this.y0) / g));
      for (let j = j0; j <= j1; j++) {
        for (let i = i0; i <= i1; i++) {
          const k = i + j * this.nx;
          if (this.status[k] === BLOCKED) continue;
          const x = this.x0 + i * g;
          const y = this.y0 + j * g;
          const dc = Math.hypot(x - o.cx, y - o.cy);
          if (dc - o.rOut >= reach) continue;
          // Four forward directions; the reverse move gets the mirrored bit.
          for (let d = 0; d < 4; d++) {
            if (this.edgeBlock[k] & (1 << d)) continue;
            const m = k + this.step[d];
            if (this.status[m] === BLOCKED) continue;
            if (!this.segmentClear(x, y, x + DX[d] * g, y + DY[d] * g, o)) {
              this.edgeBlock[k] |= 1 << d;
              this.edgeBlock[m] |= 1 << ((d + 4) & 7);
            }
          }
        }
      }
    }
  }
}
