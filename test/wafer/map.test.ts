/**
 * The wafer map on a small wafer (100 mm, 10 x 10 mm synthetic die with four nets): hierarchy,
 * counts against the grid, die IDs, streets and saw, the shot map, the plating network's
 * connectivity before and after the saw (by flattened geometry through clipper, by our hierarchical
 * checker, and by KLayout), the flat writer, and bad input.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cell } from '../../src/core/cell.ts';
import { InputError } from '../../src/core/errors.ts';
import { flatPolygons, layerStats } from '../../src/core/hierarchy.ts';
import { layerKey } from '../../src/core/layer.ts';
import type { WaferDef } from '../../src/design/types.ts';
import { difference, union, type PolygonWithHoles } from '../../src/geom/clipper.ts';
import { locatePoint } from '../../src/geom/predicates.ts';
import { readGdsFile, writeGds } from '../../src/io/gds/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkDicing } from '../../src/wafer/dicing.ts';
import { writeFlatGds } from '../../src/wafer/flat.ts';
import { buildWafer, type WaferBuild } from '../../src/wafer/map.ts';
import { decomposeSites } from '../../src/wafer/placement.ts';
import { STUB_MARGIN } from '../../src/wafer/plating.ts';
import { writeShotMap } from '../../src/wafer/shotmap.ts';
import { klayoutAvailable, klayoutWarnings, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';
import { syntheticDie } from './fixtures.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tech = preset('amkor-0.4');
const DIE = 10_000_000;
const NETS = 4;
const WAFER: WaferDef = { diameterMm: 100, edgeExclusionMm: 3, street: 100_000, saw: 40_000, notch: true, offset: 'auto', partial: 'skip', reticle: [2, 2] };
const die = syntheticDie(tech, 'SYNTH_DIE', DIE, DIE, NETS);
const plating = { bus: 20_000, ring: 2_000_000, ties: die.ties };
const L = (n: string) => tech.layers[n];
const key = (n: string) => layerKey(L(n).layer, L(n).datatype);
const klayoutOk = klayoutAvailable || requireExternalTools;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-wafer-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function build(wafer: Partial<WaferDef> = {}, extra: Partial<Parameters<typeof buildWafer>[0]> = {}): WaferBuild {
  return buildWafer({ name: 'SMALL', tech, die: die.cell, dieSize: [DIE, DIE], wafer: { ...WAFER, ...wafer }, plating, ...extra });
}

/** Every placement of `cell` directly in `top`, as translations (arrays expanded). */
function placementsIn(top: Cell, cell: Cell): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const r of top.refs) if (r.cell === cell) out.push([r.transform.x, r.transform.y]);
  for (const a of top.arrays) {
    if (a.cell !== cell) continue;
    for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) out.push([a.transform.x + c * a.colStep[0] + r * a.rowStep[0], a.transform.y + c * a.colStep[1] + r * a.rowStep[1]]);
  }
  return out;
}

function inPoly(p: PolygonWithHoles, x: number, y: number): boolean {
  return locatePoint(p.outer, x, y) >= 0 && p.holes.every((h) => locatePoint(h, x, y) <= 0);
}

function centres(top: Cell, layer: string): Array<[number, number]> {
  return [...flatPolygons(top, { layers: new Set([key(layer)]) })].map((f) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < f.points.length; i += 2) {
      x0 = Math.min(x0, f.points[i]);
      x1 = Math.max(x1, f.points[i]);
      y0 = Math.min(y0, f.points[i + 1]);
      y1 = Math.max(y1, f.points[i + 1]);
    }
    return [(x0 + x1) / 2, (y0 + y1) / 2];
  });
}

