/**
 * GDSII benchmark: a flat library of N eight-vertex polygons (default 1,000,000): build, write and
 * read times, MB/s and peak RSS; the same content written and read by KLayout in the same run when
 * it is installed, with the ratios. Runs in its own process so peak RSS is this case's alone.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { Cell, Library } from '../../src/core/index.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { fmt, median, peakRssMb, timeRuns } from './stats.ts';

export interface GdsBenchResult {
  polygons: number;
  fileMB: number;
  buildS: number;
  writeS: number;
  readS: number;
  writeMBs: number;
  readMBs: number;
  peakRssMB: number;
  buildWriteRssMB: number;
  readRssMB: number;
  klayout?: { buildS: number; writeS: number; readS: number; readOursS: number };
}

/** The same octagon and lattice as klayout_gds.py (dbu). */
const OCTAGON = Int32Array.of(-4142, -10000, 4142, -10000, 10000, -4142, 10000, 4142, 4142, 10000, -4142, 10000, -10000, 4142, -10000, -4142);
const PITCH = 20000;
const LAYER = [1, 0] as const;

export function runGdsBench(n: number, reps: number, outDir: string): GdsBenchResult {
  fs.mkdirSync(outDir, { recursive: true });
  const ours = path.join(outDir, 'bench-flat-wlpgen.gds');
  const theirs = path.join(outDir, 'bench-flat-klayout.gds');
  let side = 1;
  while (side * side < n) side++;

  // Built through the public API (checked conversion of every vertex), as a user script would.
  const t0 = performance.now();
  const cell = new Cell('FLAT');
  const pts = new Int32Array(16);
  for (let i = 0; i < n; i++) {
    const x = (i % side) * PITCH;
    const y = Math.floor(i / side) * PITCH;
    for (let k = 0; k < 16; k += 2) {
      pts[k] = OCTAGON[k] + x;
      pts[k + 1] = OCTAGON[k + 1] + y;
    }
    cell.addPolygon(LAYER, pts);
  }
  const lib = new Library('BENCH').add(cell);
  const buildS = (performance.now() - t0) / 1000;

  const writes = timeRuns(reps, () => writeGds(lib, ours));
  const fileMB = fs.statSync(ours).size / 1e6;
  // Each read runs in a fresh process, as reading a file does for a user (wlpgen info, check).
  const reader = path.join(path.dirname(fileURLToPath(import.meta.url)), 'read_once.ts');
  const readRuns: { seconds: number; polygons: number; peakRssMB: number }[] = [];
  for (let i = 0; i < reps; i++) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', reader, ours], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`read_once failed: ${r.stderr}`);
    const j = JSON.parse(r.stdout.trim().split('\n').pop()!);
    if (j.polygons !== n) throw new Error(`read back ${j.polygons} polygons, wrote ${n}`);
    readRuns.push(j);
  }
  const readS = median(readRuns.map((r) => r.seconds));
  const result: GdsBenchResult = {
    polygons: n,
    fileMB,
    buildS,
    writeS: median(writes),
    readS,
    writeMBs: fileMB / median(writes),
    readMBs: fileMB / readS,
    peakRssMB: Math.max(peakRssMb(), ...readRuns.map((r) => r.peakRssMB)),
    buildWriteRssMB: peakRssMb(),
    readRssMB: Math.max(...readRuns.map((r) => r.peakRssMB)),
  };
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'klayout_gds.py');
  const k = spawnSync('klayout', ['-b', '-r', script, '-rd', `n=${n}`, '-rd', `out=${theirs}`, '-rd', `ours=${ours}`, '-rd', `reps=${reps}`], {
    encoding: 'utf8',
    env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' },
    maxBuffer: 64 << 20,
  });
  const line = (k.stdout ?? '').split('\n').find((l) => l.startsWith('KLAYOUT '));
  if (line) {
    const j = JSON.parse(line.slice(8)) as { build: number; write: number[]; read: number[]; readOurs: number[] };
    result.klayout = { buildS: j.build, writeS: median(j.write), readS: median(j.read), readOursS: median(j.readOurs) };
  }
  fs.rmSync(theirs, { force: true });
  return result;
}

export function formatGdsBench(r: GdsBenchResult): string {
  const lines = [
    `GDSII, flat library of ${r.polygons.toLocaleString('en-US')} eight-vertex polygons (${fmt(r.fileMB)} MB file; medians)`,
    `  wlpgen   build ${fmt(r.buildS)} s   write ${fmt(r.writeS)} s (${fmt(r.writeMBs)} MB/s)   read ${fmt(r.readS)} s (${fmt(r.readMBs)} MB/s)   peak RSS ${fmt(r.peakRssMB)} MB (build+write ${fmt(r.buildWriteRssMB)}, read ${fmt(r.readRssMB)})`,
  ];
  if (r.klayout) {
    const k = r.klayout;
    lines.push(`  KLayout  build ${fmt(k.buildS)} s   write ${fmt(k.writeS)} s   read ${fmt(k.readS)} s (its own file), ${fmt(k.readOursS)} s (wlpgen's file)`);
    lines.push(`  ratios   write wlpgen/KLayout ${fmt(r.writeS / k.writeS)} (target <= 1)   read wlpgen/KLayout ${fmt(r.readS / k.readS)} (target <= 1.5)   RSS target < 1024 MB`);
  } else lines.push('  KLayout not installed: no comparison');
  return lines.join('\n');
}
