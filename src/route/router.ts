/**
 * The RDL router: die pads -> balls on one metal layer.
 *
 * 1. Pins: every die pad gets its RDL landing pad (padStack), every ball its capture pad (a 64-gon
 *    with flats on the 8 routing directions, or the bump cell's own polygon); both are static metal
 *    on the grid (grid.ts) with straight octilinear exits (pins.ts). The lattice phase is chosen per
 *    axis for the most tracks between neighbouring balls.
 * 2. Assignment (assign.ts): least total octilinear length, uncrossed; or fixed by the bump map.
 * 3. Nets: pins of one net are joined in octilinear-MST (Prim) order, each new pin routed to any free
 *    exit of the pins already joined (power nets with several pads and balls become one island).
 * 4. Negotiated congestion (PathFinder): every net routes with A* (search.ts) while nodes may be
 *    shared at a price that grows each round and with each node's history of overuse; the nets on
 *    overused nodes and their neighbours are rerouted until no node is shared, the rounds stall, or
 *    the budget ends. Each route is steered towards its cross-free straight pin-to-pin segment (a
 *    small cost per step for the distance from it, and side walls at the balls it passes), which
 *    keeps routes in the homotopy the assignment implies: negotiation then resolves congestion
 *    rather than crossings. Then nets still sharing are ripped up (nets behind an over-full cut
 *    first) and routed with every other net a hard obstacle; failures are repaired by rip-up and
 *    reroute of what blocks them, then by exchanging balls with a nearby auto-assigned net; finally
 *    every net is rerouted once, plain shortest path among the fixed others, to remove steering jogs.
 *    A net that still has no path fails with its reason: no exit, walled in, a ring cut over
 *    capacity (capacity.ts: the channel argument), or congestion.
 * 5. Plating ties (ties.ts), teardrops sized to the metal really drawn (largest that keeps the
 *    space, at least the one proven to fit at the exit), and the merged polygons (output.ts).
 *
 * Every length inside is dbu; the result reports micrometres. Time is bounded by options.timeLimitMs
 * and maxIterations; searches are bounded in states.
 */
import type { Diagnostic } from '../core/errors.ts';
import { InputError } from '../core/errors.ts';
import { padStack } from '../tech/construction.ts';
import { assign, octile } from './assign.ts';
import { analyseCuts, ringBoxUm, type CutAnalysis } from './capacity.ts';
import { BLOCKED, DX, DY, FREE, makeObstacle, RouteGrid, TIE_ONLY } from './grid.ts';
import { MetalIndex } from './metal.ts';
import { buildOutput, type ConnGeom, type NetGeom } from './output.ts';
import { bumpExits, padExits, teardropCandidates, type Exit, type Pin } from './pins.ts';
import { Search, type Costs, type SearchSource, type SearchTarget } from './search.ts';
import { circlePolygon, convexHull, octagon, rectRing, translated } from './shapes.ts';
import { routeTies, type TieRoute } from './ties.ts';
import type { CutReport, NetRoute, RouteProblem, RouteResult } from './types.ts';

/** Total extra cost (grid steps) spread over a pin's exits for other nets passing through them. */
const EXIT_GUARD = 4;
/** Cost per step per grid step of distance from the net's straight pin-to-pin segment (see Costs.guide). */
const GUIDE_WEIGHT = 0.2;

/** Nets within this many nodes of an overused node are rerouted too. */
const HOT_RADIUS = 3;

/** Side walls: their length beyond the capture pad (grid steps) and the cost of a node on one. */
const WALL_LENGTH = 6;
const WALL_PEN = 8;

/** Present-sharing price cap: beyond it the search only gets slower (costs dwarf the heuristic). */
const MAX_PRES_FAC = 100;
/** The cleanup pass runs only while less than this fraction of the time budget is spent. */
const CLEANUP_BUDGET = 0.5;
/** Negotiation stops after this many rounds without fewer overused nodes. */
const STALL_ROUNDS = 4;

const OPTION_KEYS = new Set(['assignment', 'ties', 'maxIterations', 'timeLimitMs', 'layer', 'gridPitch', 'circleVertices', 'capturePolygon']);
const PROBLEM_KEYS = new Set(['die', 'pads', 'bumps', 'tech', 'keepOut', 'options']);

/** A routed connection: grid nodes from the source exit node to the target exit node. */
export interface Conn {
  readonly src: number;
  readonly dst: number;
  readonly nodes: Int32Array;
}

interface NetState {
  readonly id: number;
  readonly name: string;
  /** Pins in Prim order (the first is a pad). Repair may swap the bump of an auto-assigned net. */
  order: number[];
  /** Octilinear MST length of the pin centres, dbu. */
  lb: number;
  /** Auto-assigned single pad + single bump: its bump may be exchanged with another such net's. */
  readonly swappable: boolean;
  conns: Conn[];
  usedN: Int32Array;
  usedC: Int32Array;
  routed: boolean;
  /** Set when the net cannot route whatever the other nets do. */
  staticFail?: string;
  reason?: string;
  tie?: TieRoute | null;
  tieReason?: string;
}

function fail(code: string, message: string): never {
  throw new InputError(code, `route: ${message}`);
}

function checkInt(v: unknown, what: string, min = -2147483648): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 2147483647) fail('E_ROUTE_INPUT', `${what} = ${String(v)} (allowed: an integer number of dbu >= ${min})`);
  return v;
}

