/**
 * A static spatial index over axis-aligned boxes (a packed Hilbert R-tree, after flatbush): built
 * once from a flat Int32Array of boxes, then queried by box, by distance and by nearest neighbours.
 * Millions of boxes cost ~20 bytes each (boxes and tree in Int32Arrays, no object per item).
 * Boxes are closed: boxes that touch at an edge or a corner intersect. Coordinates are dbu (int32).
 *
 * Also here: exact-predicate distances between polygons, for design-rule checks.
 */
import { InputError } from '../core/errors.ts';
import { checkInt32 } from '../core/units.ts';
import { locatePoint, pointSegmentDist2, segmentsIntersect } from './predicates.ts';

const HILBERT_MAX = (1 << 16) - 1;

/** Hilbert curve index of (x, y) in a 2^16 x 2^16 grid (Morton-free bit-twiddling, after flatbush). */
function hilbert(x: number, y: number): number {
  let a = x ^ y;
  let b = 0xffff ^ a;
  let c = 0xffff ^ (x | y);
  let d = x & (y ^ 0xffff);
  let A = a | (b >> 1);
  let B = (a >> 1) ^ a;
  let C = (c >> 1) ^ (b & (d >> 1)) ^ c;
  let D = (a & (c >> 1)) ^ (d >> 1) ^ d;
  a = A; b = B; c = C; d = D;
  A = (a & (a >> 2)) ^ (b & (b >> 2));
  B = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2));
  C ^= (a & (c >> 2)) ^ (b & (d >> 2));
  D ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2));
  a = A; b = B; c = C; d = D;
  A = (a & (a >> 4)) ^ (b & (b >> 4));
  B = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4));
  C ^= (a & (c >> 4)) ^ (b & (d >> 4));
  D ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4));
  a = A; b = B; c = C; d = D;
  C ^= (a & (c >> 8)) ^ (b & (d >> 8));
  D ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8));
  a = C ^ (C >> 1);
  b = D ^ (D >> 1);
  let i0 = x ^ y;
  let i1 = b | (0xffff ^ (i0 | a));
  i0 = (i0 | (i0 << 8)) & 0x00ff00ff;
  i0 = (i0 | (i0 << 4)) & 0x0f0f0f0f;
  i0 = (i0 | (i0 << 2)) & 0x33333333;
  i0 = (i0 | (i0 << 1)) & 0x55555555;
  i1 = (i1 | (i1 << 8)) & 0x00ff00ff;
  i1 = (i1 | (i1 << 4)) & 0x0f0f0f0f;
  i1 = (i1 | (i1 << 2)) & 0x33333333;
  i1 = (i1 | (i1 << 1)) & 0x55555555;
  return ((i1 << 1) | i0) >>> 0;
}

/** Sorts values[left..right] with boxes (4 per item) and ids alongside (quicksort, median-of-three-free like flatbush). */
function sortByValues(values: Uint32Array, boxes: Int32Array, ids: Int32Array, left: number, right: number, nodeSize: number): void {
  // Iterative with an explicit stack: millions of items would overflow recursion on bad inputs.
  const stack: number[] = [left, right];
  while (stack.length) {
    const r = stack.pop()!;
    const l = stack.pop()!;
    // Items within one leaf need no order among themselves.
    if (Math.floor(l / nodeSize) >= Math.floor(r / nodeSize)) continue;
    const pivot = values[(l + r) >> 1];
    let i = l - 1;
    let j = r + 1;
    for (;;) {
      do i++; while (values[i] < pivot);
      do j--; while (values[j] > pivot);
      if (i >= j) break;
      swap(values, boxes, ids, i, j);
    }
    stack.push(l, j, j + 1, r);
  }
}

function swap(values: Uint32Array, boxes: Int32Array, ids: Int32Array, i: number, j: number): void {
  const v = values[i];
  values[i] = values[j];
  values[j] = v;
  const k = 4 * i;
  const m = 4 * j;
  for (let t = 0; t < 4; t++) {
    const b = boxes[k + t];
    boxes[k + t] = boxes[m + t];
    boxes[m + t] = b;
  }
  const id = ids[i];
  ids[i] = ids[j];
  ids[j] = id;
}

