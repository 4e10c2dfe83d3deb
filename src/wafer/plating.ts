/**
 * The kerf-connected plating network of process document 004: one common distribution network
 * that joins every chip's redistribution net through the kerf, so one electroplating step serves
 * the whole wafer, and that the saw cuts apart again into isolated chip-level nets.
 *
 * Parts, all on the RDL layer, dbu:
 * - Bus: one line per dicing lane, centred on the saw cut's centre line and narrower than the cut, so
 *   the saw removes all of it. Lines run to the middle of the contact ring's band; where they cross
 *   the ring's inner edge the ring is shaped (junctions.ts) so that no notch or sliver below
 *   rdl.minSpace is left between a line and the arc.
 * - Contact ring: an annulus (along the flat too, when the wafer has one) just outside the usable
 *   region, where the plating tool's contacts touch. Its inner edge keeps a clearance from the usable
 *   disc so that no remnant of a whole die's kerf metal (at most the half street outside the cut, at
 *   a die corner sqrt(2) times that) can touch it after dicing: clearance = ceil(sqrt(2) x remnant) +
 *   rdl.minSpace, where remnant = ceil((street - saw) / 2).
 * - Kerf bridges: from every plating tie end on the die edge (given by the router) straight across
 *   the street to the lane's centre line, overlapping the bus by half its width. They live in one
 *   small KERF cell placed on the same lattice runs as the die, so the wafer stays hierarchical.
 *   After the saw what remains of a bridge is a stub of (street - saw) / 2 at the die edge (half nm up
 *   on one side when street - saw is odd).
 * - Dummy mesh: partial edge sites can carry an RDL mesh of about the die's metal density, joined
 *   to the lanes' centre lines (the bus) and clipped at the ring's middle, so the plating current
 *   density stays even to the edge.
 *
 * The stub limit of the dicing check defaults to the nominal stub plus STUB_MARGIN (the blade's
 * placement tolerance: a blade off-centre by d leaves a stub d longer on one side).
 */
import { Cell } from '../core/cell.ts';
import { InputError } from '../core/errors.ts';
import type { LayerSpec } from '../core/layer.ts';
import type { Dbu } from '../core/units.ts';
import { difference, intersection, union, type PolygonWithHoles } from '../geom/clipper.ts';
import type { Technology } from '../tech/types.ts';
import { chordHalf, farAbs, nearAbs, type WaferLattice } from './lanes.ts';
import { waferOutlineRing, type WaferOutline } from './outline.ts';

/** Blade placement tolerance added to the nominal stub for the default stub limit, dbu (5 um). */
export const STUB_MARGIN: Dbu = 5000;

/** Largest deviation of the ring's polygonised arcs from the true circles, dbu (1 um). */
export const RING_ARC_TOLERANCE: Dbu = 1000;

/** Where one net's plating tie reaches the die edge (die frame, dbu), from the router. */
export interface PlatingTie {
  readonly net: string;
  /** The tie's end point on the die edge, die frame, dbu. */
  readonly x: Dbu;
  readonly y: Dbu;
  /** Tie (and bridge) width, dbu, > 0. */
  readonly width: Dbu;
}

export interface PlatingSpec {
  /** Bus line width, dbu: at least rdl.minWidth and narrower than the saw cut. */
  readonly bus: Dbu;
  /** Contact ring width, dbu. */
  readonly ring: Dbu;
  /** The die's tie ends (may be empty: the bus and ring are still drawn). */
  readonly ties: readonly PlatingTie[];
  /** Longest stub the dicing check accepts at a die edge after the saw, dbu (default: nominal stub + STUB_MARGIN). */
  readonly stubLimit?: Dbu;
}

export interface RingGeometry {
  /** Radii of the ring's inner and outer arcs and of its middle (where bus lines and meshes end), dbu. */
  readonly rIn: Dbu;
  readonly rOut: Dbu;
  readonly rMid: Dbu;
  /** With a flat: y of the ring's inner edge, outer edge and middle along the flat, dbu; null without. */
  readonly flatIn: Dbu | null;
  readonly flatOut: Dbu | null;
  readonly flatMid: Dbu | null;
  /** Distance from the usable region to the ring's inner edge, dbu. */
  readonly clearance: Dbu;
  /** The ring, clipped to the wafer outline (notch), as polygons with holes. */
  readonly polygons: PolygonWithHoles[];
  /** Its inner edge (the disc it surrounds, capped by the flat), counter-clockwise, and its outer boundary clipped to the wafer. */
  readonly inner: Int32Array;
  readonly outer: PolygonWithHoles[];
}

