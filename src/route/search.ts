/**
 * Multi-source, multi-target A* on the routing grid over states (node, direction of arrival), so
 * that turns can be priced and limited: from a state only straight, +-45 and +-90 degree moves are
 * allowed (a 135 degree turn would make an acute angle in the metal).
 *
 * Costs are in grid steps: a move costs its length (1 or sqrt 2) times the PathFinder factors of the
 * node entered, (1 + history) (1 + presentFactor x other nets using it), plus a small turn penalty;
 * a diagonal move also pays for its two corner nodes (they are claimed against other nets' paths).
 * The heuristic is the octile distance to the targets' bounding box: admissible, so the first target
 * popped with the best cost is optimal for these costs.
 *
 * Memory: per state a Float64 cost, an Int32 parent and a Uint32 search stamp (no clearing between
 * searches); per node Uint32 stamps for the net's own metal and the targets.
 */
import { BLOCKED as BLOCKED_, DX as DX_, DY as DY_, RouteGrid, TIE_ONLY as TIE_ONLY_ } from './grid.ts';

// Module-local copies: imported bindings are live getters under some loaders (tsx), too slow for the hot loop.
const BLOCKED = BLOCKED_;
const TIE_ONLY = TIE_ONLY_;
const DX = Int8Array.from(DX_);
const DY = Int8Array.from(DY_);

/** Penalties (grid steps) for a 45 and a 90 degree turn: small, so length dominates, and two 45s beat one 90. */
export const TURN_45 = 0.08;
export const TURN_90 = 0.3;

const LEN = Float64Array.of(1, Math.SQRT2, 1, Math.SQRT2, 1, Math.SQRT2, 1, Math.SQRT2);
/** Allowed next directions after arriving in direction d: d, d +- 1, d +- 2 (mod 8). */
const NEXT = new Uint8Array(8);
for (let d = 0; d < 8; d++) {
  let m = 0;
  for (const t of [0, 1, -1, 2, -2]) m |= 1 << ((d + t + 8) & 7);
  NEXT[d] = m;
}
const TURN = Float64Array.of(0, TURN_45, TURN_90, Infinity, Infinity, Infinity, TURN_90, TURN_45);

/** Occupancy and negotiation state shared by all searches of a routing run. */
export interface Costs {
  /** Nets using the node as a path node / as a diagonal corner (this net excluded while it is ripped up). */
  readonly occN: Uint16Array;
  readonly occC: Uint16Array;
  /** PathFinder history cost per node. */
  readonly hist: Float32Array;
  /** Present-congestion factor. */
  presFac: number;
  /** When true, any use of an occupied node is forbidden (final legal routing). */
  hard: boolean;
  /** Whether TIE_ONLY nodes may be used (plating ties). */
  allowTieOnly: boolean;
  /** Per node: the net whose pin has an exit there (-1 none, -2 several nets). */
  readonly exitNet?: Int32Array;
  /** Per node: extra cost (grid steps) for another net to use that exit node: pins with few exits guard them harder. */
  readonly exitPen?: Float32Array;
  /** The net being routed (for exitNet). */
  net: number;
  /**
   * Guide: the straight segment between the pins being joined (grid units, [i0, j0, i1, j1]) and the
   * cost per step per grid unit of distance from it. The assignment makes these segments cross-free;
   * routes that keep near theirs pass every bump on the side the segment does, so negotiation does
   * not have to undo a route that went round a bump the wrong way (which would cross a neighbour).
   */
  guide?: Float64Array;
  guideWeight?: number;
  /** Extra cost (grid steps) of a node marked in Search.wall with this search's id. */
  wallPen?: number;
}

export interface SearchSource {
  readonly node: number;
  /** Direction of travel at the node (the stub's direction). */
  readonly dir: number;
  /** Allowed next directions (bits). */
  readonly mask: number;
  /** Starting cost (congestion of the exit node and its claims). */
  readonly cost: number;
  /** Caller's tag (exit index), returned with the path. */
  readonly tag: number;
}

export interface SearchTarget {
  readonly node: number;
  /** Allowed outgoing directions at the node viewed from the pad (arrival d is allowed iff bit (d+4)&7). */
  readonly mask: number;
  /** Extra cost on arrival (claims). */
  readonly cost: number;
  readonly tag: number;
}

export interface SearchResult {
  /** Nodes from the source exit node to the target exit node. */
  readonly nodes: Int32Array;
  readonly sourceTag: number;
  readonly targetTag: number;
  readonly cost: number;
}

