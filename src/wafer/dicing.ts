/**
 * The dicing check of the plating network (seed 004, issue point 8), on the built wafer's geometry:
 *
 * Before dicing: every net of every whole die is joined to the contact ring (through its kerf bridge
 * and the bus). After subtracting SAW: every net is an island holding only its own terminals (pads
 * and bumps), no metal of a die crosses the saw line into the lane or the next die, no top-level
 * metal (bus, ring) survives inside a die's region, and no stub longer than the limit remains at the
 * die edge.
 *
 * Method: hierarchical, so a 2,500-die wafer costs about as much as a few dies.
 * - Top level: the wafer cell's own RDL polygons (bus lines, ring) are joined by overlap
 *   (rectangles exactly; the ring by clipping it to the rectangle); one component must hold the
 *   ring.
 * - Per site: the die's (and its KERF cell's) RDL in the die frame, with the wafer-level RDL and
 *   SAW shapes that reach into the site's window (the die box grown by one street) clipped and moved
 *   into the die frame. Sites whose windows hold the same shapes share one analysis (a map key), so
 *   interior sites are analysed once. In each window:
 *   nets = RDL islands of the die holding a terminal (PAD or BUMP shape centre);
 *   before: the island of die + kerf metal holding a net must overlap wafer-level RDL;
 *   after: V = die + kerf metal minus SAW; each island of V holds one net; V lies in the site's region
 *   between the saw cuts; wafer-level RDL does not reach that region; die metal is not in the cut;
 *   stub = how far V reaches beyond the die box.
 * - Dummy sites: the mesh must overlap wafer-level RDL (a warning otherwise: current density, not
 *   isolation) and, after the saw, stay in its own site region.
 * Locality is sound because after the saw every site's metal lies in its own region between the
 * cuts (checked), and wafer-level metal is checked not to reach a whole die's region; so the islands
 * after dicing are exactly the per-site islands. Before dicing the island count assumes sites meet
 * only through wafer-level RDL (true for the layouts buildWafer makes).
 *
 * Terminals are the centres of the PAD and BUMP shapes' bounding boxes (round and square features).
 * Lengths dbu; the report's `...Um` figures micrometres.
 */
import { clipRingToBox as clipRingToGrid } from '../geom/split.ts';
import type { Box } from '../core/box.ts';
import type { Cell } from '../core/cell.ts';
import type { Diagnostic } from '../core/errors.ts';
import { flatPolygons } from '../core/hierarchy.ts';
import { layerKey } from '../core/layer.ts';
import { Transform } from '../core/transform.ts';
import { difference, intersection, union, type PolygonWithHoles } from '../geom/clipper.ts';
import { locatePoint, RingLocator } from '../geom/predicates.ts';
import { BoxIndex } from '../geom/spatial.ts';
import type { TechLayer, Technology } from '../tech/types.ts';
import type { WaferLattice } from './lanes.ts';
import type { WaferPlating } from './map.ts';
import { STUB_MARGIN, nominalStub } from './plating.ts';

/**
 * What the dicing check reads of a wafer: the placed die (translations of `die` in `top`), the
 * lattice's die box and street (the per-site window) and saw (the nominal stub), the plating kerf
 * cell, bridges (net names) and stub limit, and the dummy sites. A WaferBuild is one; so is any
 * layout whose wafer structure is known (src/verify/plating.ts checkPlating).
 */
export interface DicingInput {
  readonly top: Cell;
  readonly tech: Technology;
  readonly die: Cell;
  readonly lattice: Pick<WaferLattice, 'dieBox' | 'street' | 'saw'>;
  /** The plating network; absent for a blanket seed-layer process. */
  readonly plating?: Pick<WaferPlating, 'kerf' | 'bridges' | 'stubLimit'>;
  /** Dummy sites (default none). */
  readonly dummies?: ReadonlyArray<{ readonly cell: Cell; readonly col: number; readonly row: number; readonly at: readonly [number, number] }>;
}

export interface DicingOptions {
  /** Longest stub accepted at a die edge after the saw, dbu (default: the build's plating.stubLimit, else nominal stub + STUB_MARGIN). */
  readonly stubLimit?: number;
  /** Layers whose shapes are a net's terminals (default ['PAD', 'BUMP']). */
  readonly terminalLayers?: readonly string[];
  /** Most violations listed (default 200); `counts` is complete. */
  readonly maxViolations?: number;
}

