/**
 * The wafer map: the die placed across a wafer and what lives between the dies.
 *
 * buildWafer draws, in one top cell `<name>_WAFER` (wafer frame: centre (0, 0), notch/flat at -y):
 * - WAFER (documentation): the wafer outline (with notch or flat) and the usable region's boundary
 *   (the edge-exclusion line), each as a closed polygon;
 * - STREET: every dicing lane over the whole wafer, vertical and horizontal, as long rectangles
 *   (crossings overlap); SAW: the blade's cut, `saw` wide and centred in each lane, likewise;
 * - the die cell on every whole site: one AREF per rectangle of a greedy maximal-rectangle cover of
 *   the whole sites, an SREF per leftover single site (placement.ts); never flattened;
 * - die IDs 'R<row>C<col>' as polygon-font glyph references plus a GDSII TEXT (dieid.ts);
 * - optionally the plating network of seed 004 on RDL (plating.ts): the bus in every lane, the
 *   contact ring at the edge, and a KERF cell of bridges from the die's tie ends to the bus, placed
 *   on the same runs as the die;
 * - optionally a dummy RDL mesh on partial edge sites (wafer.partial = 'dummy').
 * Reticle shots (wafer.reticle) are planned on the same grid (grid.ts) for the shot map files.
 *
 * Units: dbu (1 nm) everywhere; the grid's and the report's figures for people are micrometres (`...Um`).
 */
import { Cell } from '../core/cell.ts';
import { InputError } from '../core/errors.ts';
import { flatPolygons } from '../core/hierarchy.ts';
import { layerKey } from '../core/layer.ts';
import { Library } from '../core/library.ts';
import type { Dbu } from '../core/units.ts';
import type { WaferDef } from '../design/types.ts';
import { techLayer } from '../tech/layers.ts';
import type { Technology } from '../tech/types.ts';
import { rememberWafer } from './dicing.ts';
import { DieIds, type DieIdOptions } from './dieid.ts';
import { dieGrid, reticleShots, type GridResult, type OffsetMode, type ShotPlan } from './grid.ts';
import { chordHalf, nearAbs, WaferLattice } from './lanes.ts';
import { usableOutlineRing, waferOutlineRing, type WaferSpec } from './outline.ts';
import { shapeRing, type JunctionCell, type JunctionResult } from './junctions.ts';
import { decomposeSites, type SiteRun } from './placement.ts';
import {
  busLines,
  checkPlatingWidths,
  clipMesh,
  contactRing,
  kerfBridges,
  kerfCell,
  meshRects,
  meshWidth,
  metalDensity,
  nominalStub,
  STUB_MARGIN,
  type Bridge,
  type PlatingSpec,
  type Rect,
  type RingGeometry,
} from './plating.ts';

/** Vertices of the WAFER documentation outlines (the full circle). */
const OUTLINE_SEGMENTS = 1440;
/** Default dummy mesh pitch, dbu (200 um). */
export const DEFAULT_DUMMY_PITCH: Dbu = 200_000;

export interface DummyOptions {
  /** Mesh pitch, dbu (default 200 um). */
  readonly pitch?: Dbu;
  /** Metal density 0..1 the mesh aims at (default: the die's own RDL density, kept within 0.1..0.6). */
  readonly density?: number;
}

export interface WaferBuildOptions {
  /** Library name and prefix of the generated cells ([A-Za-z0-9_.-]+). */
  readonly name: string;
  readonly tech: Technology;
  /** The die cell, die centred on its origin (box [-floor(w/2), w - floor(w/2)] x likewise). */
  readonly die: Cell;
  /** Die width and height without street, dbu. */
  readonly dieSize: readonly [Dbu, Dbu];
  readonly wafer: WaferDef;
  /** The plating network; omit for a blanket seed-layer process (no bus). */
  readonly plating?: PlatingSpec;
  /** Die IDs (default: on, in the die corner); false for none. */
  readonly dieIds?: false | DieIdOptions;
  /** The dummy mesh of partial sites (wafer.partial = 'dummy'). */
  readonly dummy?: DummyOptions;
}

