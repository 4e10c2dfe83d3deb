/**
 * Connectivity extraction: nets as connected components of the conducting layers, computed from the
 * geometry alone (the checker must catch a router that believes two pads are joined when they are
 * not, or the reverse).
 *
 * Model (as KLayout's `connect`): a polygon of a conducting layer is a node; polygons of one layer
 * that touch are one node (the layer is merged); polygons of two CONNECTED layers join where they
 * overlap with non-zero area (a via opening joins the metal below and above it: PAD-PI1-RDL,
 * RDL-VIA2-RDL2, top metal-PI2-UBM, UBM-POST-BUMP, UBM-BUMP, TSV-RDL, and between stack tiers
 * T<n>.TSV joins T<n>.RDL to T<n-1>.RDL, T0 being the base layers). Net names come from labels on
 * conducting layers (the polygon under the label's anchor).
 *
 * Hierarchy: a flat cell (layout.ts) is extracted once; a hierarchical cell's nets are its own
 * shapes' nets plus one copy of each child's nets per placement (ids offset per placement), joined
 * where shapes of different sources touch or overlap. Contacts between sources can only happen where
 * their boxes touch, so only those zones are examined (the same zones as DRC with reach 0): a wafer
 * of 2,500 dies costs one die extraction plus the kerf contacts.
 */
import type { Box } from '../core/box.ts';
import type { Cell } from '../core/cell.ts';
import type { Transform } from '../core/transform.ts';
import type { PolygonWithHoles } from '../geom/clipper.ts';
import type { Technology } from '../tech/types.ts';
import { parseTierLayerName, tierLayerName } from '../tech/layers.ts';
import { clipToBox, pointInPwh, pwhOverlap, pwhTouch, ringBox, transformPwh } from './geometry.ts';
import { inverseBox, inversePoint, LayoutGeometry, techLayerMap, transformBox, type IndexedPolygons } from './layout.ts';
import { LayerSet } from './kernel.ts';
import { GridIndex, UnionFind } from './spatial.ts';

/** Conducting layers and the layer pairs that connect where they overlap. */
export interface ConductorStack {
  layers: string[];
  connections: [string, string][];
}

/** The default stack of a technology (only layers the technology has). */
export function defaultStack(tech: Technology): ConductorStack {
  const has = (n: string) => Object.prototype.hasOwnProperty.call(tech.layers, n);
  const top = has('RDL2') ? 'RDL2' : 'RDL';
  const pairs: [string, string][] = [];
  const add = (a: string, b: string) => {
    if (has(a) && has(b)) pairs.push([a, b]);
  };
  add('PAD', 'PI1');
  add('PI1', 'RDL');
  add('RDL', 'VIA2');
  add('VIA2', 'RDL2');
  add(top, 'PI2');
  add('PI2', 'UBM');
  add('UBM', 'POST');
  add('POST', 'BUMP');
  add('UBM', 'BUMP');
  add('TSV', 'RDL');
  for (let t = 1; t <= tech.tierCount; t++) {
    const T = (n: string) => tierLayerName(t, n);
    const below = (n: string) => (t === 1 ? n : tierLayerName(t - 1, n));
    add(T('PAD'), T('PI1'));
    add(T('PI1'), T('RDL'));
    add(T('RDL'), T('VIA2'));
    add(T('VIA2'), T('RDL2'));
    add(has(T('RDL2')) ? T('RDL2') : T('RDL'), T('PI2'));
    add(T('TSV'), T('RDL'));
    add(T('TSV'), below('RDL'));
  }
  const layers = [...new Set(pairs.flat())];
  for (const n of ['PAD', 'RDL', 'RDL2', 'UBM', 'BUMP']) if (has(n) && !layers.includes(n)) layers.push(n);
  for (const l of Object.keys(tech.layers)) {
    const p = parseTierLayerName(l);
    if (p && ['PAD', 'RDL', 'RDL2'].includes(p.base) && !layers.includes(l)) layers.push(l);
  }
  return { layers, connections: pairs };
}

