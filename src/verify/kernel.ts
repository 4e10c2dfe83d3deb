/**
 * The flat DRC kernel: evaluates one CheckRule on the geometry of one frame (a cell's flattened
 * content, or a window of a hierarchical cell) and returns marker polygons. Counting (merging
 * markers into violations) happens in markers.ts, so that markers of several windows and cells can
 * merge the same way.
 *
 * Input geometry is raw rings per technology layer name (any orientation, overlaps allowed); each
 * layer is merged (nonzero union) once on first use, as KLayout's merged semantics do.
 */
import { difference, intersection, offset, type PolygonWithHoles } from '../geom/clipper.ts';
import { pointSegmentDist2 } from '../geom/predicates.ts';
import { convexHull, edgePairMarker, runRelation, type EdgeSet, type FoundPair, type RelationCheck } from './edges.ts';
import { mergeRings, pointInRing, pwhArea, pwhOverlap, pwhTouch, ringBox, shiftPwh } from './geometry.ts';
import { groupMarkers } from './markers.ts';
import type { CheckRule } from './rules.ts';
import { ACUTE_TOLERANCE_DEG } from './rules.ts';
import { GridIndex } from './spatial.ts';

/** A marker: a polygon (outer counter-clockwise, holes clockwise), dbu, with the value measured there. */
export interface Marker {
  outer: Int32Array;
  holes: Int32Array[];
  /** Measured value in the rule's unit, in dbu (lengths), dbu^2 (areas), ratio or degrees. */
  measured: number;
  /** What was found, when the number alone does not say it ('not enclosed', 'overlap'). */
  detail?: string;
}

/** Geometry of one frame: raw rings per layer name, merged on demand. */
export class LayerSet {
  private readonly mergedCache = new Map<string, PolygonWithHoles[]>();
  private readonly edgeCache = new Map<string, EdgeSet>();
  private readonly indexCache = new Map<string, { boxes: Float64Array; index: GridIndex }>();

  constructor(private readonly rawRings: ReadonlyMap<string, readonly Int32Array[]>, premerged?: ReadonlyMap<string, PolygonWithHoles[]>) {
    if (premerged) for (const [k, v] of premerged) this.mergedCache.set(k, v);
  }

  raw(name: string): readonly Int32Array[] {
    return this.rawRings.get(name) ?? [];
  }

  merged(name: string): PolygonWithHoles[] {
    let m = this.mergedCache.get(name);
    if (!m) {
      m = mergeRings(this.raw(name));
      this.mergedCache.set(name, m);
    }
    return m;
  }

  /** Boxes and an index of the merged polygons of a layer. */
  indexed(name: string): { boxes: Float64Array; index: GridIndex } {
    let e = this.indexCache.get(name);
    if (!e) {
      const polys = this.merged(name);
      const boxes = new Float64Array(polys.length * 4);
      polys.forEach((p, i) => {
        const b = ringBox(p.outer);
        boxes.set([b.x0, b.y0, b.x1, b.y1], i * 4);
      });
      e = { boxes, index: new GridIndex(boxes) };
      this.indexCache.set(name, e);
    }
    return e;
  }

  edges(name: string): EdgeSet {
    let e = this.edgeCache.get(name);
    if (!e) {
      e = edgeSetOf([this.merged(name)]);
      this.edgeCache.set(name, e);
    }
    return e;
  }
}

/**
 * Edges of polygon lists in KLayout orientation (interior on the right: clipper rings reversed), with
 * the polygon index (unique over all lists) and the list index as `input`.
 */