export interface WaferSite {
  /** Lattice column and row (grid.ts: site (0, 0) is the die whose centre lies in [0, pitch) from the wafer centre). */
  readonly col: number;
  readonly row: number;
  /** Die centre, um, wafer frame. */
  readonly xUm: number;
  readonly yUm: number;
  /** 'R07C12' for whole dies; '' for partial sites. */
  readonly id: string;
  readonly whole: boolean;
  /** What the site holds: the die, a dummy mesh, or nothing. */
  readonly kind: 'die' | 'dummy' | 'empty';
}

/** The wafer section of a design report (DESIGN.md: dies placed, grid offset). */
export interface WaferReport {
  readonly diameterMm: number;
  readonly dieUm: [number, number];
  readonly pitchUm: [number, number];
  readonly diesPlaced: number;
  readonly partialSites: number;
  readonly dummySites: number;
  readonly offsetMode: GridResult['mode'];
  /** Centre of die site (0, 0) from the wafer centre, um. */
  readonly offsetUm: [number, number];
  /** Whole dies of the die-centred and street-centred grids, for comparison. */
  readonly variants: { centered: number; streetCentered: number };
  /** Placements of the die cell: AREFs and SREFs. */
  readonly arrays: number;
  readonly singles: number;
  readonly shots?: number;
  readonly plating?: {
    readonly busLines: number;
    readonly bridgesPerDie: number;
    readonly ringInnerRadiusMm: number;
    readonly ringOuterRadiusMm: number;
    readonly stubUm: number;
    readonly stubLimitUm: number;
    /** The ring's junctions (junctions.ts): openings crossing its inner edge, corners cut, openings filled, kept openings still failing the checks (0 expected). */
    readonly junctions?: { readonly rimCells: number; readonly cuts: number; readonly filled: number; readonly unclean: number };
  };
  readonly buildMs: number;
}

export interface WaferPlating {
  readonly spec: PlatingSpec;
  readonly ring: RingGeometry;
  readonly bus: { readonly vertical: Rect[]; readonly horizontal: Rect[] };
  readonly bridges: readonly Bridge[];
  /** Die frame. */
  readonly kerf: Cell | null;
  /** Nominal stub after the saw and the limit the dicing check applies, dbu. */
  readonly stub: Dbu;
  readonly stubLimit: Dbu;
}

export interface WaferBuild {
  readonly top: Cell;
  readonly library: Library;
  readonly tech: Technology;
  readonly grid: GridResult;
  readonly lattice: WaferLattice;
  readonly die: Cell;
  readonly shots?: ShotPlan;
  /** Every whole and partial site of the grid, rows bottom to top. */
  readonly dies: WaferSite[];
  /** The AREF/SREF runs the die (and kerf) cell was placed with. */
  readonly runs: readonly SiteRun[];
  /** Dummy cells and the sites they sit on (die-frame placement, wafer frame). */
  readonly dummies: ReadonlyArray<{ readonly cell: Cell; readonly col: number; readonly row: number; readonly at: readonly [Dbu, Dbu] }>;
  readonly plating?: WaferPlating;
  readonly report: WaferReport;
}

const OPTION_KEYS = ['name', 'tech', 'die', 'dieSize', 'wafer', 'plating', 'dieIds', 'dummy'];
const NAME = /^[A-Za-z0-9_.-]+$/;