export class Search {
  private readonly grid: RouteGrid;
  private readonly gcost: Float64Array;
  private readonly parent: Int32Array;
  private readonly seen: Uint32Array;
  private readonly closed: Uint32Array;
  /** Per node: search id when the node is this net's own path node / own corner. */
  readonly ownPath: Uint32Array;
  readonly ownCorner: Uint32Array;
  /** Per node: search id when the node is on a side wall of this search (see router: walls). */
  readonly wall: Uint32Array;
  private readonly tgt: Uint32Array;
  private readonly tgtMask: Uint8Array;
  private readonly tgtCost: Float64Array;
  private readonly tgtTag: Int32Array;
  private heapKey = new Float64Array(1024);
  private heapVal = new Int32Array(1024);
  private heapSize = 0;
  private sid = 0;
  /** States popped in the last search (for profiling and limits). */
  expanded = 0;

  constructor(grid: RouteGrid) {
    this.grid = grid;
    const ns = grid.n * 8;
    this.gcost = new Float64Array(ns);
    this.parent = new Int32Array(ns);
    this.seen = new Uint32Array(ns);
    this.closed = new Uint32Array(ns);
    this.ownPath = new Uint32Array(grid.n);
    this.ownCorner = new Uint32Array(grid.n);
    this.wall = new Uint32Array(grid.n);
    this.tgt = new Uint32Array(grid.n);
    this.tgtMask = new Uint8Array(grid.n);
    this.tgtCost = new Float64Array(grid.n);
    this.tgtTag = new Int32Array(grid.n);
  }

  /** Starts a new search: returns its id, with which the caller marks the net's own metal (ownPath/ownCorner). */
  begin(): number {
    this.sid++;
    if (this.sid === 0xffffffff) throw new Error('search id overflow');
    return this.sid;
  }

