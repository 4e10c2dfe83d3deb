import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cell, Library, Transform } from '../../src/core/index.ts';
import { writeGds } from '../../src/io/gds/index.ts';
import { wlpgen } from '../helpers/cli.ts';
import { klayoutAvailable, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-info-'));

function sample(file: string) {
  const bump = new Cell('BUMP');
  bump.addBox([40, 0], -50_000, -50_000, 50_000, 50_000);
  bump.addLabel([66, 0], 'IO', 0, 0);
  const die = new Cell('DIE');
  die.addArray(bump, 6, 6, [400_000, 0], [0, 400_000], { x: -1_000_000, y: -1_000_000 });
  die.addPath([20, 0], [0, 0, 100_000, 0], 20_000);
  const top = new Cell('WAFER');
  top.addArray(die, 10, 10, [3_100_000, 0], [0, 3_100_000]);
  top.addRef(die, new Transform({ x: -10_000_000, rotation: 90 }));
  writeGds(new Library('INFO').add(top), file);
}

describe('wlpgen info', () => {
  const file = path.join(dir, 'sample.gds');
  sample(file);

  it('prints the JSON form of DESIGN.md with counts flattened through arrays and references', () => {
    const r = wlpgen(['info', file, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['library', 'dbuUm', 'cells', 'top', 'bboxUm', 'layers']);
    expect(j.library).toBe('INFO');
    expect(j.dbuUm).toBe(0.001);
    expect(j.cells).toBe(3);
    expect(j.top).toEqual(['WAFER']);
    expect(j.layers).toEqual([
      { layer: 20, datatype: 0, polygons: 0, paths: 101, texts: 0 },
      { layer: 40, datatype: 0, polygons: 3636, paths: 0, texts: 0 },
      { layer: 66, datatype: 0, polygons: 0, paths: 0, texts: 3636 },
    ]);
    expect(j.bboxUm[2]).toBeCloseTo(27_900 + 1050, 6);
  });

  it.skipIf(!klayoutAvailable && !requireExternalTools)('agrees with KLayout on counts and bounding box', () => {
    const j = JSON.parse(wlpgen(['info', file, '--json']).stdout);
    const k = parseStats<{ layers: { layer: number; datatype: number; polygons: number; paths: number; texts: number }[]; bbox: number[] }>(runKlayout('stats.py', { gds: file }));
    expect(j.layers).toEqual(k.layers.map(({ layer, datatype, polygons, paths, texts }) => ({ layer, datatype, polygons, paths, texts })));
    expect(j.bboxUm.map((v: number) => Math.round(v * 1000))).toEqual(k.bbox);
  });

  it('prints a human-readable table and reads .gds.gz', () => {
    const gz = path.join(dir, 'sample.gds.gz');
    sample(gz);
    const r = wlpgen(['info', gz]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/library:\s+INFO/);
    expect(r.stdout).toMatch(/top:\s+WAFER/);
    expect(r.stdout).toMatch(/40\/0\s+3636\s+0\s+0/);
  });

  it('bad input exits 2 with a message naming the file and what is wrong, on stderr', () => {
    const notGds = path.join(dir, 'notes.txt');
    fs.writeFileSync(notGds, 'this is not a layout\n');
    let r = wlpgen(['info', notGds]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/notes.txt: byte 0, record/);
    expect(r.stdout).toBe('');
    r = wlpgen(['info', path.join(dir, 'missing.gds')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing.gds: cannot read \(ENOENT\)/);
    const truncated = path.join(dir, 'cut.gds');
    const whole = fs.readFileSync(file);
    fs.writeFileSync(truncated, whole.subarray(0, whole.length >> 1));
    r = wlpgen(['info', truncated]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cut.gds: byte \d+, record \w+: /);
    r = wlpgen(['info']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Not enough non-option arguments/);
    r = wlpgen(['frobnicate']);
    expect(r.status).toBe(2);
  });

  it('--help shows an example on every command', () => {
    const r = wlpgen(['info', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/wlpgen info out\/demo-wlcsp.gds/);
    const top = wlpgen(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/wlpgen info <file>/);
  });
});