function toGridParams(w: WaferDef, dieSize: readonly [Dbu, Dbu]): { spec: WaferSpec; offset: OffsetMode } {
  if (w === null || typeof w !== 'object') throw new InputError('E_WAFER', `wafer: expected a wafer definition, got ${String(w)}`);
  const spec: WaferSpec = {
    diameterMm: w.diameterMm,
    edgeExclusionMm: w.edgeExclusionMm,
    ...(w.notch ? { notch: true } : {}),
    ...(w.flatMm !== undefined ? { flat: { lengthMm: w.flatMm } } : {}),
  };
  let offset: OffsetMode;
  if (Array.isArray(w.offset)) {
    const [dx, dy] = w.offset as readonly [number, number];
    if (!Number.isInteger(dx) || !Number.isInteger(dy)) throw new InputError('E_WAFER', `wafer.offset: expected [dx, dy] in whole dbu, got ${JSON.stringify(w.offset)}`);
    offset = [dx / 1000, dy / 1000];
  } else if (w.offset === 'auto' || w.offset === 'symmetric' || w.offset === 'centered' || w.offset === undefined) {
    offset = w.offset ?? 'auto';
  } else {
    throw new InputError('E_WAFER', `wafer.offset: '${String(w.offset)}' is not one of auto, symmetric, centered or [dx, dy]`);
  }
  if (!Array.isArray(dieSize) || dieSize.length !== 2 || !dieSize.every((v) => Number.isInteger(v) && v > 0)) {
    throw new InputError('E_WAFER', `dieSize: expected [width, height] in positive whole dbu, got ${JSON.stringify(dieSize)}`);
  }
  return { spec, offset };
}