  private push(key: number, val: number): void {
    if (this.heapSize === this.heapKey.length) {
      const k = new Float64Array(this.heapKey.length * 2);
      k.set(this.heapKey);
      const v = new Int32Array(this.heapVal.length * 2);
      v.set(this.heapVal);
      this.heapKey = k;
      this.heapVal = v;
    }
    const hk = this.heapKey;
    const hv = this.heapVal;
    let i = this.heapSize++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hk[p] <= key) break;
      hk[i] = hk[p];
      hv[i] = hv[p];
      i = p;
    }
    hk[i] = key;
    hv[i] = val;
  }

  /** Pops the minimum; its key is left in `lastKey`. */
  private lastKey = 0;
  private pop(): number {
    const hk = this.heapKey;
    const hv = this.heapVal;
    const top = hv[0];
    this.lastKey = hk[0];
    const n = --this.heapSize;
    if (n > 0) {
      const key = hk[n];
      const val = hv[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && hk[c + 1] < hk[c]) c++;
        if (hk[c] >= key) break;
        hk[i] = hk[c];
        hv[i] = hv[c];
        i = c;
      }
      hk[i] = key;
      hv[i] = val;
    }
    return top;
  }

  /**
   * Runs the search `sid` (from begin()). Returns the cheapest path or null when no target is
   * reachable within `maxStates` expansions.
   */
  run(sid: number, sources: readonly SearchSource[], targets: readonly SearchTarget[], costs: Costs, maxStates: number): SearchResult | null {
    const grid = this.grid;
    if (sources.length === 0 || targets.length === 0) return null;
    const { status, edgeBlock, step, ci, cj } = grid;
    const nx = grid.nx;
    const { occN, occC, hist, hard, allowTieOnly } = costs;
    const exitNet = costs.exitNet;
    const exitPen = costs.exitPen;
    const me = costs.net;
    const wall = this.wall;
    const wallPen = costs.wallPen ?? 0;
    const gw = costs.guide ? (costs.guideWeight ?? 0) : 0;
    const G = costs.guide ?? new Float64Array(4);
    const gx0 = G[0], gy0 = G[1], gdx = G[2] - G[0], gdy = G[3] - G[1];
    const glen2 = gdx * gdx + gdy * gdy;
    const ginv = glen2 === 0 ? 0 : 1 / glen2;
    const pf = costs.presFac;
    const own = this.ownPath;
    const ownC = this.ownCorner;
    const gcost = this.gcost;
    const parent = this.parent;
    const seen = this.seen;
    const closed = this.closed;
    // Targets and their bounding box (grid units) for the heuristic.
    let ti0 = Infinity, ti1 = -Infinity, tj0 = Infinity, tj1 = -Infinity;
    for (const t of targets) {
      const n = t.node;
      if (this.tgt[n] === sid) {
        // Two exits on one node: keep the union of masks and the cheaper extra cost.
        this.tgtMask[n] |= t.mask;
        if (t.cost < this.tgtCost[n]) {
          this.tgtCost[n] = t.cost;
          this.tgtTag[n] = t.tag;
        }
      } else {
        this.tgt[n] = sid;
        this.tgtMask[n] = t.mask;
        this.tgtCost[n] = t.cost;
        this.tgtTag[n] = t.tag;
      }
      ti0 = Math.min(ti0, ci[n]);
      ti1 = Math.max(ti1, ci[n]);
      tj0 = Math.min(tj0, cj[n]);
      tj1 = Math.max(tj1, cj[n]);
    }
    const D2 = Math.SQRT2 - 2;
    const h = (n: number): number => {
      const i = ci[n];
      const j = cj[n];
      const dx = i < ti0 ? ti0 - i : i > ti1 ? i - ti1 : 0;
      const dy = j < tj0 ? tj0 - j : j > tj1 ? j - tj1 : 0;
      return dx + dy + D2 * (dx < dy ? dx : dy);
    };
    this.heapSize = 0;
    const startMask = new Map<number, number>();
    const startTag = new Map<number, number>();
    for (const s of sources) {
      const st = s.node * 8 + s.dir;
      if (seen[st] === sid && gcost[st] <= s.cost) continue;
      seen[st] = sid;
      gcost[st] = s.cost;
      parent[st] = -1;
      startMask.set(st, s.mask);
      startTag.set(st, s.tag);
      this.push(s.cost + h(s.node), st);
    }
    let best = Infinity;
    let bestState = -1;
    let expanded = 0;
    while (this.heapSize > 0) {
      const st = this.pop();
      if (this.lastKey >= best) break;
      if (closed[st] === sid) continue;
      closed[st] = sid;
      if (++expanded > maxStates) break;
      const n = st >> 3;
      const d = st & 7;
      const g0 = gcost[st];
      if (this.tgt[n] === sid && (this.tgtMask[n] >> ((d + 4) & 7)) & 1) {
        const c = g0 + this.tgtCost[n];
        if (c < best) {
          best = c;
          bestState = st;
        }
      }
      const allowed = parent[st] === -1 ? startMask.get(st)! : NEXT[d];
      const eb = edgeBlock[n];
      for (let v = 0; v < 8; v++) {
        if (!((allowed >> v) & 1) || (eb >> v) & 1) continue;
        const m = n + step[v];
        const sm = status[m];
        if (sm === BLOCKED || (sm === TIE_ONLY && !allowTieOnly)) continue;
        if (own[m] === sid || ownC[m] === sid) continue;
        const occ = occN[m] + occC[m];
        if (hard && occ > 0) continue;
        let c = LEN[v] * (1 + hist[m]) * (1 + pf * occ) + TURN[(v - d) & 7];
        if (exitNet && exitNet[m] !== -1 && exitNet[m] !== me) c += exitPen![m];
        const mi = ci[m];
        const mj = cj[m];
        if (gw) {
          let t = ((mi - gx0) * gdx + (mj - gy0) * gdy) * ginv;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = gx0 + t * gdx - mi;
          const ey = gy0 + t * gdy - mj;
          c += gw * LEN[v] * Math.sqrt(ex * ex + ey * ey);
        }
        if (wall[m] === sid) c += wallPen;
        if (v & 1) {
          const c1 = n + DX[v];
          const c2 = n + DY[v] * nx;
          if (status[c1] !== BLOCKED) {
            if (own[c1] === sid) continue;
            const o1 = occN[c1];
            if (hard && o1 > 0) continue;
            c += 0.5 * (hist[c1] + pf * o1);
          }
          if (status[c2] !== BLOCKED) {
            if (own[c2] === sid) continue;
            const o2 = occN[c2];
            if (hard && o2 > 0) continue;
            c += 0.5 * (hist[c2] + pf * o2);
          }
        }
        const ng = g0 + c;
        const ns = m * 8 + v;
        if (seen[ns] === sid && ng >= gcost[ns]) continue;
        seen[ns] = sid;
        gcost[ns] = ng;
        parent[ns] = st;
        const hx = mi < ti0 ? ti0 - mi : mi > ti1 ? mi - ti1 : 0;
        const hy = mj < tj0 ? tj0 - mj : mj > tj1 ? mj - tj1 : 0;
        this.push(ng + hx + hy + D2 * (hx < hy ? hx : hy), ns);
      }
    }
    this.expanded = expanded;
    if (bestState < 0) return null;
    const rev: number[] = [];
    let s = bestState;
    let first = s;
    while (s !== -1) {
      rev.push(s >> 3);
      first = s;
      s = parent[s];
    }
    rev.reverse();
    return { nodes: Int32Array.from(rev), sourceTag: startTag.get(first)!, targetTag: this.tgtTag[bestState >> 3], cost: best };
  }
}