/** The nets of one cell (relative to its frame). */
export interface CellNets {
  cell: Cell;
  /** Net ids are 0..count-1 after `canonical` (find) mapping. */
  count: number;
  /** For flat cells: per layer, the net of each merged polygon (index as in geometry.flatMerged). */
  polyNet?: Map<string, Int32Array>;
  /**
   * For hierarchical cells, per layer: own merged polygons with their nets (for point lookups) and
   * own pieces as drawn (layout.ownPieces) with the net of each (for contacts with other sources:
   * a kerf mesh is one merged polygon but many small pieces). Plus per placement the id offset.
   */
  own?: Map<string, { polys: IndexedPolygons; net: Int32Array; pieces: IndexedPolygons; pieceNet: Int32Array }>;
  offsets?: Int32Array;
  /** Canonical net of each raw id (hierarchical cells: own ids then each placement's child ids). */
  canon?: Int32Array;
  /** Label texts per net. */
  names: string[][];
}

function indexedOf(polys: PolygonWithHoles[]): IndexedPolygons {
  const boxes = new Float64Array(polys.length * 4);
  polys.forEach((p, i) => {
    const b = ringBox(p.outer);
    boxes.set([b.x0, b.y0, b.x1, b.y1], i * 4);
  });
  return { polys, boxes, index: new GridIndex(boxes) };
}

/** Whether two polygons share area (exact). */
function overlapArea(a: PolygonWithHoles, b: PolygonWithHoles): boolean {
  return pwhOverlap(a, b);
}

function boxOf(ip: IndexedPolygons, i: number): Box {
  return { x0: ip.boxes[i * 4], y0: ip.boxes[i * 4 + 1], x1: ip.boxes[i * 4 + 2], y1: ip.boxes[i * 4 + 3] };
}

/**
 * Union-find over the polygons of one frame: per layer merged polygons, touching on a layer, area
 * overlap across connected layers. Returns the component of each polygon per layer, renumbered 0..n-1.
 */
export function extractFrame(layers: ReadonlyMap<string, IndexedPolygons>, stack: ConductorStack): { net: Map<string, Int32Array>; count: number } {
  const offset = new Map<string, number>();
  let total = 0;
  for (const l of stack.layers) {
    offset.set(l, total);
    total += layers.get(l)?.polys.length ?? 0;
  }
  const uf = new UnionFind(total);
  // Same layer: merged polygons only touch at isolated points (clipper keeps them apart).
  for (const l of stack.layers) {
    const ip = layers.get(l);
    if (!ip) continue;
    const o = offset.get(l)!;
    for (let i = 0; i < ip.polys.length; i++) {
      const b = boxOf(ip, i);
      ip.index.search(b.x0, b.y0, b.x1, b.y1, (j) => {
        if (j <= i || uf.find(o + i) === uf.find(o + j)) return;
        if (pwhTouch(ip.polys[i], ip.polys[j], b, boxOf(ip, j))) uf.union(o + i, o + j);
      });
    }
  }
  for (const [a, b] of stack.connections) {
    const pa = layers.get(a);
    const pb = layers.get(b);
    if (!pa || !pb) continue;
    const oa = offset.get(a)!;
    const ob = offset.get(b)!;
    for (let i = 0; i < pa.polys.length; i++) {
      const bb = boxOf(pa, i);
      pb.index.search(bb.x0, bb.y0, bb.x1, bb.y1, (j) => {
        if (uf.find(oa + i) === uf.find(ob + j)) return;
        const cb = boxOf(pb, j);
        if (!(bb.x0 < cb.x1 && cb.x0 < bb.x1 && bb.y0 < cb.y1 && cb.y0 < bb.y1)) return;
        if (overlapArea(pa.polys[i], pb.polys[j])) uf.union(oa + i, ob + j);
      });
    }
  }
  const renum = new Map<number, number>();
  const net = new Map<string, Int32Array>();
  for (const l of stack.layers) {
    const ip = layers.get(l);
    const n = ip?.polys.length ?? 0;
    const o = offset.get(l)!;
    const arr = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = uf.find(o + i);
      let id = renum.get(r);
      if (id === undefined) renum.set(r, (id = renum.size));
      arr[i] = id;
    }
    net.set(l, arr);
  }
  return { net, count: renum.size };
}

