/**
 * The full wafer of issue 5: 300 mm, a routed 5 x 5 mm die (36 pads -> 6 x 6 balls at 400 um,
 * amkor-0.4, plating ties from the router), 80 um street, 40 um saw, the plating network, dummy
 * partial sites, 5 x 6 dies per reticle shot.
 *
 * Shown here: the GDS stays under 10 MB with one die cell placed only by AREF/SREF; our dicing check
 * and KLayout (merged RDL; RDL - SAW) agree on one island before dicing and nets x dies islands after
 * it, each with one bump; the flat export streams with a peak RSS under 1 GB (in a child process, so
 * the RSS is its own).
 *
 * Cost: KLayout merges ~360,000 flattened RDL polygons twice; to keep that near a minute the die's
 * round features (bump stacks, the router's capture pads) are 64-gons here instead of the default
 * 360-gons. The benchmark (scripts/bench/wafer.ts) runs the default die.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../src/core/cell.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { preset } from '../../src/tech/index.ts';
import { checkDicing, type DicingReport } from '../../src/wafer/dicing.ts';
import { buildWafer, type WaferBuild } from '../../src/wafer/map.ts';
import { writeShotMap } from '../../src/wafer/shotmap.ts';
import { klayoutAvailable, parseStats, requireExternalTools } from '../helpers/external.ts';
import { routedDie, syntheticDie, type SyntheticDie } from './fixtures.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, '..', '..');
const tech = preset('amkor-0.4');
const DIE = 5_000_000;
const klayoutOk = klayoutAvailable || requireExternalTools;

let dir: string;
let die: SyntheticDie;
let routed = false;
let b: WaferBuild;
let check: DicingReport;
let gds: string;
let bytes = 0;
let klayout: Promise<{ stdout: string; stderr: string; status: number | null }> | null = null;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-w300-'));
  const r = await routedDie(tech, 'W300_DIE', { die: DIE, pads: 36, padPitch: 300_000, cols: 6, rows: 6, pitch: 400_000, tieWidth: 10_000, bumpSides: 64 });
  if (r && r.routed === 36 && r.ties.length === 36) {
    die = r;
    routed = true;
  } else {
    // The router is not usable: a synthetic die with 36 nets and ties stands in.
    die = syntheticDie(tech, 'W300_DIE', DIE, DIE, 36);
  }
  b = buildWafer({
    name: 'W300',
    tech,
    die: die.cell,
    dieSize: [DIE, DIE],
    wafer: { diameterMm: 300, edgeExclusionMm: 3, street: 80_000, saw: 40_000, notch: true, offset: 'auto', partial: 'dummy', reticle: [5, 6] },
    plating: { bus: 20_000, ring: 2_000_000, ties: die.ties },
  });
  check = checkDicing(b);
  gds = path.join(dir, 'w300.gds');
  bytes = writeGds(b.library, gds);
  if (klayoutOk) {
    // KLayout runs alongside the other tests; the KLayout test awaits it.
    klayout = new Promise((resolve) => {
      const p = spawn('klayout', ['-b', '-r', path.join(HERE, 'klayout_plating.py'), '-rd', `gds=${gds}`, '-rd', 'rdl=20/0', '-rd', 'saw=92/0', '-rd', 'bump=50/0', '-rd', 'pad=10/0'], {
        env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (status) => resolve({ stdout, stderr, status }));
      p.on('error', (e) => resolve({ stdout, stderr: stderr + String(e), status: -1 }));
    });
  }
}, 300_000);

afterAll(async () => {
  if (klayout) await klayout;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe(`300 mm wafer, 5 x 5 mm die (routed by src/route when usable), plated`, () => {
  it('uses the routed die', () => {
    // Fails loudly (instead of silently testing the synthetic stand-in) once the router exists.
    expect(routed).toBe(true);
    expect(die.ties).toHaveLength(36);
  });

  it('places 2,524 dies (the exact optimum) with one die cell, by AREF/SREF only', () => {
    expect(b.grid.count).toBe(2524);
    expect(b.report.diesPlaced).toBe(2524);
    const dieCells = b.library.cells.filter((c) => c === die.cell);
    expect(dieCells).toHaveLength(1);
    // Only the wafer cell places the die, and every placement is an array element or a single reference.
    const placers = b.library.cells.filter((c) => c.children().includes(die.cell));
    expect(placers.map((c: Cell) => c.name)).toEqual(['W300_WAFER']);
    const n = b.top.refs.filter((r) => r.cell === die.cell).length + b.top.arrays.filter((a) => a.cell === die.cell).reduce((s, a) => s + a.cols * a.rows, 0);
    expect(n).toBe(2524);
    // Most dies sit in a few large arrays.
    expect(b.report.arrays).toBeLessThan(80);
    expect(b.report.singles).toBeLessThan(40);
  });

  it('writes a GDS under 10 MB, and the shot map beside it', () => {
    expect(bytes).toBe(fs.statSync(gds).size);
    expect(bytes).toBeLessThan(10e6);
    const files = writeShotMap(b.shots!, path.join(dir, 'w300'));
    const lines = fs.readFileSync(files.csv, 'utf8').trim().split('\n');
    expect(lines.length - 1).toBe(b.shots!.shots.length);
    expect(b.shots!.shots.reduce((s, x) => s + x.wholeCount, 0)).toBe(2524);
  });

  it('passes our dicing check: one island before, 36 x 2,524 islands after, each net with its pad and bump', () => {
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.connectedBeforeDicing).toBe(true);
    expect(check.isolatedAfterDicing).toBe(true);
    expect(check.netsPerDie).toBe(36);
    expect(check.islandsBefore).toBe(1);
    expect(check.netIslandsAfter).toBe(36 * 2524);
    expect(check.terminalsPerIsland).toEqual({ min: 2, max: 2 });
    expect(check.maxStubUm).toBe(20);
    expect(check.maxStubUm).toBeLessThanOrEqual(check.stubLimitUm);
  });

  it.skipIf(!klayoutOk)('KLayout agrees: merged RDL one island; RDL - SAW: 36 x 2,524 islands with exactly one bump each', async () => {
    const run = await klayout!;
    const s = parseStats<Record<string, number>>(run);
    expect(s.islandsBefore).toBe(1);
    expect(s.withBump).toBe(36 * 2524);
    expect(s.oneBump).toBe(36 * 2524);
    expect(s.multiBump).toBe(0);
    expect(s.onePad).toBe(36 * 2524);
    expect(s.bumps).toBe(36 * 2524);
    expect(s.bumpsOffMetal).toBe(0);
    expect(s.metalInSaw).toBe(0);
  }, 1_200_000);

  it('streams the flat export with a peak RSS under 1 GB (own process)', () => {
    const out = path.join(dir, 'w300_flat.gds');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'bench', 'wafer.ts'), '--flat-worker', out, '--sides', '64'], { encoding: 'utf8', cwd: ROOT, timeout: 600_000 });
    expect(r.status, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout.trim().split('\n').pop()!) as { flatBytes: number; flatPolygons: number; peakRssMB: number; dies: number };
    expect(res.dies).toBe(2524);
    expect(res.flatBytes).toBe(fs.statSync(out).size);
    expect(res.peakRssMB).toBeLessThan(1024);
    fs.rmSync(out, { force: true });
  }, 600_000);
});
