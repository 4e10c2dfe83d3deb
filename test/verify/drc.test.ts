/**
 * DRC: one seeded defect per check kind is reported exactly once at the right place, and the same
 * die without it is clean; hierarchy reuse gives the flat result; placements are counted.
 */
import { describe, expect, it } from 'vitest';
import { Cell, Library, flatPolygons, layerKey } from '../../src/core/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkLibrary, checkRules, evaluateRule, LayerSet } from '../../src/verify/index.ts';
import { checkEdgePair } from '../../src/verify/edges.ts';
import { groupMarkers } from '../../src/verify/markers.ts';
import { DrcRun } from '../../src/verify/drc.ts';
import { box, bumpedDie, miniDie, ngon, um } from './fixtures.ts';
import { GENERIC_DN, SEEDED, seededDie } from './seeded.ts';
import { loadTech } from '../../src/tech/index.ts';

describe('seeded defects: one per check kind', () => {
  for (const c of SEEDED) {
    it(`${c.name}: ${c.rule} once, at (${c.at.join(', ')}) um; clean without it`, () => {
      const opts = { gridUm: c.gridUm ?? 0.005, skip: c.skip, plating: false as const };
      const { tech, fixture } = seededDie(c);
      const r = checkLibrary(new Library('SEEDED').add(fixture.die), tech, opts).report;
      const bad = Object.fromEntries(r.drc.rules.filter((x) => x.count > 0).map((x) => [x.rule, x.count]));
      expect(bad).toEqual({ [c.rule]: 1 });
      const v = r.drc.violations.find((x) => x.rule === c.rule)!;
      expect(v.placements).toBe(1);
      expect(v.cell).toBe(fixture.die.name);
      const [x0, y0, x1, y1] = v.bboxUm;
      expect(c.at[0]).toBeGreaterThanOrEqual(x0 - 1);
      expect(c.at[0]).toBeLessThanOrEqual(x1 + 1);
      expect(c.at[1]).toBeGreaterThanOrEqual(y0 - 1);
      expect(c.at[1]).toBeLessThanOrEqual(y1 + 1);
      expect(r.drc.rules.find((x) => x.rule === c.rule)!.required).toBeDefined();
      const clean = seededDie(c, true);
      const rc = checkLibrary(new Library('CLEAN').add(clean.fixture.die), clean.tech, opts).report;
      expect(rc.drc.violations).toEqual([]);
      expect(rc.drc.clean).toBe(true);
    });
  }

  it('differentNetsOnly: the same geometry on one net (joined by a VIA2) is not a violation', () => {
    const tech = loadTech(GENERIC_DN);
    const d = miniDie(tech, {
      edit: (c) => {
        c.addPolygon(tech.layers.RDL2, ngon(1250, 700, 160));
        c.addPolygon(tech.layers.PI2, ngon(1250, 700, 110));
        c.addPolygon(tech.layers.UBM, ngon(1250, 700, 136));
        box(c, tech, 'PAD', 1130, 670, 1190, 730);
        box(c, tech, 'PI1', 1140, 680, 1180, 720);
        box(c, tech, 'RDL', 1125, 665, 1195, 735);
        // Join: RDL under the stack, a VIA2 to its RDL2 capture, RDL touching the pad's RDL.
        c.addPolygon(tech.layers.RDL, ngon(1250, 700, 160));
        c.addPolygon(tech.layers.VIA2, ngon(1250, 700, 60));
      },
    });
    const r = checkLibrary(new Library('DN').add(d.die), tech, { skip: ['ubm.spaceToPi1'], plating: false }).report;
    expect(r.drc.rules.find((x) => x.rule === 'pi2.spaceToPi1')!.count).toBe(0);
    // The same layout under plain generic (all nets) is a violation.
    const r2 = checkLibrary(new Library('DN').add(d.die), preset('generic'), { skip: ['ubm.spaceToPi1'], plating: false }).report;
    expect(r2.drc.rules.find((x) => x.rule === 'pi2.spaceToPi1')!.count).toBe(1);
  });
});

describe('edge relations (KLayout semantics)', () => {
  const w = { relation: 'width' as const, d: 10, metric: 'projection' as const };
  it('reports facing edges closer than d, not at d', () => {
    // A 8-wide bar: edges in KLayout orientation (interior on the right).
    expect(checkEdgePair(w, [0, 0, 0, 100], [8, 100, 8, 0])).not.toBeNull();
    expect(checkEdgePair(w, [0, 0, 0, 100], [10, 100, 10, 0])).toBeNull();
  });
  it('skips edges meeting at 90 degrees or more', () => {
    expect(checkEdgePair(w, [0, 0, 0, 100], [0, 100, 5, 100])).toBeNull();
  });
  it('projection ignores corner-to-corner distances that euclidean reports', () => {
    // Right edge of box [-10, 0] x [0, 10] (going down) and left edge of box [5, 15] x [15, 25] (going up):
    // 7.07 um apart corner to corner, no overlap in projection.
    const a: [number, number, number, number] = [0, 10, 0, 0];
    const b: [number, number, number, number] = [5, 15, 5, 25];
    expect(checkEdgePair({ relation: 'space', d: 10, metric: 'euclidean' }, a, b)).not.toBeNull();
    expect(checkEdgePair({ relation: 'space', d: 10, metric: 'projection' }, a, b)).toBeNull();
    expect(checkEdgePair({ relation: 'space', d: 7, metric: 'euclidean' }, a, b)).toBeNull();
  });
});