describe('placement runs', () => {
  it('cover every site exactly once with rectangles, largest first', () => {
    const sites: Array<{ col: number; row: number }> = [];
    for (let r = -12; r <= 12; r++) for (let c = -12; c <= 12; c++) if (c * c + r * r <= 144 && !(r === -12 && c === 0)) sites.push({ col: c, row: r });
    const runs = decomposeSites(sites);
    const seen = new Set<string>();
    for (const run of runs) {
      for (let r = run.row; r < run.row + run.rows; r++) {
        for (let c = run.col; c < run.col + run.cols; c++) {
          const k = `${c},${r}`;
          expect(seen.has(k)).toBe(false);
          seen.add(k);
        }
      }
    }
    expect(seen.size).toBe(sites.length);
    for (const s of sites) expect(seen.has(`${s.col},${s.row}`)).toBe(true);
    const areas = runs.map((r) => r.cols * r.rows);
    expect(areas[0]).toBe(Math.max(...areas));
    // A disc of 448 sites needs far fewer placements than sites.
    expect(runs.length).toBeLessThan(sites.length / 8);
    expect(decomposeSites([])).toEqual([]);
  });
});

describe('small wafer: 100 mm, 10 x 10 mm die, 4 nets, plated', () => {
  const b = build();
  const { top, grid } = b;

  it('places one die cell by AREF/SREF on every whole site and nowhere else', () => {
    expect(b.library.cells.filter((c) => c === die.cell)).toHaveLength(1);
    const at = placementsIn(top, die.cell);
    expect(at).toHaveLength(grid.count);
    expect(b.report.diesPlaced).toBe(grid.count);
    expect(b.report.arrays + b.report.singles).toBe(b.runs.length);
    expect(top.arrays.some((a) => a.cell === die.cell)).toBe(true);
    // The die is referenced, never copied: no cell but the die holds its pads.
    for (const c of b.library.cells) if (c !== die.cell) expect(c.polygons.some((p) => p.layer === L('PAD').layer)).toBe(false);
    // Each placement puts the die box on a whole site of the grid.
    const whole = new Set(grid.sites.filter((s) => s.whole).map((s) => `${Math.round(s.xUm * 1000)},${Math.round(s.yUm * 1000)}`));
    for (const [x, y] of at) expect(whole.has(`${x},${y}`)).toBe(true);
    expect(new Set(at.map(([x, y]) => `${x},${y}`)).size).toBe(at.length);
    // The kerf bridges follow the die exactly.
    const kerf = placementsIn(top, b.plating!.kerf!).map(([x, y]) => `${x},${y}`).sort();
    expect(kerf).toEqual(at.map(([x, y]) => `${x},${y}`).sort());
  });

  it('gives every whole die a unique R<row>C<col> ID as glyph references and a GDS text', () => {
    const whole = b.dies.filter((d) => d.whole);
    expect(whole).toHaveLength(grid.count);
    const ids = whole.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^R\d+C\d+$/);
    const texts = top.labels.filter((l) => l.layer === L('TEXT').layer).map((l) => l.text).sort();
    expect(texts).toEqual([...ids].sort());
    // Glyphs are cells (one per character) referenced through row and column label cells.
    const glyphCells = b.library.cells.filter((c) => c.name.startsWith('TEXT_'));
    expect(glyphCells.length).toBeLessThanOrEqual(12);
    expect(top.refs.filter((r) => r.cell.name.startsWith('SMALL_ID_'))).toHaveLength(2 * grid.count);
    // Row 1 is the bottom row, column 1 the left column.
    const bottom = Math.min(...whole.map((d) => d.row));
    for (const d of whole.filter((d) => d.row === bottom)) expect(d.id.startsWith('R1C')).toBe(true);
  });

  it('draws STREET and SAW over the whole wafer, the saw centred in the street', () => {
    const rect = (p: Int32Array) => ({ x0: Math.min(p[0], p[4]), y0: Math.min(p[1], p[5]), x1: Math.max(p[0], p[4]), y1: Math.max(p[1], p[5]) });
    const streets = top.polygons.filter((p) => p.layer === L('STREET').layer).map((p) => rect(p.points));
    const saws = top.polygons.filter((p) => p.layer === L('SAW').layer).map((p) => rect(p.points));
    expect(saws.length).toBeGreaterThan(0);
    for (const w of saws) {
      const vertical = w.y1 - w.y0 > w.x1 - w.x0;
      expect(vertical ? w.x1 - w.x0 : w.y1 - w.y0).toBe(WAFER.saw);
      // Its street holds it centred across the lane.
      const s = streets.find((t) => t.x0 <= w.x0 && t.x1 >= w.x1 && t.y0 <= w.y0 && t.y1 >= w.y1)!;
      expect(s).toBeDefined();
      expect(vertical ? s.x1 - s.x0 : s.y1 - s.y0).toBe(WAFER.street);
      expect(vertical ? w.x0 - s.x0 : w.y0 - s.y0).toBe(vertical ? s.x1 - w.x1 : s.y1 - w.y1);
    }
    // Lanes run to the wafer edge.
    const reach = Math.max(...streets.map((t) => Math.max(-t.x0, t.x1, -t.y0, t.y1)));
    expect(reach).toBeGreaterThan(49_000_000);
    expect(reach).toBeLessThanOrEqual(50_000_000);
  });

  it('draws the wafer outline (with its notch) and the edge exclusion on WAFER', () => {
    const w = top.polygons.filter((p) => p.layer === L('WAFER').layer);
    expect(w).toHaveLength(2);
    const vertices = (p: Int32Array) => Array.from({ length: p.length / 2 }, (_, i) => [p[2 * i], p[2 * i + 1]]);
    // The notch apex, 1 mm inside the edge at the bottom, is a vertex of the outline.
    expect(vertices(w[0].points)).toContainEqual([0, -49_000_000]);
    // The usable boundary lies 3 mm inside the edge (the notch is excluded by it).
    for (const [x, y] of vertices(w[1].points)) expect(Math.abs(Math.hypot(x, y) - 47_000_000)).toBeLessThan(1);
  });

  it('plans reticle shots and writes the shot map beside the GDS', () => {
    const plan = b.shots!;
    expect(plan.field).toEqual({ cols: 2, rows: 2 });
    expect(plan.shots.reduce((n, s) => n + s.wholeCount, 0)).toBe(grid.count);
    for (const s of plan.shots) expect(s.wholeCount).toBeGreaterThan(0);
    const files = writeShotMap(plan, path.join(dir, 'small'));
    const csv = fs.readFileSync(files.csv, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('shot,col,row,origin_x_um,origin_y_um,centre_x_um,centre_y_um,dies,whole_dies');
    expect(csv).toHaveLength(plan.shots.length + 1);
    expect(JSON.parse(fs.readFileSync(files.json, 'utf8')).shots).toHaveLength(plan.shots.length);
  });

  it('builds a bus narrower than the saw, inside the cuts, joined to a ring outside the edge exclusion', () => {
    const p = b.plating!;
    for (const r of p.bus.vertical) expect(r[2] - r[0]).toBe(20_000);
    for (const r of p.bus.horizontal) expect(r[3] - r[1]).toBe(20_000);
    expect(p.ring.rIn).toBeGreaterThan(47_000_000);
    expect(p.ring.rOut).toBeLessThanOrEqual(50_000_000);
    // The nominal stub after the saw is the half street left outside the cut.
    expect(p.stub).toBe((WAFER.street - WAFER.saw) / 2);
    expect(p.stubLimit).toBe(p.stub + STUB_MARGIN);
  });

  it('before dicing one RDL island; after subtracting SAW one island per net per die, one bump each (flattened geometry)', () => {
    const rdl = [...flatPolygons(top, { layers: new Set([key('RDL')]) })].map((f) => f.points);
    const saw = [...flatPolygons(top, { layers: new Set([key('SAW')]) })].map((f) => f.points);
    const before = union(rdl);
    expect(before).toHaveLength(1);
    const after = difference(rdl, saw);
    const bumps = centres(top, 'BUMP');
    const pads = centres(top, 'PAD');
    expect(bumps).toHaveLength(NETS * grid.count);
    const withBump = after.map((isl) => bumps.filter(([x, y]) => inPoly(isl, x, y)).length).filter((n) => n > 0);
    expect(withBump).toHaveLength(NETS * grid.count);
    expect(withBump.every((n) => n === 1)).toBe(true);
    const withPad = after.map((isl) => pads.filter(([x, y]) => inPoly(isl, x, y)).length).filter((n) => n > 0);
    expect(withPad).toHaveLength(NETS * grid.count);
    expect(withPad.every((n) => n === 1)).toBe(true);
    // Whatever else is left (the ring cut into pieces) touches no die.
    const scrap = after.filter((isl) => !bumps.some(([x, y]) => inPoly(isl, x, y)));
    const dies = placementsIn(top, die.cell);
    for (const s of scrap) {
      for (const [x, y] of dies) {
        const hit = s.outer.some((_, i) => i % 2 === 0 && Math.abs(s.outer[i] - x) < DIE / 2 && Math.abs(s.outer[i + 1] - y) < DIE / 2);
        expect(hit).toBe(false);
      }
    }
  });

  it('passes our hierarchical dicing check with the same counts', () => {
    const r = checkDicing(b);
    expect(r.violations).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.connectedBeforeDicing).toBe(true);
    expect(r.isolatedAfterDicing).toBe(true);
    expect(r.netsPerDie).toBe(NETS);
    expect(r.dies).toBe(grid.count);
    expect(r.islandsBefore).toBe(1);
    expect(r.netIslandsAfter).toBe(NETS * grid.count);
    expect(r.terminalsPerIsland).toEqual({ min: 2, max: 2 });
    expect(r.maxStubUm).toBe(30);
  });

  it('passes the verifier\'s plating check (src/verify checkPlating on the wafer structure)', async () => {
    let verify: typeof import('../../src/verify/index.ts');
    try {
      verify = await import('../../src/verify/index.ts');
    } catch {
      return; // the verifier is not there yet
    }
    const r = verify.checkPlating(top, tech, { wafer: b, stubLimitUm: b.plating!.stubLimit / 1000 });
    expect(r.issues).toEqual([]);
    expect(r.connectedBeforeDicing).toBe(true);
    expect(r.isolatedAfterDicing).toBe(true);
    expect(r.dies).toBe(grid.count);
    expect(r.netsPerDie).toBe(NETS);
    expect(r.maxStubUm).toBe(30);
  });

  it.skipIf(!klayoutOk)('passes the same counts in KLayout (merged RDL before; RDL - SAW after)', () => {
    const gds = path.join(dir, 'small.gds');
    writeGds(b.library, gds);
    const run = runKlayout(path.join(HERE, 'klayout_plating.py'), { gds, rdl: '20/0', saw: '92/0', bump: '50/0', pad: '10/0' });
    // The wafer GDS opens without a reader warning (e.g. no XY record over 0x8000 bytes from the ring).
    expect(klayoutWarnings(run)).toEqual([]);
    const s = parseStats<Record<string, number>>(run);
    expect(s.islandsBefore).toBe(1);
    expect(s.withBump).toBe(NETS * grid.count);
    expect(s.oneBump).toBe(NETS * grid.count);
    expect(s.multiBump).toBe(0);
    expect(s.onePad).toBe(NETS * grid.count);
    expect(s.bumps).toBe(NETS * grid.count);
    expect(s.metalInSaw).toBe(0);
    expect(s.bumpsOffMetal).toBe(0);
  });

  it('writes a flat GDS with the same content as the hierarchy', () => {
    const file = path.join(dir, 'small_flat.gds');
    const res = writeFlatGds(b.library, file);
    const { library } = readGdsFile(file);
    expect(library.cellCount).toBe(1);
    const flat = library.cells[0];
    expect(flat.refs.length + flat.arrays.length).toBe(0);
    const want = layerStats(top);
    const got = layerStats(flat);
    expect(got.map((s) => [s.layer, s.datatype, s.polygons, s.texts, s.polygonArea])).toEqual(want.map((s) => [s.layer, s.datatype, s.polygons, s.texts, s.polygonArea]));
    expect(res.polygons).toBe(want.reduce((n, s) => n + s.polygons, 0));
  });
});