export interface ConnectivityOptions {
  stack?: ConductorStack;
}

/** A polygon found in a cell with its net (in that cell's canonical numbering). */
export interface NetPolygon {
  layer: string;
  poly: PolygonWithHoles;
  net: number;
}

export class Connectivity {
  readonly stack: ConductorStack;
  private readonly memo = new Map<Cell, CellNets>();
  readonly stats = { cells: 0, contacts: 0, zoneCacheHits: 0, seconds: 0 };
  private readonly zoneCache = new Map<string, number[]>();
  private readonly connectedPairs: Set<string>;

  constructor(
    readonly tech: Technology,
    readonly geometry: LayoutGeometry = new LayoutGeometry(techLayerMap(tech)),
    options: ConnectivityOptions = {},
  ) {
    this.stack = options.stack ?? defaultStack(tech);
    this.connectedPairs = new Set(this.stack.connections.flatMap(([a, b]) => [`${a}|${b}`, `${b}|${a}`]));
  }

  nets(cell: Cell): CellNets {
    let n = this.memo.get(cell);
    if (n) return n;
    const t0 = performance.now();
    n = this.geometry.isFlat(cell) ? this.extractFlat(cell) : this.extractHierarchical(cell);
    this.stats.cells++;
    this.stats.seconds += (performance.now() - t0) / 1000;
    this.memo.set(cell, n);
    return n;
  }

  private labelNames(count: number, find: (layer: string, x: number, y: number) => number, labels: { layer: string; text: string; x: number; y: number }[]): string[][] {
    const names: string[][] = Array.from({ length: count }, () => []);
    for (const l of labels) {
      if (!this.stack.layers.includes(l.layer)) continue;
      const n = find(l.layer, l.x, l.y);
      if (n >= 0 && !names[n].includes(l.text)) names[n].push(l.text);
    }
    return names;
  }

  private extractFlat(cell: Cell): CellNets {
    const g = this.geometry;
    const layers = new Map<string, IndexedPolygons>();
    for (const l of this.stack.layers) layers.set(l, g.flatMerged(cell, l));
    const { net, count } = extractFrame(layers, this.stack);
    const res: CellNets = { cell, count, polyNet: net, names: [] };
    this.memo.set(cell, res);
    res.names = this.labelNames(count, (l, x, y) => this.netAt(cell, l, x, y), g.flatLabels(cell));
    return res;
  }