function flatCounts(top: Cell, tech: ReturnType<typeof preset>, gridUm: number): Map<string, number> {
  const raw = new Map<string, Int32Array[]>();
  const names = new Map<number, string>();
  for (const l of Object.values(tech.layers)) names.set(layerKey(l.layer, l.datatype), l.name);
  for (const p of flatPolygons(top)) {
    const n = names.get(layerKey(p.layer, p.datatype));
    if (!n) continue;
    if (!raw.has(n)) raw.set(n, []);
    raw.get(n)!.push(p.points);
  }
  const ls = new LayerSet(raw);
  const m = new Map<string, number>();
  for (const r of checkRules(tech, { gridUm }).rules) m.set(r.id, groupMarkers(evaluateRule(r, ls)).length);
  return m;
}

describe('hierarchy reuse', () => {
  it('a hierarchical check equals the flat check (defects inside dies, across streets, made and healed by parent shapes)', () => {
    const tech = preset('generic');
    const d = bumpedDie(tech, {
      size: 2000,
      cols: 4,
      edit: (die) => {
        box(die, tech, 'RDL', 300, 1040, 400, 1060); // rdl space pair inside the die (gap 5)
        box(die, tech, 'RDL', 300, 1065, 400, 1085);
        box(die, tech, 'RDL', 1990, 1000, 2000, 1100); // thin, at the right edge
        box(die, tech, 'RDL', 0, 1000, 6, 1100); // thin, at the left edge
        box(die, tech, 'RDL', 1900, 300, 2000, 320); // near the right edge: 12 um from the neighbour's
      },
    });
    const wafer = new Cell('WAFER');
    const pitch = 2012;
    wafer.addArray(d.die, 3, 2, [um(pitch), 0], [0, um(pitch)]);
    box(wafer, tech, 'RDL', 300, 1055, 400, 1075); // heals the space pair of die (0, 0)
    box(wafer, tech, 'RDL', 190, pitch + 200, 230, pitch + 240); // too close to a pad stack of die (0, 1)
    box(wafer, tech, 'PI1', 2 * pitch + 250, 90, 2 * pitch + 290, 110); // a PI1 poking out of a pad of die (2, 0)
    const flat = flatCounts(wafer, tech, 0.005);
    expect([...flat.values()].filter((n) => n > 0).length).toBeGreaterThan(3);
    // Two levels (the die flat with its bump stacks, the wafer hierarchical) and three (the die
    // hierarchical too: bump stacks checked once, their interactions with the die's traces in windows).
    for (const [flatLimit, cells] of [[10_000, 2], [1_000, 3]]) {
      const run = new DrcRun(tech, { gridUm: 0.005, flatLimit });
      const res = run.run(wafer);
      expect(run.stats.cellsChecked).toBe(cells);
      const hier = new Map<string, number>();
      for (const e of res.entries) hier.set(e.rule.id, (hier.get(e.rule.id) ?? 0) + e.transforms.length);
      for (const [id, n] of flat) expect([id, hier.get(id) ?? 0]).toEqual([id, n]);
    }
  });

  it('placement contexts: dies with the same surroundings share one evaluation, a die with a different one is checked on its own, and the result equals the flat check', () => {
    const tech = preset('generic');
    const d = bumpedDie(tech, {
      size: 2000,
      cols: 4,
      // Near the right edge: 12 um (generic RDL space is larger) from the right neighbour's left edge.
      edit: (die) => box(die, tech, 'RDL', 1900, 300, 2000, 320),
    });
    const wafer = new Cell('WAFER');
    const pitch = 2012;
    wafer.addArray(d.die, 5, 4, [um(pitch), 0], [0, um(pitch)]);
    // One parent shape in the street beside die (3, 2) only: its context differs from every other die's.
    box(wafer, tech, 'RDL', 3 * pitch + 2003, 2 * pitch + 600, 3 * pitch + 2009, 2 * pitch + 700);
    const flat = flatCounts(wafer, tech, 0.005);
    expect([...flat.values()].some((n) => n > 0)).toBe(true);
    const run = new DrcRun(tech, { gridUm: 0.005, flatLimit: 10_000 });
    const res = run.run(wafer);
    const hier = new Map<string, number>();
    for (const e of res.entries) hier.set(e.rule.id, (hier.get(e.rule.id) ?? 0) + e.transforms.length);
    for (const [id, n] of flat) expect([id, hier.get(id) ?? 0]).toEqual([id, n]);
    // 20 dies in 9 neighbourhood classes (corners, edges, interior) plus the one beside the parent
    // shape: some contexts repeat, not all.
    expect(run.stats.contextCacheHits).toBeGreaterThan(0);
    expect(run.stats.contextCacheHits).toBeLessThan(run.stats.contexts);
  });

  it('a violation in a cell placed n times is one violation with n placements', () => {
    const tech = preset('amkor-0.4');
    const c = SEEDED.find((s) => s.name === 'width')!;
    const { fixture } = seededDie(c);
    const top = new Cell('TOP');
    top.addArray(fixture.die, 5, 4, [um(1500), 0], [0, um(1500)]);
    const r = checkLibrary(new Library('L').add(top), tech, { flatLimit: 1000, plating: false }).report;
    const s = r.drc.rules.find((x) => x.rule === 'rdl.minWidth')!;
    expect([s.count, s.flatCount]).toEqual([1, 20]);
    const v = r.drc.violations[0];
    expect(v).toMatchObject({ rule: 'rdl.minWidth', cell: fixture.die.name, placements: 20 });
    expect(v.topXUm).toBeCloseTo(1104, 0);
  });
});
