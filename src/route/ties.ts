/**
 * Plating ties (process document 004): after routing, each net gets one tie from its metal to the
 * nearest die edge, where the street and the wafer's plating bus begin. A tie is routed on the same
 * grid with the other nets' metal as hard obstacles, may cross the keep-out band (TIE_ONLY nodes),
 * starts from a free exit of one of the net's pins or leaves a straight run of its trace at 90
 * degrees, and ends with a straight stub from the outermost grid node to the die edge. Its width
 * (<= the trace width) keeps the grid's spacing guarantee.
 */
import { BLOCKED, RouteGrid } from './grid.ts';
import type { Exit, Pin } from './pins.ts';
import { turnMask } from './pins.ts';
import { Search, type Costs, type SearchSource, type SearchTarget } from './search.ts';
import type { Conn } from './router.ts';

export interface TieRoute {
  /** Polyline (dbu, flat x, y pairs) from the anchor on the net's metal to the die edge, collinear runs merged. */
  readonly points: Int32Array;
  /** Grid nodes of the tie (the first may be the net's own trace node at a T-junction). */
  readonly nodes: Int32Array;
  /** Exit the tie starts from, or -1 for a T-junction on the trace. */
  readonly exit: number;
}

export interface TieNet {
  readonly id: number;
  readonly name: string;
  readonly order: readonly number[];
  readonly conns: readonly Conn[];
}

