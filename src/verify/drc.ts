/**
 * Hierarchical DRC: each distinct cell's content is checked once, and only the interactions between
 * the parts of a hierarchical cell are re-checked.
 *
 * What is checked where
 * - A FLAT cell (layout.ts: flattened content <= flatLimit vertices, e.g. a die with its bump-stack
 *   children) is checked once as one flat frame; its violations are reported in that cell, with the
 *   number of placements under the top cell.
 * - A HIERARCHICAL cell P (a wafer) has SOURCES: its own shapes (as drawn, large ones split into
 *   pieces of <= 256 vertices and <= 2 mm) and each child placement (the child's result is reused,
 *   never recomputed). For each rule with interaction distance r (its `reach`: the rule value; 0 for
 *   widths, which live inside one merged polygon, and for whole-polygon rules; 1.5 x pitch for exact
 *   pitch), the INTERACTION ZONES of P are the boxes
 *       Z(a, b) = (B_a + r) intersect (B_b + r)
 *   for every pair of different sources a, b whose boxes B (on the rule's layers, in P's frame) come
 *   within 2r; all own pieces are one source. Zones are re-checked as WINDOWS: every whole polygon of
 *   every source touching Z + 2r + 2 is gathered, merged and checked, and the markers touching Z are
 *   kept. A child's (or P's own-only) violation whose markers touch no zone is kept as is; one that
 *   touches a zone is kept only where a window marker touches it (so a violation healed by a
 *   neighbour, e.g. a gap filled by parent metal, disappears, and one made by two sources together
 *   appears). Windows with the same sources at the same relative places (every die of an array with
 *   its kerf cell and the bus clipped to the window) are evaluated once.
 * - Local rules are checked in GROUPS (rules on the same layers, then groups of equal reach sharing a
 *   layer), at the group's largest reach. Their zones are refined to polygons and found per
 *   placement CONTEXT (localGroup): a placement's zones and window markers depend only on what lies
 *   within B_p + r + margin of it, so placements with equal surroundings (interior dies of an array)
 *   are evaluated once. Groups whose rules are all edge relations (clipSafe) clip every polygon to
 *   the window, with a margin covering their widths. Touching zones of a context are checked in one
 *   window made of their grown boxes (a union, not their bounding box: zones along a die edge next
 *   to the ring would otherwise pull the die's interior in), each polygon first cut linearly near
 *   the boxes it reaches (preCutBox) and then exactly to the union by one boolean.
 * - Whole-polygon rules (area, max width by box, die extent, via fraction) at hierarchical levels:
 *   the polygons touching zones (r = 0) are joined across sources into components (union-find on
 *   exact contact) and each component is evaluated as one merged polygon.
 * - Off-grid vertices: a placement whose transform keeps the grid (quarter turns, magnification 1,
 *   translation on the grid) reuses the child's result; any other placement is flattened and checked.
 *
 * Why it is sound (for the local rules: width, space, separation, enclosure, pitch, seal distance,
 * acute angles): every marker is an edge pair or region whose points lie within r of the geometry
 * that makes it. A marker of the flat P that involves geometry of two sources lies within r of both,
 * so inside their zone, where the window sees every polygon within 2r of it whole (cut lines of split
 * pieces and the window border are more than r from the zone and cannot reach a kept marker; an edge
 * that shields a pair crosses the pair's hull, inside the window). A marker made by one source alone
 * is changed by another source only if that source comes within r of it (merging, shielding,
 * filling), which puts the marker in a zone, where the window decides. Everything else is identical
 * to the source-alone result. Two dies placed with a street wider than 2r between their geometry
 * have no zone at all: only the die's content (checked once) matters.
 * Limits: differentNetsOnly uses the nets of the flat cell being checked (in windows of
 * hierarchical cells every pair counts as different nets, which can only add markers); a marker
 * longer than its window is confirmed whole from the source; markers of two windows with equal
 * sources may differ beyond the window, never in count.
 */
import type { Box } from '../core/box.ts';
import type { Cell } from '../core/cell.ts';
import { Transform } from '../core/transform.ts';
import { intersection, type PolygonWithHoles } from '../geom/clipper.ts';
import type { Technology } from '../tech/types.ts';
import { translatedRing } from '../core/polygon.ts';
import { clipRingToBox } from '../geom/split.ts';
import { clipToBox, pwhArea, pwhTouch, reverseFlat, ringBox, shiftPwh } from './geometry.ts';
import { evaluateRule, LayerSet, type KernelContext, type Marker } from './kernel.ts';
import { inverseBox, LayoutGeometry, techLayerMap, transformBox, unionBoxes as unionBox } from './layout.ts';
import { groupMarkers } from './markers.ts';
import { checkRules, type CheckRule, type RuleOptions, type SkippedRule } from './rules.ts';
import { GridIndex, packBoxes, UnionFind } from './spatial.ts';

/** One violation group found in `cell` (markers in its frame), standing at `transforms` of the current frame. */
export interface DrcEntry {
  rule: CheckRule;
  cell: Cell;
  markers: Marker[];
  box: Box;
  transforms: Transform[];
}

export interface DrcRunOptions extends RuleOptions {
  /** Largest flattened vertex count checked as one flat frame (default 200,000). */
  flatLimit?: number;
  /** Net lookup for differentNetsOnly rules, per flat cell (from connectivity extraction). */
  netContext?: (cell: Cell) => KernelContext['netOf'];
}

export interface DrcStats {
  cellsChecked: number;
  windows: number;
  windowCacheHits: number;
  zones: number;
  /** Placements whose surroundings were keyed for interactions, and how many reused a keyed result. */
  contexts: number;
  contextCacheHits: number;
  seconds: number;
}