describe('dummy partial sites', () => {
  const b = build({ partial: 'dummy' });

  it('fills partial sites with a mesh joined to the bus, still one island before dicing, isolated after', () => {
    expect(b.report.dummySites).toBeGreaterThan(0);
    expect(b.dies.filter((d) => d.kind === 'dummy')).toHaveLength(b.report.dummySites);
    const r = checkDicing(b);
    expect(r.counts).toEqual({});
    expect(r.islandsBefore).toBe(1);
    expect(r.netIslandsAfter).toBe(NETS * b.grid.count);
    // The mesh stays inside the contact ring's middle.
    const rMid = b.plating!.ring.rMid;
    for (const d of b.dummies) {
      for (const p of d.cell.polygons) {
        for (let i = 0; i < p.points.length; i += 2) expect(Math.hypot(p.points[i] + d.at[0], p.points[i + 1] + d.at[1])).toBeLessThanOrEqual(rMid + 1);
      }
    }
  });

  it.skipIf(!klayoutOk)('KLayout agrees: one island before, one per net per die with one bump after', () => {
    const gds = path.join(dir, 'dummy.gds');
    writeGds(b.library, gds);
    const s = parseStats<Record<string, number>>(runKlayout(path.join(HERE, 'klayout_plating.py'), { gds, rdl: '20/0', saw: '92/0', bump: '50/0', pad: '10/0' }));
    expect(s.islandsBefore).toBe(1);
    expect(s.oneBump).toBe(NETS * b.grid.count);
    expect(s.withBump).toBe(NETS * b.grid.count);
    expect(s.metalInSaw).toBe(0);
  });
});