export function routeTies(
  grid: RouteGrid,
  search: Search,
  pins: readonly Pin[],
  exits: readonly Exit[],
  nets: readonly TieNet[],
  occN: Uint16Array,
  occC: Uint16Array,
  dieW: number,
  dieH: number,
  usedOf: (conns: readonly Conn[]) => [Int32Array, Int32Array],
): Map<number, { route: TieRoute } | { reason: string }> {
  const out = new Map<number, { route: TieRoute } | { reason: string }>();
  const zeroH = new Float32Array(grid.n);
  const costs: Costs = { occN, occC, hist: zeroH, presFac: 0, hard: true, allowTieOnly: true, net: -1 };
  const { nx, ny } = grid;
  // Die-edge targets: the outermost nodes, facing their edge (side 0 left, 1 right, 2 bottom, 3 top).
  const edgeTargets: { node: number; side: number }[] = [];
  for (let j = 0; j < ny; j++) {
    edgeTargets.push({ node: grid.node(0, j), side: 0 });
    edgeTargets.push({ node: grid.node(nx - 1, j), side: 1 });
  }
  for (let i = 0; i < nx; i++) {
    edgeTargets.push({ node: grid.node(i, 0), side: 2 });
    edgeTargets.push({ node: grid.node(i, ny - 1), side: 3 });
  }
  // Direction from the node into the edge per side, and the "outgoing from the edge" mask.
  const SIDE_DIR = [4, 0, 6, 2];
  // Nets nearest the edge first: they have the shortest ties and block the fewest others.
  const edgeDist = (p: Pin) => Math.min(dieW / 2 - Math.abs(p.cx), dieH / 2 - Math.abs(p.cy));
  const order = [...nets].sort((a, b) => Math.min(...a.order.map((p) => edgeDist(pins[p]))) - Math.min(...b.order.map((p) => edgeDist(pins[p]))) || a.id - b.id);
  for (const net of order) {
    const sid = search.begin();
    const [own, ownC] = usedOf(net.conns);
    for (const n of own) search.ownPath[n] = sid;
    for (const n of ownC) search.ownCorner[n] = sid;
    const usedExits = new Set<number>();
    for (const c of net.conns) {
      usedExits.add(c.src);
      usedExits.add(c.dst);
    }
    const sources: SearchSource[] = [];
    for (const p of net.order) {
      for (const e of pins[p].exits) {
        if (usedExits.has(e)) continue;
        const ex = exits[e];
        if (grid.status[ex.node] === BLOCKED) continue;
        if (search.ownPath[ex.node] === sid || search.ownCorner[ex.node] === sid) continue;
        if (occN[ex.node] + occC[ex.node] > 0) continue;
        if ([...ex.claims].some((c) => occN[c] > 0 || search.ownPath[c] === sid)) continue;
        sources.push({ node: ex.node, dir: ex.dir, mask: ex.mask, cost: 0, tag: e });
      }
    }
    // T-junctions: interior nodes of straight runs, leaving at 90 degrees (both sides).
    for (const c of net.conns) {
      const nodes = c.nodes;
      for (let k = 1; k + 1 < nodes.length; k++) {
        const a = nodes[k] - nodes[k - 1];
        if (nodes[k + 1] - nodes[k] !== a) continue;
        let d = -1;
        for (let q = 0; q < 8; q++) if (grid.step[q] === a) d = q;
        if (d < 0) continue;
        const mask = (1 << ((d + 2) & 7)) | (1 << ((d + 6) & 7));
        sources.push({ node: nodes[k], dir: d, mask, cost: 0.5, tag: -1 });
      }
    }
    const targets: SearchTarget[] = [];
    for (const t of edgeTargets) {
      const n = t.node;
      if (n < 0 || grid.status[n] === BLOCKED || occN[n] + occC[n] > 0 || search.ownCorner[n] === sid) continue;
      // An own path node on the edge row (the trace itself reaching the edge) is not expected; skip it.
      if (search.ownPath[n] === sid && !sources.some((s) => s.node === n)) continue;
      targets.push({ node: n, mask: turnMask((SIDE_DIR[t.side] + 4) & 7), cost: 0, tag: t.side });
    }
    if (sources.length === 0) {
      out.set(net.id, { reason: 'no free exit on its pads and no straight run of its trace to leave from' });
      continue;
    }
    const res = search.run(sid, sources, targets, costs, Math.max(200_000, grid.n * 2));
    if (!res) {
      out.set(net.id, { reason: 'no free path to the die edge through the other nets\' metal' });
      continue;
    }
    const nodes = res.nodes;
    // The side: the one the last step can turn into (<= 90 degrees).
    const last = nodes[nodes.length - 1];
    const lastDir = nodes.length >= 2 ? dirBetween(grid, nodes[nodes.length - 2], last) : sources.find((s) => s.tag === res.sourceTag && s.node === nodes[0])?.dir ?? 0;
    let side = -1;
    for (const t of edgeTargets) {
      if (t.node !== last) continue;
      const dd = (SIDE_DIR[t.side] - lastDir + 8) & 7;
      if (dd <= 2 || dd >= 6) {
        side = t.side;
        break;
      }
    }
    if (side < 0) side = res.targetTag;
    const pts: number[] = [];
    if (res.sourceTag >= 0) pts.push(exits[res.sourceTag].ax, exits[res.sourceTag].ay);
    for (const n of nodes) pts.push(grid.x(n), grid.y(n));
    const lx = grid.x(last);
    const ly = grid.y(last);
    const half = (v: number) => (v >= 0 ? Math.floor(v / 2) : -Math.floor(-v / 2));
    if (side === 0) pts.push(-half(dieW), ly);
    else if (side === 1) pts.push(half(dieW), ly);
    else if (side === 2) pts.push(lx, -half(dieH));
    else pts.push(lx, half(dieH));
    const route: TieRoute = { points: mergeCollinear(pts), nodes, exit: res.sourceTag };
    out.set(net.id, { route });
    // Occupy the tie's nodes, corners and stub claims (the net's own metal is counted already).
    const [tn, tc] = usedOf([{ src: res.sourceTag, dst: -1, nodes }]);
    const ownSet = new Set(own);
    for (const n of ownC) ownSet.add(n);
    for (const n of tn) if (!ownSet.has(n)) occN[n]++;
    for (const n of tc) if (!ownSet.has(n)) occC[n]++;
  }
  return out;
}

function dirBetween(grid: RouteGrid, a: number, b: number): number {
  for (let q = 0; q < 8; q++) if (a + grid.step[q] === b) return q;
  return 0;
}

/** Drops repeated points and interior points of straight runs (flat x, y pairs). */
export function mergeCollinear(pts: readonly number[]): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < pts.length; i += 2) {
    const x = pts[i];
    const y = pts[i + 1];
    const k = out.length;
    if (k >= 2 && out[k - 2] === x && out[k - 1] === y) continue;
    if (k >= 4) {
      const ax = out[k - 4];
      const ay = out[k - 3];
      const bx = out[k - 2];
      const by = out[k - 1];
      // b is redundant when a, b, (x, y) are collinear and b lies between them.
      if ((bx - ax) * (y - by) === (by - ay) * (x - bx) && (bx - ax) * (x - bx) + (by - ay) * (y - by) >= 0) {
        out[k - 2] = x;
        out[k - 1] = y;
        continue;
      }
    }
    out.push(x, y);
  }
  return Int32Array.from(out);
}
