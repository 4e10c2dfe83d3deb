/**
 * GDSII interop with the tools our users have: KLayout (0.28, pya) and gdspy (Debian python3-gdspy).
 * Files written by wlpgen must open there without warnings with the same per-layer flattened counts
 * and areas; files written by them must read here with the same numbers.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cell, Library, Transform } from '../../src/core/index.ts';
import { readGdsFile, writeGds } from '../../src/io/gds/index.ts';
import { summarizeLibrary } from '../../src/io/gds/summary.ts';
import { gdspyAvailable, klayoutAvailable, klayoutWarnings, parseStats, requireExternalTools, runGdspy, runKlayout } from '../helpers/external.ts';

interface ToolStats {
  top: string[];
  cells: number;
  layers: { layer: number; datatype: number; polygons: number; paths: number; texts: number; area: number }[];
  bbox?: [number, number, number, number] | null;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-interop-'));

/** A library exercising every element kind, with exact transforms (quarter turns, mirror, integer mags). */
function sampleLibrary(): Library {
  const bump = new Cell('BUMP');
  const r = 50_000;
  const circle: number[] = [];
  for (let i = 0; i < 64; i++) circle.push(Math.round(r * Math.cos((i * Math.PI) / 32)), Math.round(r * Math.sin((i * Math.PI) / 32)));
  bump.addPolygon([40, 0], circle, [{ attr: 1, value: 'bump' }]);
  bump.addBox([30, 0], -60_000, -60_000, 60_000, 60_000);
  bump.addLabel([66, 0], 'B', 0, 0, { hjust: 1, vjust: 1 });
  const trace = new Cell('TRACE');
  trace.addPath([20, 0], [0, 0, 100_000, 0, 150_000, 50_000], 20_000, { pathtype: 0 });
  trace.addPath([20, 0], [0, 0, 0, 80_000], 10_000, { pathtype: 2 });
  trace.addPath([20, 0], [0, 0, -80_000, 0], 10_000, { pathtype: 4, beginExtension: 2000, endExtension: 5000 });
  trace.addPolygonWithHoles([21, 0], [0, 0, 40_000, 0, 40_000, 40_000, 0, 40_000], [[10_000, 10_000, 20_000, 10_000, 20_000, 20_000, 10_000, 20_000]]);
  const die = new Cell('DIE');
  die.addArray(bump, 6, 6, [400_000, 0], [0, 400_000], new Transform({ x: -1_000_000, y: -1_000_000 }));
  die.addRef(trace, new Transform({ rotation: 90, x: 10_000 }));
  die.addRef(trace, new Transform({ mirrorX: true, rotation: 270, x: -10_000 }));
  die.addRef(trace, new Transform({ magnification: 2, x: 500_000 }));
  die.addBox([60, 0], -1_500_000, -1_500_000, 1_500_000, 1_500_000);
  die.addLabel([66, 0], 'DIE_1', 0, 1_400_000, { rotation: 90, magnification: 3, mirrorX: true, font: 2 });
  const wafer = new Cell('WAFER');
  wafer.addArray(die, 10, 7, [3_100_000, 0], [0, 3_100_000], new Transform({ x: -15_000_000, y: -10_000_000 }));
  wafer.addArray(die, 3, 2, [0, 3_100_000], [-3_100_000, 0], new Transform({ rotation: 180, mirrorX: true, x: 20_000_000 }));
  wafer.addRef(die, new Transform({ x: 0, y: 20_000_000, rotation: 270 }));
  return new Library('INTEROP').add(wafer);
}

function ourStats(file: string) {
  const { library, warnings } = readGdsFile(file);
  expect(warnings).toEqual([]);
  const s = summarizeLibrary(library);
  return {
    top: s.top,
    cells: s.cells,
    layers: s.layers.map((l) => ({ ...l, area: s.areasUm2.get(`${l.layer}/${l.datatype}`)! / (library.dbuUm * library.dbuUm) })),
  };
}