/** A rectangle [x0, y0, x1, y1], dbu. */
export type Rect = readonly [number, number, number, number];

/** Smallest integer k with k >= v * sqrt(2), exact for v below 2^26. */
export function ceilSqrt2(v: number): number {
  let k = Math.ceil(v * Math.SQRT2);
  while (k > 0 && (k - 1) * (k - 1) >= 2 * v * v) k--;
  while (k * k < 2 * v * v) k++;
  return k;
}

/** Vertices for a circle of radius r whose polygon stays within `tol` of the circle (multiple of 8, >= 64). */
function arcVertices(r: number, tol: number): number {
  if (tol >= r) return 64;
  return Math.max(64, 8 * Math.ceil(Math.PI / Math.acos(1 - tol / r) / 8));
}

/**
 * A circle of radius r (dbu) around the origin, cut by the horizontal line y = yCut when given (the
 * part above it kept), as a counter-clockwise ring with vertices rounded to the nearest nm.
 */
export function cappedCircle(r: number, yCut: number | null, tol = RING_ARC_TOLERANCE): Int32Array {
  const n = arcVertices(r, tol);
  const pts: number[] = [];
  // Angles from the -y axis, counter-clockwise, so a flat at the bottom sits at the seam.
  if (yCut !== null && yCut > -r) {
    if (yCut >= r) throw new Error(`internal: cut line y = ${yCut} above a circle of radius ${r}`);
    // The flat from (-half, yCut) to (half, yCut), then the arc from angle `start` round to 2 pi - start.
    const start = Math.acos(-yCut / r);
    const half = Math.round(Math.sqrt(r * r - yCut * yCut));
    pts.push(-half, yCut, half, yCut);
    const m = Math.max(2, Math.ceil((n * (2 * Math.PI - 2 * start)) / (2 * Math.PI)));
    for (let i = 1; i < m; i++) {
      const th = start + ((2 * Math.PI - 2 * start) * i) / m;
      pts.push(Math.round(r * Math.sin(th)), Math.round(-r * Math.cos(th)));
    }
  } else {
    for (let i = 0; i < n; i++) {
      const th = (2 * Math.PI * i) / n;
      pts.push(Math.round(r * Math.sin(th)), Math.round(-r * Math.cos(th)));
    }
  }
  return Int32Array.from(pts);
}

function checkPositiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new InputError('E_RANGE', `${what}: expected a positive integer number of dbu (nm), got ${String(v)}`);
  return v;
}

/** Validates the bus and ring widths against the saw cut and the RDL width rule; throws InputError naming the key. */
export function checkPlatingWidths(spec: PlatingSpec, lattice: WaferLattice, tech: Technology): void {
  const bus = checkPositiveInt(spec.bus, 'plating.bus.width');
  checkPositiveInt(spec.ring, 'plating.ring.width');
  if (bus >= lattice.saw) {
    throw new InputError('E_PLATING', `plating.bus.width: the bus (${bus / 1000} um) must be narrower than the saw cut (${lattice.saw / 1000} um), or the saw would leave bus metal joining neighbouring dies`);
  }
  const min = tech.rules.rdl.minWidth;
  if (bus < min) throw new InputError('E_PLATING', `plating.bus.width: ${bus / 1000} um is below rdl.minWidth ${min / 1000} um of technology '${tech.name}'`);
  if (spec.stubLimit !== undefined && (!Number.isInteger(spec.stubLimit) || spec.stubLimit < 0)) {
    throw new InputError('E_PLATING', `plating.stubLimit: expected an integer number of dbu >= 0, got ${String(spec.stubLimit)}`);
  }
}

/**
 * Nominal stub a bridge leaves at the die edge after the saw: the remnant of street between the die
 * edge and the cut, (street - saw) / 2, the larger side and axis when it is not whole nm, dbu.
 */
