/**
 * The verifier's plating check (checkPlating, an adapter over src/wafer/dicing.ts checkDicing) on a
 * wafer made by buildWafer: 100 mm, 10 x 10 mm synthetic dies with four nets (N1 bottom, N2 right,
 * N3 top, N4 left tie), 100 um street, 40 um saw, 20 um bus. Faults are injected into the built
 * layout (a bus line removed, a bus line widened past the saw) and must be found at the dies they
 * touch; a layout without the wafer structure is reported as not checked.
 */
import { describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkLibrary, checkPlating } from '../../src/verify/index.ts';
import { buildWafer, type WaferBuild } from '../../src/wafer/map.ts';
import { syntheticDie } from '../wafer/fixtures.ts';
import { bumpedDie, waferOf } from './fixtures.ts';

const tech = preset('amkor-0.4');
const DIE = 10_000_000;
const NETS = 4;
const die = syntheticDie(tech, 'PL_DIE', DIE, DIE, NETS);
const RDL = tech.layers.RDL;

function build(name: string): WaferBuild {
  return buildWafer({
    name,
    tech,
    die: die.cell,
    dieSize: [DIE, DIE],
    wafer: { diameterMm: 100, edgeExclusionMm: 3, street: 100_000, saw: 40_000, notch: true, offset: 'auto', partial: 'skip' },
    plating: { bus: 20_000, ring: 2_000_000, ties: die.ties },
  });
}

/** Die centres (dbu) of the whole dies: the die cell is centred on its origin, so these are its placements. */
function diesOf(b: WaferBuild): Array<[number, number]> {
  return b.dies.filter((d) => d.kind === 'die').map((d) => [Math.round(d.xUm * 1000), Math.round(d.yUm * 1000)]);
}

/** Indices of the top cell's RDL polygons lying within x (or y, axis 1) in [lo, hi]. */
function rdlWithin(top: Cell, axis: 0 | 1, lo: number, hi: number): number[] {
  const out: number[] = [];
  top.polygons.forEach((p, i) => {
    if (p.layer !== RDL.layer || p.datatype !== RDL.datatype) return;
    for (let k = axis; k < p.points.length; k += 2) if (p.points[k] < lo || p.points[k] > hi) return;
    out.push(i);
  });
  return out;
}