export function edgeSetOf(lists: readonly (readonly PolygonWithHoles[])[]): EdgeSet {
  let n = 0;
  for (const l of lists) for (const p of l) for (const r of [p.outer, ...p.holes]) n += r.length >> 1;
  const coords = new Int32Array(n * 4);
  const poly = new Int32Array(n);
  const input = new Uint8Array(n);
  let k = 0;
  let pid = 0;
  lists.forEach((l, li) => {
    for (const p of l) {
      for (const r of [p.outer, ...p.holes]) {
        const m = r.length;
        for (let i = 0; i < m; i += 2) {
          const j = (i + 2) % m;
          // Reversed: from vertex j to vertex i.
          coords[k * 4] = r[j];
          coords[k * 4 + 1] = r[j + 1];
          coords[k * 4 + 2] = r[i];
          coords[k * 4 + 3] = r[i + 1];
          poly[k] = pid;
          input[k] = li;
          k++;
        }
      }
      pid++;
    }
  });
  return { coords, poly, input };
}

export interface KernelContext {
  /**
   * Net of a polygon of `layer` (a merged polygon of this frame), for differentNetsOnly rules: equal
   * numbers are the same net; -1 unknown (treated as different). Absent: every polygon its own net.
   */
  netOf?: (layer: string, polygon: PolygonWithHoles) => number;
}

/** A polygon moved so its first vertex is the origin (the key of its shape up to translation). */
function shapeOf(p: PolygonWithHoles): { key: string; dx: number; dy: number; shape: PolygonWithHoles } {
  const dx = p.outer[0];
  const dy = p.outer[1];
  const shape = shiftPwh(p, -dx, -dy);
  const key = [shape.outer, ...shape.holes].map((r) => r.join(',')).join(';');
  return { key, dx, dy, shape };
}

/**
 * Width markers of merged polygons: a width violation lies inside one polygon and depends on that
 * polygon alone, so equal shapes (36 polygonised bump pads of 360 vertices, whose intra-polygon edge
 * pairs are all within reach of each other) are checked once and their markers moved.
 */
function widthByShape(polys: readonly PolygonWithHoles[], rc: RelationCheck): Marker[] {
  const byShape = new Map<string, { shape: PolygonWithHoles; at: [number, number][] }>();
  for (const p of polys) {
    const s = shapeOf(p);
    let e = byShape.get(s.key);
    if (!e) byShape.set(s.key, (e = { shape: s.shape, at: [] }));
    e.at.push([s.dx, s.dy]);
  }
  const out: Marker[] = [];
  for (const { shape, at } of byShape.values()) {
    const ms = pairMarkers(runRelation(edgeSetOf([[shape]]), rc, 'intra'));
    for (const [dx, dy] of at) for (const m of ms) out.push({ ...m, outer: shiftPwh(m, dx, dy).outer });
  }
  return out;
}

function pairMarkers(found: FoundPair[]): Marker[] {
  return found.map((f) => ({ outer: edgePairMarker(f.pair), holes: [], measured: f.distance }));
}

function regionMarkers(polys: readonly PolygonWithHoles[], measured: number, detail?: string): Marker[] {
  return polys.map((p) => ({ outer: p.outer, holes: p.holes, measured, ...(detail ? { detail } : {}) }));
}

function boxMarker(x0: number, y0: number, x1: number, y1: number, measured: number, detail?: string): Marker {
  return { outer: Int32Array.of(x0, y0, x1, y0, x1, y1, x0, y1), holes: [], measured, ...(detail ? { detail } : {}) };
}

/** A 2 x 2 dbu box (or larger for half-integer points) around a point. */
function pointMarker(x: number, y: number, measured: number, detail?: string): Marker {
  return boxMarker(Math.floor(x) - 1, Math.floor(y) - 1, Math.ceil(x) + 1, Math.ceil(y) + 1, measured, detail);
}

/** Polygons of `list` that overlap (share area with) any polygon of `others`. */
function overlapping(list: readonly PolygonWithHoles[], ls: LayerSet, other: string): PolygonWithHoles[] {
  const { boxes, index } = ls.indexed(other);
  const others = ls.merged(other);
  return list.filter((p) => {
    const b = ringBox(p.outer);
    let hit = false;
    index.search(b.x0, b.y0, b.x1, b.y1, (i) => {
      if (!hit && pwhOverlap(p, others[i], b, { x0: boxes[i * 4], y0: boxes[i * 4 + 1], x1: boxes[i * 4 + 2], y1: boxes[i * 4 + 3] })) hit = true;
    });
    return hit;
  });
}

