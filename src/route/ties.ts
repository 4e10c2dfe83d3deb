/**
 * Plating ties (process document 004): after routing, each net gets one tie from its metal to the
 * nearest die edge, where the street and the wafer's plating bus begin. A tie is routed on the same
 * grid with the other nets' metal as hard obstacles, may cross the keep-out band (TIE_ONLY nodes),
 * starts from a free exit of one of the net's pins or leaves a straight run of its trace at 90
 * degrees, and ends with a straight stub from the outermost grid node to the die edge. Its width
 * (<= the trace width) keeps the grid's spacing guarantee.
 *
 * Before that, a die pad near the edge gets what a layout engineer draws: a straight stub from the
 * pad, perpendicular to its nearest die edge, meeting the pad's straight edge at 90 degrees, when the
 * stub keeps the trace space from every other net's metal (checked exactly on the drawn shapes).
 * Such pads often have no grid node between their halo and the edge (pad outer edge within
 * space + half a trace of the edge), so the grid cannot reach them from outside. The accepted stubs
 * become grid obstacles, so the grid-routed ties of the remaining nets keep their space from them.
 */
import { BLOCKED, makeObstacle, RouteGrid } from './grid.ts';
import { MetalIndex } from './metal.ts';
import type { Exit, Pin } from './pins.ts';
import { turnMask } from './pins.ts';
import { bboxOf, octagon, rectRing } from './shapes.ts';
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
  tieW: number,
  keepOut: number,
): Map<number, { route: TieRoute } | { reason: string }> {
  const out = new Map<number, { route: TieRoute } | { reason: string }>();
  const firstStubObstacle = grid.obstacles.length;
  for (const [id, route] of straightStubs(grid, pins, exits, nets, dieW, dieH, tieW, keepOut)) out.set(id, { route });
  // The stubs are static metal now: nodes and moves of later ties near them are blocked.
  grid.blockEdges(firstStubObstacle);
  const stubObstacles = grid.obstacles.slice(firstStubObstacle);
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
    if (out.has(net.id)) continue;
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
        // The exit's own stub (anchor to node) is not a grid move: test it against the tie stubs.
        if (stubObstacles.some((o) => !grid.segmentClear(ex.ax, ex.ay, grid.x(ex.node), grid.y(ex.node), o))) continue;
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

/**
 * Straight tie stubs from die pads to their nearest die edge (see the module comment). A pad qualifies
 * when its metal's outer edge is within keepOut + g of the die edge: the stub then crosses only the
 * keep-out band and the pad's own halo, never the routing area, so it walls off no other net's tie.
 * The stub runs from the pad centre line (its end octagon inside the pad) to the die edge, at the pad
 * centre or shifted along the pad edge by multiples of g / 2 while the whole tie width stays on the
 * pad; the first position that keeps `space` from all other nets' metal (pads, exit stubs, traces,
 * earlier stubs) is taken. Nets nearest the edge first. Returns net id -> route; adds each accepted
 * stub to the grid as an obstacle (the caller re-blocks edges). All lengths dbu.
 */
function straightStubs(
  grid: RouteGrid,
  pins: readonly Pin[],
  exits: readonly Exit[],
  nets: readonly TieNet[],
  dieW: number,
  dieH: number,
  tieW: number,
  keepOut: number,
): Map<number, TieRoute> {
  const out = new Map<number, TieRoute>();
  const { g, s } = grid;
  const index = new MetalIndex(4 * g);
  // Item ids per net (own metal the stub may touch); pins of no routed net count as foreign metal.
  const own = new Map<number, Set<number>>();
  const pinNet = new Int32Array(pins.length).fill(-1);
  for (const net of nets) for (const p of net.order) pinNet[p] = net.id;
  const addOwn = (net: number, id: number) => {
    let set = own.get(net);
    if (!set) own.set(net, (set = new Set()));
    set.add(id);
  };
  for (let p = 0; p < pins.length; p++) {
    const id = index.add({ kind: 'poly', net: pinNet[p], poly: pins[p].metal });
    if (pinNet[p] >= 0) addOwn(pinNet[p], id);
  }
  for (const net of nets) {
    for (const c of net.conns) {
      for (const e of [c.src, c.dst]) {
        const ex = exits[e];
        addOwn(net.id, index.add({ kind: 'seg', net: net.id, ax: ex.ax, ay: ex.ay, bx: grid.x(ex.node), by: grid.y(ex.node), oct: grid.oct }));
      }
      // One item per grid step (diagonal claims are implied by the exact metal test).
      for (let k = 1; k < c.nodes.length; k++) {
        const a = c.nodes[k - 1];
        const b = c.nodes[k];
        addOwn(net.id, index.add({ kind: 'seg', net: net.id, ax: grid.x(a), ay: grid.y(a), bx: grid.x(b), by: grid.y(b), oct: grid.oct }));
      }
    }
  }
  const h = tieW / 2;
  const tieOct = octagon(tieW);
  // Die edges as the grid-routed ties end on them (die sizes are positive).
  const halfW = Math.floor(dieW / 2);
  const halfH = Math.floor(dieH / 2);
  const edgeDist = (p: Pin) => Math.min(dieW / 2 - Math.abs(p.cx), dieH / 2 - Math.abs(p.cy));
  const order = [...nets].sort((a, b) => Math.min(...a.order.map((p) => edgeDist(pins[p]))) - Math.min(...b.order.map((p) => edgeDist(pins[p]))) || a.id - b.id);
  for (const net of order) {
    const skip = own.get(net.id) ?? new Set<number>();
    let found: { route: TieRoute; rect: Int32Array; pin: number } | null = null;
    for (const p of net.order) {
      const pin = pins[p];
      if (pin.kind !== 'pad' || found) continue;
      const [x0, y0, x1, y1] = bboxOf(pin.metal);
      // Sides: [gap from the pad metal to the die edge, side (0 left, 1 right, 2 bottom, 3 top)], nearest first.
      const sides = ([[x0 + dieW / 2, 0], [dieW / 2 - x1, 1], [y0 + dieH / 2, 2], [dieH / 2 - y1, 3]] as [number, number][])
        .filter(([gap]) => gap >= 0 && gap <= keepOut + g)
        .sort((a, b) => a[0] - b[0]);
      for (const [, side] of sides) {
        if (found) break;
        const vertical = side >= 2; // stub along y
        const lo = vertical ? x0 : y0;
        const hi = vertical ? x1 : y1;
        const c = vertical ? pin.cx : pin.cy;
        const room = Math.min(c - lo, hi - c) - h;
        for (let k = 0; !found && k * (g / 2) <= room; k++) {
          for (const t of k === 0 ? [0] : [k * (g / 2), -k * (g / 2)]) {
            const along = Math.round(c + t);
            let rect: Int32Array;
            let pts: number[];
            if (side === 0) { rect = rectRing(-halfW, along - h, pin.cx, along + h); pts = [pin.cx, along, -halfW, along]; }
            else if (side === 1) { rect = rectRing(pin.cx, along - h, halfW, along + h); pts = [pin.cx, along, halfW, along]; }
            else if (side === 2) { rect = rectRing(along - h, -halfH, along + h, pin.cy); pts = [along, pin.cy, along, -halfH]; }
            else { rect = rectRing(along - h, pin.cy, along + h, halfH); pts = [along, pin.cy, along, halfH]; }
            if (!index.clear(rect, s, skip)) continue;
            // The end octagon at the anchor must lie inside the pad (it is drawn with the stub).
            const ax = pts[0];
            const ay = pts[1];
            if (ax - tieOct[0] < x0 || ax + tieOct[0] > x1 || ay - tieOct[0] < y0 || ay + tieOct[0] > y1) continue;
            found = { route: { points: Int32Array.from(pts), nodes: new Int32Array(0), exit: -1 }, rect, pin: p };
            break;
          }
        }
      }
    }
    if (!found) continue;
    out.set(net.id, found.route);
    index.add({ kind: 'poly', net: net.id, poly: found.rect });
    const [rx0, ry0, rx1, ry1] = bboxOf(found.rect);
    grid.addObstacle(makeObstacle(found.rect, Math.round((rx0 + rx1) / 2), Math.round((ry0 + ry1) / 2), grid.oct, found.pin));
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