export function nominalStub(lattice: Pick<WaferLattice, 'street' | 'saw'>): Dbu {
  return Math.max(Math.ceil((lattice.street[0] - lattice.saw) / 2), Math.ceil((lattice.street[1] - lattice.saw) / 2));
}

/** The contact ring: see the module notes. Throws InputError naming plating.ring.width when it does not fit. */
export function contactRing(outline: WaferOutline, lattice: WaferLattice, ringWidth: Dbu, tech: Technology): RingGeometry {
  const remnant = nominalStub(lattice);
  const clearance = ceilSqrt2(remnant) + tech.rules.rdl.minSpace;
  const rIn = Math.ceil(outline.usableDiameterDbu / 2) + clearance;
  const rOut = rIn + ringWidth;
  const R = Math.floor(outline.diameterDbu / 2);
  if (rOut > R) {
    throw new InputError(
      'E_PLATING',
      `plating.ring.width: a ${ringWidth / 1000} um contact ring does not fit between the usable region (edge exclusion ${outline.edgeExclusionDbu / 1e6} mm, plus ${clearance / 1000} um clearance for the kerf stubs) and the wafer edge: at most ${(R - rIn) / 1000} um fits (or widen the edge exclusion)`,
    );
  }
  let flatIn: number | null = null;
  let flatOut: number | null = null;
  let flatMid: number | null = null;
  if (outline.flat) {
    flatIn = outline.flat.minYDbu - clearance;
    flatOut = flatIn - ringWidth;
    flatMid = flatIn - Math.floor(ringWidth / 2);
    if (flatOut < -outline.flat.distanceDbu) {
      throw new InputError('E_PLATING', `plating.ring.width: a ${ringWidth / 1000} um contact ring does not fit between the usable region and the flat (at most ${(flatIn + outline.flat.distanceDbu) / 1000} um)`);
    }
  }
  const outer = cappedCircle(rOut, flatOut);
  const inner = cappedCircle(rIn, flatIn);
  const clipped = intersection([outer], [waferOutlineRing(outline, arcVertices(R, RING_ARC_TOLERANCE))], { what: 'contact ring: clip to the wafer outline' });
  const polygons = difference(
    clipped.flatMap((p) => [p.outer, ...p.holes]),
    [inner],
    { what: 'contact ring: inner edge' },
  );
  return { rIn, rOut, rMid: rIn + Math.floor(ringWidth / 2), flatIn, flatOut, flatMid, clearance, polygons, inner, outer: clipped };
}

/**
 * Bus lines (rectangles, wafer frame): one per lane whose bus comes nearer the centre than the ring's
 * inner edge, `bus` wide on the lane's centre line, ending at the ring's middle (arc or flat).
 */
export function busLines(lattice: WaferLattice, ring: RingGeometry, bus: Dbu): { vertical: Rect[]; horizontal: Rect[] } {
  const h = Math.floor(bus / 2);
  const vertical: Rect[] = [];
  const horizontal: Rect[] = [];
  for (const axis of [0, 1] as const) {
    for (const lane of lattice.lanes(axis, ring.rIn)) {
      const b0 = lane.mid - h;
      const b1 = b0 + bus;
      const d = nearAbs(b0, b1);
      if (d >= ring.rIn) continue;
      const half = chordHalf(ring.rMid, d);
      if (axis === 0) {
        const y0 = ring.flatMid !== null ? Math.max(-half, ring.flatMid) : -half;
        if (y0 < half) vertical.push([b0, y0, b1, half]);
      } else {
        // A horizontal lane at or below the ring's middle along the flat lies in the ring band already.
        if (ring.flatMid !== null && b0 <= ring.flatMid) continue;
        horizontal.push([-half, b0, half, b1]);
      }
    }
  }
  return { vertical, horizontal };
}

export interface Bridge {
  readonly net: string;
  readonly side: 'left' | 'right' | 'bottom' | 'top';
  readonly rect: Rect;
}

/**
 * One bridge per tie (die frame): from inside the die edge (half the tie width, over the tie's
 * straight end) across the street to the lane's centre line. Throws InputError naming
 * plating.ties[i] for a tie end that is not on the die edge.
 */