export interface DrcRunResult {
  rules: CheckRule[];
  skipped: SkippedRule[];
  /** Entries relative to the top cell: each stands at `transforms.length` places. */
  entries: DrcEntry[];
  stats: DrcStats;
}

function markersBox(ms: readonly Marker[]): Box {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const m of ms) {
    const b = ringBox(m.outer);
    if (b.x0 < x0) x0 = b.x0;
    if (b.y0 < y0) y0 = b.y0;
    if (b.x1 > x1) x1 = b.x1;
    if (b.y1 > y1) y1 = b.y1;
  }
  return { x0, y0, x1, y1 };
}

function grow(b: Box, d: number): Box {
  return { x0: b.x0 - d, y0: b.y0 - d, x1: b.x1 + d, y1: b.y1 + d };
}

function transformMarker(m: Marker, t: Transform): Marker {
  if (t.isIdentity) return m;
  const f = (r: Int32Array) => {
    const o = t.applyToCoords(r);
    if (!t.mirrorX) return o;
    const n = o.length;
    const rev = new Int32Array(n);
    for (let i = 0; i < n; i += 2) {
      rev[i] = o[n - 2 - i];
      rev[i + 1] = o[n - 1 - i];
    }
    return rev;
  };
  return { ...m, outer: f(m.outer), holes: m.holes.map(f) };
}

function shiftMarker(m: Marker, dx: number, dy: number): Marker {
  const p = shiftPwh(m, dx, dy);
  return { ...m, outer: p.outer, holes: p.holes };
}

/** Whether a transform maps the grid onto itself. */
function keepsGrid(t: Transform, g: number): boolean {
  return t.quarterTurns >= 0 && t.magnification === 1 && t.x % g === 0 && t.y % g === 0;
}

/** FNV-1a over integers, for window signatures. */
function hashInts(h: number, r: ArrayLike<number>, dx: number, dy: number): number {
  for (let i = 0; i < r.length; i++) {
    h ^= (r[i] - (i & 1 ? dy : dx)) | 0;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** Layers without which a rule finds nothing (the markers come from shapes on all of them). */
function requiredLayers(r: CheckRule): string[] {
  switch (r.kind) {
    case 'enclosure':
      return r.noStraddle ? [r.inner, r.outer] : [r.inner];
    case 'separation':
      return [r.a, r.b];
    case 'extent':
      return [r.layer, r.interacting];
    case 'sealDistance':
      return [r.layer, r.seal];
    case 'width':
      return r.overlapping ? [r.layer, r.overlapping] : [r.layer];
    default:
      return [r.layer];
  }
}

interface ZoneSet {
  boxes: Box[];
  index: GridIndex;
}

/** The zones and window markers owned by one placement, relative to its origin (see localGroup). */
interface ContextResult {
  zones: Box[];
  markers: Map<string, Marker[]>;
}

/** Local rules on one layer set, checked together at the largest reach of the set. */
interface LocalGroup {
  layers: string[];
  reach: number;
  rules: CheckRule[];
  /** Whether windows may clip every polygon to the window (see clipSafe), and then by how much the window exceeds the zone. */
  clip: boolean;
  margin: number;
}

/**
 * Whether a rule's markers near a zone depend only on the geometry within `clipMargin` of it, so a
 * window may clip placements' polygons too: edge relations (space, separation, enclosure, acute
 * angles, wide space) and widths, whose markers join edges at most `value` apart. Not so for rules
 * that look at whole polygons (centres for pitch and seal distance, overlap tests of noStraddle and
 * `overlapping`, net lookups of differentNetsOnly): their windows keep placements' polygons whole.
 */
function clipSafe(r: CheckRule): boolean {
  switch (r.kind) {
    case 'space':
    case 'wideSpace':
    case 'acuteAngle':
      return true;
    case 'width':
      return !r.overlapping;
    case 'separation':
      return !r.differentNetsOnly;
    case 'enclosure':
      return !r.noStraddle;
    default:
      return false;
  }
}

/** How far from a zone a clip line must be so no marker it makes touches the zone (dbu). */
function clipMargin(r: CheckRule): number {
  return 2 * Math.max(r.reach, r.kind === 'width' ? r.value : 0) + 2;
}

/** Zones of a hierarchical cell for a local group, and the window markers in them per rule id. */
interface GroupResult {
  zones: ZoneSet;
  markers: Map<string, Marker[]>;
}

function boxesTouch(a: Box, b: Box): boolean {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

/**
 * The boxes of a multi-box window, fewer: two boxes are replaced by their bounding box when it is no
 * larger than their areas together (zones along one die edge become a strip; the two strips of a
 * corner stay apart). The result covers every input box. Each boolean of the window takes one ring
 * per box, and clipper's sweep slows down with the number of rings.
 */
function mergeWindowBoxes(list: readonly Box[]): Box[] {
  const area = (b: Box) => (b.x1 - b.x0) * (b.y1 - b.y0);
  const out = list.slice();
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i];
        const b = out[j];
        const u = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
        if (area(u) > area(a) + area(b)) continue;
        out[i] = u;
        out.splice(j, 1);
        j = i;
        changed = true;
      }
    }
  }
  return out;
}

/**
 * Where a clip group's window may cut a ring (box `bp`) linearly before the exact boolean with the
 * union U of the window boxes: the box over (each window box touching bp + 2, grown by 2, intersected
 * with bp), grown by 1 um; null when no window box comes that near. The ring winds around no point
 * of U outside that box less 1 um, so the linear cut keeps its winding everywhere in U, and its
 * rounded crossings (on the ring's edges, more than 2 dbu from every window box it does not reach)
 * stay outside U. Per ring, so a mesh's holes away from the window drop out, and a polygon touching
 * windows on two sides of a die is cut to what lies near them, not to the cluster's bounding box.
 */