/** Squared Euclidean distance (dbu^2) between boxes, 0 when they touch or overlap. */
export function boxDist2(ax0: number, ay0: number, ax1: number, ay1: number, bx0: number, by0: number, bx1: number, by1: number): number {
  const dx = bx0 > ax1 ? bx0 - ax1 : ax0 > bx1 ? ax0 - bx1 : 0;
  const dy = by0 > ay1 ? by0 - ay1 : ay0 > by1 ? ay0 - by1 : 0;
  return dx * dx + dy * dy;
}

/**
 * Packed Hilbert R-tree over boxes. Item i is the box (x0, y0, x1, y1) = boxes[4i .. 4i + 3] as passed
 * to `build`, with x0 <= x1 and y0 <= y1; results are item indices. Immutable once built.
 */
export class BoxIndex {
  /** Number of items. */
  readonly count: number;
  readonly nodeSize: number;
  /** Boxes of all nodes, leaves (items in Hilbert order) first, then each level up to the root. */
  private readonly nodes: Int32Array;
  /** For a leaf slot: the item index; for an inner node: the slot of its first child (x4 not applied). */
  private readonly ids: Int32Array;
  /** Slot index where each level ends (exclusive); the last is the root level. */
  private readonly levelEnds: number[];

  private constructor(count: number, nodeSize: number, nodes: Int32Array, ids: Int32Array, levelEnds: number[]) {
    this.count = count;
    this.nodeSize = nodeSize;
    this.nodes = nodes;
    this.ids = ids;
    this.levelEnds = levelEnds;
  }

  /**
   * Builds the index from flat boxes [x0, y0, x1, y1, ...] (dbu, int32). `nodeSize` (2..65535,
   * default 16) trades build time against query time. Throws InputError for a malformed or inverted box.
   */
  static build(boxes: ArrayLike<number>, nodeSize = 16): BoxIndex {
    if (!Number.isInteger(nodeSize) || nodeSize < 2 || nodeSize > 65535) {
      throw new InputError('E_INDEX', `BoxIndex: nodeSize ${nodeSize} must be an integer in 2..65535`);
    }
    if (boxes.length % 4 !== 0) throw new InputError('E_INDEX', `BoxIndex: expected 4 numbers per box, got ${boxes.length} numbers`);
    const n = boxes.length / 4;
    // Level sizes: n leaves, then ceil(n / nodeSize) parents, ... up to one root.
    const levelEnds: number[] = [];
    let total = n;
    let size = n;
    levelEnds.push(total);
    while (size > 1) {
      size = Math.ceil(size / nodeSize);
      total += size;
      levelEnds.push(total);
    }
    const nodes = new Int32Array(Math.max(total, 1) * 4);
    const ids = new Int32Array(Math.max(total, 1));
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    const isInt32 = boxes instanceof Int32Array;
    for (let i = 0; i < n; i++) {
      const x0 = boxes[4 * i];
      const y0 = boxes[4 * i + 1];
      const x1 = boxes[4 * i + 2];
      const y1 = boxes[4 * i + 3];
      if (!isInt32) {
        for (let t = 0; t < 4; t++) {
          const v = boxes[4 * i + t];
          if ((v | 0) !== v) checkInt32(v, `BoxIndex box ${i} ${['x0', 'y0', 'x1', 'y1'][t]}`);
        }
      }
      if (x0 > x1 || y0 > y1) throw new InputError('E_INDEX', `BoxIndex: box ${i} (${x0}, ${y0})-(${x1}, ${y1}) is inverted (need x0 <= x1, y0 <= y1)`);
      nodes[4 * i] = x0;
      nodes[4 * i + 1] = y0;
      nodes[4 * i + 2] = x1;
      nodes[4 * i + 3] = y1;
      ids[i] = i;
      if (x0 < minX) minX = x0;
      if (y0 < minY) minY = y0;
      if (x1 > maxX) maxX = x1;
      if (y1 > maxY) maxY = y1;
    }
    if (n > nodeSize) {
      // Hilbert values of the box centres on a 2^16 grid over the bbox of all items.
      const values = new Uint32Array(n);
      const sx = maxX > minX ? HILBERT_MAX / (maxX - minX) : 0;
      const sy = maxY > minY ? HILBERT_MAX / (maxY - minY) : 0;
      for (let i = 0; i < n; i++) {
        const cx = (nodes[4 * i] + nodes[4 * i + 2]) / 2;
        const cy = (nodes[4 * i + 1] + nodes[4 * i + 3]) / 2;
        values[i] = hilbert(Math.floor(sx * (cx - minX)), Math.floor(sy * (cy - minY)));
      }
      sortByValues(values, nodes, ids, 0, n - 1, nodeSize);
    }
    // Parents: each groups up to nodeSize consecutive nodes of the level below.
    let pos = 0;
    for (let level = 0; level + 1 < levelEnds.length; level++) {
      const end = levelEnds[level];
      let out = end;
      while (pos < end) {
        const first = pos;
        let x0 = Infinity;
        let y0 = Infinity;
        let x1 = -Infinity;
        let y1 = -Infinity;
        for (let k = 0; k < nodeSize && pos < end; k++, pos++) {
          if (nodes[4 * pos] < x0) x0 = nodes[4 * pos];
          if (nodes[4 * pos + 1] < y0) y0 = nodes[4 * pos + 1];
          if (nodes[4 * pos + 2] > x1) x1 = nodes[4 * pos + 2];
          if (nodes[4 * pos + 3] > y1) y1 = nodes[4 * pos + 3];
        }
        nodes[4 * out] = x0;
        nodes[4 * out + 1] = y0;
        nodes[4 * out + 2] = x1;
        nodes[4 * out + 3] = y1;
        ids[out] = first;
        out++;
      }
    }
    return new BoxIndex(n, nodeSize, nodes, ids, levelEnds);
  }