  private extractHierarchical(cell: Cell): CellNets {
    const g = this.geometry;
    // Own shapes alone: nets of the merged own polygons; each drawn piece takes the net of the merged
    // polygon it lies in.
    const ownSet = new LayerSet(g.own(cell).raw);
    const ownLayers = new Map<string, IndexedPolygons>();
    for (const l of this.stack.layers) ownLayers.set(l, indexedOf(ownSet.merged(l)));
    const ownEx = extractFrame(ownLayers, this.stack);
    const own = new Map<string, { polys: IndexedPolygons; net: Int32Array; pieces: IndexedPolygons; pieceNet: Int32Array }>();
    for (const l of this.stack.layers) {
      const polys = ownLayers.get(l)!;
      const net = ownEx.net.get(l)!;
      const pieces = g.ownPieces(cell, l);
      const pieceNet = new Int32Array(pieces.polys.length).fill(-1);
      for (let i = 0; i < pieces.polys.length; i++) {
        const b = boxOf(pieces, i);
        polys.index.search(b.x0, b.y0, b.x1, b.y1, (j) => {
          if (pieceNet[i] < 0 && pwhOverlap(pieces.polys[i], polys.polys[j], b, boxOf(polys, j))) pieceNet[i] = net[j];
        });
      }
      own.set(l, { polys, net, pieces, pieceNet });
    }
    const pl = g.placements(cell);
    const childNets = pl.cells.map((c) => this.nets(c));
    const offsets = new Int32Array(pl.cells.length);
    let total = ownEx.count;
    for (let k = 0; k < pl.cells.length; k++) {
      offsets[k] = total;
      total += childNets[k].count;
    }
    const uf = new UnionFind(total);
    // Zones: sources whose conducting boxes touch (own pieces are one source).
    const boxes: Box[] = [];
    const source: number[] = [];
    for (const l of this.stack.layers) {
      const ip = own.get(l)!.pieces;
      for (let i = 0; i < ip.polys.length; i++) {
        boxes.push(boxOf(ip, i));
        source.push(-1);
      }
    }
    for (let k = 0; k < pl.cells.length; k++) {
      const b = g.layersBox(pl.cells[k], this.stack.layers);
      if (!b) continue;
      boxes.push(transformBox(b, pl.transforms[k]));
      source.push(k);
    }
    const flat = new Float64Array(boxes.length * 4);
    boxes.forEach((b, i) => flat.set([b.x0, b.y0, b.x1, b.y1], i * 4));
    const index = new GridIndex(flat);
    const partial: CellNets = { cell, count: total, own, offsets, names: [] };
    for (let i = 0; i < boxes.length; i++) {
      const o = i * 4;
      index.search(flat[o], flat[o + 1], flat[o + 2], flat[o + 3], (j) => {
        if (j <= i || source[i] === source[j]) return;
        const p = j * 4;
        const z: Box = { x0: Math.max(flat[o], flat[p]), y0: Math.max(flat[o + 1], flat[p + 1]), x1: Math.min(flat[o + 2], flat[p + 2]), y1: Math.min(flat[o + 3], flat[p + 3]) };
        this.joinZone(partial, z, uf);
      });
    }
    const canon = new Int32Array(total);
    const renum = new Map<number, number>();
    for (let i = 0; i < total; i++) {
      const r = uf.find(i);
      let id = renum.get(r);
      if (id === undefined) renum.set(r, (id = renum.size));
      canon[i] = id;
    }
    partial.canon = canon;
    partial.count = renum.size;
    this.memo.set(cell, partial);
    // Names: own labels, then every child's names through its placements.
    const names: string[][] = Array.from({ length: renum.size }, () => []);
    const addName = (n: number, s: string) => {
      if (names[n].length < 64 && !names[n].includes(s)) names[n].push(s);
    };
    for (const l of g.own(cell).labels) {
      const n = this.netAt(cell, l.layer, l.x, l.y);
      if (n >= 0) addName(n, l.text);
    }
    for (let k = 0; k < pl.cells.length; k++) {
      const cn = childNets[k];
      for (let n = 0; n < cn.count; n++) for (const s of cn.names[n]) addName(canon[offsets[k] + n], s);
    }
    partial.names = names;
    return partial;
  }

  /**
   * Joins nets of different sources of a hierarchical cell inside one zone box (raw ids, before
   * canon). Zones with the same content relative to their corner (every die of an array with its kerf
   * cell) share one computed list of contacts: pairs of (source slot, net) where a slot is a
   * placement (its child's canonical net) or an own piece (its own net at this place).
   */
  private joinZone(cn: CellNets, z: Box, uf: UnionFind): void {
    const g = this.geometry;
    const cell = cn.cell;
    const ax = z.x0;
    const ay = z.y0;
    // Slots: own pieces and placements touching the zone, in a canonical order.
    const slots: { key: string; own?: { layer: string; i: number }; k?: number }[] = [];
    for (const [l, o] of cn.own!) {
      o.pieces.index.search(z.x0, z.y0, z.x1, z.y1, (i) => {
        const parts = clipToBox(o.pieces.polys[i], z).map((p) => Array.from(p.outer, (v, k) => v - (k & 1 ? ay : ax)).join(','));
        slots.push({ key: `o${l}:${parts.join('/')}`, own: { layer: l, i } });
      });
    }
    const pl = g.placements(cell);
    pl.index.search(z.x0, z.y0, z.x1, z.y1, (k) => {
      // Only placements with conducting shapes here (die-ID text cells would make every zone unique).
      const cb = g.layersBox(pl.cells[k], this.stack.layers);
      if (!cb) return;
      const t = pl.transforms[k];
      const b = transformBox(cb, t);
      if (b.x0 > z.x1 || b.x1 < z.x0 || b.y0 > z.y1 || b.y1 < z.y0) return;
      slots.push({ key: `c${pl.cells[k].name}:${t.rotation}:${t.mirrorX}:${t.magnification}:${t.x - ax}:${t.y - ay}`, k });
    });
    if (slots.length < 2) return;
    slots.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const sig = `${z.x1 - z.x0}x${z.y1 - z.y0}|${slots.map((s) => s.key).join(';')}`;
    let pairs = this.zoneCache.get(sig);
    if (!pairs) {
      pairs = this.zoneContacts(cn, z, slots);
      this.zoneCache.set(sig, pairs);
    } else this.stats.zoneCacheHits++;
    const idOf = (slot: number, net: number) => {
      const s = slots[slot];
      if (s.own) return cn.own!.get(s.own.layer)!.pieceNet[s.own.i];
      return cn.offsets![s.k!] + net;
    };
    for (let i = 0; i < pairs.length; i += 4) {
      const a = idOf(pairs[i], pairs[i + 1]);
      const b = idOf(pairs[i + 2], pairs[i + 3]);
      if (a >= 0 && b >= 0 && uf.find(a) !== uf.find(b)) {
        uf.union(a, b);
        this.stats.contacts++;
      }
    }
  }