describe('variants', () => {
  it('a 150 mm wafer with a SEMI flat: the ring follows the flat and the check passes', () => {
    const b = build({ diameterMm: 150, notch: false, flatMm: 57.5, partial: 'dummy' });
    expect(b.plating!.ring.flatIn).not.toBeNull();
    const r = checkDicing(b);
    expect(r.counts).toEqual({});
    expect(r.islandsBefore).toBe(1);
    expect(r.netIslandsAfter).toBe(NETS * b.grid.count);
  });

  it('without plating: no bus, ring or kerf; dies still isolated after the saw', () => {
    const b = buildWafer({ name: 'BARE', tech, die: die.cell, dieSize: [DIE, DIE], wafer: { ...WAFER, partial: 'dummy' } });
    expect(b.plating).toBeUndefined();
    expect(b.top.polygons.some((p) => p.layer === L('RDL').layer)).toBe(false);
    const r = checkDicing(b);
    expect(r.plating).toBe(false);
    expect(r.connectedBeforeDicing).toBeNull();
    expect(r.isolatedAfterDicing).toBe(true);
    // The ties now end at the die edge: their stub is 0.
    expect(r.maxStubUm).toBe(0);
  });

  it('centred and symmetric offsets, no IDs, no shots', () => {
    const c = build({ offset: 'centered', reticle: undefined }, { dieIds: false });
    expect(c.grid.mode).toBe('centered');
    expect(c.shots).toBeUndefined();
    expect(c.top.labels).toHaveLength(0);
    expect(placementsIn(c.top, die.cell)).toHaveLength(c.grid.count);
    const s = build({ offset: 'symmetric' });
    expect(s.grid.mode).toBe('symmetric');
    const g = build({ offset: [1_000_000, -2_000_000] });
    expect(g.grid.mode).toBe('given');
    expect(g.grid.offsetUm).toEqual([1000, 10100 - 2000]);
  });

  it('IDs in the street strip the saw leaves below the die', () => {
    const b = build({}, { dieIds: { position: 'street' } });
    const lay = b.lattice;
    const remnant = lay.dieBox.y0 - lay.local.bottom.sawHi;
    const refs = b.top.refs.filter((r) => r.cell.name.startsWith('SMALL_ID_R'));
    expect(refs).toHaveLength(b.grid.count);
    const ink = b.library.cells.find((c) => c.name.startsWith('TEXT_'))!.settings.inkHeight as number;
    for (const r of refs) {
      // Relative to the site's lower-left corner (the die's), the ink lies in [-remnant, 0).
      const rel = (((r.transform.y - lay.origin[1]) % lay.pitch[1]) + lay.pitch[1]) % lay.pitch[1];
      expect(rel).toBeGreaterThanOrEqual(lay.pitch[1] - remnant);
      expect(rel + ink).toBeLessThanOrEqual(lay.pitch[1]);
    }
  });
});

