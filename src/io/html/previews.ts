/**
 * The pictures of a build, from its model: the wafer map (sites, shots, plating, from the wafer
 * build) and the die view (the die cell in the .lyp colours with every net's metal as a hover target,
 * failed nets and DRC violations highlighted).
 *
 * Types of the build (report, wafer) are imported as types only: the preview reads them and knows
 * nothing about how they were made.
 */
import type { Cell } from '../../core/cell.ts';
import type { BuildReport } from '../../design/pipeline.ts';
import type { WaferBuild } from '../../wafer/map.ts';
import { usableOutlineRing, waferOutlineRing } from '../../wafer/outline.ts';
import { cellToSvg, type LayerStyle, type SvgHighlight } from '../svg/index.ts';
import { waferMapSvg, type SiteStatus, type WaferMapData } from '../svg/wafermap.ts';

/** Vertices of the wafer outline in the map: 0.13 mm chords on 300 mm, smooth at any sane zoom. */
const OUTLINE_SEGMENTS = 720;

/** What the die view needs of a routed net (metal rings in the die frame, dbu). */
export interface NetGeometry {
  net: string;
  pads: readonly string[];
  bumps: readonly string[];
  routed: boolean;
  reason?: string;
  lengthUm: number;
  polygons: ReadonlyArray<ArrayLike<number>>;
}

export type Violation = BuildReport['drc']['violations'][number];

/**
 * Splits DRC violations (um, top frame) into those inside a whole die (moved into the die frame and
 * de-duplicated: a violation in the die cell repeats on every die) and the rest (kerf, ring, edge).
 * Without a wafer the top cell is the die: every violation is a die violation.
 */
export function splitViolations(violations: readonly Violation[], wafer: WaferBuild | undefined): { die: Array<Violation & { dieXyDbu: [number, number] }>; wafer: Violation[] } {
  const die: Array<Violation & { dieXyDbu: [number, number] }> = [];
  const other: Violation[] = [];
  const seen = new Set<string>();
  const whole = new Set(wafer?.dies.filter((s) => s.whole).map((s) => `${s.col},${s.row}`) ?? []);
  for (const v of violations) {
    const x = Math.round(v.xyUm[0] * 1000);
    const y = Math.round(v.xyUm[1] * 1000);
    let local: [number, number] | null = [x, y];
    if (wafer) {
      const L = wafer.lattice;
      const col = Math.floor((x - L.origin[0]) / L.pitch[0]);
      const row = Math.floor((y - L.origin[1]) / L.pitch[1]);
      const [px, py] = L.placement(col, row);
      const lx = x - px;
      const ly = y - py;
      const b = L.dieBox;
      local = whole.has(`${col},${row}`) && lx >= b.x0 && lx <= b.x1 && ly >= b.y0 && ly <= b.y1 ? [lx, ly] : null;
    }
    if (!local) {
      other.push(v);
      continue;
    }
    const key = `${v.rule}|${local[0]}|${local[1]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    die.push({ ...v, dieXyDbu: local });
  }
  return { die, wafer: other };
}

/** The wafer model as map data: statuses from the sites, the dummy mesh and the shot plan. */
export function waferMapData(wafer: WaferBuild, title: string, markers: readonly Violation[] = []): WaferMapData {
  const o = wafer.grid.outline;
  const inShot = new Set<string>();
  for (const sh of wafer.shots?.shots ?? []) for (const s of sh.sites) inShot.add(`${s.col},${s.row}`);
  const status = (s: WaferBuild['dies'][number]): SiteStatus => {
    if (s.whole) return 'whole';
    if (s.kind === 'dummy') return 'dummy';
    return !wafer.shots || inShot.has(`${s.col},${s.row}`) ? 'partial' : 'skipped';
  };
  const [fx, fy] = wafer.shots?.fieldSizeUm ?? [0, 0];
  return {
    title,
    diameterMm: wafer.report.diameterMm,
    edgeExclusionMm: o.edgeExclusionDbu / 1e6,
    outline: waferOutlineRing(o, OUTLINE_SEGMENTS),
    usable: usableOutlineRing(o, OUTLINE_SEGMENTS),
    dieUm: wafer.report.dieUm,
    pitchUm: wafer.report.pitchUm,
    offsetUm: wafer.report.offsetUm,
    offsetMode: wafer.report.offsetMode,
    sites: wafer.dies.map((s) => ({ col: s.col, row: s.row, xUm: s.xUm, yUm: s.yUm, id: s.id, status: status(s) })),
    ...(wafer.shots ? { shots: wafer.shots.shots.map((s) => ({ id: s.id, originUm: s.originUm, sizeUm: [fx, fy] as const, wholeCount: s.wholeCount, sites: s.sites.length })) } : {}),
    ...(wafer.plating
      ? { plating: { ring: wafer.plating.ring.polygons.map((p) => ({ outer: p.outer, holes: p.holes })), bus: [...wafer.plating.bus.vertical, ...wafer.plating.bus.horizontal] } }
      : {}),
    ...(markers.length ? { markers: markers.map((v) => ({ xUm: v.xyUm[0], yUm: v.xyUm[1], title: `DRC ${v.rule} in ${v.cell} at ${v.xyUm[0]}, ${v.xyUm[1]} um` })) } : {}),
  };
}

/** The wafer map SVG of a wafer build (standalone document). */
export function waferMapOf(wafer: WaferBuild, title: string, violations: readonly Violation[] = []): string {
  return waferMapSvg(waferMapData(wafer, title, splitViolations(violations, wafer).wafer));
}

/** Colour of failed nets and violation markers. */
const FAIL_COLOR = '#ff3b3b';

/**
 * The die view: the die cell in the layer colours, every net's metal a hover target titled with the
 * net, its pads, bumps and length; failed nets' metal in red; DRC violations as markers.
 */
export function dieViewSvg(die: Cell, layers: LayerStyle[], nets: readonly NetGeometry[], violations: ReadonlyArray<Violation & { dieXyDbu: [number, number] }>, title: string): string {
  const fmt = (v: number) => String(Math.round(v * 10) / 10);
  const highlight: SvgHighlight = {
    groups: nets
      .filter((n) => n.polygons.length)
      .map((n) => ({
        title: `net ${n.net}: pads ${n.pads.join(', ') || '-'} → bumps ${n.bumps.join(', ') || '-'}, ${fmt(n.lengthUm)} µm${n.routed ? '' : ` (FAILED: ${n.reason ?? 'not routed'})`}`,
        polygons: [...n.polygons],
        className: n.routed ? 'net' : 'net failed',
      })),
    polygons: nets.filter((n) => !n.routed).flatMap((n) => n.polygons.map((p) => ({ points: p, color: FAIL_COLOR, title: `failed net ${n.net}: ${n.reason ?? 'not routed'}` }))),
    markers: violations.map((v) => ({ x: v.dieXyDbu[0], y: v.dieXyDbu[1], title: `DRC ${v.rule} in ${v.cell}`, color: FAIL_COLOR })),
  };
  return cellToSvg(die, { layers, title, highlight, maxSizePx: 760 });
}
