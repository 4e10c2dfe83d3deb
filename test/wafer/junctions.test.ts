/**
 * The contact ring's junctions with the bus and the dummy mesh (src/wafer/junctions.ts), on a
 * plated 100 mm wafer with dummy partial sites: 5 x 5 mm synthetic dies, 80 um street, 40 um saw,
 * 20 um bus (the bench wafer's lattice), so lanes and mesh lines meet the ring's polygonised arc at
 * every angle from steep to nearly tangent.
 *
 * Shown on the output: our DRC (runDrc on the wafer top cell, hierarchical) and KLayout's own
 * Euclidean space and width checks on the written GDS find no RDL space, width or acute-angle
 * violation; every opening next to the ring is convex with corners of at least 90 degrees; the
 * network is one island before dicing and every net of every die is joined to it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeGds } from '../../src/io/gds/index.ts';
import { preset } from '../../src/tech/index.ts';
import { runDrc } from '../../src/verify/drc.ts';
import { checkDicing, type DicingReport } from '../../src/wafer/dicing.ts';
import { openingClean, shapeOpening } from '../../src/wafer/junctions.ts';
import { buildWafer, type WaferBuild } from '../../src/wafer/map.ts';
import { cappedCircle } from '../../src/wafer/plating.ts';
import { klayoutAvailable, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';
import { syntheticDie } from './fixtures.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tech = preset('amkor-0.4');
const DIE = 5_000_000;
const klayoutOk = klayoutAvailable || requireExternalTools;
const SPACE = tech.rules.rdl.minSpace;

let dir: string;
let b: WaferBuild;
let check: DicingReport;
let gds: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-junctions-'));
  const die = syntheticDie(tech, 'J100_DIE', DIE, DIE, 16);
  b = buildWafer({
    name: 'J100',
    tech,
    die: die.cell,
    dieSize: [DIE, DIE],
    wafer: { diameterMm: 100, edgeExclusionMm: 3, street: 80_000, saw: 40_000, notch: true, offset: 'auto', partial: 'dummy' },
    plating: { bus: 20_000, ring: 2_000_000, ties: die.ties },
  });
  check = checkDicing(b);
  gds = path.join(dir, 'j100.gds');
  writeGds(b.library, gds);
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('contact ring junctions (100 mm, dummy partial sites)', () => {
  it('shapes the junctions: openings crossing the arc, corners cut, thin ones filled', () => {
    const j = b.report.plating!.junctions!;
    expect(b.report.dummySites).toBeGreaterThan(0);
    expect(j.rimCells).toBeGreaterThan(100);
    expect(j.cuts).toBeGreaterThan(0);
    expect(j.filled).toBeGreaterThan(0);
    expect(j.unclean).toBe(0);
  });

  it('our DRC finds no RDL space, width or acute-angle violation on the wafer', () => {
    const drc = runDrc(b.top, tech);
    const rdl = drc.entries.filter((e) => /^(rdl\.minSpace|rdl\.minWidth|acuteAngle\.RDL)$/.test(e.rule.id));
    const where = rdl.slice(0, 5).map((e) => `${e.rule.id} in ${e.cell.name} at ${e.box.x0 / 1000}, ${e.box.y0 / 1000} um`);
    expect(where).toEqual([]);
    // The rules did run on this layout.
    expect(drc.rules.map((r) => r.id)).toEqual(expect.arrayContaining(['rdl.minSpace', 'rdl.minWidth']));
  }, 120_000);

  it('is one island before dicing, every net joined to the ring, isolated after the saw', () => {
    expect(check.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(check.connectedBeforeDicing).toBe(true);
    expect(check.isolatedAfterDicing).toBe(true);
    expect(check.islandsBefore).toBe(1);
    expect(check.netIslandsAfter).toBe(16 * check.dies);
  });

  it.skipIf(!klayoutOk)('KLayout agrees: no space, width or acute-corner marker at the ring', () => {
    const r0 = (b.plating!.ring.rIn - 3_000_000) / 1000;
    const run = runKlayout(path.join(HERE, 'klayout_rdl_rules.py'), {
      gds,
      rdl: `${tech.layers.RDL.layer}/${tech.layers.RDL.datatype}`,
      width: String(tech.rules.rdl.minWidth / 1000),
      space: String(SPACE / 1000),
      r0: String(r0),
    });
    const s = parseStats<{ space: number; spaceAt: number[] | null; width: number; acute: number; notch: number; polygons: number }>(run);
    expect(s.polygons).toBe(1);
    expect({ space: s.space, at: s.spaceAt, width: s.width, acute: s.acute, notch: s.notch }).toEqual({ space: 0, at: null, width: 0, acute: 0, notch: 0 });
  }, 300_000);
});

describe('shapeOpening', () => {
  const disc = cappedCircle(10_000_000, null);
  it('cuts a near-tangent sliver corner to >= 90 degrees with the facing edges >= rdl.minSpace apart', () => {
    // The cell below a lane whose lower side is 200 um above the arc's lowest point: between the side
    // and the arc, which meet at 11.5 degrees, a sliver ends in an acute corner.
    const y = -10_000_000 + 200_000;
    const res = shapeOpening({ x0: 0, y0: -10_100_000, x1: 3_000_000, y1: y }, disc, null, SPACE);
    expect(res.cuts).toBeGreaterThan(0);
    expect(res.clean).toBe(true);
    expect(openingClean(res.opening!, SPACE)).toBe(true);
  });

  it('fills a lens thinner than rdl.minSpace', () => {
    const y = -10_000_000 + 1_000;
    const res = shapeOpening({ x0: -2_000_000, y0: -10_100_000, x1: 2_000_000, y1: y }, disc, null, SPACE);
    expect(res.clean).toBe(false);
  });

  it('the checker itself flags an 89-degree corner and a gap below the space', () => {
    expect(openingClean([[0, 0], [100_000, 0], [100_000, 100_000], [0, 100_000]], SPACE)).toBe(true);
    expect(openingClean([[0, 0], [100_000, 0], [101_000, 100_000], [0, 100_000]], SPACE)).toBe(false);
    expect(openingClean([[0, 0], [100_000, 0], [100_000, SPACE - 1], [0, SPACE - 1]], SPACE)).toBe(false);
  });
});