/** Routes a die; see the module comment. Throws InputError on bad input; routing failures are data. */
export function routeDie(problem: RouteProblem): RouteResult {
  const tStart = performance.now();
  for (const k of Object.keys(problem)) if (!PROBLEM_KEYS.has(k)) fail('E_ROUTE_INPUT', `unknown key '${k}' (allowed: ${[...PROBLEM_KEYS].join(', ')})`);
  const opts = problem.options ?? {};
  for (const k of Object.keys(opts)) if (!OPTION_KEYS.has(k)) fail('E_ROUTE_INPUT', `unknown option '${k}' (allowed: ${[...OPTION_KEYS].join(', ')})`);
  const { tech } = problem;
  if (!tech || !tech.construction) fail('E_ROUTE_INPUT', 'tech must be a Technology (use preset() or loadTech())');
  const W = checkInt(problem.die?.width, 'die.width', 1);
  const H = checkInt(problem.die?.height, 'die.height', 1);
  const C = tech.construction;
  const w = C.rdl.width;
  const s = C.rdl.space;
  const layer = opts.layer ?? 'RDL';
  if (!tech.layers[layer]) fail('E_ROUTE_INPUT', `layer '${layer}' is not in technology '${tech.name}' (layers: ${Object.keys(tech.layers).join(', ')})`);
  if (w % 2 !== 0) fail('E_ROUTE_INPUT', `trace width ${w} dbu must be even`);
  const g = opts.gridPitch === undefined ? w + s : checkInt(opts.gridPitch, 'options.gridPitch', w + s);
  const keepOut = problem.keepOut === undefined ? C.seal.inset + C.seal.width + s : checkInt(problem.keepOut, 'keepOut', 0);
  const mode = opts.assignment === undefined || opts.assignment === 'auto' ? 'auto' : opts.assignment === 'fixed' || opts.assignment === 'map' ? 'fixed' : fail('E_ROUTE_INPUT', `options.assignment '${String(opts.assignment)}' (allowed: auto, fixed, map)`);
  const maxIter = opts.maxIterations === undefined ? 40 : checkInt(opts.maxIterations, 'options.maxIterations', 1);
  const timeLimit = opts.timeLimitMs === undefined ? 60_000 : checkInt(opts.timeLimitMs, 'options.timeLimitMs', 1);
  const circleN = opts.circleVertices === undefined ? 64 : checkInt(opts.circleVertices, 'options.circleVertices', 16);
  if (circleN % 8 !== 0) fail('E_ROUTE_INPUT', `options.circleVertices ${circleN} must be a multiple of 8`);
  let tieW = 0;
  if (opts.ties) {
    tieW = checkInt(opts.ties.width, 'options.ties.width', 1);
    if (tieW % 2 !== 0 || tieW > w || tieW < tech.rules.rdl.minWidth) {
      fail('E_ROUTE_INPUT', `options.ties.width ${tieW / 1000} um must be even (in nm), at least rule rdl.minWidth ${tech.rules.rdl.minWidth / 1000} um and at most the trace width ${w / 1000} um (ties share the trace grid)`);
    }
  }
  const names = new Set<string>();
  problem.pads.forEach((p, i) => {
    if (typeof p.name !== 'string' || !p.name) fail('E_ROUTE_INPUT', `pads[${i}].name must be a non-empty string`);
    if (names.has(p.name)) fail('E_ROUTE_INPUT', `pad name '${p.name}' is used twice`);
    names.add(p.name);
    if (typeof p.net !== 'string' || !p.net) fail('E_ROUTE_INPUT', `pad '${p.name}': net must be a non-empty string`);
    checkInt(p.x, `pad '${p.name}' x`);
    checkInt(p.y, `pad '${p.name}' y`);
    checkInt(p.w, `pad '${p.name}' w`, 1);
    checkInt(p.h, `pad '${p.name}' h`, 1);
  });
  const bnames = new Set<string>();
  problem.bumps.forEach((b, i) => {
    if (typeof b.name !== 'string' || !b.name) fail('E_ROUTE_INPUT', `bumps[${i}].name must be a non-empty string`);
    if (bnames.has(b.name)) fail('E_ROUTE_INPUT', `bump name '${b.name}' is used twice`);
    bnames.add(b.name);
    checkInt(b.x, `bump '${b.name}' x`);
    checkInt(b.y, `bump '${b.name}' y`);
    if (b.net !== undefined && (typeof b.net !== 'string' || !b.net)) fail('E_ROUTE_INPUT', `bump '${b.name}': net must be a non-empty string when given`);
  });
  const diagnostics: Diagnostic[] = [];
  const um = (v: number) => v / 1000;

  // ---- Pins, grid, exits ----
  const pins: Pin[] = [];
  const padRects: [number, number][] = [];
  for (let i = 0; i < problem.pads.length; i++) {
    const p = problem.pads[i];
    const { rdlPad } = padStack(tech, p.w, p.h);
    const [rw, rh] = rdlPad;
    const x0 = p.x - Math.floor(rw / 2);
    const y0 = p.y - Math.floor(rh / 2);
    pins.push({ kind: 'pad', index: i, name: p.name, cx: p.x, cy: p.y, metal: rectRing(x0, y0, x0 + rw, y0 + rh), radius: 0, obstacle: -1, exits: [] });
    padRects.push([rw, rh]);
  }
  const capture = opts.capturePolygon ? checkCapture(opts.capturePolygon) : circlePolygon(0, 0, C.capture.diameter, circleN);
  // Inradius: the distance from the centre to the nearest flat (what a teardrop and a track see).
  let capR = Infinity;
  let capOut = 0;
  for (let i = 0, j = capture.length - 2; i < capture.length; j = i, i += 2) {
    const ex = capture[i] - capture[j];
    const ey = capture[i + 1] - capture[j + 1];
    capR = Math.min(capR, (ex * -capture[j + 1] - ey * -capture[j]) / Math.hypot(ex, ey));
    capOut = Math.max(capOut, Math.hypot(capture[i], capture[i + 1]));
  }
  const d = 2 * capOut;
  for (let i = 0; i < problem.bumps.length; i++) {
    const b = problem.bumps[i];
    pins.push({ kind: 'bump', index: i, name: b.name, cx: b.x, cy: b.y, metal: translated(capture, b.x, b.y), radius: capR, obstacle: -1, exits: [] });
  }
  const nPads = problem.pads.length;
  // Metal outside the die (minus the keep-out band) is reported, not silently accepted.
  const limX = W / 2 - keepOut;
  const limY = H / 2 - keepOut;
  for (const p of pins) {
    const m = p.metal;
    for (let i = 0; i < m.length; i += 2) {
      if (Math.abs(m[i]) > limX || Math.abs(m[i + 1]) > limY) {
        diagnostics.push({ code: 'W_PIN_KEEPOUT', severity: 'warning', message: `${p.kind} '${p.name}': its ${p.kind === 'pad' ? 'landing' : 'capture'} pad reaches into the ${um(keepOut)} um keep-out band along the die edge`, location: { layer, xyUm: [um(p.cx), um(p.cy)] } });
        break;
      }
    }
  }
  const a = Math.ceil(w / 2);
  let capX = 0;
  let capY = 0;
  for (let i = 0; i < capture.length; i += 2) {
    capX = Math.max(capX, Math.abs(capture[i]));
    capY = Math.max(capY, Math.abs(capture[i + 1]));
  }
  const phaseX = choosePhase(g, problem.bumps.map((b) => [b.x, b.y] as const), capX + s + a, padRects.map((r, i) => [problem.pads[i].x, r[0] / 2 - a] as const));
  const phaseY = choosePhase(g, problem.bumps.map((b) => [b.y, b.x] as const), capY + s + a, padRects.map((r, i) => [problem.pads[i].y, r[1] / 2 - a] as const));
  const grid = new RouteGrid(W, H, keepOut, w, s, g, phaseX, phaseY);
  if (grid.nx < 2 || grid.ny < 2) fail('E_ROUTE_INPUT', `die ${um(W)} x ${um(H)} um is too small for a ${um(g)} um routing grid`);
  for (let i = 0; i < pins.length; i++) pins[i].obstacle = grid.addObstacle(makeObstacle(pins[i].metal, pins[i].cx, pins[i].cy, grid.oct, i));
  grid.blockEdges();
  const exits: Exit[] = [];
  for (let i = 0; i < pins.length; i++) {
    const p = pins[i];
    if (p.kind === 'pad') padExits(grid, i, p, padRects[i][0], padRects[i][1], exits);
    else bumpExits(grid, i, p, exits);
  }
  const tSetup = performance.now();

  // ---- Assignment and nets ----
  const asg = assign(problem.pads, problem.bumps, mode);
  const tAssign = performance.now();
  const netPins = new Map<string, number[]>();
  const add = (net: string, pin: number) => {
    let l = netPins.get(net);
    if (!l) netPins.set(net, (l = []));
    l.push(pin);
  };
  const unassignedPads = new Set(asg.unassignedPads);
  problem.pads.forEach((p, i) => {
    if (!unassignedPads.has(i)) add(p.net, i);
  });
  asg.bumpNet.forEach((net, i) => {
    if (net && !asg.unassignedBumps.includes(i)) add(net, nPads + i);
  });
  for (const i of asg.unassignedPads) diagnostics.push({ code: 'W_PAD_UNASSIGNED', severity: 'warning', message: `pad '${problem.pads[i].name}' (net ${problem.pads[i].net}) has no ball: ${mode === 'fixed' ? 'no bump of its net in the bump map' : 'more pads than free bump sites'}`, location: { layer, xyUm: [um(problem.pads[i].x), um(problem.pads[i].y)] } });
  for (const i of asg.unassignedBumps) {
    const b = problem.bumps[i];
    diagnostics.push({ code: 'W_BUMP_UNASSIGNED', severity: b.net ? 'warning' : 'info', message: b.net ? `bump '${b.name}' (net ${b.net}) has no pad of its net` : `bump '${b.name}' is left without a pad (no-connect ball)`, location: { layer, xyUm: [um(b.x), um(b.y)] } });
  }
  const nets: NetState[] = [];
  for (const [name, list] of netPins) {
    const padPins = list.filter((p) => p < nPads);
    const bumpPins = list.filter((p) => p >= nPads);
    if (padPins.length === 0 || bumpPins.length === 0) continue;
    const { order, length } = primOrder(pins, [...padPins, ...bumpPins]);
    const swappable = mode === 'auto' && padPins.length === 1 && bumpPins.length === 1 && !problem.bumps[bumpPins[0] - nPads].net;
    nets.push({ id: nets.length, name, order, lb: length, swappable, conns: [], usedN: new Int32Array(0), usedC: new Int32Array(0), routed: false });
  }

  // ---- Capacity analysis ----
  const usableExitNodes = (p: number) => pins[p].exits.map((e) => exits[e]).filter((e) => grid.status[e.node] === FREE).map((e) => e.node);
  const cutA: CutAnalysis = analyseCuts(grid, nets.map((n) => n.order.map(usableExitNodes)));
  let tight: { k: number; demand: number; capacity: number } | undefined;
  // Tightest: the highest demand / capacity (an empty ring with demand is infinitely tight).
  const load = (c: { demand: number; capacity: number }) => (c.capacity === 0 ? Infinity : c.demand / c.capacity);
  for (const c of cutA.cuts) if (!tight || load(c) > load(tight)) tight = c;
  const overCuts = cutA.cuts.filter((c) => c.demand > c.capacity);
  for (const p of pins) {
    if (!p.exits.some((e) => grid.status[exits[e].node] === FREE)) {
      const net = nets.find((n) => n.order.includes(pins.indexOf(p)));
      if (net) net.staticFail = `${p.kind} '${p.name}' has no usable exit: every grid line from its ${p.kind === 'pad' ? 'landing' : 'capture'} pad is blocked by neighbouring metal or the keep-out band`;
    }
  }

  // ---- Negotiated routing ----
  const N = grid.n;
  const occN = new Uint16Array(N);
  const occC = new Uint16Array(N);
  const hist = new Float32Array(N);
  // Exit nodes are a pin's only doors: another net passing through one pays, the more the fewer doors the pin has.
  const exitNet = new Int32Array(N).fill(-1);
  const exitPen = new Float32Array(N);
  {
    const pinNetId = new Int32Array(pins.length).fill(-1);
    for (const net of nets) for (const p of net.order) pinNetId[p] = net.id;
    for (let p = 0; p < pins.length; p++) {
      const usable = pins[p].exits.filter((e) => grid.status[exits[e].node] === FREE);
      for (const e of usable) {
        const n = exits[e].node;
        const owner = pinNetId[p];
        exitNet[n] = exitNet[n] === -1 || exitNet[n] === owner ? owner : -2;
        exitPen[n] = Math.max(exitPen[n], EXIT_GUARD / usable.length);
      }
    }
  }
  const costs: Costs = { occN, occC, hist, presFac: 0.5, hard: false, allowTieOnly: false, exitNet, exitPen, net: -1 };
  const search = new Search(grid);
  const stamp = new Uint32Array(N);
  let stampId = 0;
  const maxStates = Math.max(200_000, Math.min(8 * N, 4_000_000));

  const ripup = (net: NetState) => {
    for (const n of net.usedN) occN[n]--;
    for (const n of net.usedC) occC[n]--;
    net.usedN = new Int32Array(0);
    net.usedC = new Int32Array(0);
    net.conns = [];
    net.routed = false;
  };
  /** Path nodes, diagonal corners and stub claims of a set of connections (each node once; a node that is a path node is not also a corner). */
  const usedOf = (conns: readonly Conn[]): [Int32Array, Int32Array] => {
    stampId++;
    const pathNodes: number[] = [];
    for (const c of conns) {
      for (const n of c.nodes) {
        if (stamp[n] !== stampId) {
          stamp[n] = stampId;
          pathNodes.push(n);
        }
      }
    }
    const corner: number[] = [];
    const pstamp = stampId;
    const cstamp = ++stampId;
    const addCorner = (c: number) => {
      if (grid.status[c] === BLOCKED || stamp[c] === pstamp || stamp[c] === cstamp) return;
      stamp[c] = cstamp;
      corner.push(c);
    };
    for (const c of conns) {
      const nodes = c.nodes;
      for (let k = 1; k < nodes.length; k++) {
        const from = nodes[k - 1];
        const dx = grid.ci[nodes[k]] - grid.ci[from];
        const dy = grid.cj[nodes[k]] - grid.cj[from];
        if (dx !== 0 && dy !== 0) {
          addCorner(from + dx);
          addCorner(from + dy * grid.nx);
        }
      }
      for (const e of [c.src, c.dst]) if (e >= 0) for (const cl of exits[e].claims) addCorner(cl);
    }
    return [Int32Array.from(pathNodes), Int32Array.from(corner)];
  };
  const commit = (net: NetState, conns: Conn[]) => {
    const [un, uc] = usedOf(conns);
    for (const n of un) occN[n]++;
    for (const n of uc) occC[n]++;
    net.usedN = un;
    net.usedC = uc;
    net.conns = conns;
    net.routed = true;
  };
  const over = (n: number) => occN[n] >= 2 || (occN[n] >= 1 && occC[n] >= 1);
  const overuseOf = (net: NetState) => {
    let k = 0;
    for (const n of net.usedN) if (over(n)) k++;
    for (const n of net.usedC) if (occN[n] >= 1) k++;
    return k;
  };

  const exitStartCost = (e: Exit, c: Costs): number => {
    const pf = c.presFac;
    let v = hist[e.node] + pf * (occN[e.node] + occC[e.node]);
    for (const cl of e.claims) v += 0.5 * (hist[cl] + pf * occN[cl]);
    return v;
  };
  const exitClaimCost = (e: Exit, c: Costs): number => {
    let v = 0;
    for (const cl of e.claims) v += 0.5 * (hist[cl] + c.presFac * occN[cl]);
    return v;
  };
  const exitUsable = (e: Exit, sid: number, c: Costs): boolean => {
    const st = grid.status[e.node];
    if (st === BLOCKED || (st === TIE_ONLY && !c.allowTieOnly)) return false;
    if (search.ownPath[e.node] === sid || search.ownCorner[e.node] === sid) return false;
    for (const cl of e.claims) if (search.ownPath[cl] === sid) return false;
    if (c.hard) {
      if (occN[e.node] + occC[e.node] > 0) return false;
      for (const cl of e.claims) if (occN[cl] > 0) return false;
    }
    return true;
  };
  const markOwn = (sid: number, conns: readonly Conn[]) => {
    const [un, uc] = usedOf(conns);
    for (const n of un) search.ownPath[n] = sid;
    for (const n of uc) search.ownCorner[n] = sid;
  };

  /** Routes every connection of the net under `c`; commits on success. Returns false (nothing committed) on failure. */
  const routeNet = (net: NetState, c: Costs, plain = false): boolean => {
    c.net = net.id;
    const conns: Conn[] = [];
    const usedExits = new Set<number>();
    for (let k = 1; k < net.order.length; k++) {
      const sid = search.begin();
      markOwn(sid, conns);
      const sources: SearchSource[] = [];
      for (const e of pins[net.order[k]].exits) {
        const ex = exits[e];
        if (!exitUsable(ex, sid, c)) continue;
        sources.push({ node: ex.node, dir: ex.dir, mask: ex.mask, cost: exitStartCost(ex, c), tag: e });
      }
      const targets: SearchTarget[] = [];
      for (let t = 0; t < k; t++) {
        for (const e of pins[net.order[t]].exits) {
          if (usedExits.has(e)) continue;
          const ex = exits[e];
          if (!exitUsable(ex, sid, c)) continue;
          targets.push({ node: ex.node, mask: ex.mask, cost: exitClaimCost(ex, c), tag: e });
        }
      }
      // Guide: from the new pin to the nearest pin already joined.
      const np = pins[net.order[k]];
      let near = pins[net.order[0]];
      for (let t = 1; t < k; t++) {
        const q = pins[net.order[t]];
        if (octile(q.cx, q.cy, np.cx, np.cy) < octile(near.cx, near.cy, np.cx, np.cy)) near = q;
      }
      if (!plain) {
        c.guide = Float64Array.of((np.cx - grid.x0) / g, (np.cy - grid.y0) / g, (near.cx - grid.x0) / g, (near.cy - grid.y0) / g);
        c.guideWeight = GUIDE_WEIGHT;
        for (const n of wallsOf(net, k, np, near)) search.wall[n] = sid;
        c.wallPen = WALL_PEN;
      }
      // A failing search floods everything it can reach: bound it by the pins' distance (states).
      const L = octile(np.cx, np.cy, near.cx, near.cy) / g;
      const limit = Math.min(maxStates, 200_000 + Math.round(48 * (L + 20) * (L + 20)));
      const res = search.run(sid, sources, targets, c, limit);
      c.guide = undefined;
      if (!res) return false;
      conns.push({ src: res.sourceTag, dst: res.targetTag, nodes: res.nodes });
      usedExits.add(res.sourceTag);
      usedExits.add(res.targetTag);
    }
    commit(net, conns);
    return true;
  };

  /**
   * Side walls for one connection (cached): for every other bump its straight pin-to-pin segment
   * passes close by, a short wall of nodes from that bump's capture pad out to the side the route
   * must not take, so the route keeps the bump on the side the cross-free straight segment does.
   * Which side: the side of the segment the bump lies on; for a bump on the segment itself, the side
   * its own connection leaves towards (going round the other way would cross it).
   */
  const wallCache = new Map<string, Int32Array>();
  const bumpPartner = new Map<number, Pin>();
  for (const net of nets) {
    const padPin = pins[net.order[0]];
    for (const p of net.order) if (pins[p].kind === 'bump') bumpPartner.set(p, padPin);
  }
  const bumpIds: number[] = [];
  for (let p = nPads; p < pins.length; p++) bumpIds.push(p);
  const wallsOf = (net: NetState, k: number, a: Pin, b: Pin): Int32Array => {
    const key = `${net.order[k]}:${a === pins[net.order[k]] ? pins.indexOf(b) : pins.indexOf(a)}`;
    const hit = wallCache.get(key);
    if (hit) return hit;
    const ux = b.cx - a.cx;
    const uy = b.cy - a.cy;
    const len = Math.hypot(ux, uy);
    const out: number[] = [];
    if (len > 0) {
      const nx = -uy / len;
      const ny = ux / len;
      const reach = d / 2 + s + 3 * g;
      for (const p of bumpIds) {
        const X = pins[p];
        if (X === a || X === b || net.order.includes(p)) continue;
        const t = ((X.cx - a.cx) * ux + (X.cy - a.cy) * uy) / (len * len);
        if (t <= 0 || t >= 1) continue;
        const delta = (X.cx - a.cx) * nx + (X.cy - a.cy) * ny;
        if (Math.abs(delta) > reach) continue;
        let side = Math.sign(delta);
        if (Math.abs(delta) < g / 2) {
          const q = bumpPartner.get(p);
          side = q ? Math.sign((q.cx - X.cx) * nx + (q.cy - X.cy) * ny) || 1 : 1;
        }
        // Wall from the capture pad's edge outward on `side`, one bump pitch long (to the next pad's halo).
        const wx = side * nx;
        const wy = side * ny;
        const r0 = d / 2;
        const r1 = d / 2 + WALL_LENGTH * g;
        for (let r = r0; r <= r1; r += g / 2) {
          const px = X.cx + wx * r;
          const py = X.cy + wy * r;
          const i0 = Math.floor((px - grid.x0) / g);
          const j0 = Math.floor((py - grid.y0) / g);
          for (let j = j0; j <= j0 + 1; j++) {
            for (let i = i0; i <= i0 + 1; i++) {
              const n = grid.node(i, j);
              if (n >= 0 && Math.hypot(grid.x(n) - px, grid.y(n) - py) <= 0.75 * g) out.push(n);
            }
          }
        }
      }
    }
    const arr = Int32Array.from(new Set(out));
    wallCache.set(key, arr);
    return arr;
  };

  const order = [...nets].sort((a, b) => b.lb - a.lb || a.id - b.id);
  const hot = new Uint32Array(N);
  let hotStamp = 0;
  let presFac = 0.5;
  let iterations = 0;
  let bestOverused = Infinity;
  let bestIter = 0;
  const deadline = tStart + timeLimit;
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    costs.presFac = presFac;
    // After the first round: the nets on overused nodes and their neighbours (within HOT_RADIUS
    // nodes), so that a net in the way of a resolution, itself not overused, can move too.
    let list = order;
    if (iter > 1) {
      hotStamp++;
      for (let n = 0; n < N; n++) {
        if (!over(n)) continue;
        const i0 = grid.ci[n];
        const j0 = grid.cj[n];
        for (let j = Math.max(0, j0 - HOT_RADIUS); j <= Math.min(grid.ny - 1, j0 + HOT_RADIUS); j++) {
          for (let i = Math.max(0, i0 - HOT_RADIUS); i <= Math.min(grid.nx - 1, i0 + HOT_RADIUS); i++) hot[i + j * grid.nx] = hotStamp;
        }
      }
      list = order.filter((net) => !net.staticFail && (!net.routed || net.usedN.some((n) => hot[n] === hotStamp)));
    }
    for (const net of list) {
      if (net.staticFail) continue;
      ripup(net);
      if (!routeNet(net, costs)) net.staticFail = 'no path on the grid between its pins (checked while other nets could still be shared)';
      if (performance.now() > deadline) break;
    }
    let overused = 0;
    for (let n = 0; n < N; n++) {
      if (over(n)) {
        overused++;
        hist[n] += 0.4;
      }
    }
    if (overused === 0 || performance.now() > deadline) break;
    // Stalled (no fewer overused nodes for STALL_ROUNDS rounds): the last conflicts are left to the
    // rip-up / exchange repair, which is cheaper than ever steeper prices (the search degenerates).
    if (overused < bestOverused) {
      bestOverused = overused;
      bestIter = iter;
    } else if (iter - bestIter >= STALL_ROUNDS) break;
    // With a cut over capacity, negotiation cannot converge: stop early and let legalisation decide.
    if (overCuts.length && iter >= 3) break;
    presFac = Math.min(MAX_PRES_FAC, presFac * 1.8);
  }

  // ---- Legalisation: no node shared ----
  const deferred: NetState[] = [];
  // Nets crossing a cut over capacity cannot all route: they give way first, so the nets that can
  // always fit (outer balls) are not pushed out by ones that never could.
  const overCutNets = new Set<number>();
  for (const c of overCuts) for (const n of c.nets) overCutNets.add(n);
  for (;;) {
    let worst: NetState | undefined;
    let worstK = 0;
    for (const net of nets) {
      if (!net.routed) continue;
      const o = overuseOf(net);
      if (o === 0) continue;
      const k = o + (overCutNets.has(net.id) ? 1e6 : 0);
      if (k > worstK || (k === worstK && worst && net.lb < worst.lb)) {
        worst = net;
        worstK = k;
      }
    }
    if (!worst) break;
    ripup(worst);
    deferred.push(worst);
  }
  for (const net of nets) if (!net.routed && !net.staticFail && !deferred.includes(net)) deferred.push(net);
  costs.hard = true;
  deferred.sort((a, b) => Number(overCutNets.has(a.id)) - Number(overCutNets.has(b.id)) || (overCutNets.has(a.id) ? a.lb - b.lb : b.lb - a.lb) || a.id - b.id);
  for (const net of deferred) {
    if (net.staticFail) continue;
    routeNet(net, costs);
  }

  // ---- Repair: rip-up and reroute, then bump exchanges between auto-assigned nets ----
  type Snap = { net: NetState; conns: Conn[]; order: number[]; lb: number };
  const snapshot = (list: NetState[]): Snap[] => list.map((n) => ({ net: n, conns: n.conns.slice(), order: n.order.slice(), lb: n.lb }));
  const restore = (snap: Snap[]) => {
    for (const x of snap) if (x.net.routed) ripup(x.net);
    for (const x of snap) {
      x.net.order = x.order;
      x.net.lb = x.lb;
      if (x.conns.length) commit(x.net, x.conns);
    }
  };
  /** Routes `list` in order under hard costs; on any failure restores `snap` and returns false. */
  const routeAll = (list: NetState[], snap: Snap[]): boolean => {
    for (const n of list) {
      if (!routeNet(n, costs)) {
        restore(snap);
        return false;
      }
    }
    return true;
  };
  const soft: Costs = { occN, occC, hist: new Float32Array(N), presFac: 3, hard: false, allowTieOnly: false, exitNet, exitPen, net: -1 };
  /** The routed nets a soft route of `f` would run over. */
  const blockersOf = (f: NetState): NetState[] => {
    if (!routeNet(f, soft)) return [];
    const bad = new Set<number>();
    for (const n of f.usedN) if (occN[n] > 1 || occC[n] > 0) bad.add(n);
    for (const n of f.usedC) if (occN[n] > 0) bad.add(n);
    ripup(f);
    return nets.filter((q) => q !== f && q.routed && (q.usedN.some((n) => bad.has(n)) || q.usedC.some((n) => bad.has(n))));
  };
  const repairDeadline = deadline;
  for (let round = 0; round < 3; round++) {
    // Nets behind a cut over capacity are not repaired: the cut proves some of them must fail, and
    // trading places among them only costs time.
    const failing = nets.filter((n) => !n.routed && !n.staticFail && !overCutNets.has(n.id));
    if (!failing.length || performance.now() > repairDeadline) break;
    for (const f of failing) {
      if (f.routed || performance.now() > repairDeadline) continue;
      // 1. Rip up what a soft route of f runs over, route f first, then the ripped nets.
      const blockers = blockersOf(f);
      if (blockers.length && blockers.length <= 8) {
        const snap = snapshot([f, ...blockers]);
        for (const b of blockers) ripup(b);
        if (routeAll([f, ...blockers.sort((a, b) => b.lb - a.lb)], snap)) continue;
      }
      if (!f.swappable) continue;
      // 2. Exchange bumps with a nearby auto-assigned net.
      const fb = f.order[1];
      const cands = nets
        .filter((q) => q !== f && q.swappable)
        .map((q) => ({ q, dist: octile(pins[q.order[1]].cx, pins[q.order[1]].cy, pins[fb].cx, pins[fb].cy) + octile(pins[q.order[0]].cx, pins[q.order[0]].cy, pins[f.order[0]].cx, pins[f.order[0]].cy) }))
        .sort((a, b) => a.dist - b.dist)
        .slice(0, 10);
      for (const { q } of cands) {
        if (performance.now() > repairDeadline) break;
        const snap = snapshot([f, q]);
        if (q.routed) ripup(q);
        const qb = q.order[1];
        f.order = [f.order[0], qb];
        q.order = [q.order[0], fb];
        f.lb = octile(pins[f.order[0]].cx, pins[f.order[0]].cy, pins[qb].cx, pins[qb].cy);
        q.lb = octile(pins[q.order[0]].cx, pins[q.order[0]].cy, pins[fb].cx, pins[fb].cy);
        if (routeAll(f.lb >= q.lb ? [f, q] : [q, f], snap)) break;
      }
    }
  }
  costs.hard = false;

  // ---- Reasons for failures ----
  const zeroN = new Uint16Array(N);
  const zeroH = new Float32Array(N);
  const alone: Costs = { occN: zeroN, occC: zeroN, hist: zeroH, presFac: 0, hard: false, allowTieOnly: false, net: -1 };
  for (const net of nets) {
    if (net.routed) continue;
    if (net.staticFail && net.staticFail.includes('no usable exit')) {
      net.reason = net.staticFail;
      continue;
    }
    // Is there a path at all with every other net removed? (Skipped once the time budget is spent.)
    const ok = performance.now() > deadline || (() => {
      const conns: Conn[] = [];
      const used = new Set<number>();
      for (let k = 1; k < net.order.length; k++) {
        const sid = search.begin();
        markOwn(sid, conns);
        const src: SearchSource[] = pins[net.order[k]].exits.filter((e) => exitUsable(exits[e], sid, alone)).map((e) => ({ node: exits[e].node, dir: exits[e].dir, mask: exits[e].mask, cost: 0, tag: e }));
        const tgt: SearchTarget[] = [];
        for (let t = 0; t < k; t++) for (const e of pins[net.order[t]].exits) if (!used.has(e) && exitUsable(exits[e], sid, alone)) tgt.push({ node: exits[e].node, mask: exits[e].mask, cost: 0, tag: e });
        const np = pins[net.order[k]];
        const L = octile(np.cx, np.cy, pins[net.order[0]].cx, pins[net.order[0]].cy) / g;
        const r = search.run(sid, src, tgt, alone, Math.min(maxStates, 200_000 + Math.round(48 * (L + 20) * (L + 20))));
        if (!r) return false;
        conns.push({ src: r.sourceTag, dst: r.targetTag, nodes: r.nodes });
        used.add(r.sourceTag);
        used.add(r.targetTag);
      }
      return true;
    })();
    if (!ok) {
      net.reason = 'no path exists on the routing grid even with every other net removed (its pins are walled in by pad metal or the keep-out band)';
      continue;
    }
    const cut = overCuts.find((c) => c.nets.includes(net.id));
    if (cut) {
      const [x0, y0, x1, y1] = ringBoxUm(grid, cutA, cut.k);
      net.reason = `channel capacity: ${cut.demand} nets must cross the ring of grid lines (${x0}, ${y0})..(${x1}, ${y1}) um, which has only ${cut.capacity} free tracks at the ${um(g)} um grid (width ${um(w)} + space ${um(s)} um); at most ${cut.capacity} of them can route`;
    } else {
      net.reason = `congestion: no legal path is left between the nets already routed after ${iterations} negotiation round(s)${performance.now() > deadline ? ' (time limit reached)' : ''}`;
    }
  }
  const tRoute = performance.now();

  // ---- Plating ties ----
  const tieOct = tieW ? octagon(tieW) : grid.oct;
  let tieFailed: string[] = [];
  if (tieW) {
    const tr = routeTies(grid, search, pins, exits, nets.filter((n) => n.routed).map((n) => ({ id: n.id, name: n.name, order: n.order, conns: n.conns })), occN, occC, W, H, usedOf, tieW, keepOut);
    for (const net of nets) {
      if (!net.routed) {
        net.tieReason = 'net not routed';
        continue;
      }
      const t = tr.get(net.id);
      if (t && 'route' in t) net.tie = t.route;
      else net.tieReason = t ? t.reason : 'no tie found';
    }
    tieFailed = nets.filter((n) => n.routed && !n.tie).map((n) => n.name);
  }
  const tTies = performance.now();

  // ---- Geometry: teardrops sized to the drawn metal, polygons ----
  const index = new MetalIndex(Math.max(4 * g, d));
  const netGeoms: NetGeom[] = [];
  const pinNet = new Int32Array(pins.length).fill(-1);
  for (const net of nets) for (const p of net.order) pinNet[p] = net.id;
  // Every pin's metal (also of unrouted and unassigned pins: the pads exist whatever happens).
  const pinItem = new Int32Array(pins.length);
  for (let p = 0; p < pins.length; p++) pinItem[p] = index.add({ kind: 'poly', net: pinNet[p] >= 0 ? pinNet[p] : -1 - p, poly: pins[p].metal });
  for (const net of nets) {
    const geom: NetGeom = { net: net.id, conns: [], tie: null };
    if (net.routed) {
      for (const c of net.conns) {
        const cg: ConnGeom = { conn: c, srcStub: -1, dstStub: -1, segItems: [], runs: nodeRuns(grid, c.nodes), teardrops: [] };
        const se = exits[c.src];
        const de = exits[c.dst];
        cg.srcStub = index.add({ kind: 'seg', net: net.id, ax: se.ax, ay: se.ay, bx: grid.x(se.node), by: grid.y(se.node), oct: grid.oct });
        cg.dstStub = index.add({ kind: 'seg', net: net.id, ax: de.ax, ay: de.ay, bx: grid.x(de.node), by: grid.y(de.node), oct: grid.oct });
        for (const [a, b] of cg.runs) cg.segItems.push(index.add({ kind: 'seg', net: net.id, ax: grid.x(a), ay: grid.y(a), bx: grid.x(b), by: grid.y(b), oct: grid.oct }));
        geom.conns.push(cg);
      }
      if (net.tie) {
        const t = net.tie;
        geom.tie = { route: t, items: [] };
        const pts = t.points;
        for (let k = 1; k < pts.length / 2; k++) geom.tie.items.push(index.add({ kind: 'seg', net: net.id, ax: pts[2 * k - 2], ay: pts[2 * k - 1], bx: pts[2 * k], by: pts[2 * k + 1], oct: tieOct }));
      }
    }
    netGeoms.push(geom);
  }
  for (const geom of netGeoms) {
    for (const cg of geom.conns) {
      for (const [eIdx, stub, atStart] of [[cg.conn.src, cg.srcStub, true], [cg.conn.dst, cg.dstStub, false]] as const) {
        const ex = exits[eIdx];
        const pin = pins[ex.pin];
        if (pin.kind !== 'bump') continue;
        // Own metal the fillet may touch: its pad, its stub and the straight run continuing the stub.
        const skip = new Set<number>([pinItem[ex.pin], stub]);
        const runs = cg.runs;
        if (runs.length) {
          const k = atStart ? 0 : runs.length - 1;
          const [a, b] = runs[k];
          const from = atStart ? a : b;
          const to = atStart ? b : a;
          const dir = dirOf(grid, from, to);
          if (from === ex.node && dir === ex.dir) skip.add(cg.segItems[k]);
        }
        let placed: Int32Array | null = null;
        for (const td of teardropCandidates(grid, pin, ex)) {
          if (index.clear(td, s, skip)) {
            placed = td;
            break;
          }
        }
        if (!placed) {
          diagnostics.push({ code: 'W_TEARDROP', severity: 'warning', message: `net ${nets[geom.net].name}: no room for a teardrop where its trace meets the capture pad of bump '${pin.name}'`, location: { layer, xyUm: [um(grid.x(ex.node)), um(grid.y(ex.node))] } });
          continue;
        }
        index.add({ kind: 'poly', net: geom.net, poly: placed });
        cg.teardrops.push(placed);
      }
    }
    // A tie leaving a capture pad meets the round pad like a trace does: it gets a teardrop too, or
    // its edges would meet the polygonised circle at under 90 degrees (a notch a space check flags).
    const tie = geom.tie;
    if (tie && tie.route.exit >= 0 && pins[exits[tie.route.exit].pin].kind === 'bump') {
      const ex = exits[tie.route.exit];
      const pin = pins[ex.pin];
      const skip = new Set<number>([pinItem[ex.pin], ...tie.items]);
      let placed: Int32Array | null = null;
      for (const td of teardropCandidates(grid, pin, ex)) {
        if (index.clear(td, s, skip)) {
          placed = td;
          break;
        }
      }
      if (placed) {
        index.add({ kind: 'poly', net: geom.net, poly: placed });
        tie.teardrop = placed;
      } else {
        diagnostics.push({ code: 'W_TEARDROP', severity: 'warning', message: `net ${nets[geom.net].name}: no room for a teardrop where its plating tie meets the capture pad of bump '${pin.name}'`, location: { layer, xyUm: [um(grid.x(ex.node)), um(grid.y(ex.node))] } });
      }
    }
  }
  const out = buildOutput(grid, pins, exits, nets.map((n) => ({ name: n.name, order: n.order })), netGeoms, tieOct, (p) => pinNet[p]);
  const tOut = performance.now();

  // ---- Result ----
  const netResults: NetRoute[] = nets.map((net) => {
    const o = out.nets[net.id];
    const padsOf = net.order.filter((p) => p < nPads).map((p) => pins[p].name);
    const bumpsOf = net.order.filter((p) => p >= nPads).map((p) => pins[p].name);
    const r: NetRoute = {
      net: net.name,
      pads: padsOf,
      bumps: bumpsOf,
      paths: o.paths,
      lengthUm: net.routed ? o.lengthDbu / 1000 : 0,
      lowerBoundUm: net.lb / 1000,
      routed: net.routed,
      ...(net.routed ? {} : { reason: net.reason ?? net.staticFail ?? 'not routed' }),
      ...(tieW ? (net.tie ? { tie: o.tie! } : { tieReason: net.tieReason ?? 'no tie found' }) : {}),
      polygons: o.polygons,
    };
    return r;
  });
  for (const r of netResults) {
    if (!r.routed) diagnostics.push({ code: 'E_NET_UNROUTED', severity: 'error', message: `net ${r.net} (${r.pads.join(', ')} -> ${r.bumps.join(', ')}): ${r.reason}` });
    if (tieW && r.routed && !r.tie) diagnostics.push({ code: 'W_TIE', severity: 'warning', message: `net ${r.net}: no plating tie to the die edge: ${r.tieReason}` });
  }
  for (const c of overCuts) {
    const [x0, y0, x1, y1] = ringBoxUm(grid, cutA, c.k);
    diagnostics.push({ code: 'E_CAPACITY', severity: 'error', message: `channel capacity: ${c.demand} nets must cross the ring (${x0}, ${y0})..(${x1}, ${y1}) um but it has ${c.capacity} free grid tracks` });
    break;
  }
  const routedNets = netResults.filter((r) => r.routed);
  const wl = routedNets.reduce((a, r) => a + r.lengthUm, 0);
  const lbSum = routedNets.reduce((a, r) => a + r.lowerBoundUm, 0);
  const tightestCut: CutReport | undefined = tight ? { boxUm: ringBoxUm(grid, cutA, tight.k), demand: tight.demand, capacity: tight.capacity } : undefined;
  const tEnd = performance.now();
  return {
    nets: netResults,
    routed: routedNets.length,
    failed: netResults.length - routedNets.length,
    wirelengthUm: wl,
    lowerBoundUm: lbSum,
    ratio: lbSum > 0 ? wl / lbSum : 1,
    ties: { requested: tieW > 0, routed: tieW ? nets.filter((n) => n.tie).length : 0, failed: tieFailed },
    unassigned: { pads: asg.unassignedPads.map((i) => problem.pads[i].name), bumps: asg.unassignedBumps.map((i) => problem.bumps[i].name) },
    ...(tightestCut ? { tightestCut } : {}),
    iterations,
    grid: { pitchUm: g / 1000, nx: grid.nx, ny: grid.ny },
    layer,
    labels: out.labels,
    orphanPolygons: out.orphanPolygons,
    diagnostics,
    timings: {
      setupMs: tSetup - tStart,
      assignMs: tAssign - tSetup,
      routeMs: tRoute - tAssign,
      tiesMs: tTies - tRoute,
      outputMs: tOut - tTies,
      totalMs: tEnd - tStart,
    },
  };
}