  /** Bounding box of all items [x0, y0, x1, y1], or null when empty. */
  bounds(): [number, number, number, number] | null {
    if (this.count === 0) return null;
    const r = 4 * (this.levelEnds[this.levelEnds.length - 1] - 1);
    return [this.nodes[r], this.nodes[r + 1], this.nodes[r + 2], this.nodes[r + 3]];
  }

  /** The tree level of a node slot (0 = leaves); there are only ~log(n)/log(nodeSize) levels. */
  private levelOf(slot: number): number {
    let l = 0;
    while (slot >= this.levelEnds[l]) l++;
    return l;
  }

  /**
   * Calls `visit(i)` for every item whose box intersects the closed query box (touching counts), in
   * tree order; stops early when `visit` returns true. Returns whether it stopped early.
   */
  visit(x0: number, y0: number, x1: number, y1: number, visit: (item: number) => boolean | void): boolean {
    if (this.count === 0) return false;
    const { nodes, ids, levelEnds, nodeSize } = this;
    const root = levelEnds[levelEnds.length - 1] - 1;
    // Children are tested before they are pushed; the root is tested here.
    if (nodes[4 * root] > x1 || nodes[4 * root + 1] > y1 || nodes[4 * root + 2] < x0 || nodes[4 * root + 3] < y0) return false;
    const stack: number[] = [root];
    while (stack.length) {
      const slot = stack.pop()!;
      const level = this.levelOf(slot);
      if (level === 0) {
        if (visit(ids[slot]) === true) return true;
        continue;
      }
      const first = ids[slot];
      const end = Math.min(first + nodeSize, levelEnds[level - 1]);
      for (let c = first; c < end; c++) {
        const b = 4 * c;
        if (nodes[b] > x1 || nodes[b + 1] > y1 || nodes[b + 2] < x0 || nodes[b + 3] < y0) continue;
        stack.push(c);
      }
    }
    return false;
  }