function bboxCentre(p: PolygonWithHoles): [number, number] {
  const b = ringBox(p.outer);
  return [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
}

/** Evaluates one rule on one frame. Deterministic marker order. */
export function evaluateRule(rule: CheckRule, ls: LayerSet, ctx: KernelContext = {}): Marker[] {
  switch (rule.kind) {
    case 'width': {
      const rc: RelationCheck = { relation: 'width', d: rule.value, metric: rule.metric };
      const markers = widthByShape(ls.merged(rule.layer), rc);
      if (!rule.overlapping || markers.length === 0) return markers;
      // Marker groups that overlap the other layer (the deck: polygons.merged.overlapping(x)).
      const x = rule.overlapping;
      const asPolys = markers.map((mk) => ({ outer: mk.outer, holes: mk.holes }));
      const hit = new Set(overlapping(asPolys, ls, x));
      const out: Marker[] = [];
      for (const g of groupMarkers(markers)) if (g.some((i) => hit.has(asPolys[i]))) for (const i of g) out.push(markers[i]);
      return out;
    }
    case 'maxWidth': {
      const out: Marker[] = [];
      for (const p of ls.merged(rule.layer)) {
        const b = ringBox(p.outer);
        const short = Math.min(b.x1 - b.x0, b.y1 - b.y0);
        if (short > rule.value) out.push({ outer: p.outer, holes: p.holes, measured: short });
      }
      return out;
    }
    case 'space':
      return pairMarkers(runRelation(ls.edges(rule.layer), { relation: 'space', d: rule.value, metric: rule.metric }, 'all'));
    case 'wideSpace': {
      const h = Math.floor(rule.wideWidth / 2);
      const merged = ls.merged(rule.layer);
      if (!merged.length) return [];
      const wide = offset(offset(merged.flatMap((p) => [p.outer, ...p.holes]), -h, { join: 'square' }).flatMap((p) => [p.outer, ...p.holes]), h, { join: 'square' });
      if (!wide.length) return [];
      const rc: RelationCheck = { relation: 'space', d: rule.value, metric: 'projection', minProjection: rule.runLength + 1 };
      return pairMarkers(runRelation(edgeSetOf([wide]), rc, 'all'));
    }
    case 'area': {
      const out: Marker[] = [];
      for (const p of ls.merged(rule.layer)) {
        const a = pwhArea(p);
        if (a < rule.value) out.push({ outer: p.outer, holes: p.holes, measured: a });
      }
      return out;
    }
    case 'enclosure': {
      const outer = ls.merged(rule.outer);
      let inner = ls.merged(rule.inner);
      if (rule.noStraddle) inner = overlapping(inner, ls, rule.outer);
      if (!inner.length) return [];
      const rc: RelationCheck = { relation: 'overlap', d: rule.value, metric: rule.metric };
      const out = pairMarkers(runRelation(edgeSetOf([outer, inner]), rc, 'cross'));
      const outside = difference(inner.flatMap((p) => [p.outer, ...p.holes]), outer.flatMap((p) => [p.outer, ...p.holes]));
      out.push(...regionMarkers(outside, 0, 'not enclosed'));
      return out;
    }
    case 'separation': {
      const a = ls.merged(rule.a);
      const b = ls.merged(rule.b);
      if (!a.length || !b.length) return [];
      const rc: RelationCheck = { relation: 'space', d: rule.value, metric: rule.metric };
      const edges = edgeSetOf([a, b]);
      let found = runRelation(edges, rc, 'cross');
      const both = intersection(a.flatMap((p) => [p.outer, ...p.holes]), b.flatMap((p) => [p.outer, ...p.holes]));
      let overlaps = both;
      if (rule.differentNetsOnly) {
        const net = ctx.netOf ?? (() => -1);
        const polyOf = (pid: number) => (pid < a.length ? { layer: rule.a, p: a[pid] } : { layer: rule.b, p: b[pid - a.length] });
        const netCache = new Map<number, number>();
        const netOfPid = (pid: number) => {
          let v = netCache.get(pid);
          if (v === undefined) {
            const q = polyOf(pid);
            v = net(q.layer, q.p);
            netCache.set(pid, v);
          }
          return v;
        };
        const different = (x: number, y: number) => x < 0 || y < 0 || x !== y;
        found = found.filter((f) => different(netOfPid(edges.poly[f.i]), netOfPid(edges.poly[f.j])));
        overlaps = both.filter((o) => {
          const inA = a.findIndex((p) => pwhTouch(p, o) && pwhOverlap(p, o));
          const inB = b.findIndex((p) => pwhTouch(p, o) && pwhOverlap(p, o));
          return inA < 0 || inB < 0 || different(netOfPid(inA), netOfPid(a.length + inB));
        });
      }
      return [...pairMarkers(found), ...regionMarkers(overlaps, 0, 'overlap')];
    }
    case 'pitch':
      return pitchMarkers(rule, ls.merged(rule.layer));
    case 'extent': {
      const out: Marker[] = [];
      const polys = ls.merged(rule.layer);
      if (!polys.length) return out;
      const { boxes, index } = ls.indexed(rule.interacting);
      const others = ls.merged(rule.interacting);
      for (const p of polys) {
        const b = ringBox(p.outer);
        let hit = false;
        index.search(b.x0, b.y0, b.x1, b.y1, (i) => {
          if (!hit && pwhTouch(p, others[i], b, { x0: boxes[i * 4], y0: boxes[i * 4 + 1], x1: boxes[i * 4 + 2], y1: boxes[i * 4 + 3] })) hit = true;
        });
        if (!hit) continue;
        const w = b.x1 - b.x0;
        const h = b.y1 - b.y0;
        const s = Math.min(w, h);
        const l = Math.max(w, h);
        const bad = rule.max ? s > rule.value[0] || l > rule.value[1] : s < rule.value[0] || l < rule.value[1];
        if (bad) out.push({ ...boxMarker(b.x0, b.y0, b.x1, b.y1, s), detail: `${s} x ${l}` });
      }
      return out;
    }
    case 'sealDistance': {
      const hulls: PolygonWithHoles[] = ls.merged(rule.seal).map((p) => ({ outer: p.outer, holes: [] }));
      if (!hulls.length) return [];
      const shapes = ls.merged(rule.layer);
      if (rule.from === 'centre') {
        const out: Marker[] = [];
        for (const p of shapes) {
          const [cx, cy] = bboxCentre(p);
          let best = Infinity;
          for (const h of hulls) {
            if (!pointInRing(h.outer, cx, cy)) continue;
            const r = h.outer;
            for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) best = Math.min(best, pointSegmentDist2(cx, cy, r[j], r[j + 1], r[i], r[i + 1]));
          }
          if (best < Infinity && Math.sqrt(best) < rule.value) out.push(pointMarker(cx, cy, Math.sqrt(best)));
        }
        return out;
      }
      const hullSet = new LayerSet(new Map(), new Map([['hull', hulls]]));
      const inner = overlapping(shapes, hullSet, 'hull');
      if (!inner.length) return [];
      const out = pairMarkers(runRelation(edgeSetOf([hulls, inner]), { relation: 'overlap', d: rule.value, metric: 'euclidean' }, 'cross'));
      const outside = difference(inner.flatMap((p) => [p.outer, ...p.holes]), hulls.map((h) => h.outer));
      out.push(...regionMarkers(outside, 0, 'outside the seal ring'));
      return out;
    }
    case 'fraction': {
      const out: Marker[] = [];
      for (const p of ls.merged(rule.layer)) {
        const b = ringBox(p.outer);
        const l = Math.max(b.x1 - b.x0, b.y1 - b.y0);
        const full = (Math.PI / 4) * l * l;
        const f = pwhArea(p) / full;
        if (f < rule.value) out.push(boxMarker(b.x0, b.y0, b.x1, b.y1, f));
      }
      return out;
    }
    case 'offGrid': {
      const out: Marker[] = [];
      const g = rule.grid;
      if (g <= 1) return out;
      const seen = new Set<string>();
      for (const r of ls.raw(rule.layer)) {
        for (let i = 0; i < r.length; i += 2) {
          const x = r[i];
          const y = r[i + 1];
          if (((x % g) + g) % g === 0 && ((y % g) + g) % g === 0) continue;
          const k = `${x},${y}`;
          if (seen.has(k)) continue;
          seen.add(k);
          out.push(pointMarker(x, y, 0, `(${x}, ${y}) off the ${g} dbu grid`));
        }
      }
      return out;
    }
    case 'acuteAngle': {
      const out: Marker[] = [];
      const limit = 90 + ACUTE_TOLERANCE_DEG;
      for (const p of ls.merged(rule.layer)) {
        for (const r of [p.outer, ...p.holes]) {
          const n = r.length;
          for (let i = 0; i < n; i += 2) {
            const pi = (i - 2 + n) % n;
            const ni = (i + 2) % n;
            const ux = r[i] - r[pi];
            const uy = r[i + 1] - r[pi + 1];
            const wx = r[ni] - r[i];
            const wy = r[ni + 1] - r[i + 1];
            const cross = ux * wy - uy * wx;
            const dot = ux * wx + uy * wy;
            // Clipper rings have the interior on the left: a convex corner turns left (cross > 0).
            if (cross <= 0 || dot >= 0) continue;
            const turn = (Math.atan2(cross, dot) * 180) / Math.PI;
            if (turn > limit) out.push(pointMarker(r[i], r[i + 1], 180 - turn));
          }
        }
      }
      return out;
    }
  }
}