export interface DicingReport {
  /** No violation (warnings allowed). */
  readonly ok: boolean;
  /** Whether the wafer has a plating network (wafer-level RDL). */
  readonly plating: boolean;
  /** Every net of every whole die joined to the contact ring; null without a plating network. */
  readonly connectedBeforeDicing: boolean | null;
  /** After the saw every net an island of its own, nothing crossing a cut, stubs within the limit. */
  readonly isolatedAfterDicing: boolean;
  readonly dies: number;
  /** Nets (RDL islands holding a terminal) of the die. */
  readonly netsPerDie: number;
  /** RDL islands of the whole wafer before dicing (1 when everything hangs on the ring). */
  readonly islandsBefore: number;
  /** Islands holding terminals after the saw (netsPerDie x dies when isolated). */
  readonly netIslandsAfter: number;
  /** Terminals per net island after the saw: the smallest and largest count. */
  readonly terminalsPerIsland: { readonly min: number; readonly max: number };
  readonly maxStubUm: number;
  readonly stubLimitUm: number;
  /** Distinct site windows analysed (interior sites share one). */
  readonly windowsAnalysed: number;
  readonly violations: Diagnostic[];
  /** Count per diagnostic code (complete even when `violations` is cut short). */
  readonly counts: Record<string, number>;
  readonly ms: number;
}

/**
 * Wafer structure by top cell, for layouts built in this process: a GDS does not carry the die
 * lattice, kerf cell or bridges, so the verifier can only check plating of a top cell it finds here
 * (or is handed the structure for). Weak: a dropped layout frees its entry.
 */
const wafers = new WeakMap<Cell, DicingInput>();

/** Records `input` as the wafer structure of `input.top`. */
export function rememberWafer(input: DicingInput): void {
  wafers.set(input.top, input);
}

/** The wafer structure recorded for `top` (rememberWafer; buildWafer records each wafer it builds), or null. */
export function waferOf(top: Cell): DicingInput | null {
  return wafers.get(top) ?? null;
}

type Ring = Int32Array;

function isRect(p: ArrayLike<number>): Box | null {
  if (p.length !== 8) return null;
  const xs = [p[0], p[2], p[4], p[6]];
  const ys = [p[1], p[3], p[5], p[7]];
  for (let i = 0; i < 4; i++) {
    const j = (i + 1) % 4;
    if (xs[i] !== xs[j] && ys[i] !== ys[j]) return null;
  }
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

function bboxOf(p: ArrayLike<number>): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < p.length; i += 2) {
    if (p[i] < x0) x0 = p[i];
    if (p[i] > x1) x1 = p[i];
    if (p[i + 1] < y0) y0 = p[i + 1];
    if (p[i + 1] > y1) y1 = p[i + 1];
  }
  return { x0, y0, x1, y1 };
}

function area2(c: ArrayLike<number>): number {
  let s = 0;
  const n = c.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) s += c[j] * c[i + 1] - c[i] * c[j + 1];
  return s;
}

function rectRing(b: Box): Ring {
  return Int32Array.of(b.x0, b.y0, b.x1, b.y0, b.x1, b.y1, b.x0, b.y1);
}

/**
 * The ring clipped to the box (geom/split's linear Sutherland-Hodgman; it may run along the box sides
 * with zero-width edges, so callers union the results); null when nothing of positive area is left.
 * The result may be the input array itself: callers do not modify it.
 */
function clipRingToBox(ring: Ring, b: Box): Ring | null {
  const c = clipRingToGrid(ring, b);
  return c && area2(c) !== 0 ? c : null;
}

function rectOverlap(a: Box, b: Box): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function rectIntersect(a: Box, b: Box): Box | null {
  const r = { x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) };
  return r.x0 < r.x1 && r.y0 < r.y1 ? r : null;
}

/** Whether (x, y) lies in the polygon with holes (boundary counts as inside the outer, outside a hole). */
function inPolygon(p: PolygonWithHoles, x: number, y: number): boolean {
  if (locatePoint(p.outer, x, y) < 0) return false;
  for (const h of p.holes) if (locatePoint(h, x, y) > 0) return false;
  return true;
}

function rings(p: PolygonWithHoles): Ring[] {
  return [p.outer, ...p.holes];
}

function translate(r: ArrayLike<number>, dx: number, dy: number): Ring {
  const out = new Int32Array(r.length);
  for (let i = 0; i < r.length; i += 2) {
    out[i] = r[i] + dx;
    out[i + 1] = r[i + 1] + dy;
  }
  return out;
}