  /** Indices of all items whose box intersects the closed query box (touching counts), ascending. */
  search(x0: number, y0: number, x1: number, y1: number): number[] {
    const out: number[] = [];
    this.visit(x0, y0, x1, y1, (i) => {
      out.push(i);
    });
    return out.sort((a, b) => a - b);
  }

  /** Indices of items whose box lies within Euclidean distance d (dbu, >= 0) of the query box, ascending. */
  within(x0: number, y0: number, x1: number, y1: number, d: number): number[] {
    if (!(d >= 0)) throw new InputError('E_INDEX', `BoxIndex.within: distance ${d} must be >= 0`);
    const out: number[] = [];
    const d2 = d * d;
    const { nodes } = this;
    this.visitSlots(x0 - d, y0 - d, x1 + d, y1 + d, (slot, item) => {
      const b = 4 * slot;
      if (boxDist2(x0, y0, x1, y1, nodes[b], nodes[b + 1], nodes[b + 2], nodes[b + 3]) <= d2) out.push(item);
    });
    return out.sort((a, b) => a - b);
  }

  /** Like visit, but passes the leaf slot too (so the item's box can be read without a lookup). */
  private visitSlots(x0: number, y0: number, x1: number, y1: number, visit: (slot: number, item: number) => void): void {
    if (this.count === 0) return;
    const { nodes, ids, levelEnds, nodeSize } = this;
    const root = levelEnds[levelEnds.length - 1] - 1;
    // Children are tested before they are pushed; the root is tested here.
    if (nodes[4 * root] > x1 || nodes[4 * root + 1] > y1 || nodes[4 * root + 2] < x0 || nodes[4 * root + 3] < y0) return;
    const stack: number[] = [root];
    while (stack.length) {
      const slot = stack.pop()!;
      const level = this.levelOf(slot);
      if (level === 0) {
        visit(slot, ids[slot]);
        continue;
      }
      const first = ids[slot];
      const end = Math.min(first + nodeSize, levelEnds[level - 1]);
      for (let c = first; c < end; c++) {
        const b = 4 * c;
        if (nodes[b] > x1 || nodes[b + 1] > y1 || nodes[b + 2] < x0 || nodes[b + 3] < y0) continue;
        stack.push(c);
      }
    }
  }

  /**
   * Every pair of items (i < j) whose boxes lie within Euclidean distance d (>= 0) of each other,
   * passed to `visit(i, j)`: the candidate pairs of a spacing check. Each pair is reported once.
   */
  pairsWithin(d: number, visit: (i: number, j: number) => void): void {
    if (!(d >= 0)) throw new InputError('E_INDEX', `BoxIndex.pairsWithin: distance ${d} must be >= 0`);
    const { nodes, ids } = this;
    const d2 = d * d;
    const n = this.count;
    for (let s = 0; s < n; s++) {
      const i = ids[s];
      const b = 4 * s;
      const x0 = nodes[b];
      const y0 = nodes[b + 1];
      const x1 = nodes[b + 2];
      const y1 = nodes[b + 3];
      this.visitSlots(x0 - d, y0 - d, x1 + d, y1 + d, (slot, j) => {
        if (j <= i) return;
        const c = 4 * slot;
        if (boxDist2(x0, y0, x1, y1, nodes[c], nodes[c + 1], nodes[c + 2], nodes[c + 3]) <= d2) visit(i, j);
      });
    }
  }