/** Bump pitch markers: a thin box spanning the two centres of each offending pair. */
function pitchMarkers(rule: Extract<CheckRule, { kind: 'pitch' }>, polys: readonly PolygonWithHoles[]): Marker[] {
  const n = polys.length;
  if (n < 2) return [];
  const cx = new Float64Array(n);
  const cy = new Float64Array(n);
  const boxes = new Float64Array(n * 4);
  polys.forEach((p, i) => {
    [cx[i], cy[i]] = bboxCentre(p);
    boxes.set([cx[i], cy[i], cx[i], cy[i]], i * 4);
  });
  const index = new GridIndex(boxes, Math.max(1, rule.value));
  const p = rule.value;
  const tol = rule.tolerance;
  const range = rule.exact ? 1.5 * p : p;
  const near = (v: number, target: number) => Math.abs(Math.abs(v) - target) <= tol;
  const out: Marker[] = [];
  for (let i = 0; i < n; i++) {
    index.search(cx[i] - range, cy[i] - range, cx[i] + range, cy[i] + range, (j) => {
      if (j <= i) return;
      const dx = cx[j] - cx[i];
      const dy = cy[j] - cy[i];
      const dist = Math.hypot(dx, dy);
      if (!(dist < range)) return;
      const bad = rule.exact ? !((near(dx, 0) || near(dx, p)) && (near(dy, 0) || near(dy, p))) : true;
      if (!bad) return;
      // The segment between the centres, as the hull of a 2 dbu box (widened to the grid) at each end.
      const pts: number[] = [];
      for (const k of [i, j]) {
        const x0 = Math.floor(cx[k]) - 1;
        const y0 = Math.floor(cy[k]) - 1;
        const x1 = Math.ceil(cx[k]) + 1;
        const y1 = Math.ceil(cy[k]) + 1;
        pts.push(x0, y0, x1, y0, x1, y1, x0, y1);
      }
      out.push({ outer: convexHull(pts), holes: [], measured: dist });
    });
  }
  return out;
}