/** A large polygon prepared for window queries: an index over its edges and a point locator. */
class BigPolygon {
  readonly edges: BoxIndex;
  readonly locator: RingLocator;
  constructor(readonly ring: Ring) {
    const n = ring.length >> 1;
    const boxes = new Int32Array(4 * n);
    for (let e = 0; e < n; e++) {
      const f = (e + 1) % n;
      const ax = ring[2 * e];
      const ay = ring[2 * e + 1];
      const bx = ring[2 * f];
      const by = ring[2 * f + 1];
      boxes.set([Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by)], 4 * e);
    }
    this.edges = BoxIndex.build(boxes);
    this.locator = new RingLocator(ring);
  }

  /** Whether an edge of the polygon passes through the open box. */
  edgeThrough(b: Box): boolean {
    const r = this.ring;
    const n = r.length >> 1;
    let hit = false;
    this.edges.visit(b.x0, b.y0, b.x1, b.y1, (e) => {
      const f = (e + 1) % n;
      if (segmentCrossesOpenBox(r[2 * e], r[2 * e + 1], r[2 * f], r[2 * f + 1], b)) {
        hit = true;
        return true;
      }
    });
    return hit;
  }

  /**
   * How the open box meets the polygon's interior: 'none', 'all' (the box lies inside) or 'some'.
   * With no edge through the box its interior is all inside or all outside: its centre decides.
   */
  meets(b: Box): 'none' | 'all' | 'some' {
    if (this.edgeThrough(b)) return 'some';
    return this.locator.locate((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2) > 0 ? 'all' : 'none';
  }
}

/** Wafer-level shapes of one layer, indexed. */
class TopLayer {
  readonly items: Ring[];
  readonly rects: (Box | null)[];
  readonly big: (BigPolygon | null)[];
  readonly index: BoxIndex | null;
  constructor(cell: Cell, layer: TechLayer) {
    this.items = cell.polygons.filter((p) => p.layer === layer.layer && p.datatype === layer.datatype).map((p) => p.points);
    this.rects = this.items.map(isRect);
    this.big = this.items.map((it, i) => (this.rects[i] ? null : new BigPolygon(it)));
    const boxes: number[] = [];
    for (const it of this.items) {
      const b = bboxOf(it);
      boxes.push(b.x0, b.y0, b.x1, b.y1);
    }
    this.index = this.items.length ? BoxIndex.build(boxes) : null;
  }

  /** Whether items i and j share area. */
  overlap(i: number, j: number): boolean {
    const ri = this.rects[i];
    const rj = this.rects[j];
    if (ri && rj) return rectOverlap(ri, rj);
    if (ri || rj) return (ri ? this.big[j]! : this.big[i]!).meets((ri ?? rj)!) !== 'none';
    return intersection([this.items[i]], [this.items[j]], { what: 'dicing check: wafer-level RDL' }).length > 0;
  }

  /** The shapes reaching into `win` (wafer frame), clipped to it and moved by (-dx, -dy): rings and the item each came from. */
  window(win: Box, dx: number, dy: number): { rings: Ring[]; from: number[] } {
    const out: Ring[] = [];
    const from: number[] = [];
    if (!this.index) return { rings: out, from };
    const local = { x0: win.x0 - dx, y0: win.y0 - dy, x1: win.x1 - dx, y1: win.y1 - dy };
    for (const i of this.index.search(win.x0, win.y0, win.x1, win.y1).sort((a, b) => a - b)) {
      const r = this.rects[i];
      if (r) {
        const c = rectIntersect(r, win);
        if (c) {
          out.push(rectRing({ x0: c.x0 - dx, y0: c.y0 - dy, x1: c.x1 - dx, y1: c.y1 - dy }));
          from.push(i);
        }
        continue;
      }
      const m = this.big[i]!.meets(win);
      if (m === 'none') continue;
      if (m === 'all') {
        out.push(rectRing(local));
        from.push(i);
        continue;
      }
      const c = clipRingToBox(this.items[i], win);
      if (c) {
        // Clean up the zero-width edges Sutherland-Hodgman leaves, in the die frame (small numbers).
        for (const p of union([translate(c, -dx, -dy)], [], { what: 'dicing check: wafer-level shape in a window' })) {
          out.push(...rings(p));
          for (let k = 0; k < 1 + p.holes.length; k++) from.push(i);
        }
      }
    }
    return { rings: out, from };
  }
}

/** What the saw leaves of one site's die and kerf metal (depends on the SAW shapes in the window only). */
interface SawAnalysis {
  netIslandsAfter: number;
  terminalsPerIsland: number[];
  shorts: string[][];
  cutNets: string[];
  crossesSaw: boolean;
  dieMetalInSaw: boolean;
  maxStub: number;
  /** The site's region between the cuts (die frame), or null without SAW around the die. */
  region: PolygonWithHoles | null;
}