  /**
   * Items nearest to the point (x, y) by box distance (0 inside a box), nearest first (ties by index):
   * at most `maxResults`, none farther than `maxDistance` (dbu), and only items passing `filter`.
   */
  neighbors(x: number, y: number, maxResults = Infinity, maxDistance = Infinity, filter?: (item: number) => boolean): number[] {
    const out: number[] = [];
    if (this.count === 0 || maxResults <= 0) return out;
    const { nodes, ids, levelEnds, nodeSize } = this;
    const max2 = maxDistance * maxDistance;
    // Min-heap of (distance^2, slot, isItem) on flat arrays.
    const heap = new MinHeap();
    let slot = levelEnds[levelEnds.length - 1] - 1;
    let level = levelEnds.length - 1;
    if (level === 0) {
      // A single item: the root is a leaf.
      const d2 = boxDist2(x, y, x, y, nodes[0], nodes[1], nodes[2], nodes[3]);
      return d2 <= max2 && (!filter || filter(ids[0])) ? [ids[0]] : [];
    }
    for (;;) {
      if (level === 0) {
        // A leaf slot popped from the heap is the next nearest item.
      } else {
        const first = ids[slot];
        const end = Math.min(first + nodeSize, levelEnds[level - 1]);
        for (let c = first; c < end; c++) {
          const b = 4 * c;
          const d2 = boxDist2(x, y, x, y, nodes[b], nodes[b + 1], nodes[b + 2], nodes[b + 3]);
          if (d2 > max2) continue;
          if (level - 1 === 0) {
            const item = ids[c];
            if (filter && !filter(item)) continue;
            heap.push(d2, item, 1);
          } else {
            heap.push(d2, c, 0);
          }
        }
      }
      // Pop items while they are nearer than every pending node.
      while (heap.size && heap.peekKind() === 1) {
        const [, item] = heap.pop();
        out.push(item);
        if (out.length >= maxResults) return out;
      }
      if (!heap.size) return out;
      const [, next] = heap.pop();
      slot = next;
      level = this.levelOf(slot);
    }
  }
}