  /** Contacts between polygons of different slots in a zone: flat [slotA, netA, slotB, netB, ...]. */
  private zoneContacts(cn: CellNets, z: Box, slots: { own?: { layer: string; i: number }; k?: number }[]): number[] {
    const g = this.geometry;
    const polys: { layer: string; poly: PolygonWithHoles; slot: number; net: number }[] = [];
    slots.forEach((s, slot) => {
      if (s.own) {
        // Clipped to the zone, as in the signature: a contact of this piece elsewhere lies in the zone
        // of the piece and that other source, and is found there.
        const o = cn.own!.get(s.own.layer)!;
        const zz = { x0: z.x0 - 1, y0: z.y0 - 1, x1: z.x1 + 1, y1: z.y1 + 1 };
        for (const part of clipToBox(o.pieces.polys[s.own.i], zz)) polys.push({ layer: s.own.layer, poly: part, slot, net: 0 });
      } else {
        const k = s.k!;
        const t = g.placements(cn.cell).transforms[k];
        const child = this.nets(g.placements(cn.cell).cells[k]);
        for (const p of this.netPolygons(child, inverseBox(z, t), t)) polys.push({ layer: p.layer, poly: p.poly, slot, net: p.net });
      }
    });
    const out: number[] = [];
    if (polys.length < 2) return out;
    const boxes = new Float64Array(polys.length * 4);
    const bx = polys.map((p, i) => {
      const b = ringBox(p.poly.outer);
      boxes.set([b.x0, b.y0, b.x1, b.y1], i * 4);
      return b;
    });
    const index = new GridIndex(boxes);
    const connected = this.connectedPairs;
    const seen = new Set<string>();
    for (let i = 0; i < polys.length; i++) {
      const a = polys[i];
      // Only contacts inside the zone matter (elsewhere another zone, or the source itself, has them).
      if (bx[i].x0 > z.x1 || bx[i].x1 < z.x0 || bx[i].y0 > z.y1 || bx[i].y1 < z.y0) continue;
      index.search(bx[i].x0, bx[i].y0, bx[i].x1, bx[i].y1, (j) => {
        if (j <= i) return;
        const b = polys[j];
        if (a.slot === b.slot) return;
        const key = a.slot < b.slot ? `${a.slot},${a.net},${b.slot},${b.net}` : `${b.slot},${b.net},${a.slot},${a.net}`;
        if (seen.has(key)) return;
        let hit = false;
        if (a.layer === b.layer) hit = pwhTouch(a.poly, b.poly, bx[i], bx[j]);
        else if (connected.has(`${a.layer}|${b.layer}`)) hit = overlapArea(a.poly, b.poly);
        if (hit) {
          seen.add(key);
          out.push(a.slot, a.net, b.slot, b.net);
        }
      });
    }
    return out;
  }