function preCutBox(bp: Box, wins: readonly Box[], index: GridIndex | null): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const take = (w: Box) => {
    if (w.x0 - 2 > bp.x1 + 2 || w.x1 + 2 < bp.x0 - 2 || w.y0 - 2 > bp.y1 + 2 || w.y1 + 2 < bp.y0 - 2) return;
    x0 = Math.min(x0, Math.max(w.x0 - 2, bp.x0));
    y0 = Math.min(y0, Math.max(w.y0 - 2, bp.y0));
    x1 = Math.max(x1, Math.min(w.x1 + 2, bp.x1));
    y1 = Math.max(y1, Math.min(w.y1 + 2, bp.y1));
  };
  if (index) index.search(bp.x0 - 4, bp.y0 - 4, bp.x1 + 4, bp.y1 + 4, (i) => take(wins[i]));
  else for (const w of wins) take(w);
  return x0 > x1 ? null : { x0: x0 - 1000, y0: y0 - 1000, x1: x1 + 1000, y1: y1 + 1000 };
}

/**
 * Zone boxes in clusters of touching boxes (union-find over an index), each cluster without exact
 * duplicates and without boxes inside another member. A cluster is checked in one window made of its
 * members' windows (not their bounding box: zones along a die edge next to the ring would otherwise
 * span the die and pull its whole interior into the window).
 */
function clusterZones(list: readonly Box[]): Box[][] {
  const n = list.length;
  if (n === 0) return [];
  const index = new GridIndex(packBoxes(list));
  const uf = new UnionFind(n);
  for (let i = 0; i < n; i++) {
    const b = list[i];
    index.search(b.x0, b.y0, b.x1, b.y1, (j) => {
      if (j > i) uf.union(i, j);
    });
  }
  const byRoot = new Map<number, Box[]>();
  for (let i = 0; i < n; i++) {
    const r = uf.find(i);
    let c = byRoot.get(r);
    if (!c) byRoot.set(r, (c = []));
    c.push(list[i]);
  }
  const inside = (a: Box, b: Box) => a.x0 >= b.x0 && a.y0 >= b.y0 && a.x1 <= b.x1 && a.y1 <= b.y1;
  const out: Box[][] = [];
  for (const c of byRoot.values()) {
    // Larger boxes first, so a contained box meets its container among the kept ones.
    c.sort((a, b) => (b.x1 - b.x0) * (b.y1 - b.y0) - (a.x1 - a.x0) * (a.y1 - a.y0) || a.x0 - b.x0 || a.y0 - b.y0);
    const kept: Box[] = [];
    for (const b of c) if (!kept.some((k) => inside(b, k))) kept.push(b);
    out.push(kept);
  }
  return out;
}

export class DrcRun {
  readonly geometry: LayoutGeometry;
  readonly rules: CheckRule[];
  readonly skipped: SkippedRule[];
  private readonly memo = new Map<Cell, DrcEntry[]>();
  private readonly cellIds = new Map<Cell, number>();
  private readonly windowCache = new Map<string, Map<string, Marker[]>>();
  readonly stats: DrcStats = { cellsChecked: 0, windows: 0, windowCacheHits: 0, zones: 0, contexts: 0, contextCacheHits: 0, seconds: 0 };
  private readonly contextCache = new Map<string, ContextResult>();

  constructor(
    readonly tech: Technology,
    readonly options: DrcRunOptions = {},
    geometry?: LayoutGeometry,
  ) {
    this.geometry = geometry ?? new LayoutGeometry(techLayerMap(tech), { flatLimit: options.flatLimit });
    const r = checkRules(tech, options);
    this.rules = r.rules;
    this.skipped = r.skipped;
  }

  private cellId(c: Cell): number {
    let id = this.cellIds.get(c);
    if (id === undefined) this.cellIds.set(c, (id = this.cellIds.size));
    return id;
  }

  /** Runs every rule on `top`; entries relative to `top`. */
  run(top: Cell): DrcRunResult {
    const t0 = performance.now();
    const entries = this.entries(top);
    this.stats.seconds = (performance.now() - t0) / 1000;
    return { rules: this.rules, skipped: this.skipped, entries, stats: this.stats };
  }

  /** The violation entries of a cell relative to its own frame (memoised per cell). */
  entries(cell: Cell): DrcEntry[] {
    let e = this.memo.get(cell);
    if (e) return e;
    e = this.geometry.isFlat(cell) ? this.checkFlat(cell) : this.checkHierarchical(cell);
    this.stats.cellsChecked++;
    this.memo.set(cell, e);
    return e;
  }

  private groupsToEntries(rule: CheckRule, cell: Cell, markers: Marker[]): DrcEntry[] {
    return groupMarkers(markers).map((g) => {
      const ms = g.map((i) => markers[i]);
      return { rule, cell, markers: ms, box: markersBox(ms), transforms: [Transform.IDENTITY] };
    });
  }

  /** Whether a rule can find anything under `cell`: every layer it needs has shapes there. */
  private applicable(cell: Cell, rule: CheckRule): boolean {
    return requiredLayers(rule).every((l) => this.geometry.layerBox(cell, l) !== null);
  }

  private checkFlat(cell: Cell): DrcEntry[] {
    const ls = this.geometry.flatSet(cell);
    const ctx: KernelContext = { netOf: this.options.netContext?.(cell) };
    const out: DrcEntry[] = [];
    for (const rule of this.rules) if (this.applicable(cell, rule)) out.push(...this.groupsToEntries(rule, cell, evaluateRule(rule, ls, ctx)));
    return out;
  }