/**
 * The lattice phase (0 <= phase < g, dbu) along one axis that gives the most grid tracks through the
 * gaps between neighbouring bumps: `sites` are [coordinate along the axis, coordinate across it];
 * bumps on one line across (equal second coordinate) with a gap narrower than 4 * clear are
 * neighbours, and a track at t passes between neighbours c1 < c2 when c1 + clear <= t <= c2 - clear.
 * Track counts jump by one when a phase shift moves a track across the clearance limit, so this is
 * worth a search: at 400 um pitch and a 30 um grid a third of the gaps hold 4 or 5 tracks by phase.
 * `pads` are [centre along the axis, half span where a trace lands]: a phase that leaves a pad without
 * a landing line is heavily penalised. Ties go to the smallest phase (0: a node at the die centre).
 */
function choosePhase(g: number, sites: readonly (readonly [number, number])[], clear: number, pads: readonly (readonly [number, number])[]): number {
  const byLine = new Map<number, number[]>();
  for (const [t, u] of sites) {
    let l = byLine.get(u);
    if (!l) byLine.set(u, (l = []));
    l.push(t);
  }
  const gaps: [number, number][] = [];
  for (const l of byLine.values()) {
    l.sort((p, q) => p - q);
    for (let i = 1; i < l.length; i++) if (l[i] - l[i - 1] < 4 * clear) gaps.push([l[i - 1] + clear, l[i] - clear]);
  }
  const count = (lo: number, hi: number, ph: number) => (hi < lo ? 0 : Math.floor((hi - ph) / g) - Math.ceil((lo - ph) / g) + 1);
  const STEPS = 40;
  let best = 0;
  let bestScore = -Infinity;
  for (let k = 0; k < STEPS; k++) {
    const ph = Math.round((k * g) / STEPS);
    let score = 0;
    for (const [lo, hi] of gaps) score += count(lo, hi, ph);
    for (const [c, half] of pads) {
      const n = count(c - half, c + half, ph);
      score += n === 0 ? -1000 : Math.min(n, 2);
    }
    if (score > bestScore) {
      bestScore = score;
      best = ph;
    }
  }
  return best;
}

