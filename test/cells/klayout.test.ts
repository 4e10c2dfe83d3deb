/**
 * KLayout check: every cell, written to GDS with src/io/gds, passes KLayout's own width, space and
 * enclosure checks (pya Region.width_check / space_check / enclosing_check, run by
 * test/cells/drc_cells.py in `klayout -b`) with the numbers of the published rules, for amkor-0.4,
 * amkor-0.5 and deca-0.4: zero violations. A deliberately bad cell proves the checks bite.
 * Skipped only when KLayout is missing and CI is not set.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cell, Library } from '../../src/core/index.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { preset, withTiers, type Technology } from '../../src/tech/index.ts';
import {
  alignmentCross,
  alignmentVernier,
  bumpStack,
  cornerMarks,
  daisyChainDie,
  dieOutline,
  padStackCell,
  post,
  sealRing,
  terminalOpening,
  textPolygons,
  tsv,
} from '../../cells/index.ts';
import { klayoutAvailable, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const run = klayoutAvailable || requireExternalTools;

type L = [number, number];
type Check =
  | { kind: 'width' | 'space' | 'maxWidth' | 'count'; layer: L; value: number }
  | { kind: 'enclosure' | 'hullEnclosure'; outer: L; inner: L; value: number }
  | { kind: 'inside'; outer: L; inner: L }
  | { kind: 'centreToHull'; layer: L; hull: L; value: number };

interface Entry {
  cell: Cell;
  checks: Check[];
}

function cellsAndChecks(t: Technology): Entry[] {
  const r = t.rules;
  const L = (name: string): L => [t.layers[name].layer, t.layers[name].datatype];
  const top = t.construction.topMetal;
  const out: Entry[] = [];
  // capturePad: the capture-pad width rule, which a die's merged RDL (pads joined by straps) cannot
  // be checked for by width: there the pads are checked in their own cell (the AREF'd bump stack).
  const stackChecks = (capturePad = true): Check[] => [
    { kind: 'width', layer: L('PI2'), value: r.pi2.minWidth },
    { kind: 'width', layer: L('UBM'), value: r.ubm.minWidth },
    { kind: 'enclosure', outer: L('UBM'), inner: L('PI2'), value: r.ubm.enclosesPi2 },
    ...(r.rdl.enclosesUbm !== undefined ? [{ kind: 'enclosure', outer: L(top), inner: L('UBM'), value: r.rdl.enclosesUbm } as Check] : []),
    ...(r.rdl.enclosesPi2 !== undefined ? [{ kind: 'enclosure', outer: L(top), inner: L('PI2'), value: r.rdl.enclosesPi2 } as Check] : []),
    { kind: 'width', layer: L(top), value: Math.max(r.rdl.minWidth, capturePad ? (r.rdl.minCapturePad ?? 0) : 0) },
    { kind: 'width', layer: L('BUMP'), value: r.bump.minWidth },
  ];

  for (const [w, h] of [[50_000, 50_000], [61_001, 120_000]]) {
    out.push({
      cell: padStackCell(t, { width: w, height: h }),
      checks: [
        { kind: 'width', layer: L('PI1'), value: r.pi1.minWidth },
        { kind: 'enclosure', outer: L('PAD'), inner: L('PI1'), value: r.pad.enclosesPi1 },
        { kind: 'enclosure', outer: L('RDL'), inner: L('PI1'), value: r.rdl.enclosesPi1 },
        { kind: 'width', layer: L('PAD'), value: r.pad.minWidth ?? 1 },
        { kind: 'width', layer: L('RDL'), value: Math.max(r.rdl.minWidth, r.rdl.minPadOverPad ?? 0) },
      ],
    });
  }
  for (const o of [{}, { sides: 8 }, { sides: 64 }]) out.push({ cell: bumpStack(t, o), checks: stackChecks() });
  for (const p of [post(t), post(t, { diameter: r.post.maxWidth, height: 50_000, second: { diameter: r.post.minWidth, height: 20_000 } })]) {
    out.push({ cell: p, checks: [{ kind: 'width', layer: L('POST'), value: r.post.minWidth }, { kind: 'maxWidth', layer: L('POST'), value: r.post.maxWidth }] });
  }
  const t2 = withTiers(t, 2);
  const L2 = (name: string): L => [t2.layers[name].layer, t2.layers[name].datatype];
  out.push({
    cell: tsv(t2),
    checks: [
      { kind: 'width', layer: L2('T2.TSV'), value: r.tsv.minWidth },
      { kind: 'enclosure', outer: L2('T2.RDL'), inner: L2('T2.TSV'), value: r.rdl.enclosesTsv },
      { kind: 'enclosure', outer: L2('T1.RDL'), inner: L2('T2.TSV'), value: r.rdl.enclosesTsv },
      { kind: 'width', layer: [L2('T2.TSV')[0], 1], value: Math.ceil(r.tsv.minSpace / 2) },
    ],
  });
  out.push({
    cell: terminalOpening(t),
    checks: [
      { kind: 'width', layer: L('PI2'), value: r.pi2.minWidth },
      { kind: 'enclosure', outer: L(top), inner: L('PI2'), value: r.rdl.enclosesPi2 ?? r.rdl.enclosesPi1 },
      { kind: 'inside', outer: L('PI2'), inner: [L('PI2')[0], 1] },
      { kind: 'width', layer: L('BUMP'), value: r.bump.minWidth },
    ],
  });
  out.push({ cell: sealRing(t, { width: 2_000_000, height: 1_500_000 }), checks: [{ kind: 'width', layer: L('SEAL'), value: r.seal.minWidth }, { kind: 'count', layer: L('SEAL'), value: 1 }] });
  out.push({ cell: dieOutline(t, { width: 2_000_000, height: 1_500_000, street: 100_000, saw: 40_000 }), checks: [{ kind: 'width', layer: L('SAW'), value: 20_000 }, { kind: 'width', layer: L('STREET'), value: 50_000 }] });
  out.push({ cell: cornerMarks(t, { width: 2_000_000, height: 1_500_000, street: 100_000 }), checks: [{ kind: 'width', layer: L('MARK'), value: 10_000 }, { kind: 'count', layer: L('MARK'), value: 4 }] });
  out.push({ cell: alignmentCross(t), checks: [{ kind: 'width', layer: L('MARK'), value: 20_000 }, { kind: 'count', layer: L('MARK'), value: 1 }] });
  out.push({
    cell: alignmentVernier(t),
    checks: [
      { kind: 'width', layer: L('PI1'), value: r.pi1.minWidth },
      { kind: 'space', layer: L('PI1'), value: r.pi1.minSpace ?? 1 },
      { kind: 'width', layer: L('RDL'), value: r.rdl.minWidth },
      { kind: 'space', layer: L('RDL'), value: r.rdl.minSpace },
    ],
  });
  // The font: stroke width u everywhere (diagonals are wider), on TEXT and on RDL at the RDL rules.
  const text = textPolygons('WLPGEN 0123456789 -_.:/ ABCDEFGHIJKLMNOPQRSTUVXYZ', { height: 70_000, layer: 'TEXT', tech: t });
  out.push({ cell: text, checks: [{ kind: 'width', layer: L('TEXT'), value: 10_000 }] });
  const onRdl = textPolygons('DIE 42 OK', { height: 70_000, layer: 'RDL', tech: t });
  out.push({ cell: onRdl, checks: [{ kind: 'width', layer: L('RDL'), value: r.rdl.minWidth }] });

  for (const o of [{ array: 6, street: 100_000 }, { array: [3, 2] as [number, number] }]) {
    const d = daisyChainDie(t, o);
    const cols = typeof o.array === 'number' ? o.array : o.array[0];
    const rows = typeof o.array === 'number' ? o.array : o.array[1];
    out.push({
      cell: d,
      checks: [
        ...stackChecks(false),
        { kind: 'space', layer: L(top), value: Math.max(r.rdl.minSpace, t.construction.rdl.space) },
        { kind: 'width', layer: L(top), value: Math.max(r.rdl.minWidth, t.construction.rdl.width) },
        { kind: 'count', layer: L(top), value: Math.ceil((cols * rows) / 2) },
        { kind: 'width', layer: L('SEAL'), value: r.seal.minWidth },
        { kind: 'centreToHull', layer: L('UBM'), hull: L('SEAL'), value: r.ubm.sealCentreDistance },
        ...(r.bump.sealSpace !== undefined ? [{ kind: 'hullEnclosure', outer: L('SEAL'), inner: L('BUMP'), value: r.bump.sealSpace } as Check] : []),
      ],
    });
  }
  return out;
}

describe.skipIf(!run)('cells pass KLayout width / space / enclosure checks with the published numbers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-cells-drc-'));

  for (const name of ['amkor-0.4', 'amkor-0.5', 'deca-0.4']) {
    it(`${name}: zero violations`, () => {
      const t = preset(name);
      const entries = cellsAndChecks(t);
      // A cell that breaks the rules on purpose: the checks must find it.
      const bad = new Cell(`BAD_${name}`);
      bad.addBox(t.layers.PI1, 0, 0, t.rules.pi1.minWidth - 2_000, 100_000);
      bad.addBox(t.layers.PAD, -1_000, -1_000, t.rules.pi1.minWidth, 101_000);
      entries.push({ cell: bad, checks: [{ kind: 'width', layer: [t.layers.PI1.layer, t.layers.PI1.datatype], value: t.rules.pi1.minWidth }, { kind: 'enclosure', outer: [t.layers.PAD.layer, t.layers.PAD.datatype], inner: [t.layers.PI1.layer, t.layers.PI1.datatype], value: t.rules.pad.enclosesPi1 }] });

      const lib = new Library(`CELLS_${name}`);
      const seen = new Set<Cell>();
      for (const e of entries) if (!seen.has(e.cell)) (seen.add(e.cell), lib.add(e.cell));
      // TSV cells live in the tiered technology; add() pulls in every cell below.
      const gds = path.join(dir, `${name}.gds`);
      writeGds(lib, gds);
      const json = path.join(dir, `${name}.checks.json`);
      fs.writeFileSync(json, JSON.stringify(entries.map((e) => ({ cell: e.cell.name, checks: e.checks }))));
      const res = runKlayout(path.join(HERE, 'drc_cells.py'), { gds, checks: json, log: path.join(dir, `${name}.log`) });
      const stats = parseStats<{ cells: Record<string, Record<string, number>>; checks: number }>(res);
      expect(stats.checks).toBe(entries.reduce((n, e) => n + e.checks.length, 0));
      const badStats = stats.cells[bad.name];
      expect(Object.values(badStats).every((v) => v > 0), `the deliberately bad cell must fail: ${JSON.stringify(badStats)}`).toBe(true);
      delete stats.cells[bad.name];
      const failures = Object.entries(stats.cells).flatMap(([cell, checks]) => Object.entries(checks).filter(([, v]) => v !== 0).map(([k, v]) => `${cell}: ${k}: ${v}`));
      expect(failures).toEqual([]);
      expect(Object.keys(stats.cells).length).toBeGreaterThanOrEqual(15);
    });
  }
});