describe('plating and dicing through the wafer structure', () => {
  it('a clean wafer: connected before dicing, every net isolated after, 30 um stubs; found by checkLibrary too', () => {
    const b = build('PL_CLEAN');
    const r = checkPlating(b.top, tech, { wafer: b, maxListed: 100 });
    expect(r).toMatchObject({ checked: true, ok: true, connectedBeforeDicing: true, isolatedAfterDicing: true, dies: diesOf(b).length, netsPerDie: NETS });
    expect(r.dies).toBeGreaterThan(20);
    expect(Object.values(r.counts).every((n) => n === 0)).toBe(true);
    expect(r.issues).toEqual([]);
    // (street - saw) / 2 = 30 um of bridge is left at each die edge.
    expect(r.maxStubUm).toBe(30);
    // checkLibrary is not handed the structure: it finds it for the top cell buildWafer made.
    const res = checkLibrary(b.library, tech, { drc: false });
    expect(res.report.plating).toMatchObject({ checked: true, connectedBeforeDicing: true, isolatedAfterDicing: true, dies: r.dies });
    expect(res.text()).toMatch(new RegExp(`Plating: 4 nets per die on ${r.dies} dies; connected before dicing: yes; isolated after dicing: yes; longest stub 30 um`));
  });

  it('a bus line removed: the nets bridged to it are unplated, at exactly the dies beside that street', () => {
    const b = build('PL_BREAK');
    const lines = b.plating!.bus.vertical;
    // The line nearest the wafer centre: dies on both sides of it.
    const line = [...lines].sort((p, q) => Math.abs(p[0] + p[2]) - Math.abs(q[0] + q[2]))[0];
    const gone = rdlWithin(b.top, 0, line[0], line[2]);
    expect(gone.length).toBeGreaterThan(0);
    for (const i of gone.reverse()) b.top.polygons.splice(i, 1);
    const xb = (line[0] + line[2]) / 2;
    const L = b.lattice.local;
    const want: string[] = [];
    for (const [X, Y] of diesOf(b)) {
      if (X + L.right.mid === xb) want.push(`${X / 1000},${Y / 1000}:N2`);
      if (X + L.left.mid === xb) want.push(`${X / 1000},${Y / 1000}:N4`);
    }
    expect(want.length).toBeGreaterThan(4);
    const r = checkPlating(b.top, tech, { wafer: b, maxListed: 1000 });
    expect(r.checked).toBe(true);
    expect(r.connectedBeforeDicing).toBe(false);
    expect(r.ok).toBe(false);
    expect(r.counts.unplated).toBe(want.length);
    const got = r.issues.filter((i) => i.kind === 'unplated').map((i) => `${i.xUm},${i.yUm}:${/net (N\d)/.exec(i.message)![1]}`);
    expect(got.sort()).toEqual(want.sort());
    // Plating aside, the saw still separates every net.
    expect(r.isolatedAfterDicing).toBe(true);
  });

  it('a bus line wider than the saw: its remnants survive on the dies beside that street (not isolated)', () => {
    const b = build('PL_WIDE');
    const line = [...b.plating!.bus.horizontal].sort((p, q) => Math.abs(p[1] + p[3]) - Math.abs(q[1] + q[3]))[0];
    const yb = (line[1] + line[3]) / 2;
    // 60 um over the 40 um saw: a 10 um strip is left on each side of the cut.
    b.top.addBox(RDL, line[0], yb - 30_000, line[2], yb + 30_000);
    const L = b.lattice.local;
    const beside = diesOf(b).filter(([, Y]) => Y + L.top.mid === yb || Y + L.bottom.mid === yb);
    expect(beside.length).toBeGreaterThan(4);
    const r = checkPlating(b.top, tech, { wafer: b, maxListed: 1000 });
    expect(r.connectedBeforeDicing).toBe(true);
    expect(r.isolatedAfterDicing).toBe(false);
    expect(r.counts.notCut).toBe(beside.length);
    const at = new Set(r.issues.filter((i) => i.kind === 'notCut').map((i) => `${i.code}@${i.xUm},${i.yUm}`));
    expect([...at].sort()).toEqual(beside.map(([X, Y]) => `E_WAFER_METAL_IN_DIE@${X / 1000},${Y / 1000}`).sort());
    expect(r.counts.unplated + r.counts.openAfterDicing + r.counts.shortAfterDicing).toBe(0);
  });

  it('a layout without the wafer structure (as from a GDS) is reported as not checked, with the reason, and does not fail the check', () => {
    // Hand-drawn wafer (dies, kerf bridges, bus, ring, SAW) that buildWafer did not make.
    const d = bumpedDie(tech, { size: 2000, cols: 4 });
    const w = waferOf(tech, d, { block: [2, 2] });
    const r = checkPlating(w.wafer, tech);
    expect(r).toMatchObject({ checked: false, ok: true, connectedBeforeDicing: null, isolatedAfterDicing: null, dies: 0 });
    expect(r.reason).toMatch(/no wafer structure/);
    const res = checkLibrary(w.lib, tech, { drc: false });
    expect(res.report.plating?.checked).toBe(false);
    expect(res.report.ok).toBe(true);
    expect(res.text()).toMatch(/Plating: not checked: top cell 'WAFER' carries no wafer structure/);
    // Another wafer's structure is not applied to this top cell.
    const b = build('PL_OTHER');
    expect(checkPlating(w.wafer, tech, { wafer: b }).reason).toMatch(/for top cell 'PL_OTHER_WAFER', not 'WAFER'/);
  });
});
