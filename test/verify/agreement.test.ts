/**
 * Agreement with KLayout: the exported deck (src/io/drc), run by `klayout -b` in flat mode, counts the
 * same violations per rule as wlpgen's checker: zero on clean designs, equal on seeded ones (one die
 * per seeded defect, all in one layout per technology). Also: our .lyrdb loads in KLayout.
 * Skipped only when KLayout is absent and CI is not set.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cell, Library, flatPolygons } from '../../src/core/index.ts';
import { intersection, toGdsRings } from '../../src/geom/index.ts';
import { buildWafer } from '../../src/wafer/map.ts';
import { benchDie } from '../../scripts/bench/wafer.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { lyrdbCounts, writeKlayoutDeck } from '../../src/io/drc/index.ts';
import { preset, type Technology } from '../../src/tech/index.ts';
import { checkLibrary } from '../../src/verify/index.ts';
import { klayoutAvailable, requireExternalTools } from '../helpers/external.ts';
import { bumpedDie, um, waferOf } from './fixtures.ts';
import { klayout, runDeck, tempDir } from './klayout.ts';
import { SEEDED, seededDie, techOf } from './seeded.ts';

const run = klayoutAvailable || requireExternalTools;
const GRID = 0.005;

/** All seeded dies of one technology in one layout, 12 mm apart, plus the clean die. */
function seededLayout(techKey: string): { lib: Library; tech: Technology; expectedRules: string[] } {
  const cases = SEEDED.filter((c) => (typeof c.tech === 'string' ? c.tech : (c.tech as { name: string }).name) === techKey);
  const top = new Cell('TOP');
  cases.forEach((c, i) => top.addRef(seededDie(c, false, `S${i}`).fixture.die, { x: um(12_000 * i), y: 0 }));
  top.addRef(seededDie(cases[0], true, 'CLEAN').fixture.die, { x: um(12_000 * cases.length), y: 0 });
  return { lib: new Library(`AGREE_${techKey}`).add(top), tech: techOf(cases[0]), expectedRules: cases.map((c) => c.rule) };
}

function compare(lib: Library, tech: Technology, dir: string, name: string): { ours: Map<string, number>; theirs: Map<string, number> } {
  const res = checkLibrary(lib, tech, { gridUm: GRID, plating: false, connectivity: tech.name === 'deca-0.4' || tech.name === 'generic-dn' });
  const ours = new Map(res.report.drc.rules.map((r) => [r.rule, r.flatCount]));
  const gds = path.join(dir, `${name}.gds`);
  const deck = path.join(dir, `${name}.drc`);
  writeGds(lib, gds);
  fs.writeFileSync(deck, writeKlayoutDeck(tech, { gridUm: GRID }));
  const theirs = runDeck(deck, gds, path.join(dir, `${name}.lyrdb`));
  return { ours, theirs };
}