/** Builds the wafer map; see the module notes. Throws InputError naming the option at fault. */
export function buildWafer(options: WaferBuildOptions): WaferBuild {
  const t0 = performance.now();
  if (options === null || typeof options !== 'object') throw new InputError('E_WAFER', `buildWafer: expected an options object, got ${String(options)}`);
  for (const k of Object.keys(options)) {
    if (!OPTION_KEYS.includes(k)) throw new InputError('E_UNKNOWN_KEY', `buildWafer: unknown option '${k}' (allowed: ${OPTION_KEYS.join(', ')})`);
  }
  const { name, tech, die, dieSize, wafer } = options;
  if (typeof name !== 'string' || !NAME.test(name)) throw new InputError('E_WAFER', `name: '${String(name)}' is not allowed (letters, digits, '_', '.', '-')`);
  if (!(die instanceof Cell)) throw new InputError('E_WAFER', `die: expected a Cell, got ${String(die)}`);
  const { spec, offset } = toGridParams(wafer, dieSize);
  if (wafer.partial !== 'skip' && wafer.partial !== 'dummy') throw new InputError('E_WAFER', `wafer.partial: '${String(wafer.partial)}' is not 'skip' or 'dummy'`);
  if (!Number.isInteger(wafer.street) || wafer.street <= 0) throw new InputError('E_WAFER', `wafer.street: expected a positive whole number of dbu, got ${String(wafer.street)}`);
  const grid = dieGrid({ wafer: spec, dieUm: [dieSize[0] / 1000, dieSize[1] / 1000], streetUm: wafer.street / 1000, offset });
  if (grid.lattice.dieDbu[0] !== dieSize[0] || grid.lattice.dieDbu[1] !== dieSize[1]) throw new Error('internal: die size changed on its way through the grid');
  const lattice = new WaferLattice(grid, wafer.saw);
  const o = grid.outline;
  const R = Math.floor(o.diameterDbu / 2);
  const L = (n: string) => techLayer(tech, n);
  const rdl = L('RDL');
  const top = new Cell(`${name}_WAFER`);

  // WAFER: documentation outlines.
  top.addPolygon(L('WAFER'), waferOutlineRing(o, OUTLINE_SEGMENTS));
  top.addPolygon(L('WAFER'), usableOutlineRing(o, OUTLINE_SEGMENTS));

  // STREET and SAW over the whole wafer: each lane to the wafer edge (the chord at its inner edge) and the flat.
  const flatY = o.flat ? -o.flat.distanceDbu : null;
  for (const axis of [0, 1] as const) {
    for (const lane of lattice.lanes(axis, R)) {
      for (const [lo, hi, layer] of [[lane.lo, lane.hi, L('STREET')], [lane.sawLo, lane.sawHi, L('SAW')]] as const) {
        const half = chordHalf(R, nearAbs(lo, hi));
        if (half <= 0) continue;
        if (axis === 0) {
          const y0 = flatY !== null ? Math.max(-half, flatY) : -half;
          top.addBox(layer, lo, y0, hi, half);
        } else {
          const y0 = flatY !== null ? Math.max(lo, flatY) : lo;
          if (y0 < hi) top.addBox(layer, -half, y0, half, hi);
        }
      }
    }
  }

  // The plating network.
  let plating: WaferPlating | undefined;
  if (options.plating !== undefined) {
    const ps = options.plating;
    if (ps === null || typeof ps !== 'object') throw new InputError('E_PLATING', `plating: expected { bus, ring, ties }, got ${String(ps)}`);
    for (const k of Object.keys(ps)) {
      if (!['bus', 'ring', 'ties', 'stubLimit'].includes(k)) throw new InputError('E_UNKNOWN_KEY', `plating.${k}: unknown key (allowed: bus, ring, ties, stubLimit)`);
    }
    checkPlatingWidths(ps, lattice, tech);
    const bridges = kerfBridges(lattice, ps.ties ?? []);
    const ring = contactRing(o, lattice, ps.ring, tech);
    const bus = busLines(lattice, ring, ps.bus);
    // The ring itself is drawn once the dummy meshes are placed: its junctions depend on them.
    for (const r of [...bus.vertical, ...bus.horizontal]) top.addBox(rdl, r[0], r[1], r[2], r[3]);
    const kerf = bridges.length ? kerfCell(`${name}_KERF`, rdl, bridges) : null;
    const stub = nominalStub(lattice);
    plating = { spec: ps, ring, bus, bridges, kerf, stub, stubLimit: ps.stubLimit ?? stub + STUB_MARGIN };
  }

  // The die (and its kerf bridges) on every whole site.
  const whole = grid.sites.filter((s) => s.whole);
  const runs = decomposeSites(whole);
  const [p, q] = lattice.pitch;
  let arrays = 0;
  let singles = 0;
  for (const run of runs) {
    const [x, y] = lattice.placement(run.col, run.row);
    for (const cell of plating?.kerf ? [die, plating.kerf] : [die]) {
      if (run.cols === 1 && run.rows === 1) top.addRef(cell, { x, y });
      else top.addArray(cell, run.cols, run.rows, [p, 0], [0, q], { x, y });
    }
    if (run.cols === 1 && run.rows === 1) singles++;
    else arrays++;
  }

  // Die IDs: rows from the bottom, columns from the left, over the whole dies.
  const ids = new Map<string, string>();
  if (options.dieIds !== false && whole.length) {
    const c0 = Math.min(...whole.map((s) => s.col));
    const r0 = Math.min(...whole.map((s) => s.row));
    const c1 = Math.max(...whole.map((s) => s.col));
    const r1 = Math.max(...whole.map((s) => s.row));
    const maker = new DieIds(name, L('TEXT'), lattice, tech.construction.seal, r1 - r0 + 1, c1 - c0 + 1, options.dieIds ?? {});
    for (const s of whole) {
      const [x, y] = lattice.placement(s.col, s.row);
      ids.set(`${s.col},${s.row}`, maker.place(top, s.row - r0 + 1, s.col - c0 + 1, x, y));
    }
  }

  // Dummy mesh on partial sites.
  const dummies: Array<{ cell: Cell; col: number; row: number; at: [number, number] }> = [];
  // The unclipped mesh (die frame) of the sites that carry one, for the ring's junctions.
  const dummyMesh = new Map<string, readonly Rect[]>();
  const partial = grid.sites.filter((s) => !s.whole);
  if (wafer.partial === 'dummy' && partial.length) {
    const d = options.dummy ?? {};
    for (const k of Object.keys(d)) {
      if (!['pitch', 'density'].includes(k)) throw new InputError('E_UNKNOWN_KEY', `dummy.${k}: unknown key (allowed: pitch, density)`);
    }
    const pitch = d.pitch ?? Math.min(DEFAULT_DUMMY_PITCH, Math.floor(Math.min(lattice.die[0], lattice.die[1]) / 4));
    if (!Number.isInteger(pitch) || pitch <= 0) throw new InputError('E_RANGE', `dummy.pitch: expected a positive whole number of dbu, got ${String(pitch)}`);
    let density = d.density;
    if (density === undefined) {
      const key = layerKey(rdl.layer, rdl.datatype);
      const metal = [...flatPolygons(die, { layers: new Set([key]) })].map((f) => f.points);
      density = Math.min(0.6, Math.max(0.1, metalDensity(metal, lattice.die[0] * lattice.die[1])));
    } else if (typeof density !== 'number' || !(density > 0 && density < 1)) {
      throw new InputError('E_RANGE', `dummy.density: expected a number in (0, 1), got ${String(density)}`);
    }
    const mesh = { pitch, width: meshWidth(pitch, density, tech), toBus: !!plating };
    const rects = meshRects(lattice, mesh);
    // The mesh ends in the contact ring's middle with plating, else at the usable region's edge.
    const r = plating ? plating.ring.rMid : Math.floor(o.usableDiameterDbu / 2);
    const yMin = plating ? plating.ring.flatMid : o.flat ? o.flat.minYDbu : null;
    let shared: Cell | null = null;
    for (const s of partial) {
      const at = lattice.placement(s.col, s.row);
      const clip = clipMesh(rects, at, r, yMin);
      if (clip.rects.length === 0) continue;
      let cell: Cell;
      if (!clip.clipped) {
        if (!shared) {
          shared = new Cell(`${name}_DUMMY`);
          for (const m of rects) shared.addBox(rdl, m[0], m[1], m[2], m[3]);
          shared.settings = { pitch, width: mesh.width, density };
        }
        cell = shared;
      } else {
        cell = new Cell(`${name}_DUMMY_C${s.col}_R${s.row}`);
        for (const m of clip.rects) cell.addBox(rdl, m[0], m[1], m[2], m[3]);
        cell.settings = { pitch, width: mesh.width, density, clipped: true };
      }
      top.addRef(cell, { x: at[0], y: at[1] });
      dummies.push({ cell, col: s.col, row: s.row, at });
      if (mesh.toBus) dummyMesh.set(`${s.col},${s.row}`, rects);
    }
  }
  const dummyAt = new Set(dummies.map((d) => `${d.col},${d.row}`));

  // The contact ring, its junctions with the bus and the meshes shaped (junctions.ts).
  let junctions: JunctionResult | undefined;
  if (plating) {
    const ring = plating.ring;
    const cells = networkCells(lattice, plating.spec.bus, ring.rIn, new Set(whole.map((s) => `${s.col},${s.row}`)), dummyMesh);
    junctions = shapeRing(ring.outer.flatMap((p) => [p.outer, ...p.holes]), ring.inner, ring.rIn, ring.flatIn, cells, tech.rules.rdl.minSpace);
    plating = { ...plating, ring: { ...ring, polygons: junctions.polygons } };
    for (const p of junctions.polygons) top.addPolygonWithHoles(rdl, p.outer, p.holes);
  }

  const shots = wafer.reticle ? reticleShots(grid, { cols: wafer.reticle[0], rows: wafer.reticle[1] }) : undefined;
  const library = new Library(name).add(top);
  const dies: WaferSite[] = grid.sites.map((s) => ({
    col: s.col,
    row: s.row,
    xUm: s.xUm,
    yUm: s.yUm,
    id: ids.get(`${s.col},${s.row}`) ?? '',
    whole: s.whole,
    kind: s.whole ? 'die' : dummyAt.has(`${s.col},${s.row}`) ? 'dummy' : 'empty',
  }));
  const report: WaferReport = {
    diameterMm: wafer.diameterMm,
    dieUm: grid.dieUm,
    pitchUm: grid.pitchUm,
    diesPlaced: whole.length,
    partialSites: partial.length,
    dummySites: dummies.length,
    offsetMode: grid.mode,
    offsetUm: grid.offsetUm,
    variants: grid.variants,
    arrays,
    singles,
    ...(shots ? { shots: shots.shots.length } : {}),
    ...(plating
      ? {
          plating: {
            busLines: plating.bus.vertical.length + plating.bus.horizontal.length,
            bridgesPerDie: plating.bridges.length,
            ringInnerRadiusMm: plating.ring.rIn / 1e6,
            ringOuterRadiusMm: plating.ring.rOut / 1e6,
            stubUm: plating.stub / 1000,
            stubLimitUm: plating.stubLimit / 1000,
            ...(junctions ? { junctions: { rimCells: junctions.rimCells, cuts: junctions.cuts, filled: junctions.filled, unclean: junctions.unclean } } : {}),
          },
        }
      : {}),
    buildMs: Math.round(performance.now() - t0),
  };
  const build: WaferBuild = { top, library, tech, grid, lattice, die, shots, dies, runs, dummies, plating, report };
  // The verifier (checkLibrary on this library) finds the wafer structure through its top cell.
  rememberWafer(build);
  return build;
}