/** How one site's die and kerf metal meets the wafer-level RDL in its window. */
interface BusAnalysis {
  /** Per net: the window pieces its island is joined to. */
  netTouches: number[][];
  /** Pieces joined by islands without a net. */
  otherTouches: number[][];
  /** Islands joined to no wafer-level piece. */
  floatingIslands: number;
  /** Wafer-level RDL in the die's region between the cuts (it would survive the saw on the die). */
  topMetalInDie: boolean;
}

/** Islands of rectangles (indices), rectangles joined when they share area or an edge of positive length. */
function rectIslands(rects: readonly Box[]): number[][] {
  const parent = rects.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i];
    for (let j = i + 1; j < rects.length; j++) {
      const b = rects[j];
      const w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
      const h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
      if (w >= 0 && h >= 0 && (w > 0 || h > 0)) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, number[]>();
  rects.forEach((_, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), i]);
  });
  return [...groups.values()];
}

/** Whether segment a-b meets the open interior of box r (Liang-Barsky, exact for the integer inputs here). */
function segmentCrossesOpenBox(ax: number, ay: number, bx: number, by: number, r: Box): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  for (const [p, q] of [[-dx, ax - r.x0], [dx, r.x1 - ax], [-dy, ay - r.y0], [dy, r.y1 - ay]]) {
    if (p === 0) {
      if (q <= 0) return false; // parallel to this side and not strictly inside its half-plane
    } else {
      const t = q / p;
      if (p < 0) {
        if (t > t0) t0 = t;
      } else if (t < t1) t1 = t;
    }
  }
  if (t0 >= t1) return false;
  // The part [t0, t1] lies in the closed box; it meets the interior unless it runs along a side.
  const mx = ax + ((t0 + t1) / 2) * dx;
  const my = ay + ((t0 + t1) / 2) * dy;
  return mx > r.x0 && mx < r.x1 && my > r.y0 && my < r.y1;
}

/** Whether box r lies in the polygon (boundary contact allowed): corners inside and no edge through its interior. */
function rectInPolygon(r: Box, p: PolygonWithHoles): boolean {
  for (const [x, y] of [[r.x0, r.y0], [r.x1, r.y0], [r.x1, r.y1], [r.x0, r.y1]]) if (!inPolygon(p, x, y)) return false;
  for (const ring of rings(p)) {
    const n = ring.length;
    for (let i = 0, j = n - 2; i < n; j = i, i += 2) if (segmentCrossesOpenBox(ring[j], ring[j + 1], ring[i], ring[i + 1], r)) return false;
  }
  return true;
}

/** The parts of rectangle r outside every cutter (rectangles), as rectangles. */
function subtractRects(r: Box, cutters: readonly Box[]): Box[] {
  let parts: Box[] = [r];
  for (const c of cutters) {
    const next: Box[] = [];
    for (const p of parts) {
      if (!rectOverlap(p, c)) {
        next.push(p);
        continue;
      }
      if (p.y0 < c.y0) next.push({ x0: p.x0, y0: p.y0, x1: p.x1, y1: c.y0 });
      if (c.y1 < p.y1) next.push({ x0: p.x0, y0: c.y1, x1: p.x1, y1: p.y1 });
      const y0 = Math.max(p.y0, c.y0);
      const y1 = Math.min(p.y1, c.y1);
      if (p.x0 < c.x0) next.push({ x0: p.x0, y0, x1: c.x0, y1 });
      if (c.x1 < p.x1) next.push({ x0: c.x1, y0, x1: p.x1, y1 });
    }
    parts = next;
  }
  return parts;
}

/** A point strictly inside a rectangle ring, else the first vertex (on the boundary). */
function probeOf(r: Ring): [number, number] {
  const b = isRect(r);
  return b ? [Math.floor((b.x0 + b.x1) / 2), Math.floor((b.y0 + b.y1) / 2)] : [r[0], r[1]];
}

