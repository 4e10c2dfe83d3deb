import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cell, GdsFormatError, InputError, Library, um } from '../../src/core/index.ts';
import { gdsBytes, readGds, writeGds } from '../../src/io/gds/index.ts';

function sample(): Uint8Array {
  const leaf = new Cell('LEAF');
  leaf.addBox([1, 0], 0, 0, 1000, 1000);
  leaf.addPath([2, 0], [0, 0, 5000, 0, 5000, 5000], 200, { pathtype: 2 });
  leaf.addLabel([3, 0], 'VDD', 10, 10);
  const top = new Cell('TOP');
  top.addRef(leaf, { x: 100, y: 200, rotation: 90 });
  top.addArray(leaf, 4, 3, [2000, 0], [0, 2000]);
  return gdsBytes(new Library('S').add(top));
}

describe('bad input to the core', () => {
  it('off-grid and out-of-range micrometres name the value', () => {
    expect(() => um(1.0005, 'die.size')).toThrow(/die.size: 1.0005 um is not on the 1 nm grid/);
    expect(() => um(3e6, 'wafer.x')).toThrow(/wafer.x: coordinate 3000000000 dbu is outside the GDSII int32 range/);
    expect(() => um(NaN, 'pitch')).toThrow(/pitch: expected a finite number/);
    expect(um(12.345)).toBe(12345);
    expect(um(-0.001)).toBe(-1);
  });

  it('non-integer or out-of-int32 coordinates are rejected', () => {
    const c = new Cell('C');
    expect(() => c.addPolygon([1, 0], [0, 0, 10.5, 0, 10, 10])).toThrow(InputError);
    expect(() => c.addPolygon([1, 0], [0, 0, 10.5, 0, 10, 10])).toThrow(/vertex 1 x: coordinate 10.5 dbu is not an integer/);
    expect(() => c.addPolygon([1, 0], [0, 0, 2 ** 31, 0, 10, 10])).toThrow(/outside the GDSII int32 range/);
    expect(() => c.addBox([1, 0], 0, 0, 0, 10)).toThrow(/non-zero width and height/);
    expect(() => c.addPolygon([1, 0], [0, 0, 1, 1, 0, 0])).toThrow(/at least 3 distinct vertices/);
  });

  it('layers and datatypes outside 0..65535 are rejected', () => {
    const c = new Cell('C');
    expect(() => c.addBox([65536, 0], 0, 0, 1, 1)).toThrow(/layer.layer: 65536 is not a valid GDSII layer\/datatype \(allowed: integers 0..65535\)/);
    expect(() => c.addBox([1, -1], 0, 0, 1, 1)).toThrow(/layer.datatype: -1/);
    expect(() => c.addBox({ layer: 1.5, datatype: 0 }, 0, 0, 1, 1)).toThrow(/1.5/);
    expect(() => c.addLabel([1, 0], 'x', 0, 0, { texttype: 70000 })).toThrow(/texttype: 70000/);
  });

  it('empty and duplicate cell names are rejected', () => {
    expect(() => new Cell('')).toThrow(/non-empty/);
    expect(() => new Cell('caf\u00e9')).toThrow(/not a valid cell name/);
    const a = new Cell('SAME');
    const b = new Cell('SAME');
    const top = new Cell('TOP');
    top.addRef(a);
    top.addRef(b);
    expect(() => new Library('L').add(top)).toThrow(/two different cells are named 'SAME'/);
  });

  it('references to missing cells are rejected when writing', () => {
    const lib = new Library('L');
    const top = new Cell('TOP');
    lib.add(top);
    const late = new Cell('LATE');
    top.addRef(late);
    expect(() => gdsBytes(lib)).toThrow(/cell 'TOP' places cell 'LATE', which is not in the library/);
  });

  it('recursive hierarchies are rejected', () => {
    const a = new Cell('A');
    const b = new Cell('B');
    a.addRef(b);
    expect(() => b.addRef(a)).toThrow(/recursive/);
    expect(() => a.addRef(a)).toThrow(/recursive/);
    const c = new Cell('C');
    b.addRef(c);
    expect(() => c.addArray(a, 2, 2, [10, 0], [0, 10])).toThrow(/'A' already contains 'C'/);
  });

  it('frozen cells refuse changes and say how to copy', () => {
    const c = new Cell('P').freeze();
    expect(() => c.addBox([1, 0], 0, 0, 1, 1)).toThrow(/frozen.*cell.copy\('NEW_NAME'\)/);
    expect(c.copy('P2').addBox([1, 0], 0, 0, 1, 1).points.length).toBe(8);
  });

  it('a failed write leaves nothing behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-atomic-'));
    const lib = new Library('L');
    const top = new Cell('TOP');
    lib.add(top);
    top.addRef(new Cell('MISSING'));
    expect(() => writeGds(lib, path.join(dir, 'x.gds'))).toThrow(/not in the library/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('truncated and corrupt GDSII', () => {
  const good = sample();

  it('reads the sample cleanly', () => {
    const r = readGds(good);
    expect(r.warnings).toEqual([]);
    expect(r.library.cellCount).toBe(2);
  });

  it('every truncation gives one clear GdsFormatError with the byte offset, never a crash or hang', () => {
    for (let cut = 0; cut < good.length; cut += 1) {
      let err: unknown;
      try {
        readGds(good.subarray(0, cut));
      } catch (e) {
        err = e;
      }
      expect(err, `cut at ${cut}`).toBeInstanceOf(GdsFormatError);
      const g = err as GdsFormatError;
      expect(g.message).toMatch(/^byte \d+, record [A-Za-z0-9x]+: /);
      expect(g.offset).toBeLessThanOrEqual(cut);
    }
  });

  it('names the offset and record of a corrupt record length, data type and missing reference', () => {
    const bad = Buffer.from(good);
    // The LIBNAME record starts after HEADER (6 bytes) and BGNLIB (28 bytes): break its data type.
    bad[34 + 3] = 0x02;
    expect(() => readGds(bad, { source: 'chip.gds' })).toThrow(/^chip.gds: byte 34, record LIBNAME: data type 2 where 6 is required/);
    const odd = Buffer.from(good);
    odd[34 + 1] = 0x07;
    expect(() => readGds(odd)).toThrow(/byte 34, record LIBNAME: record length 7 is odd/);
    const tiny = Buffer.from(good);
    tiny[34] = 0;
    tiny[34 + 1] = 2;
    expect(() => readGds(tiny)).toThrow(/byte 34, record LIBNAME: record length 2 is less than 4/);
    // Rename the referenced cell so the reference dangles.
    const dangling = Buffer.from(good);
    const at = dangling.indexOf(Buffer.from('LEAF'));
    dangling.write('LEAX', at);
    expect(() => readGds(dangling)).toThrow(/references cell 'LEAF', which is not defined in the file/);
  });

  it('rejects a file that is not GDSII at all, and corrupt gzip', () => {
    expect(() => readGds(Buffer.from('%PDF-1.7 this is not a layout'))).toThrow(GdsFormatError);
    expect(() => readGds(Buffer.from([0x1f, 0x8b, 1, 2, 3, 4, 5]))).toThrow(/gzip data is corrupt/);
    expect(() => readGds(new Uint8Array(0))).toThrow(/byte 0/);
  });

  it('survives random byte corruption with an error or a result, never a crash of another kind', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let trial = 0; trial < 3000; trial++) {
      const bad = Buffer.from(good);
      const flips = 1 + Math.floor(rand() * 4);
      for (let k = 0; k < flips; k++) bad[Math.floor(rand() * bad.length)] = Math.floor(rand() * 256);
      try {
        readGds(bad);
      } catch (e) {
        expect(e instanceof GdsFormatError || e instanceof InputError, String(e)).toBe(true);
      }
    }
  });

  it('skips unknown records with a warning', () => {
    const b = Buffer.from(good);
    // Insert an unknown record (type 0x70) just before ENDLIB.
    const withUnknown = Buffer.concat([b.subarray(0, b.length - 4), Buffer.from([0, 6, 0x70, 0x02, 0, 1]), b.subarray(b.length - 4)]);
    const r = readGds(withUnknown);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0].message).toMatch(/unknown record type 0x70 skipped/);
    expect(r.library.cellCount).toBe(2);
  });
});