  /** Boxes (parent frame) of the sources of `cell` on `layers`: own pieces (source -1) and placements. */
  private sources(cell: Cell, layers: readonly string[]): { boxes: Box[]; source: number[] } {
    const g = this.geometry;
    const boxes: Box[] = [];
    const source: number[] = [];
    for (const l of layers) {
      const own = g.ownPieces(cell, l);
      for (let i = 0; i < own.polys.length; i++) {
        boxes.push({ x0: own.boxes[i * 4], y0: own.boxes[i * 4 + 1], x1: own.boxes[i * 4 + 2], y1: own.boxes[i * 4 + 3] });
        source.push(-1);
      }
    }
    const pl = g.placements(cell);
    for (let k = 0; k < pl.cells.length; k++) {
      const b = g.layersBox(pl.cells[k], layers);
      if (!b) continue;
      boxes.push(transformBox(b, pl.transforms[k]));
      source.push(k);
    }
    return { boxes, source };
  }

  private readonly zoneCache = new Map<Cell, Map<string, ZoneSet>>();

  /** Interaction zones of a hierarchical cell for one rule (see the header); shared by rules with the same layers and reach. */
  private zones(cell: Cell, rule: CheckRule): ZoneSet {
    let m = this.zoneCache.get(cell);
    if (!m) this.zoneCache.set(cell, (m = new Map()));
    const key = `${rule.layers.join(',')}|${rule.reach}`;
    let z = m.get(key);
    if (!z) {
      z = this.computeZones(cell, rule);
      m.set(key, z);
    }
    return z;
  }

  private computeZones(cell: Cell, rule: CheckRule): ZoneSet {
    const { boxes, source } = this.sources(cell, rule.layers);
    const r = rule.reach;
    const n = boxes.length;
    const flat = new Float64Array(n * 4);
    boxes.forEach((b, i) => flat.set([b.x0 - r, b.y0 - r, b.x1 + r, b.y1 + r], i * 4));
    const index = new GridIndex(flat);
    const zones: Box[] = [];
    for (let i = 0; i < n; i++) {
      const o = i * 4;
      index.search(flat[o], flat[o + 1], flat[o + 2], flat[o + 3], (j) => {
        if (j <= i || source[i] === source[j]) return;
        const p = j * 4;
        zones.push({ x0: Math.max(flat[o], flat[p]), y0: Math.max(flat[o + 1], flat[p + 1]), x1: Math.min(flat[o + 2], flat[p + 2]), y1: Math.min(flat[o + 3], flat[p + 3]) });
      });
    }
    const zb = new Float64Array(zones.length * 4);
    zones.forEach((b, i) => zb.set([b.x0, b.y0, b.x1, b.y1], i * 4));
    this.stats.zones += zones.length;
    return { boxes: zones, index: new GridIndex(zb) };
  }

  /** All whole polygons of the sources of `cell` on `layer` touching `box` (parent frame). */
  private gather(cell: Cell, layer: string, box: Box): PolygonWithHoles[] {
    return this.geometry.polygonsIn(cell, layer, box);
  }

  /**
   * The polygons a window box sees, parent frame: the cell's own pieces clipped to the box (what its
   * signature hashes) and the whole polygons of the placements touching it. With `seen`, a placement
   * polygon object met before (from another box of the same window) is skipped.
   */
  private windowPolys(cell: Cell, layer: string, w: Box, out: PolygonWithHoles[] = [], seen?: Set<PolygonWithHoles>): PolygonWithHoles[] {
    const g = this.geometry;
    const own = g.ownPieces(cell, layer);
    own.index.search(w.x0, w.y0, w.x1, w.y1, (i) => {
      out.push(...clipToBox(own.polys[i], w));
    });
    const pl = g.placements(cell);
    const from = out.length;
    pl.index.search(w.x0, w.y0, w.x1, w.y1, (k) => {
      g.polygonsIn(pl.cells[k], layer, inverseBox(w, pl.transforms[k]), out, pl.transforms[k]);
    });
    if (seen) {
      // Placements under identity transforms hand out their polygon objects: drop repeats.
      let k = from;
      for (let i = from; i < out.length; i++) {
        const p = out[i];
        if (seen.has(p)) continue;
        seen.add(p);
        out[k++] = p;
      }
      out.length = k;
    }
    return out;
  }

  /**
   * The rings (parent frame) of the polygons a clip window with boxes `wins` sees on `layer`, each
   * cut linearly to its preCutBox: own pieces and placements' whole polygons, each polygon once
   * however many boxes it touches (a dummy mesh beside the ring meets several). Placements' polygons
   * are cut in the placement's frame (against the window boxes mapped there, a superset) and only
   * what is left is transformed: a mesh's hundreds of holes away from the window cost a box test.
   */
  private windowRings(cell: Cell, layer: string, wins: readonly Box[], winIndex: GridIndex | null, visit: (r: Int32Array) => void): void {
    const g = this.geometry;
    const own = g.ownPieces(cell, layer);
    const ownHit = new Set<number>();
    const pl = g.placements(cell);
    const placed = new Set<number>();
    for (const w of wins) {
      own.index.search(w.x0, w.y0, w.x1, w.y1, (i) => ownHit.add(i));
      pl.index.search(w.x0, w.y0, w.x1, w.y1, (k) => placed.add(k));
    }
    /** Cuts polygon p against boxes `ws` (p's frame); `t` maps the survivors to the parent frame. */
    const cutPolygon = (p: PolygonWithHoles, ws: readonly Box[], wi: GridIndex | null, t: Transform) => {
      const c = preCutBox(ringBox(p.outer), ws, wi);
      if (!c) return;
      // Holes are cut to the polygon's box (it covers the part of p near the windows, holes
      // included); a hole outside it is farther than 2 dbu from every window box and drops out.
      for (const r of [p.outer, ...p.holes]) {
        const cut = clipRingToBox(r, c);
        if (!cut) continue;
        if (t.isIdentity) visit(cut);
        else {
          const o = t.applyToCoords(cut);
          visit(t.mirrorX ? reverseFlat(o) : o);
        }
      }
    };
    for (const i of ownHit) cutPolygon(own.polys[i], wins, winIndex, Transform.IDENTITY);
    for (const k of placed) {
      const t = pl.transforms[k];
      const ws = t.isIdentity ? wins : wins.map((w) => inverseBox(w, t));
      const wi = t.isIdentity ? winIndex : ws.length > 8 ? new GridIndex(packBoxes(ws)) : null;
      const polys: PolygonWithHoles[] = [];
      for (const w of ws) g.polygonsIn(pl.cells[k], layer, w, polys);
      const seen = new Set<PolygonWithHoles>();
      for (const p of polys) {
        if (seen.has(p)) continue;
        seen.add(p);
        cutPolygon(p, ws, wi, t);
      }
    }
  }