function expectSameStats(ours: ReturnType<typeof ourStats>, theirs: ToolStats) {
  expect(ours.top).toEqual(theirs.top);
  expect(ours.cells).toBe(theirs.cells);
  expect(ours.layers.map(({ area: _a, ...l }) => l)).toEqual(theirs.layers.map(({ area: _a, ...l }) => l));
  for (let i = 0; i < ours.layers.length; i++) {
    // Areas are sums of exact integer areas times mag^2; the tools sum in doubles: allow 1e-9 relative.
    expect(Math.abs(ours.layers[i].area - theirs.layers[i].area)).toBeLessThanOrEqual(1e-9 * Math.max(1, theirs.layers[i].area));
  }
}

describe.skipIf(!klayoutAvailable && !requireExternalTools)('KLayout interop', () => {
  it('a library written by wlpgen opens in KLayout without warnings, with the same flattened counts, areas and bbox', () => {
    const file = path.join(tmp, 'ours.gds');
    const lib = sampleLibrary();
    writeGds(lib, file);
    const run = runKlayout('stats.py', { gds: file });
    expect(run.status).toBe(0);
    expect(run.stderr.trim()).toBe('');
    expect(klayoutWarnings(run)).toEqual([]);
    const theirs = parseStats<ToolStats>(run);
    const ours = ourStats(file);
    expectSameStats(ours, theirs);
    const s = summarizeLibrary(lib);
    expect(s.bboxUm!.map((v) => Math.round(v * 1000))).toEqual(theirs.bbox);
  });

  it('a polygon of 6,003 vertices (legal in one GDSII record) is split so KLayout reads it without a length warning', () => {
    // A comb of 3,000 teeth: one ring of 6,003 vertices, an XY record of 48 KB if written whole.
    const pts: number[] = [];
    for (let i = 0; i < 3_000; i++) pts.push(i * 100, 0, i * 100 + 50, 1000);
    pts.push(300_000, 0, 300_000, -500, 0, -500);
    const c = new Cell('COMB');
    c.addPolygon([7, 0], pts);
    const file = path.join(tmp, 'comb.gds');
    writeGds(new Library('COMB').add(c), file);
    const run = runKlayout('stats.py', { gds: file });
    expect(run.status).toBe(0);
    expect(klayoutWarnings(run)).toEqual([]);
    expectSameStats(ourStats(file), parseStats<ToolStats>(run));
  });

  it('the same holds for .gds.gz', () => {
    const file = path.join(tmp, 'ours.gds.gz');
    writeGds(sampleLibrary(), file);
    const run = runKlayout('stats.py', { gds: file });
    expect(run.stderr.trim()).toBe('');
    expect(klayoutWarnings(run)).toEqual([]);
    expectSameStats(ourStats(file), parseStats<ToolStats>(run));
  });

  it('a library written by KLayout reads in wlpgen with the same counts and areas', () => {
    const file = path.join(tmp, 'klayout.gds');
    const write = runKlayout('write_sample.py', { out: file });
    expect(write.status).toBe(0);
    const theirs = parseStats<ToolStats>(runKlayout('stats.py', { gds: file }));
    expect(theirs.layers.length).toBe(3);
    expectSameStats(ourStats(file), theirs);
  });
});

describe.skipIf(!gdspyAvailable && !requireExternalTools)('gdspy interop', () => {
  it('a library written by wlpgen reads in gdspy with the same flattened counts and areas', () => {
    const file = path.join(tmp, 'ours-gdspy.gds');
    writeGds(sampleLibrary(), file);
    const run = runGdspy('gdspy_stats.py', [file]);
    expect(run.status, run.stderr).toBe(0);
    expectSameStats(ourStats(file), parseStats<ToolStats>(run));
  });

  it('a library written by gdspy reads in wlpgen with the same counts and areas', () => {
    const file = path.join(tmp, 'gdspy.gds');
    const write = runGdspy('gdspy_write_sample.py', [file]);
    expect(write.status, write.stderr).toBe(0);
    const theirs = parseStats<ToolStats>(runGdspy('gdspy_stats.py', [file]));
    expectSameStats(ourStats(file), theirs);
  });
});
