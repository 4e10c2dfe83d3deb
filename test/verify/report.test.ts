/**
 * Reports (JSON, text, .lyrdb), checking any GDS (read back from a file, another dbu), and the
 * exported deck for every preset.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Cell, InputError, Library } from '../../src/core/index.ts';
import { readGdsFile, writeGds } from '../../src/io/gds/index.ts';
import { lyrdbCounts, writeKlayoutDeck } from '../../src/io/drc/index.ts';
import { PRESET_NAMES, preset, withTiers } from '../../src/tech/index.ts';
import { checkLibrary } from '../../src/verify/index.ts';
import { klayoutAvailable, requireExternalTools } from '../helpers/external.ts';
import { box, miniDie, um } from './fixtures.ts';
import { klayout, tempDir } from './klayout.ts';

const tech = preset('amkor-0.4');

/** The mini die with `n` thin RDL bars (8 um wide) in its free band. */
function thinBars(n: number): Library {
  const d = miniDie(tech, {
    edit: (die) => {
      for (let i = 0; i < n; i++) box(die, tech, 'RDL', 1050 + 20 * (i % 15), 400 + 150 * Math.floor(i / 15), 1058 + 20 * (i % 15), 500 + 150 * Math.floor(i / 15));
    },
  });
  return new Library('BARS').add(d.die);
}

describe('reports', () => {
  it('JSON: every rule with its counts, each violation with rule, layers, location, measured and required values', () => {
    const r = checkLibrary(thinBars(3), tech, { plating: false }).report;
    expect(r.ok).toBe(false);
    expect(r.drc.rules.length).toBeGreaterThan(30);
    const w = r.drc.rules.find((x) => x.rule === 'rdl.minWidth')!;
    expect(w).toMatchObject({ kind: 'width', layers: ['RDL'], required: 10, unit: 'um', count: 3, flatCount: 3 });
    const v = r.drc.violations[0];
    expect(v).toMatchObject({ rule: 'rdl.minWidth', kind: 'width', layers: ['RDL'], cell: 'MINI', placements: 1, measured: 8, required: 10, unit: 'um' });
    expect(v.xUm).toBeCloseTo(1054, 2);
    expect(v.yUm).toBeCloseTo(450, 2);
    expect(r.drc.counting).toMatch(/merged/);
    // Plain data: survives a JSON round trip.
    expect(JSON.parse(JSON.stringify(r)).drc.violations[0].rule).toBe('rdl.minWidth');
  });

  it('text: grouped by rule, lists capped with the rest counted', () => {
    const res = checkLibrary(thinBars(14), tech, { plating: false });
    const text = res.text(10);
    expect(text).toContain('VIOLATIONS FOUND');
    expect(text).toContain('rdl.minWidth  [width, RDL]  required 10 um: 14 violations (14 placed)');
    expect(text.match(/^ {4}- cell MINI/gm)).toHaveLength(10);
    expect(text).toContain('... and 4 more');
    expect(text).toContain('Not checked:');
    expect(res.json()).toContain('"rule": "rdl.minWidth"');
  });

  it('.lyrdb: one category per rule, one item per violation', () => {
    const res = checkLibrary(thinBars(4), tech, { plating: false, connectivity: false });
    const counts = lyrdbCounts(res.lyrdb());
    expect(counts.get('rdl.minWidth')).toBe(4);
    expect(counts.size).toBe(res.rules.length);
    expect(res.lyrdb()).toContain("<category>'rdl.minWidth'</category>");
  });
});

describe('any layout', () => {
  it('checks a GDS file read back exactly as the library it was written from', () => {
    const lib = thinBars(5);
    const dir = tempDir('gds');
    const file = path.join(dir, 'bars.gds');
    writeGds(lib, file);
    const back = readGdsFile(file).library;
    const a = checkLibrary(lib, tech, { plating: false }).report;
    const b = checkLibrary(back, tech, { plating: false }).report;
    expect(b.drc.rules.map((r) => [r.rule, r.count])).toEqual(a.drc.rules.map((r) => [r.rule, r.count]));
    expect(b.drc.violations.map((v) => [v.rule, v.xUm, v.yUm])).toEqual(a.drc.violations.map((v) => [v.rule, v.xUm, v.yUm]));
  });

  it('converts the rules to the layout database unit (a 0.5 nm dbu layout measures the same um)', () => {
    const c = new Cell('HALF');
    c.addBox(tech.layers.RDL, 0, 0, um(8) * 2, um(100) * 2);
    const lib = new Library('HALF', { userUnit: 0.0005, metreUnit: 5e-10 }).add(c);
    const r = checkLibrary(lib, tech, { plating: false }).report;
    const v = r.drc.violations.find((x) => x.rule === 'rdl.minWidth')!;
    expect(v.measured).toBeCloseTo(8, 6);
    expect(v.xUm).toBeCloseTo(4, 6);
    expect(r.dbuUm).toBeCloseTo(0.0005, 12);
  });

  it('names the top cell to check when there are several', () => {
    const lib = new Library('TWO').add(new Cell('A'), new Cell('B'));
    expect(() => checkLibrary(lib, tech)).toThrow(InputError);
    expect(() => checkLibrary(lib, tech)).toThrow(/2 top cells \(A, B\)/);
    expect(checkLibrary(lib, tech, { top: 'B' }).report.top).toBe('B');
  });
});

describe.skipIf(!(klayoutAvailable || requireExternalTools))('exported deck', () => {
  it('runs in KLayout for every preset and a two-tier stack, reporting every rule as a category', () => {
    const dir = tempDir('decks');
    const lib = thinBars(2);
    const gds = path.join(dir, 'bars.gds');
    writeGds(lib, gds);
    const techs = [...PRESET_NAMES.map((n) => preset(n)), withTiers(preset('generic'), 2)];
    for (const t of techs) {
      const deck = path.join(dir, `${t.name}-${t.tierCount}.drc`);
      fs.writeFileSync(deck, writeKlayoutDeck(t));
      const report = path.join(dir, `${t.name}-${t.tierCount}.lyrdb`);
      const r = klayout(deck, { input: gds, report });
      expect(r.status, `${t.name}: ${r.stdout}\n${r.stderr}`).toBe(0);
      const counts = lyrdbCounts(fs.readFileSync(report, 'utf8'));
      const ours = checkLibrary(lib, t, { plating: false, connectivity: false }).report;
      expect(counts.size).toBe(ours.drc.rules.length);
    }
  });
});