  /** A placement's key without its position: cell and orientation. */
  private placementKey(cell: Cell, k: number): string {
    const pl = this.geometry.placements(cell);
    const t = pl.transforms[k];
    return `${this.cellId(pl.cells[k])}:${t.rotation}:${t.mirrorX ? 1 : 0}:${t.magnification}`;
  }

  /**
   * Own pieces of `cell` on `layers` touching `b`, cut to it, hashed relative to `anchor` (appended
   * to `parts`, which callers sort). The cut is the linear clipRingToBox (no boolean): equal cut rings
   * mean equal pieces inside `b`, which is what a window or context sees of them.
   */
  private ownParts(cell: Cell, layers: readonly string[], b: Box, anchor: readonly [number, number], parts: string[]): void {
    const g = this.geometry;
    for (const l of layers) {
      const own = g.ownPieces(cell, l);
      own.index.search(b.x0, b.y0, b.x1, b.y1, (i) => {
        // Cut to the box: a 300 mm bus line looks the same from every die it passes.
        const p = own.polys[i];
        const o = clipRingToBox(p.outer, b);
        if (!o) return;
        let h = hashInts(2166136261, o, anchor[0], anchor[1]);
        for (const hole of p.holes) {
          const c = clipRingToBox(hole, b);
          if (c) h = hashInts(h, c, anchor[0], anchor[1]);
        }
        parts.push(`o${l}:${o.length}:${h}`);
      });
    }
  }

  /**
   * A window signature: its boxes and the sources in them, relative to the anchor (windows with one
   * signature see the same geometry and share results).
   */
  private signature(cell: Cell, layers: readonly string[], reach: number, clip: boolean, wins: readonly Box[], anchor: [number, number]): string {
    const g = this.geometry;
    const parts: string[] = [];
    const boxes: string[] = [];
    const pl = g.placements(cell);
    const seen = new Set<number>();
    for (const w of wins) {
      boxes.push(`${w.x0 - anchor[0]},${w.y0 - anchor[1]},${w.x1 - anchor[0]},${w.y1 - anchor[1]}`);
      this.ownParts(cell, layers, w, anchor, parts);
      pl.index.search(w.x0, w.y0, w.x1, w.y1, (k) => {
        if (seen.has(k)) return;
        // Only placements with polygons of the group's layers in the window (a die-ID text cell is not a
        // source, nor a neighbour whose box, not its shapes, reaches in).
        const t = pl.transforms[k];
        const inv = inverseBox(w, t);
        for (const l of layers) {
          if (!g.layerBox(pl.cells[k], l) || g.boxesIn(pl.cells[k], l, inv).length === 0) continue;
          seen.add(k);
          parts.push(`c${this.placementKey(cell, k)}:${t.x - anchor[0]}:${t.y - anchor[1]}`);
          return;
        }
      });
    }
    parts.sort();
    return `${layers.join(',')}/${reach}/${clip ? 'c' : 'w'}|${boxes.join(';')}|${parts.join(';')}`;
  }

  /**
   * Markers of the local rules of `group` in one cluster of zones (parent frame), per rule id: the
   * window is the union of the zones grown by the group's margin; markers touching a zone are kept.
   * Windows with the same boxes and sources at the same relative places share one evaluation.
   */
  private windowMarkers(cell: Cell, group: LocalGroup, zones: readonly Box[]): Map<string, Marker[]> {
    const wins = mergeWindowBoxes(zones.map((z) => grow(z, group.margin)));
    let ax = Infinity;
    let ay = Infinity;
    for (const z of zones) {
      if (z.x0 < ax) ax = z.x0;
      if (z.y0 < ay) ay = z.y0;
    }
    const anchor: [number, number] = [ax, ay];
    const key = this.signature(cell, group.layers, group.reach, group.clip, wins, anchor);
    this.stats.windows++;
    let rel = this.windowCache.get(key);
    if (rel) this.stats.windowCacheHits++;
    else {
      const raw = new Map<string, Int32Array[]>();
      const merged = new Map<string, PolygonWithHoles[]>();
      // The window boxes relative to the anchor: clip groups merge and clip each layer in one boolean.
      const winIndex = wins.length > 8 ? new GridIndex(packBoxes(wins)) : null;
      const winRings = wins.map((w) => Int32Array.of(w.x0 - ax, w.y0 - ay, w.x1 - ax, w.y0 - ay, w.x1 - ax, w.y1 - ay, w.x0 - ax, w.y1 - ay));
      for (const l of group.layers) {
        let rings: Int32Array[] = [];
        const seen = new Set<PolygonWithHoles>();
        if (group.clip) {
          this.windowRings(cell, l, wins, winIndex, (r) => rings.push(translatedRing(r, -ax, -ay)));
        } else {
          for (const w of wins) {
            for (const p of this.windowPolys(cell, l, w, [], seen)) {
              rings.push(translatedRing(p.outer, -ax, -ay));
              for (const h of p.holes) rings.push(translatedRing(h, -ax, -ay));
            }
          }
        }
        if (group.clip && rings.length) {
          const m = intersection(rings, winRings, { what: 'verify window' });
          merged.set(l, m);
          rings = m.flatMap((p) => [p.outer, ...p.holes]);
        }
        raw.set(l, rings);
      }
      const zr = zones.map((z) => ({ x0: z.x0 - ax, y0: z.y0 - ay, x1: z.x1 - ax, y1: z.y1 - ay }));
      const touchesZone = (m: Marker) => {
        const b = ringBox(m.outer);
        for (const z of zr) if (boxesTouch(b, z)) return true;
        return false;
      };
      const ls = new LayerSet(raw, merged);
      rel = new Map();
      for (const r of group.rules) rel.set(r.id, evaluateRule(r, ls).filter(touchesZone));
      this.windowCache.set(key, rel);
    }
    const out = new Map<string, Marker[]>();
    for (const [id, ms] of rel) out.set(id, ms.map((m) => shiftMarker(m, ax, ay)));
    return out;
  }

