/**
 * The routed die as our users see it: written as GDSII, opened in KLayout, merged RDL checked with
 * KLayout's own width and space checks (space on the merged region also catches notches inside a
 * net, such as a trace meeting a capture pad at an acute angle without a teardrop), and rendered to
 * out/route/*.png for a person to look at.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cell, Library } from '../../src/core/index.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { writeLyp } from '../../src/io/lyp/index.ts';
import { drawRouting, routeDie } from '../../src/route/index.ts';
import type { RouteProblem } from '../../src/route/types.ts';
import { klayoutAvailable, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';
import { AMKOR_6X6, AMKOR_6X6_EDGE, FINE_8X8, makeCase } from './cases.ts';
import { ROUTE_BENCH_CASES } from '../../scripts/bench/route.ts';
import { bumpStack, padStackCell } from '../../cells/index.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, '..', '..', 'out', 'route');
const run = klayoutAvailable || requireExternalTools;

interface DrcStats {
  width: number;
  space: number;
  polygons: number;
  widthMarkers: number[][];
  spaceMarkers: number[][];
}

const bench = ROUTE_BENCH_CASES[1];
const CASES: [string, RouteProblem][] = [
  ['amkor-6x6-ties', makeCase('a', 'amkor-0.4', AMKOR_6X6, { ties: { width: 10_000 } }).problem],
  // Pads 70 um from the edge (examples/wafer-200.yaml): straight tie stubs from the pads to the edge.
  ['amkor-6x6-edge-ties', makeCase('e', 'amkor-0.4', AMKOR_6X6_EDGE, { ties: { width: 15_000 } }).problem],
  ['amkor-14x14', makeCase('b', bench.tech, bench.spec).problem],
  ['fine10-8x8', makeCase('f', 'fine-10', FINE_8X8).problem],
];

describe.runIf(run)('KLayout width and space checks on the routed RDL', () => {
  fs.mkdirSync(OUT, { recursive: true });
  it.each(CASES)('%s: 0 width and 0 space violations, one merged polygon per net; rendered', (name, problem) => {
    const tech = problem.tech;
    const r = routeDie(problem);
    expect(r.failed).toBe(0);
    const die = new Cell('DIE');
    drawRouting(die, r, tech);
    const { width: W, height: H } = problem.die;
    die.addBox(tech.layers.DIE, -W / 2, -H / 2, W / 2, H / 2);
    for (const p of problem.pads) die.addBox(tech.layers.PAD, p.x - p.w / 2, p.y - p.h / 2, p.x + p.w / 2, p.y + p.h / 2);
    const gds = path.join(OUT, `${name}.gds`);
    writeGds(new Library('ROUTE').add(die), gds);
    const rdl = tech.layers[r.layer];
    // Traces are drawn at the construction width; ties may be narrower, down to the rule.
    const width = r.ties.requested ? tech.rules.rdl.minWidth : tech.construction.rdl.width;
    const stats = parseStats<DrcStats>(runKlayout(path.join(HERE, 'klayout_drc.py'), { gds, layer: String(rdl.layer), datatype: String(rdl.datatype), width: String(width), space: String(tech.construction.rdl.space) }));
    expect(stats.width, JSON.stringify(stats.widthMarkers)).toBe(0);
    expect(stats.space, JSON.stringify(stats.spaceMarkers)).toBe(0);
    expect(stats.polygons).toBe(r.nets.length);
    const lyp = path.join(OUT, 'route.lyp');
    fs.writeFileSync(lyp, writeLyp([
      { name: 'RDL', layer: rdl.layer, datatype: rdl.datatype, color: '#2060c0', fill: 'solid' },
      { name: 'PAD', layer: tech.layers.PAD.layer, datatype: tech.layers.PAD.datatype, color: '#c03030', fill: 'hollow' },
      { name: 'TEXT', layer: tech.layers.TEXT.layer, datatype: tech.layers.TEXT.datatype, color: '#000000', fill: 'solid' },
      { name: 'DIE', layer: tech.layers.DIE.layer, datatype: tech.layers.DIE.datatype, color: '#208020', fill: 'hollow' },
    ]));
    const png = path.join(OUT, `${name}.png`);
    parseStats(runKlayout(path.join(HERE, 'klayout_render.py'), { gds, png, lyp, size: '1200' }));
    expect(fs.statSync(png).size).toBeGreaterThan(10_000);
  });
});

describe.runIf(run)('routing together with the pad and bump stack cells', () => {
  it.each([
    ['amkor-0.4', AMKOR_6X6],
    ['fine-10', FINE_8X8],
  ] as const)('%s: with the bump cell\'s capture pad as capturePolygon, the merged top metal is clean', (techName, spec) => {
    const { problem } = makeCase('cells', techName, spec);
    const tech = problem.tech;
    const top = tech.construction.topMetal;
    const stack = bumpStack(tech);
    const L = tech.layers[top];
    const cap = stack.polygons.find((p) => p.layer === L.layer && p.datatype === L.datatype)!;
    const r = routeDie({ ...problem, options: { layer: top, capturePolygon: cap.points } });
    expect(r.failed).toBe(0);
    const die = new Cell('DIE_WITH_CELLS');
    drawRouting(die, r, tech);
    for (const p of problem.pads) die.addRef(padStackCell(tech, { width: p.w, height: p.h }), { x: p.x, y: p.y });
    for (const b of problem.bumps) die.addRef(stack, { x: b.x, y: b.y });
    const gds = path.join(OUT, `cells-${techName}.gds`);
    writeGds(new Library('ROUTE').add(die), gds);
    const stats = parseStats<DrcStats>(runKlayout(path.join(HERE, 'klayout_drc.py'), { gds, layer: String(L.layer), datatype: String(L.datatype), width: String(tech.construction.rdl.width), space: String(tech.construction.rdl.space) }));
    expect(stats.width, JSON.stringify(stats.widthMarkers)).toBe(0);
    expect(stats.space, JSON.stringify(stats.spaceMarkers)).toBe(0);
  });
});