/** Runs the dicing check on a built wafer. See the module notes. */
export function checkDicing(build: DicingInput, options: DicingOptions = {}): DicingReport {
  const t0 = performance.now();
  const { top, tech, lattice } = build;
  const lay = (n: string) => tech.layers[n];
  const rdl = lay('RDL');
  const saw = lay('SAW');
  const maxList = options.maxViolations ?? 200;
  const violations: Diagnostic[] = [];
  const counts: Record<string, number> = {};
  const report = (code: string, severity: Diagnostic['severity'], message: string, xy?: [number, number]) => {
    counts[code] = (counts[code] ?? 0) + 1;
    if (violations.length < maxList) violations.push({ code, severity, message, location: { cell: top.name, layer: 'RDL', ...(xy ? { xyUm: [xy[0] / 1000, xy[1] / 1000] } : {}) } });
  };
  const stubLimit = options.stubLimit ?? build.plating?.stubLimit ?? nominalStub(lattice) + STUB_MARGIN;

  // --- the die in its own frame
  const rdlKey = new Set([layerKey(rdl.layer, rdl.datatype)]);
  const dieRdl = [...flatPolygons(build.die, { layers: rdlKey })].map((f) => f.points);
  const kerf = build.plating?.kerf ?? null;
  const kerfRdl = kerf ? [...flatPolygons(kerf, { layers: rdlKey })].map((f) => f.points) : [];
  const termKeys = new Set((options.terminalLayers ?? ['PAD', 'BUMP']).map((n) => lay(n)).filter((l) => l).map((l) => layerKey(l.layer, l.datatype)));
  const terminals: Array<[number, number]> = [];
  for (const f of flatPolygons(build.die, { layers: termKeys })) {
    const b = bboxOf(f.points);
    terminals.push([Math.floor((b.x0 + b.x1) / 2), Math.floor((b.y0 + b.y1) / 2)]);
  }
  const dieIslands = union(dieRdl, [], { what: 'dicing check: die RDL' });
  const nets: Array<{ island: PolygonWithHoles; terms: Array<[number, number]>; name: string }> = [];
  for (const isl of dieIslands) {
    const terms = terminals.filter(([x, y]) => inPolygon(isl, x, y));
    if (terms.length) nets.push({ island: isl, terms, name: '' });
  }
  // Net names from the tie ends (a tie's end lies on its net's metal at the die edge).
  for (const b of build.plating?.bridges ?? []) {
    const [x0, y0, x1, y1] = b.rect;
    const probe: [number, number] = b.side === 'right' ? [lattice.dieBox.x1, (y0 + y1) >> 1] : b.side === 'left' ? [lattice.dieBox.x0, (y0 + y1) >> 1] : b.side === 'top' ? [(x0 + x1) >> 1, lattice.dieBox.y1] : [(x0 + x1) >> 1, lattice.dieBox.y0];
    const n = nets.find((m) => inPolygon(m.island, probe[0], probe[1]));
    if (n && !n.name.split('/').includes(b.net)) n.name = n.name ? `${n.name}/${b.net}` : b.net;
  }
  nets.forEach((n, i) => {
    if (!n.name) n.name = `net#${i + 1} at (${n.terms[0][0] / 1000}, ${n.terms[0][1] / 1000}) um`;
  });
  const dieBox = lattice.dieBox;
  const [sx, sy] = lattice.street;
  const winLocal: Box = { x0: dieBox.x0 - sx, y0: dieBox.y0 - sy, x1: dieBox.x1 + sx, y1: dieBox.y1 + sy };
  const metal = [...dieRdl, ...kerfRdl];
  const siteIslands = union(metal, [], { what: 'dicing check: die and kerf RDL' });

  // --- wafer-level shapes
  const topRdl = new TopLayer(top, rdl);
  const topSaw = new TopLayer(top, saw);

  // --- the die's placements (translations only)
  const placementsOf = (cell: Cell | null): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    if (!cell) return out;
    const ok = (t: Transform) => t.rotation === 0 && !t.mirrorX && t.magnification === 1;
    for (const r of top.refs) {
      if (r.cell !== cell) continue;
      if (!ok(r.transform)) report('E_PLACEMENT', 'error', `'${cell.name}' placed with rotation, mirror or magnification at ${r.transform}: the dicing check handles translations only`);
      out.push([r.transform.x, r.transform.y]);
    }
    for (const a of top.arrays) {
      if (a.cell !== cell) continue;
      if (!ok(a.transform)) report('E_PLACEMENT', 'error', `'${cell.name}' arrayed with rotation, mirror or magnification: the dicing check handles translations only`);
      for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) out.push([a.transform.x + c * a.colStep[0] + r * a.rowStep[0], a.transform.y + c * a.colStep[1] + r * a.rowStep[1]]);
    }
    return out;
  };
  const diePlaces = placementsOf(build.die);
  const kerfPlaces = new Set(placementsOf(kerf).map(([x, y]) => `${x},${y}`));
  if (kerf) for (const [x, y] of diePlaces) if (!kerfPlaces.has(`${x},${y}`)) report('E_NO_KERF', 'error', `die at (${x / 1000}, ${y / 1000}) um has no kerf bridges placed with it`, [x, y]);

  // --- per-site analyses, shared between sites whose windows hold the same shapes
  const cx = (dieBox.x0 + dieBox.x1) >> 1;
  const cy = (dieBox.y0 + dieBox.y1) >> 1;
  const regionCache = new Map<string, PolygonWithHoles | null>();
  const regionOf = (sawRings: Ring[]): PolygonWithHoles | null => {
    if (!sawRings.length) return null;
    const key = sawRings.map((r) => r.join(',')).join(';');
    let r = regionCache.get(key);
    if (r === undefined) regionCache.set(key, (r = difference([rectRing(winLocal)], sawRings, { what: 'dicing check: site region' }).find((p) => inPolygon(p, cx, cy)) ?? null));
    return r;
  };
  const sawCache = new Map<string, SawAnalysis>();
  const analyseSaw = (sawRings: Ring[]): SawAnalysis => {
    const a: SawAnalysis = { netIslandsAfter: 0, terminalsPerIsland: [], shorts: [], cutNets: [], crossesSaw: false, dieMetalInSaw: false, maxStub: 0, region: regionOf(sawRings) };
    const after = sawRings.length ? difference(metal, sawRings, { what: 'dicing check: metal minus saw' }) : siteIslands;
    const netOf = new Array<number>(nets.length).fill(-1);
    after.forEach((isl, k) => {
      const here = new Set<number>();
      let terms = 0;
      nets.forEach((n, i) => {
        for (const [x, y] of n.terms) {
          if (inPolygon(isl, x, y)) {
            here.add(i);
            terms++;
          }
        }
      });
      if (here.size) {
        a.netIslandsAfter++;
        a.terminalsPerIsland.push(terms);
        for (const i of here) netOf[i] = k;
      }
      if (here.size > 1) a.shorts.push([...here].map((i) => nets[i].name));
    });
    nets.forEach((n, i) => {
      if (netOf[i] < 0) a.cutNets.push(n.name);
    });
    if (sawRings.length && dieRdl.length && intersection(dieRdl, sawRings, { what: 'dicing check: die metal in the saw' }).length) a.dieMetalInSaw = true;
    if (a.region && after.length && difference(after.flatMap(rings), rings(a.region), { what: 'dicing check: metal across the saw line' }).length) a.crossesSaw = true;
    // Stubs: how far what is left reaches beyond the die box.
    for (const p of difference(after.flatMap(rings), [rectRing(dieBox)], { what: 'dicing check: stubs' })) {
      const o = p.outer;
      for (let i = 0; i < o.length; i += 2) {
        const d = Math.max(o[i] - dieBox.x1, dieBox.x0 - o[i], o[i + 1] - dieBox.y1, dieBox.y0 - o[i + 1], 0);
        if (d > a.maxStub) a.maxStub = d;
      }
    }
    return a;
  };
  const busCache = new Map<string, BusAnalysis>();
  /**
   * Joins: the union of die + kerf metal and the window's wafer-level pieces; an island of the metal
   * is joined to the pieces that end up in the same merged island (probe points locate both).
   */
  const analyseBus = (metalRings: Ring[], metalIslands: PolygonWithHoles[], netProbe: Array<[number, number]>, busRings: Ring[], region: PolygonWithHoles | null): BusAnalysis => {
    const a: BusAnalysis = { netTouches: [], otherTouches: [], floatingIslands: 0, topMetalInDie: false };
    const merged = busRings.length ? union([...metalRings, ...busRings], [], { what: 'dicing check: metal and bus' }) : [];
    const where = (x: number, y: number) => merged.findIndex((m) => inPolygon(m, x, y));
    const pieceIn = new Map<number, number[]>();
    busRings.forEach((r, k) => {
      if (area2(r) <= 0) return; // a hole of a clipped piece: its outer ring stands for it
      const [x, y] = probeOf(r);
      const m = where(x, y);
      if (m >= 0) pieceIn.set(m, [...(pieceIn.get(m) ?? []), k]);
    });
    const islandHits = metalIslands.map((isl) => {
      const m = merged.length ? where(isl.outer[0], isl.outer[1]) : -1;
      return m >= 0 ? (pieceIn.get(m) ?? []) : [];
    });
    const netIsland = netProbe.map(([x, y]) => metalIslands.findIndex((s) => inPolygon(s, x, y)));
    netIsland.forEach((k, i) => {
      a.netTouches[i] = k >= 0 ? islandHits[k] : [];
    });
    islandHits.forEach((hit, k) => {
      if (!hit.length) a.floatingIslands++;
      else if (!netIsland.includes(k)) a.otherTouches.push(hit);
    });
    if (region && busRings.length && intersection(busRings, rings(region), { what: 'dicing check: wafer-level metal in the die region' }).length) a.topMetalInDie = true;
    return a;
  };
  const netProbes = nets.map((n) => n.terms[0]);

  // Union-find over wafer-level RDL items (their components), joined by overlaps and by sites.
  const parent = topRdl.items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  {
    // Item overlaps: rectangle pairs exactly; a polygon against a rectangle by clipping it.
    const idx = topRdl.index;
    topRdl.items.forEach((it, i) => {
      if (!idx) return;
      const bi = bboxOf(it);
      for (const j of idx.search(bi.x0, bi.y0, bi.x1, bi.y1)) {
        if (j <= i || find(i) === find(j)) continue;
        const hit = topRdl.overlap(i, j);
        if (hit) join(i, j);
      }
    });
  }
  // The ring: the wafer-level RDL item with the largest bounding box.
  let ringItem = -1;
  let ringSpan = -1;
  topRdl.items.forEach((it, i) => {
    const b = bboxOf(it);
    if (b.x1 - b.x0 > ringSpan) {
      ringSpan = b.x1 - b.x0;
      ringItem = i;
    }
  });

  let floating = 0;
  let netIslandsAfter = 0;
  let tMin = Infinity;
  let tMax = 0;
  let maxStub = 0;
  const pendingNets: Array<{ items: number[]; name: string; at: [number, number] }> = [];
  const keyOf = (x: { rings: Ring[] }) => x.rings.map((r) => r.join(',')).join(';');
  for (const [X, Y] of diePlaces) {
    const win: Box = { x0: winLocal.x0 + X, y0: winLocal.y0 + Y, x1: winLocal.x1 + X, y1: winLocal.y1 + Y };
    const bus = topRdl.window(win, X, Y);
    const sw = topSaw.window(win, X, Y);
    const sk = keyOf(sw);
    let s = sawCache.get(sk);
    if (!s) sawCache.set(sk, (s = analyseSaw(sw.rings)));
    const bk = sk + '|' + keyOf(bus);
    let b = busCache.get(bk);
    if (!b) busCache.set(bk, (b = analyseBus(metal, siteIslands, netProbes, bus.rings, s.region)));
    const at: [number, number] = [X, Y];
    nets.forEach((n, i) => {
      const items = b!.netTouches[i].map((k) => bus.from[k]);
      for (let k = 1; k < items.length; k++) join(items[0], items[k]);
      pendingNets.push({ items, name: n.name, at });
    });
    for (const hit of b.otherTouches) for (let k = 1; k < hit.length; k++) join(bus.from[hit[0]], bus.from[hit[k]]);
    floating += b.floatingIslands;
    netIslandsAfter += s.netIslandsAfter;
    for (const t of s.terminalsPerIsland) {
      tMin = Math.min(tMin, t);
      tMax = Math.max(tMax, t);
    }
    if (s.maxStub > maxStub) maxStub = s.maxStub;
    const here = `die at (${X / 1000}, ${Y / 1000}) um`;
    for (const sh of s.shorts) report('E_SHORT_AFTER_SAW', 'error', `${here}: nets ${sh.join(', ')} stay joined after the saw`, at);
    for (const c of s.cutNets) report('E_NET_CUT', 'error', `${here}: net ${c} loses its terminals' metal to the saw`, at);
    if (s.crossesSaw) report('E_CROSSES_SAW', 'error', `${here}: metal crosses the saw line (left after dicing outside the die's region between the cuts)`, at);
    if (s.dieMetalInSaw) report('E_DIE_METAL_IN_SAW', 'error', `${here}: the die's own RDL reaches into the saw cut`, at);
    if (b.topMetalInDie) report('E_WAFER_METAL_IN_DIE', 'error', `${here}: wafer-level RDL (bus or ring) reaches the die's region outside the saw cut`, at);
    if (s.maxStub > stubLimit) report('E_STUB', 'error', `${here}: a ${s.maxStub / 1000} um stub remains at the die edge after the saw (limit ${stubLimit / 1000} um)`, at);
  }

  // Dummy sites: joined to the network (a warning otherwise), and after the saw inside their own region.
  // A mesh of rectangles is checked with rectangle arithmetic: its union would be one polygon with a
  // hole per mesh cell, slow to build and to query. Anything else goes through the boolean engine.
  const dummyCache = new Map<Cell, { rings: Ring[]; rects: Box[] | null; islands: number[][] | PolygonWithHoles[] }>();
  for (const d of build.dummies ?? []) {
    const [X, Y] = d.at;
    const win: Box = { x0: winLocal.x0 + X, y0: winLocal.y0 + Y, x1: winLocal.x1 + X, y1: winLocal.y1 + Y };
    const bus = topRdl.window(win, X, Y);
    const sw = topSaw.window(win, X, Y);
    let m = dummyCache.get(d.cell);
    if (!m) {
      const r = [...flatPolygons(d.cell, { layers: rdlKey })].map((f) => f.points);
      const rects = r.map(isRect);
      m = rects.every((x) => x) ? { rings: r, rects: rects as Box[], islands: rectIslands(rects as Box[]) } : { rings: r, rects: null, islands: union(r, [], { what: 'dicing check: dummy mesh' }) };
      dummyCache.set(d.cell, m);
    }
    const region = regionOf(sw.rings);
    let floatingHere = 0;
    if (m.rects) {
      const rects = m.rects;
      for (const isl of m.islands as number[][]) {
        const hit: number[] = [];
        bus.rings.forEach((r, k) => {
          if (area2(r) <= 0) return;
          const rb = isRect(r);
          if (isl.some((i) => (rb ? rectOverlap(rb, rects[i]) : clipRingToBox(r, rects[i]) !== null))) hit.push(k);
        });
        for (let k = 1; k < hit.length; k++) join(bus.from[hit[0]], bus.from[hit[k]]);
        if (!hit.length) floatingHere++;
      }
      const sawBoxes = sw.rings.map(isRect);
      if (region && sawBoxes.every((x) => x)) {
        const crosses = rects.some((r) => subtractRects(r, sawBoxes as Box[]).some((f) => !rectInPolygon(f, region)));
        if (crosses) report('E_CROSSES_SAW', 'error', `dummy site (${d.col}, ${d.row}): mesh metal crosses the saw line`, [X, Y]);
      } else if (region) {
        const after = difference(m.rings, sw.rings, { what: 'dicing check: dummy minus saw' });
        if (after.length && difference(after.flatMap(rings), rings(region), { what: 'dicing check: dummy across the saw' }).length) report('E_CROSSES_SAW', 'error', `dummy site (${d.col}, ${d.row}): mesh metal crosses the saw line`, [X, Y]);
      }
    } else {
      const b = analyseBus(m.rings, m.islands as PolygonWithHoles[], [], bus.rings, null);
      for (const hit of b.otherTouches) for (let k = 1; k < hit.length; k++) join(bus.from[hit[0]], bus.from[hit[k]]);
      floatingHere = b.floatingIslands;
      if (region && m.rings.length) {
        const after = difference(m.rings, sw.rings, { what: 'dicing check: dummy minus saw' });
        if (after.length && difference(after.flatMap(rings), rings(region), { what: 'dicing check: dummy across the saw' }).length) report('E_CROSSES_SAW', 'error', `dummy site (${d.col}, ${d.row}): mesh metal crosses the saw line`, [X, Y]);
      }
    }
    if (floatingHere) {
      floating += floatingHere;
      report('W_DUMMY_FLOATING', 'warning', `dummy site (${d.col}, ${d.row}): ${floatingHere} mesh island(s) not joined to the bus or ring`, [X, Y]);
    }
  }

  // Before dicing: every net on the ring's component.
  const plating = topRdl.items.length > 0;
  let connected: boolean | null = null;
  if (plating) {
    const ringRoot = find(ringItem);
    connected = true;
    for (const n of pendingNets) {
      if (!n.items.some((i) => find(i) === ringRoot)) {
        connected = false;
        report('E_NOT_PLATED', 'error', `die at (${n.at[0] / 1000}, ${n.at[1] / 1000}) um: net ${n.name} is not joined to the plating ring`, n.at);
      }
    }
  }
  const roots = new Set(topRdl.items.map((_, i) => find(i)));
  const islandsBefore = roots.size + floating;
  const errors = Object.entries(counts).some(([code, n]) => n > 0 && !code.startsWith('W_'));
  const isolationCodes = ['E_SHORT_AFTER_SAW', 'E_NET_CUT', 'E_CROSSES_SAW', 'E_DIE_METAL_IN_SAW', 'E_WAFER_METAL_IN_DIE', 'E_STUB'];
  return {
    ok: !errors,
    plating,
    connectedBeforeDicing: connected,
    isolatedAfterDicing: !isolationCodes.some((c) => counts[c]),
    dies: diePlaces.length,
    netsPerDie: nets.length,
    islandsBefore,
    netIslandsAfter,
    terminalsPerIsland: { min: tMin === Infinity ? 0 : tMin, max: tMax },
    maxStubUm: maxStub / 1000,
    stubLimitUm: stubLimit / 1000,
    windowsAnalysed: sawCache.size + busCache.size,
    violations,
    counts,
    ms: Math.round(performance.now() - t0),
  };
}