describe.skipIf(!run)('KLayout agreement (exported deck vs wlpgen)', () => {
  const dir = tempDir('agree');
  for (const techKey of ['amkor-0.4', 'deca-0.4', 'generic', 'generic-dn']) {
    it(`${techKey}: seeded defects, same count per rule`, () => {
      const { lib, tech, expectedRules } = seededLayout(techKey);
      const { ours, theirs } = compare(lib, tech, dir, techKey);
      for (const [rule, n] of ours) expect([rule, theirs.get(rule) ?? 0]).toEqual([rule, n]);
      for (const [rule, n] of theirs) expect([rule, ours.get(rule) ?? 0]).toEqual([rule, n]);
      for (const r of expectedRules) expect(ours.get(r)).toBeGreaterThan(0);
    });
  }

  it('a clean 2 x 2-die wafer with bus, bridges and saw lines: zero on both sides', () => {
    const tech = preset('amkor-0.4');
    const d = bumpedDie(tech, { size: 2000, cols: 4 });
    const w = waferOf(tech, d, { block: [2, 2] });
    const { ours, theirs } = compare(w.lib, tech, dir, 'wafer');
    expect([...ours.values()].every((n) => n === 0)).toBe(true);
    expect([...theirs.entries()].filter(([, n]) => n > 0)).toEqual([]);
    expect(theirs.size).toBe(ours.size);
  });

  it('a plated 100 mm wafer, cropped at the contact ring (ring, bus junctions, edge dies, dummies, streets): equal per rule, clean and seeded', () => {
    const tech = preset('amkor-0.4');
    const die = benchDie();
    const w = buildWafer({
      name: 'AGREE100',
      tech,
      die: die.cell,
      dieSize: [5_000_000, 5_000_000],
      wafer: { diameterMm: 100, edgeExclusionMm: 3, street: 80_000, saw: 40_000, notch: true, offset: 'auto', partial: 'dummy', reticle: [5, 6] },
      plating: { bus: 20_000, ring: 2_000_000, ties: die.ties },
    });
    const top = w.library.topCells()[0];
    // The crop: 4 mm square (dbu) on the wafer's left edge at y = 0, from 1 mm outside the ring
    // (2 mm wide) to the first dies.
    const rdl = tech.layers.RDL;
    let ringX0 = Infinity;
    for (const p of top.polygons) if (p.layer === rdl.layer && p.datatype === rdl.datatype) for (let i = 0; i < p.points.length; i += 2) ringX0 = Math.min(ringX0, p.points[i]);
    const x0 = ringX0 - 1_000_000;
    const crop = { x0, y0: -2_000_000, x1: x0 + 4_000_000, y1: 2_000_000 };
    const cropRing = Int32Array.of(crop.x0, crop.y0, crop.x1, crop.y0, crop.x1, crop.y1, crop.x0, crop.y1);
    const cut = (name: string, seed: (c: Cell) => void) => {
      const c = new Cell(name);
      for (const f of flatPolygons(top)) {
        for (const r of toGdsRings(intersection([f.points], [cropRing]))) c.addPolygon({ layer: f.layer, datatype: f.datatype }, r);
      }
      seed(c);
      return new Library(name).add(c);
    };
    const clean = compare(cut('CROP', () => {}), tech, dir, 'wafer100');
    expect(clean.ours.get('rdl.minSpace')).toBeDefined();
    for (const [rule, n] of clean.ours) expect([rule, clean.theirs.get(rule) ?? 0]).toEqual([rule, n]);
    for (const [rule, n] of clean.theirs) expect([rule, clean.ours.get(rule) ?? 0]).toEqual([rule, n]);
    // Seeded, 3.3 mm into the crop (past the ring, among its junctions and the edge dies): two RDL
    // bars 5 um apart (space) and a 5 um wide bar (width), far from the crop border.
    const sx = crop.x0 + 3_300_000;
    const seeded = compare(
      cut('CROP_SEEDED', (c) => {
        c.addPolygon(rdl, [sx, 0, sx + 20_000, 0, sx + 20_000, 200_000, sx, 200_000]);
        c.addPolygon(rdl, [sx + 25_000, 0, sx + 45_000, 0, sx + 45_000, 200_000, sx + 25_000, 200_000]);
        c.addPolygon(rdl, [sx, 600_000, sx + 5_000, 600_000, sx + 5_000, 800_000, sx, 800_000]);
      }),
      tech,
      dir,
      'wafer100s',
    );
    expect(seeded.ours.get('rdl.minSpace') ?? 0).toBeGreaterThan(clean.ours.get('rdl.minSpace') ?? 0);
    expect(seeded.ours.get('rdl.minWidth') ?? 0).toBeGreaterThan(clean.ours.get('rdl.minWidth') ?? 0);
    for (const [rule, n] of seeded.ours) expect([rule, seeded.theirs.get(rule) ?? 0]).toEqual([rule, n]);
    for (const [rule, n] of seeded.theirs) expect([rule, seeded.ours.get(rule) ?? 0]).toEqual([rule, n]);
  });

  it('our .lyrdb loads in KLayout with one item per violation in its cell', () => {
    const { lib, tech } = seededLayout('amkor-0.4');
    // Hierarchical (small flat limit): violations are reported in the seeded die cells.
    const res = checkLibrary(lib, tech, { gridUm: GRID, plating: false, connectivity: false, flatLimit: 2_000 });
    const file = path.join(dir, 'ours.lyrdb');
    fs.writeFileSync(file, res.lyrdb({ originalFile: 'agree.gds' }));
    const script = path.join(dir, 'load_rdb.py');
    fs.writeFileSync(
      script,
      [
        'import json, pya',
        'db = pya.ReportDatabase("check")',
        'db.load(path)',
        'cats = [c.name() for c in db.each_category()]',
        'cells = [c.name() for c in db.each_cell()]',
        'per = {}',
        'for it in db.each_item():',
        '    n = db.category_by_id(it.category_id()).name()',
        '    per[n] = per.get(n, 0) + 1',
        'print("STATS " + json.dumps({"items": db.num_items(), "categories": len(cats), "cells": cells, "per": per}))',
      ].join('\n'),
    );
    const r = klayout(script, { path: file });
    const line = r.stdout.split('\n').find((l) => l.startsWith('STATS '));
    expect(line, r.stdout + r.stderr).toBeDefined();
    const stats = JSON.parse(line!.slice(6));
    expect(stats.items).toBe(res.report.drc.violations.length);
    expect(stats.categories).toBe(res.rules.length);
    const per: Record<string, number> = {};
    for (const v of res.report.drc.violations) per[v.rule] = (per[v.rule] ?? 0) + 1;
    expect(stats.per).toEqual(per);
    // Violations are in the seeded die cells, which are placed in TOP.
    expect(stats.cells).toContain('TOP');
    expect(stats.cells.some((c: string) => /^S\d+$/.test(c))).toBe(true);
    expect(lyrdbCounts(fs.readFileSync(file, 'utf8')).get('rdl.minWidth')).toBe(1);
  });
});