export function kerfBridges(lattice: WaferLattice, ties: readonly PlatingTie[]): Bridge[] {
  const { x0, y0, x1, y1 } = lattice.dieBox;
  const L = lattice.local;
  const out: Bridge[] = [];
  if (!Array.isArray(ties)) throw new InputError('E_PLATING', `plating.ties: expected an array of { net, x, y, width }, got ${String(ties)}`);
  ties.forEach((t, i) => {
    const where = `plating.ties[${i}]`;
    if (t === null || typeof t !== 'object') throw new InputError('E_PLATING', `${where}: expected { net, x, y, width }, got ${String(t)}`);
    if (typeof t.net !== 'string' || t.net.length === 0) throw new InputError('E_PLATING', `${where}.net: expected a net name, got ${String(t.net)}`);
    for (const k of ['x', 'y'] as const) {
      if (typeof t[k] !== 'number' || !Number.isInteger(t[k])) throw new InputError('E_PLATING', `${where}.${k}: expected an integer number of dbu, got ${String(t[k])}`);
    }
    const w = checkPositiveInt(t.width, `${where}.width`);
    const hw = Math.floor(w / 2);
    // The nearest die edge; the end must lie on it (within half the tie width, for rounding upstream).
    const cands = [
      { side: 'left' as const, d: Math.abs(t.x - x0), along: t.y, lo: y0, hi: y1 },
      { side: 'right' as const, d: Math.abs(t.x - x1), along: t.y, lo: y0, hi: y1 },
      { side: 'bottom' as const, d: Math.abs(t.y - y0), along: t.x, lo: x0, hi: x1 },
      { side: 'top' as const, d: Math.abs(t.y - y1), along: t.x, lo: x0, hi: x1 },
    ].filter((c) => c.along >= c.lo - hw && c.along <= c.hi + hw);
    cands.sort((a, b) => a.d - b.d);
    const c = cands[0];
    if (!c || c.d > hw) {
      throw new InputError('E_PLATING', `${where} (net '${t.net}'): the tie end (${t.x / 1000}, ${t.y / 1000}) um is not on the die edge (die box ${x0 / 1000}..${x1 / 1000} x ${y0 / 1000}..${y1 / 1000} um)`);
    }
    const a0 = c.along - hw;
    const a1 = a0 + w;
    const ov = Math.ceil(w / 2);
    let rect: Rect;
    if (c.side === 'right') rect = [x1 - ov, a0, L.right.mid, a1];
    else if (c.side === 'left') rect = [L.left.mid, a0, x0 + ov, a1];
    else if (c.side === 'top') rect = [a0, y1 - ov, a1, L.top.mid];
    else rect = [a0, L.bottom.mid, a1, y0 + ov];
    out.push({ net: t.net, side: c.side, rect });
  });
  return out;
}

/** The KERF cell: the bridges on RDL, in the die frame. */
export function kerfCell(name: string, rdl: LayerSpec, bridges: readonly Bridge[]): Cell {
  const cell = new Cell(name);
  for (const b of bridges) cell.addBox(rdl, b.rect[0], b.rect[1], b.rect[2], b.rect[3]);
  cell.settings = { bridges: bridges.length, nets: [...new Set(bridges.map((b) => b.net))].length };
  return cell;
}

export interface MeshSpec {
  /** Line pitch, dbu. */
  readonly pitch: Dbu;
  /** Line width, dbu. */
  readonly width: Dbu;
  /** Lines run to the lanes' centre lines (joining the bus) when true, else stop at the die box. */
  readonly toBus: boolean;
}

/**
 * Mesh line width for a target metal density d of a square mesh of pitch P: 1 - (1 - w/P)^2 = d,
 * rounded to an even dbu and kept within the RDL width and space rules.
 */
export function meshWidth(pitch: Dbu, density: number, tech: Technology): Dbu {
  const raw = pitch * (1 - Math.sqrt(1 - Math.min(Math.max(density, 0), 0.99)));
  let w = 2 * Math.round(raw / 2);
  w = Math.max(w, tech.rules.rdl.minWidth);
  w = Math.min(w, pitch - tech.rules.rdl.minSpace);
  if (w < tech.rules.rdl.minWidth) throw new InputError('E_PLATING', `dummy.pitch: ${pitch / 1000} um leaves no room for an RDL line and its space (rdl.minWidth ${tech.rules.rdl.minWidth / 1000} um, rdl.minSpace ${tech.rules.rdl.minSpace / 1000} um)`);
  return w;
}