  private readonly groupCache = new Map<Cell, Map<string, GroupResult>>();

  /**
   * Zones and window markers of a hierarchical cell for one local group, by placement CONTEXTS.
   *
   * Every interaction zone belongs to one placement p: the zones between p and the cell's own pieces,
   * and those between p and another placement q that p OWNS (p's cell-and-orientation key sorts
   * first; for equal keys, the placement with q up or to the right of it). A zone between sources a
   * and b is refined to polygons: (box(P) + r) intersect (box(Q) + r) for every polygon P of a and Q of
   * b whose boxes come within 2r, overlapping zones joined. Zones of p lie in B_p + r and their
   * windows in B_p + 3r + 2 (B_p: p's box on the group's layers), so they, and the window markers,
   * are functions of what lies in that CONTEXT box relative to p: p's key, the keys and offsets of the
   * placements with shapes there, and the own pieces clipped to it. Placements with equal contexts
   * (every interior die of an array, its kerf cell, the bus clipped near it) share one evaluation,
   * shifted; a placement with no other source within 2r of B_p has no zones at all.
   */
  private localGroup(cell: Cell, group: LocalGroup): GroupResult {
    let m = this.groupCache.get(cell);
    if (!m) this.groupCache.set(cell, (m = new Map()));
    const gkey = `${group.layers.join(',')}|${group.reach}|${group.margin}|${group.clip}`;
    const cached = m.get(gkey);
    if (cached) return cached;
    const g = this.geometry;
    const { layers, reach: r } = group;
    const pl = g.placements(cell);
    // Placements with shapes on the group's layers, their boxes (parent frame) and an index over them.
    const present: number[] = [];
    const pbox: Box[] = [];
    for (let k = 0; k < pl.cells.length; k++) {
      const b = g.layersBox(pl.cells[k], layers);
      if (!b) continue;
      present.push(k);
      pbox.push(transformBox(b, pl.transforms[k]));
    }
    const index = new GridIndex(packBoxes(pbox));
    const ownNear = (b: Box) => {
      let hit = false;
      for (const l of layers) if (!hit) g.ownPieces(cell, l).index.search(b.x0, b.y0, b.x1, b.y1, () => (hit = true));
      return hit;
    };
    const zones: Box[] = [];
    const markers = new Map<string, Marker[]>(group.rules.map((x) => [x.id, []]));
    for (let i = 0; i < present.length; i++) {
      const near = grow(pbox[i], 2 * r);
      let alone = !ownNear(near);
      if (alone) index.search(near.x0, near.y0, near.x1, near.y1, (j) => (alone &&= j === i));
      if (alone) continue;
      const k = present[i];
      const t = pl.transforms[k];
      const H = grow(pbox[i], r + group.margin);
      const parts: string[] = [];
      this.ownParts(cell, layers, H, [t.x, t.y], parts);
      index.search(H.x0, H.y0, H.x1, H.y1, (j) => {
        if (j !== i) parts.push(`c${this.placementKey(cell, present[j])}:${pl.transforms[present[j]].x - t.x}:${pl.transforms[present[j]].y - t.y}`);
      });
      parts.sort();
      const ckey = `${gkey}|${this.placementKey(cell, k)}|${pbox[i].x0 - t.x},${pbox[i].y0 - t.y},${pbox[i].x1 - t.x},${pbox[i].y1 - t.y}|${parts.join(';')}`;
      this.stats.contexts++;
      let ctx = this.contextCache.get(ckey);
      if (ctx) this.stats.contextCacheHits++;
      else {
        ctx = this.evaluateContext(cell, group, present, pbox, index, i);
        this.contextCache.set(ckey, ctx);
      }
      for (const z of ctx.zones) zones.push({ x0: z.x0 + t.x, y0: z.y0 + t.y, x1: z.x1 + t.x, y1: z.y1 + t.y });
      for (const [id, ms] of ctx.markers) {
        const list = markers.get(id)!;
        for (const mk of ms) list.push(shiftMarker(mk, t.x, t.y));
      }
    }
    this.stats.zones += zones.length;
    const res = { zones: { boxes: zones, index: new GridIndex(packBoxes(zones)) }, markers };
    m.set(gkey, res);
    return res;
  }