/** Binary min-heap of (key, value, kind) with ties broken by kind (items first) then value. */
class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  private kinds: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  private less(i: number, j: number): boolean {
    const { keys, kinds, vals } = this;
    if (keys[i] !== keys[j]) return keys[i] < keys[j];
    if (kinds[i] !== kinds[j]) return kinds[i] > kinds[j];
    return vals[i] < vals[j];
  }
  private swap(i: number, j: number): void {
    const { keys, vals, kinds } = this;
    [keys[i], keys[j]] = [keys[j], keys[i]];
    [vals[i], vals[j]] = [vals[j], vals[i]];
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  push(key: number, val: number, kind: number): void {
    this.keys.push(key);
    this.vals.push(val);
    this.kinds.push(kind);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  peekKind(): number {
    return this.kinds[0];
  }
  pop(): [number, number, number] {
    const top: [number, number, number] = [this.keys[0], this.vals[0], this.kinds[0]];
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.vals.pop();
    this.kinds.pop();
    let i = 0;
    const n = this.keys.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(l, m)) m = l;
      if (r < n && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

/** Flat boxes [x0, y0, x1, y1, ...] of the edges of a ring (edge i joins vertex i and i + 1). */
function edgeBoxes(r: ArrayLike<number>): Int32Array {
  const n = r.length >> 1;
  const out = new Int32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const j = i + 1 === n ? 0 : i + 1;
    const ax = r[2 * i];
    const ay = r[2 * i + 1];
    const bx = r[2 * j];
    const by = r[2 * j + 1];
    out[4 * i] = ax < bx ? ax : bx;
    out[4 * i + 1] = ay < by ? ay : by;
    out[4 * i + 2] = ax < bx ? bx : ax;
    out[4 * i + 3] = ay < by ? by : ay;
  }
  return out;
}

/** Edge pairs above which ringDistance indexes the larger ring instead of comparing every pair. */
const BRUTE_FORCE_PAIRS = 4096;

/**
 * Smallest Euclidean distance (dbu) between the boundaries of two rings (flat [x0, y0, ...], dbu,
 * implicitly closed; keyholed rings fine): 0 when the boundaries touch or cross. Ignores what lies
 * inside: use polygonDistance for regions. Distances at or beyond `cutoff` (default Infinity) may be
 * reported as `cutoff` (a spacing check only needs to know it is not smaller). Empty rings give
 * Infinity. Each distance is rounded once from exact integer products.
 */
export function ringDistance(a: ArrayLike<number>, b: ArrayLike<number>, cutoff = Infinity): number {
  const na = a.length >> 1;
  const nb = b.length >> 1;
  if (na === 0 || nb === 0) return Infinity;
  let best2 = cutoff * cutoff;
  const edge = (r: ArrayLike<number>, i: number, n: number): [number, number, number, number] => {
    const j = i + 1 === n ? 0 : i + 1;
    return [r[2 * i], r[2 * i + 1], r[2 * j], r[2 * j + 1]];
  };
  if (na * nb <= BRUTE_FORCE_PAIRS) {
    for (let i = 0; i < na; i++) {
      const [ax, ay, bx, by] = edge(a, i, na);
      for (let k = 0; k < nb; k++) {
        const [cx, cy, dx, dy] = edge(b, k, nb);
        const d2 = segmentDist2(ax, ay, bx, by, cx, cy, dx, dy, best2);
        if (d2 < best2) {
          best2 = d2;
          if (d2 === 0) return 0;
        }
      }
    }
    return Math.sqrt(best2);
  }
  // Index the larger ring's edges; query with each edge of the smaller one, grown by the best so far.
  const [small, ns, large, nl] = na <= nb ? [a, na, b, nb] : [b, nb, a, na];
  const index = BoxIndex.build(edgeBoxes(large));
  if (!Number.isFinite(best2)) {
    // An upper bound to start from: the distance between two vertices.
    const dx = small[0] - large[0];
    const dy = small[1] - large[1];
    best2 = dx * dx + dy * dy;
  }
  for (let i = 0; i < ns && best2 > 0; i++) {
    const [ax, ay, bx, by] = edge(small, i, ns);
    const g = Math.sqrt(best2);
    index.visit(Math.min(ax, bx) - g, Math.min(ay, by) - g, Math.max(ax, bx) + g, Math.max(ay, by) + g, (k) => {
      const [cx, cy, dx, dy] = edge(large, k, nl);
      const d2 = segmentDist2(ax, ay, bx, by, cx, cy, dx, dy, best2);
      if (d2 < best2) best2 = d2;
      return best2 === 0;
    });
  }
  return Math.sqrt(best2);
}

/** Squared distance between segments a-b and c-d, or `bound` when it is certainly not below it. */
function segmentDist2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number, bound: number): number {
  // Box gap first: cheap rejection when the boxes are already farther apart than the bound.
  const gx = Math.max(Math.min(cx, dx) - Math.max(ax, bx), Math.min(ax, bx) - Math.max(cx, dx), 0);
  const gy = Math.max(Math.min(cy, dy) - Math.max(ay, by), Math.min(ay, by) - Math.max(cy, dy), 0);
  if (gx * gx + gy * gy >= bound) return bound;
  if (segmentsIntersect(ax, ay, bx, by, cx, cy, dx, dy)) return 0;
  return Math.min(
    pointSegmentDist2(ax, ay, cx, cy, dx, dy),
    pointSegmentDist2(bx, by, cx, cy, dx, dy),
    pointSegmentDist2(cx, cy, ax, ay, bx, by),
    pointSegmentDist2(dx, dy, ax, ay, bx, by),
  );
}

/**
 * Distance (dbu) between the regions of two rings: 0 when they overlap, touch, or one contains the
 * other; otherwise the smallest boundary-to-boundary distance (see ringDistance, also for `cutoff`).
 * This is the spacing a design-rule check measures between two shapes.
 */
export function polygonDistance(a: ArrayLike<number>, b: ArrayLike<number>, cutoff = Infinity): number {
  if (a.length < 6 || b.length < 6) return ringDistance(a, b, cutoff);
  const d = ringDistance(a, b, cutoff);
  if (d === 0) return 0;
  // Boundaries apart: the regions overlap only if one lies wholly inside the other.
  if (locatePoint(b, a[0], a[1]) > 0 || locatePoint(a, b[0], b[1]) > 0) return 0;
  return d;
}