/** A capture polygon given as an option: int32, at least 3 vertices, convex (its hull), around the origin. */
function checkCapture(ring: ArrayLike<number>): Int32Array {
  if (!ring || typeof ring.length !== 'number' || ring.length < 6 || ring.length % 2 !== 0) fail('E_ROUTE_INPUT', 'options.capturePolygon must be a flat ring [x0, y0, x1, y1, ...] of at least 3 vertices (dbu)');
  for (let i = 0; i < ring.length; i++) checkInt(ring[i], `options.capturePolygon[${i}]`);
  const hull = convexHull(ring);
  if (hull.length !== ring.length) fail('E_ROUTE_INPUT', `options.capturePolygon must be convex (${ring.length / 2} vertices, its hull has ${hull.length / 2})`);
  for (let i = 0, j = hull.length - 2; i < hull.length; j = i, i += 2) {
    if ((hull[i] - hull[j]) * -hull[j + 1] - (hull[i + 1] - hull[j + 1]) * -hull[j] <= 0) fail('E_ROUTE_INPUT', 'options.capturePolygon must contain its centre, the origin, strictly inside');
  }
  return hull;
}

/** Direction index of the step from node a towards node b (collinear octilinear). */
export function dirOf(grid: RouteGrid, a: number, b: number): number {
  const dx = Math.sign(grid.ci[b] - grid.ci[a]);
  const dy = Math.sign(grid.cj[b] - grid.cj[a]);
  for (let d = 0; d < 8; d++) if (DX[d] === dx && DY[d] === dy) return d;
  return -1;
}