  /** The zones placement `present[i]` owns (see localGroup) and their window markers, relative to its origin. */
  private evaluateContext(cell: Cell, group: LocalGroup, present: number[], pbox: Box[], index: GridIndex, i: number): ContextResult {
    const g = this.geometry;
    const { layers, reach: r } = group;
    const pl = g.placements(cell);
    const k = present[i];
    const t = pl.transforms[k];
    const key = this.placementKey(cell, k);
    /** Boxes (flat, parent frame) of placement k's polygons touching `b`. */
    const polyBoxes = (kk: number, b: Box): number[] => {
      const out: number[] = [];
      const inv = inverseBox(b, pl.transforms[kk]);
      for (const l of layers) g.boxesIn(pl.cells[kk], l, inv, out, pl.transforms[kk]);
      return out;
    };
    const raw: Box[] = [];
    /** Zones between the polygons of placement k (boxes `pb`, grown by r and indexed) and boxes `qb`. */
    const pair = (qb: number[]) => {
      if (qb.length === 0) return;
      let u: Box | null = null;
      for (let a = 0; a < qb.length; a += 4) u = unionBox(u, { x0: qb[a], y0: qb[a + 1], x1: qb[a + 2], y1: qb[a + 3] });
      const pb = polyBoxes(k, grow(u!, 2 * r));
      if (pb.length === 0) return;
      for (let a = 0; a < pb.length; a++) pb[a] += a % 4 < 2 ? -r : r;
      const pidx = new GridIndex(Float64Array.from(pb));
      for (let a = 0; a < qb.length; a += 4) {
        const q = { x0: qb[a] - r, y0: qb[a + 1] - r, x1: qb[a + 2] + r, y1: qb[a + 3] + r };
        pidx.search(q.x0, q.y0, q.x1, q.y1, (c) => {
          raw.push({ x0: Math.max(q.x0, pb[c * 4]), y0: Math.max(q.y0, pb[c * 4 + 1]), x1: Math.min(q.x1, pb[c * 4 + 2]), y1: Math.min(q.y1, pb[c * 4 + 3]) });
        });
      }
    };
    const near = grow(pbox[i], 2 * r);
    // Own pieces near p.
    for (const l of layers) {
      const own = g.ownPieces(cell, l);
      const qb: number[] = [];
      own.index.search(near.x0, near.y0, near.x1, near.y1, (c) => {
        qb.push(own.boxes[c * 4], own.boxes[c * 4 + 1], own.boxes[c * 4 + 2], own.boxes[c * 4 + 3]);
      });
      pair(qb);
    }
    // Placements p owns.
    index.search(near.x0, near.y0, near.x1, near.y1, (j) => {
      if (j === i) return;
      const kq = present[j];
      const tq = pl.transforms[kq];
      const qkey = this.placementKey(cell, kq);
      const dx = tq.x - t.x;
      const dy = tq.y - t.y;
      const owns = key !== qkey ? key < qkey : dx !== 0 || dy !== 0 ? dx > 0 || (dx === 0 && dy > 0) : i < j;
      if (owns) pair(polyBoxes(kq, near));
    });
    const clusters = clusterZones(raw);
    const zones = clusters.flat();
    const markers = new Map<string, Marker[]>(group.rules.map((x) => [x.id, []]));
    for (const c of clusters) {
      for (const [id, ms] of this.windowMarkers(cell, group, c)) {
        const list = markers.get(id)!;
        for (const mk of ms) list.push(shiftMarker(mk, -t.x, -t.y));
      }
    }
    return { zones: zones.map((z) => ({ x0: z.x0 - t.x, y0: z.y0 - t.y, x1: z.x1 - t.x, y1: z.y1 - t.y })), markers };
  }

  /**
   * Whole-polygon rules at a hierarchical level: components of polygons touching the zones, joined
   * across sources, each evaluated as one merged polygon.
   */
  private polygonRuleMarkers(cell: Cell, rule: CheckRule, zones: ZoneSet): Marker[] {
    if (zones.boxes.length === 0) return [];
    const layer = rule.kind === 'extent' ? rule.layer : (rule as { layer: string }).layer;
    // Gather per zone, dedupe by geometry identity (same polygon reached from two zones).
    const polys: PolygonWithHoles[] = [];
    const seen = new Map<string, number>();
    for (const z of zones.boxes) {
      for (const p of this.gather(cell, layer, grow(z, 1))) {
        const b = ringBox(p.outer);
        const k = `${b.x0},${b.y0},${b.x1},${b.y1},${p.outer.length},${p.outer[0]},${p.outer[1]}`;
        if (seen.has(k)) continue;
        seen.set(k, polys.length);
        polys.push(p);
      }
    }
    // Components: polygons joined by exact contact, as markers are grouped (markers.ts).
    const bx = polys.map((p) => ringBox(p.outer));
    const comps = groupMarkers(polys);
    const out: Marker[] = [];
    for (const members of comps) {
      if (rule.kind === 'area' && members.some((i) => pwhArea(polys[i]) >= rule.value)) continue;
      let cb: Box | null = null;
      for (const i of members) cb = cb ? { x0: Math.min(cb.x0, bx[i].x0), y0: Math.min(cb.y0, bx[i].y0), x1: Math.max(cb.x1, bx[i].x1), y1: Math.max(cb.y1, bx[i].y1) } : bx[i];
      if (rule.kind === 'maxWidth') {
        const short = Math.min(cb!.x1 - cb!.x0, cb!.y1 - cb!.y0);
        if (short > rule.value) out.push({ outer: Int32Array.of(cb!.x0, cb!.y0, cb!.x1, cb!.y0, cb!.x1, cb!.y1, cb!.x0, cb!.y1), holes: [], measured: short });
        continue;
      }
      const raw = new Map<string, Int32Array[]>();
      raw.set(layer, members.flatMap((i) => [polys[i].outer, ...polys[i].holes]));
      if (rule.kind === 'extent') raw.set(rule.interacting, this.gather(cell, rule.interacting, grow(cb!, 1)).flatMap((p) => [p.outer, ...p.holes]));
      out.push(...evaluateRule(rule, new LayerSet(raw)));
    }
    return out;
  }