  /**
   * Conducting polygons of a cell touching `box` (cell frame) with their nets: canonical ids, or raw
   * ids (own ids, then per placement offset + child canonical id) while the cell is being extracted.
   */
  private polygonsWithNets(cn: CellNets, box: Box, raw: boolean): (NetPolygon & { source: number })[] {
    const out: (NetPolygon & { source: number })[] = [];
    const canon = (id: number) => (raw || !cn.canon ? id : cn.canon[id]);
    const cell = cn.cell;
    if (cn.polyNet) {
      for (const l of this.stack.layers) {
        const ip = this.geometry.flatMerged(cell, l);
        const nets = cn.polyNet.get(l)!;
        ip.index.search(box.x0, box.y0, box.x1, box.y1, (i) => out.push({ layer: l, poly: ip.polys[i], net: nets[i], source: -1 }));
      }
      return out;
    }
    for (const [l, o] of cn.own!) o.pieces.index.search(box.x0, box.y0, box.x1, box.y1, (i) => out.push({ layer: l, poly: o.pieces.polys[i], net: canon(o.pieceNet[i]), source: -1 }));
    const pl = this.geometry.placements(cell);
    pl.index.search(box.x0, box.y0, box.x1, box.y1, (k) => {
      const t = pl.transforms[k];
      const child = this.nets(pl.cells[k]);
      const inner = box;
      const cb = inverseBox(inner, t);
      for (const p of this.netPolygons(child, cb, t)) out.push({ ...p, net: canon(cn.offsets![k] + p.net), source: k });
    });
    return out;
  }

  /** Conducting polygons of `cn.cell` touching `box` (its frame), transformed by `t`, canonical nets. */
  netPolygons(cn: CellNets, box: Box, t?: Transform): NetPolygon[] {
    const list = this.polygonsWithNets(cn, box, false);
    if (!t || t.isIdentity) return list;
    return list.map((p) => ({ layer: p.layer, net: p.net, poly: transformPwh(p.poly, t) }));
  }

  /** The net at a point of a layer (cell frame, canonical id), or -1 when no polygon is there. */
  netAt(cell: Cell, layer: string, x: number, y: number): number {
    if (!this.stack.layers.includes(layer)) return -1;
    const cn = this.memo.get(cell) ?? this.nets(cell);
    const g = this.geometry;
    if (this.geometry.isFlat(cell)) {
      const ip = g.flatMerged(cell, layer);
      const nets = cn?.polyNet?.get(layer);
      let found = -1;
      ip.index.search(x, y, x, y, (i) => {
        if (found < 0 && pointInPwh(ip.polys[i], x, y)) found = nets ? nets[i] : i;
      });
      if (found < 0) {
        // On the boundary: the point test may go either way; accept a polygon whose boundary holds it.
        ip.index.search(x, y, x, y, (i) => {
          if (found < 0 && pwhTouch(ip.polys[i], { outer: Int32Array.of(x, y, x + 1, y, x, y + 1), holes: [] })) found = nets ? nets[i] : i;
        });
      }
      return found;
    }
    const o = cn.own!.get(layer);
    let found = -1;
    if (o) {
      o.polys.index.search(x, y, x, y, (i) => {
        if (found < 0 && pointInPwh(o.polys.polys[i], x, y)) found = cn.canon ? cn.canon[o.net[i]] : o.net[i];
      });
      if (found >= 0) return found;
    }
    const pl = g.placements(cell);
    pl.index.search(x, y, x, y, (k) => {
      if (found >= 0) return;
      const [u, v] = inversePoint(pl.transforms[k], x, y);
      const n = this.netAt(pl.cells[k], layer, Math.round(u), Math.round(v));
      if (n >= 0) found = cn.canon ? cn.canon[cn.offsets![k] + n] : cn.offsets![k] + n;
    });
    return found;
  }

  /** Canonical net (in `cell`) of child net `n` of placement `k`. */
  childNet(cell: Cell, k: number, n: number): number {
    const cn = this.nets(cell);
    return cn.canon ? cn.canon[cn.offsets![k] + n] : n;
  }
}