describe('the dicing check finds faults', () => {
  it('a net without a tie is not plated', () => {
    const b = buildWafer({ name: 'NOTIE', tech, die: die.cell, dieSize: [DIE, DIE], wafer: WAFER, plating: { ...plating, ties: die.ties.slice(1) } });
    const r = checkDicing(b);
    expect(r.connectedBeforeDicing).toBe(false);
    expect(r.counts.E_NOT_PLATED).toBe(b.grid.count);
    expect(r.islandsBefore).toBe(1 + b.grid.count);
    expect(r.isolatedAfterDicing).toBe(true);
  });

  it('die metal into the street: stub over the limit, and across the saw line when it reaches the cut', () => {
    const long = die.cell.copy('LONG_DIE');
    // Net N1's tie runs on 25 um beyond the die edge (into the street, short of the cut).
    const t = die.ties[0];
    long.addBox(L('RDL'), t.x - 5_000, t.y - 25_000, t.x + 5_000, t.y);
    const b1 = buildWafer({ name: 'LONG', tech, die: long, dieSize: [DIE, DIE], wafer: WAFER, plating: { ...plating, stubLimit: 28_000 } });
    const r1 = checkDicing(b1);
    expect(r1.counts.E_STUB).toBe(b1.grid.count);
    expect(r1.maxStubUm).toBe(30);
    // Two nets joined in the street beside the die: a short after the saw.
    // N1's tie is on the bottom edge, N2's on the right: an L in the strips beside the die joins them.
    const bad = die.cell.copy('SHORT_DIE');
    const [a, c] = [die.ties[0], die.ties[1]];
    const x1 = DIE / 2;
    bad.addBox(L('RDL'), a.x - 5_000, a.y - 20_000, x1 + 20_000, a.y - 10_000);
    bad.addBox(L('RDL'), x1 + 10_000, a.y - 20_000, x1 + 20_000, c.y + 5_000);
    const b2 = buildWafer({ name: 'SHORT', tech, die: bad, dieSize: [DIE, DIE], wafer: WAFER, plating });
    const r2 = checkDicing(b2);
    expect(r2.counts.E_SHORT_AFTER_SAW).toBe(b2.grid.count);
    expect(r2.isolatedAfterDicing).toBe(false);
    // Metal reaching through the saw cut into the next die's half street.
    const across = die.cell.copy('ACROSS_DIE');
    across.addBox(L('RDL'), a.x - 5_000, a.y - 80_000, a.x + 5_000, a.y);
    const r3 = checkDicing(buildWafer({ name: 'ACROSS', tech, die: across, dieSize: [DIE, DIE], wafer: WAFER, plating }));
    expect(r3.counts.E_DIE_METAL_IN_SAW).toBeGreaterThan(0);
    expect(r3.counts.E_CROSSES_SAW).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  const expectInput = (fn: () => unknown, re: RegExp) => {
    let err: unknown;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(re);
  };
  it('names the key at fault', () => {
    expectInput(() => build({}, { plating: { ...plating, bus: 40_000 } }), /plating\.bus\.width.*narrower than the saw/);
    expectInput(() => build({}, { plating: { ...plating, bus: 5_000 } }), /plating\.bus\.width.*rdl\.minWidth/);
    expectInput(() => build({ edgeExclusionMm: 1 }, { plating: { ...plating, ring: 2_000_000 } }), /plating\.ring\.width/);
    expectInput(() => build({}, { plating: { ...plating, ties: [{ net: 'X', x: 0, y: 0, width: 10_000 }] } }), /plating\.ties\[0\].*not on the die edge/);
    expectInput(() => build({ saw: 100_000 }), /wafer\.saw/);
    expectInput(() => build({ partial: 'fill' as 'skip' }), /wafer\.partial/);
    expectInput(() => build({}, { dieIds: { position: 'street', height: 200_000 } }), /dieIds\.height/);
    expectInput(() => buildWafer({ name: 'X', tech, die: die.cell, dieSize: [DIE, DIE], wafer: WAFER, color: 'red' } as never), /unknown option 'color'/);
  });
});