  private checkHierarchical(cell: Cell): DrcEntry[] {
    const g = this.geometry;
    const pl = g.placements(cell);
    // Children first (memoised): their entries relative to their own frames.
    const childEntries = pl.cells.map((c) => this.entries(c));
    // Own-only check of this cell's shapes.
    const ownSet = new LayerSet(g.own(cell).raw);
    const out: DrcEntry[] = [];
    const rules = this.rules.filter((r) => this.applicable(cell, r));
    // Local rules on the same layers share zones and windows, at the largest reach among them (a
    // larger zone and window only add places that are re-checked, with margin for every rule); then
    // groups of equal reach that share a layer are joined (RDL space, RDL over PI1, RDL over UBM: one
    // pass over the kerf instead of three; zones on the union of their layers are a superset).
    const byLayers = new Map<string, LocalGroup>();
    for (const r of rules) {
      if (r.scope !== 'local' || r.kind === 'offGrid') continue;
      const k = r.layers.join(',');
      let gr = byLayers.get(k);
      if (!gr) byLayers.set(k, (gr = { layers: r.layers.slice(), reach: 0, rules: [], clip: true, margin: 2 }));
      gr.rules.push(r);
      gr.reach = Math.max(gr.reach, r.reach);
      gr.clip &&= clipSafe(r);
    }
    const groups: LocalGroup[] = [];
    for (const gr of byLayers.values()) {
      let cur = gr;
      for (let i = 0; i < groups.length; i++) {
        const o = groups[i];
        if (o.reach !== cur.reach || !o.layers.some((l) => cur.layers.includes(l))) continue;
        cur = { layers: [...new Set([...o.layers, ...cur.layers])], reach: cur.reach, rules: [...o.rules, ...cur.rules], clip: o.clip && cur.clip, margin: 2 };
        groups.splice(i, 1);
        i = -1;
      }
      groups.push(cur);
    }
    const groupOf = new Map<string, GroupResult>();
    for (const gr of groups) {
      gr.layers.sort();
      // The window around a zone: 2r + 2 for whole polygons (header); more where a clipped width needs it.
      gr.margin = 2 * gr.reach + 2;
      if (gr.clip) for (const r of gr.rules) gr.margin = Math.max(gr.margin, clipMargin(r));
    }
    for (const gr of groups) {
      const res = this.localGroup(cell, gr);
      for (const r of gr.rules) groupOf.set(r.id, res);
    }
    for (const rule of rules) {
      // Per (source cell, group) survivors: key -> entry with the surviving transforms.
      const survivors = new Map<DrcEntry, DrcEntry>();
      const keep = (e: DrcEntry, t: Transform) => {
        let s = survivors.get(e);
        if (!s) survivors.set(e, (s = { rule, cell: e.cell, markers: e.markers, box: e.box, transforms: [] }));
        s.transforms.push(t);
      };
      const ownMarkers = evaluateRule(rule, ownSet);
      const ownEntries = this.groupsToEntries(rule, cell, ownMarkers);
      if (rule.kind === 'offGrid') {
        for (const e of ownEntries) out.push(e);
        for (let k = 0; k < pl.cells.length; k++) {
          const t = pl.transforms[k];
          if (keepsGrid(t, rule.grid)) {
            for (const e of childEntries[k]) {
              if (e.rule.id !== rule.id) continue;
              for (const tt of e.transforms) keep(e, t.compose(tt));
            }
          } else {
            const rings = g.rawRings(pl.cells[k], rule.layer, t);
            out.push(...this.groupsToEntries(rule, cell, evaluateRule(rule, new LayerSet(new Map([[rule.layer, rings]])))));
          }
        }
        out.push(...survivors.values());
        continue;
      }
      const local = groupOf.get(rule.id);
      const zones = local ? local.zones : this.zones(cell, rule);
      const inZone = (b: Box) => {
        let hit = false;
        zones.index.search(b.x0, b.y0, b.x1, b.y1, () => {
          hit = true;
        });
        return hit;
      };
      const suspects: Marker[] = [];
      for (const e of ownEntries) {
        if (inZone(e.box)) suspects.push(...e.markers);
        else out.push(e);
      }
      for (let k = 0; k < pl.cells.length; k++) {
        const t = pl.transforms[k];
        for (const e of childEntries[k]) {
          if (e.rule.id !== rule.id) continue;
          for (const tt of e.transforms) {
            const T = t.compose(tt);
            if (inZone(transformBox(e.box, T))) for (const m of e.markers) suspects.push(transformMarker(m, T));
            else keep(e, T);
          }
        }
      }
      out.push(...survivors.values());
      if (zones.boxes.length === 0) continue;
      // Re-check the zones.
      const fresh: Marker[] = [];
      if (rule.scope === 'polygon') fresh.push(...this.polygonRuleMarkers(cell, rule, zones));
      else fresh.push(...(local?.markers.get(rule.id) ?? []));
      if (fresh.length === 0) continue;
      // Suspects stand where a fresh marker touches them.
      const fb = new Float64Array(fresh.length * 4);
      const fboxes = fresh.map((m, i) => {
        const b = ringBox(m.outer);
        fb.set([b.x0, b.y0, b.x1, b.y1], i * 4);
        return b;
      });
      const fidx = new GridIndex(fb);
      const pool = [...fresh];
      for (const s of suspects) {
        const b = ringBox(s.outer);
        let ok = false;
        fidx.search(b.x0, b.y0, b.x1, b.y1, (i) => {
          if (!ok && pwhTouch(s, fresh[i], b, fboxes[i])) ok = true;
        });
        if (ok) pool.push(s);
      }
      out.push(...this.groupsToEntries(rule, cell, pool));
    }
    return out;
  }
}

/** Convenience: the entries of `top` under `tech`. */
export function runDrc(top: Cell, tech: Technology, options: DrcRunOptions = {}, geometry?: LayoutGeometry): DrcRunResult {
  return new DrcRun(tech, options, geometry).run(top);
}

