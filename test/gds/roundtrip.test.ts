import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cell, Library, Transform, layerStats, polygonArea } from '../../src/core/index.ts';
import { gdsBytes, readGds, readGdsFile, writeGds } from '../../src/io/gds/index.ts';
import { libraryArbitrary } from '../helpers/arbitraries.ts';
import { expectSameLibrary } from '../helpers/compare.ts';

describe('GDSII write -> read', () => {
  it('gives back the same library for 1,000 random libraries (hierarchy, arrays, paths, texts, properties, transforms)', () => {
    fc.assert(
      fc.property(libraryArbitrary, (lib) => {
        const bytes = gdsBytes(lib);
        const back = readGds(bytes);
        expect(back.warnings).toEqual([]);
        expectSameLibrary(back.library, lib);
        // Writing what was read gives the same bytes: nothing is lost or reordered.
        expect(Buffer.from(gdsBytes(back.library)).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('is deterministic: identical libraries give identical bytes; the time stamp is overridable', () => {
    const make = () => {
      const lib = new Library('DET');
      const c = new Cell('TOP');
      c.addBox([1, 0], 0, 0, 1000, 2000);
      c.addLabel([2, 0], 'net_a', 10, 20);
      lib.add(c);
      return lib;
    };
    const a = gdsBytes(make());
    const b = gdsBytes(make());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const stamped = gdsBytes(make(), { timestamp: new Date(Date.UTC(2026, 10, 23, 12, 30, 5)) });
    expect(Buffer.from(stamped).equals(Buffer.from(a))).toBe(false);
    expect(readGds(stamped).modified?.toISOString()).toBe('2026-11-23T12:30:05.000Z');
    expect(readGds(a).modified?.toISOString()).toBe('2000-01-01T00:00:00.000Z');
  });

  it('writes the UNITS record for a 1 nm database unit in micrometre user units', () => {
    const lib = new Library('U');
    lib.add(new Cell('A'));
    const bytes = Buffer.from(gdsBytes(lib));
    const units = bytes.indexOf(Buffer.from([0x00, 0x14, 0x03, 0x05]));
    expect(units).toBeGreaterThan(0);
    expect(bytes.subarray(units + 4, units + 20).toString('hex').toUpperCase()).toBe('3E4189374BC6A7F03944B82FA09B5A54');
  });

  it('splits a polygon of more than 8190 vertices into valid pieces with the same area', () => {
    const n = 20_000;
    const pts: number[] = [];
    // A comb: 10,000 teeth, each tooth 4 vertices -> a ring of 20,000+ vertices.
    for (let i = 0; i < n / 2; i++) pts.push(i * 100, 0, i * 100 + 50, 1000);
    pts.push((n / 2) * 100, 0, (n / 2) * 100, -500, 0, -500);
    const c = new Cell('BIG');
    const poly = c.addPolygon([7, 0], pts);
    const lib = new Library('BIG').add(c);
    const back = readGds(gdsBytes(lib)).library.cell('BIG')!;
    expect(back.polygons.length).toBeGreaterThan(2);
    // Pieces of at most 4094 vertices: every XY record stays below 0x8000 bytes (see the KLayout interop test).
    for (const p of back.polygons) expect(p.points.length / 2).toBeLessThanOrEqual(4094);
    const total = back.polygons.reduce((s, p) => s + polygonArea(p.points), 0);
    expect(total).toBe(polygonArea(poly.points));
  });

  it('stores a polygon with holes as a keyhole whose area is outer minus holes', () => {
    const c = new Cell('HOLES');
    const outer = [0, 0, 10000, 0, 10000, 10000, 0, 10000];
    const holes = [[1000, 1000, 3000, 1000, 3000, 3000, 1000, 3000], [5000, 5000, 9000, 5000, 9000, 9000, 5000, 9000]];
    c.addPolygonWithHoles([1, 0], outer, holes);
    const back = readGds(gdsBytes(new Library('H').add(c))).library.cell('HOLES')!;
    expect(back.polygons).toHaveLength(1);
    expect(polygonArea(back.polygons[0].points)).toBe(1e8 - 4e6 - 16e6);
  });

  it('writes and reads .gds.gz transparently, atomically', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-gz-'));
    const c = new Cell('TOP');
    for (let i = 0; i < 1000; i++) c.addBox([1, 0], i * 10, 0, i * 10 + 5, 5);
    const lib = new Library('GZ').add(c);
    const file = path.join(dir, 'x.gds.gz');
    writeGds(lib, file);
    const raw = fs.readFileSync(file);
    expect(raw[0]).toBe(0x1f);
    expect(raw[1]).toBe(0x8b);
    expect(raw.length).toBeLessThan(gdsBytes(lib).length / 3);
    expectSameLibrary(readGdsFile(file).library, lib);
    // Deterministic gzip too.
    writeGds(lib, path.join(dir, 'y.gds.gz'));
    expect(fs.readFileSync(path.join(dir, 'y.gds.gz')).equals(raw)).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['x.gds.gz', 'y.gds.gz']);
  });

  it('counts flattened shapes through arrays and references with magnified areas', () => {
    const leaf = new Cell('LEAF');
    leaf.addBox([1, 0], 0, 0, 100, 100);
    leaf.addLabel([2, 0], 'L', 0, 0);
    const mid = new Cell('MID');
    mid.addArray(leaf, 3, 4, [200, 0], [0, 200]);
    const top = new Cell('TOP');
    top.addRef(mid, new Transform({ magnification: 2 }));
    top.addRef(mid, new Transform({ rotation: 90, x: 5000 }));
    const stats = layerStats(top);
    const l1 = stats.find((s) => s.layer === 1)!;
    expect(l1.polygons).toBe(24);
    expect(l1.polygonArea).toBe(12 * 10000 * 4 + 12 * 10000);
    expect(stats.find((s) => s.layer === 2)!.texts).toBe(24);
  });
});

describe('streamed reading of files larger than the read window', () => {
  it('reads a 10 MB file through the sliding window exactly as from memory, and reports absolute offsets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-window-'));
    const c = new Cell('BIGFLAT');
    // Odd-sized polygons and labels so records straddle every window boundary at varying phases.
    for (let i = 0; i < 100_000; i++) {
      const k = 3 + (i % 11);
      const pts: number[] = [];
      for (let v = 0; v < k; v++) pts.push(i * 10 + Math.round(1000 * Math.cos((2 * Math.PI * v) / k)), Math.round(1000 * Math.sin((2 * Math.PI * v) / k)));
      c.addPolygon([1 + (i % 3), 0], pts);
      if (i % 7 === 0) c.addLabel([5, 0], `N${i}`, i, -i);
    }
    const lib = new Library('WIN').add(c);
    const file = path.join(dir, 'big.gds');
    writeGds(lib, file);
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(9 * (1 << 20));
    expectSameLibrary(readGdsFile(file).library, lib);
    // Truncate in the middle of the third window: the error names the absolute offset.
    const cut = 2 * (4 << 20) + 123_457;
    fs.writeFileSync(path.join(dir, 'cut.gds'), bytes.subarray(0, cut));
    let err: unknown;
    try {
      readGdsFile(path.join(dir, 'cut.gds'));
    } catch (e) {
      err = e;
    }
    expect(String(err)).toMatch(/cut.gds: byte \d+, record/);
    const offset = (err as { offset: number }).offset;
    expect(offset).toBeGreaterThan(cut - 70_000);
    expect(offset).toBeLessThanOrEqual(cut);
  });
});