/** Sorted, merged intervals' complement within [lo, hi). */
function gaps(lo: number, hi: number, taken: Array<[number, number]>): Array<[number, number]> {
  taken.sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  let at = lo;
  for (const [a, b] of taken) {
    if (a > at) out.push([at, Math.min(a, hi)]);
    at = Math.max(at, b);
    if (at >= hi) break;
  }
  if (at < hi) out.push([at, hi]);
  return out.filter(([a, b]) => b > a);
}

/**
 * The network's empty rectangles (wafer frame) on every site whose cell reaches within `radius` of
 * the centre: the cell between the site's four bus lines, or, on a site with a dummy mesh (die-frame
 * rectangles, before clipping), each opening of the mesh. Whole dies' cells are marked `keep`.
 */
export function networkCells(lattice: WaferLattice, bus: Dbu, radius: number, whole: ReadonlySet<string>, mesh: ReadonlyMap<string, readonly Rect[]>): JunctionCell[] {
  const hb = Math.floor(bus / 2);
  const L = lattice.local;
  const x0 = L.left.mid - hb + bus;
  const x1 = L.right.mid - hb;
  const y0 = L.bottom.mid - hb + bus;
  const y1 = L.top.mid - hb;
  const out: JunctionCell[] = [];
  const range = (axis: 0 | 1) => {
    const p = lattice.pitch[axis];
    const o = lattice.origin[axis];
    return [Math.floor((-radius - o) / p) - 1, Math.ceil((radius - o) / p) + 1];
  };
  const [c0, c1] = range(0);
  const [r0, r1] = range(1);
  for (let col = c0; col <= c1; col++) {
    for (let row = r0; row <= r1; row++) {
      const [X, Y] = lattice.placement(col, row);
      const near = Math.hypot(nearAbs(x0 + X, x1 + X), nearAbs(y0 + Y, y1 + Y));
      if (near >= radius) continue;
      const key = `${col},${row}`;
      const m = mesh.get(key);
      if (!m) {
        out.push({ box: { x0: x0 + X, y0: y0 + Y, x1: x1 + X, y1: y1 + Y }, keep: whole.has(key) });
        continue;
      }
      const vx: Array<[number, number]> = [];
      const hy: Array<[number, number]> = [];
      for (const r of m) {
        if (r[2] - r[0] >= r[3] - r[1]) hy.push([r[1], r[3]]);
        else vx.push([r[0], r[2]]);
      }
      for (const [a, b] of gaps(x0, x1, vx)) {
        for (const [c, d] of gaps(y0, y1, hy)) out.push({ box: { x0: a + X, y0: c + Y, x1: b + X, y1: d + Y }, keep: false });
      }
    }
  }
  return out;
}