/** Maximal straight runs [from, to] of a node path (a single node gives no run). */
export function nodeRuns(grid: RouteGrid, nodes: Int32Array): [number, number][] {
  const runs: [number, number][] = [];
  if (nodes.length < 2) return runs;
  let start = 0;
  let step = nodes[1] - nodes[0];
  for (let k = 2; k < nodes.length; k++) {
    const st = nodes[k] - nodes[k - 1];
    if (st !== step) {
      runs.push([nodes[start], nodes[k - 1]]);
      start = k - 1;
      step = st;
    }
  }
  runs.push([nodes[start], nodes[nodes.length - 1]]);
  return runs;
}

/** Prim order of the pins (starting from the first) by octilinear distance, and the tree's length (dbu). */
function primOrder(pins: readonly Pin[], list: number[]): { order: number[]; length: number } {
  const order = [list[0]];
  const rest = list.slice(1);
  let length = 0;
  const best = rest.map((p) => octile(pins[p].cx, pins[p].cy, pins[list[0]].cx, pins[list[0]].cy));
  while (rest.length) {
    let k = 0;
    for (let i = 1; i < rest.length; i++) if (best[i] < best[k]) k = i;
    const p = rest[k];
    length += best[k];
    order.push(p);
    rest.splice(k, 1);
    best.splice(k, 1);
    for (let i = 0; i < rest.length; i++) best[i] = Math.min(best[i], octile(pins[rest[i]].cx, pins[rest[i]].cy, pins[p].cx, pins[p].cy));
  }
  return { order, length };
}