/** The mesh's lines in the die frame (unclipped): horizontal lines first, then vertical. */
export function meshRects(lattice: WaferLattice, mesh: MeshSpec): Rect[] {
  const { x0, y0, x1, y1 } = lattice.dieBox;
  const L = lattice.local;
  const ex0 = mesh.toBus ? L.left.mid : x0;
  const ex1 = mesh.toBus ? L.right.mid : x1;
  const ey0 = mesh.toBus ? L.bottom.mid : y0;
  const ey1 = mesh.toBus ? L.top.mid : y1;
  const out: Rect[] = [];
  const lines = (lo: number, hi: number): number[] => {
    const n = Math.max(1, Math.floor((hi - lo) / mesh.pitch));
    const first = lo + Math.floor((hi - lo - (n - 1) * mesh.pitch - mesh.width) / 2);
    const starts: number[] = [];
    for (let i = 0; i < n; i++) starts.push(first + i * mesh.pitch);
    return starts;
  };
  for (const s of lines(y0, y1)) out.push([ex0, s, ex1, s + mesh.width]);
  for (const s of lines(x0, x1)) out.push([s, ey0, s + mesh.width, ey1]);
  return out;
}

/**
 * Clips mesh rectangles (die frame, placed at `at`) to the disc of radius `r` and above y = `yMin`
 * (wafer frame), each against the chord at its far edge, so every result lies inside. Lines shorter
 * than their width after clipping are dropped. Returns the die-frame rectangles and whether any changed.
 */
export function clipMesh(rects: readonly Rect[], at: readonly [number, number], r: number, yMin: number | null): { rects: Rect[]; clipped: boolean } {
  const out: Rect[] = [];
  let clipped = false;
  const [X, Y] = at;
  for (const [a0, b0, a1, b1] of rects) {
    let gx0 = a0 + X;
    let gx1 = a1 + X;
    let gy0 = b0 + Y;
    let gy1 = b1 + Y;
    const horizontal = gx1 - gx0 >= gy1 - gy0;
    if (horizontal) {
      if (yMin !== null && gy0 < yMin) {
        clipped = true;
        continue;
      }
      const half = chordHalf(r, farAbs(gy0, gy1));
      if (half < 0) {
        clipped = true;
        continue;
      }
      if (gx0 < -half || gx1 > half) clipped = true;
      gx0 = Math.max(gx0, -half);
      gx1 = Math.min(gx1, half);
    } else {
      const half = chordHalf(r, farAbs(gx0, gx1));
      if (half < 0) {
        clipped = true;
        continue;
      }
      const lo = yMin !== null ? Math.max(-half, yMin) : -half;
      if (gy0 < lo || gy1 > half) clipped = true;
      gy0 = Math.max(gy0, lo);
      gy1 = Math.min(gy1, half);
    }
    const len = horizontal ? gx1 - gx0 : gy1 - gy0;
    const wid = horizontal ? gy1 - gy0 : gx1 - gx0;
    if (len < wid || len <= 0) {
      clipped = true;
      continue;
    }
    out.push([gx0 - X, gy0 - Y, gx1 - X, gy1 - Y]);
  }
  return { rects: out, clipped };
}

/** Metal density of `cell`'s polygons on `layer` within the die box (merged area / die area), 0..1. */
export function metalDensity(polygons: readonly ArrayLike<number>[], dieArea: number): number {
  if (polygons.length === 0 || dieArea <= 0) return 0;
  let area = 0;
  for (const p of union(polygons, [], { what: 'die metal density' })) {
    area += ringArea(p.outer);
    for (const h of p.holes) area -= ringArea(h);
  }
  return Math.min(1, area / dieArea);
}

function ringArea(c: ArrayLike<number>): number {
  let s = 0;
  const n = c.length;
  for (let i = 0, j = n - 2; i < n; j = i, i += 2) s += c[j] * c[i + 1] - c[i] * c[j + 1];
  return Math.abs(s) / 2;
}
