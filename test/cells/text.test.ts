/**
 * The polygon font and net labels: every character draws, glyphs are distinct (0 is not O, 5 is not
 * S, ...), the ink box and the glyph gaps follow the metrics, a named tech layer's width and space
 * rules are enforced, and bad text names the parameter.
 */
import { describe, expect, it } from 'vitest';
import { union } from '../../src/geom/clipper.ts';
import { preset } from '../../src/tech/index.ts';
import { FONT_CHARACTERS, fontUnit, textPolygons, textRings, textWidth } from '../../cells/font.ts';
import { addNetLabel, netLabel } from '../../cells/label.ts';
import { Cell } from '../../src/core/index.ts';
import { separation, expectInputError } from './measure.ts';

function inkBox(rings: ArrayLike<number>[]): [number, number, number, number] {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      x0 = Math.min(x0, r[i]); x1 = Math.max(x1, r[i]);
      y0 = Math.min(y0, r[i + 1]); y1 = Math.max(y1, r[i + 1]);
    }
  }
  return [x0, y0, x1, y1];
}

describe('textPolygons', () => {
  const u = 10_000;

  it('draws every character of the font, each glyph distinct', () => {
    const shapes = new Map<string, string>();
    for (const ch of FONT_CHARACTERS) {
      if (ch === ' ') continue;
      const rings = textRings(ch, u);
      expect(rings.length, `glyph '${ch}'`).toBeGreaterThan(0);
      // Canonical form of the merged glyph (clipper output is sorted and starts at the lowest vertex).
      const key = JSON.stringify(union(rings).map((p) => [Array.from(p.outer), p.holes.map((h) => Array.from(h))]));
      for (const [other, k] of shapes) expect(k, `'${ch}' looks exactly like '${other}'`).not.toBe(key);
      shapes.set(ch, key);
      // Inside the glyph box: 5u wide, 7u high.
      const [x0, y0, x1, y1] = inkBox(rings);
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(5 * u);
      expect(y1).toBeLessThanOrEqual(7 * u);
    }
  });

  it('full-height glyphs span the 7u ink height; glyphs are 1u apart', () => {
    const rings = textRings('HELLO 0123', u);
    expect(inkBox(rings)).toEqual([0, 0, textWidth('HELLO 0123', u), 7 * u]);
    const per = 'HELLO'.split('').map((ch, i) => textRings(ch, u).map((r) => r.map((v, k) => (k % 2 === 0 ? v + i * 6 * u : v))));
    for (let i = 0; i + 1 < per.length; i++) expect(separation(per[i], per[i + 1])).toBeGreaterThanOrEqual(u);
  });

  it('makes a cached cell, aligned as asked, upper-casing letters', () => {
    const t = preset('amkor-0.4');
    const a = textPolygons('die 42', { height: 70_000, layer: 'TEXT', tech: t });
    expect(textPolygons('DIE 42', { height: 70_000, layer: 'TEXT', tech: t })).toBe(a);
    expect(a.settings).toMatchObject({ text: 'DIE 42', unit: 10_000, inkHeight: 70_000 });
    const c = textPolygons('DIE 42', { height: 70_000, layer: [81, 0], align: 'centre' });
    const [x0, , x1] = inkBox(c.polygons.map((p) => p.points));
    expect(x0 + x1).toBeLessThanOrEqual(1);
    expect(x0 + x1).toBeGreaterThanOrEqual(-1);
    expect(fontUnit(75_000)).toBe(10_714); // 7u = 74.998 um <= 75 um
  });

  it('enforces the width and space rules of a named layer, and rejects what it cannot draw', () => {
    const t = preset('amkor-0.4');
    expectInputError(() => textPolygons('A1', { height: 35_000, layer: 'RDL', tech: t }), /'height' = 35 um gives 5 um strokes/, /rdl\.minWidth = 10 um/, /amkor\.csv rdl\.1/);
    expect(textPolygons('A1', { height: 70_000, layer: 'RDL', tech: t }).polygons.length).toBe(2);
    expectInputError(() => textPolygons('A#B', { height: 70_000, layer: [81, 0] }), /'text'/, /"#" at index 1/);
    expectInputError(() => textPolygons('', { height: 70_000, layer: [81, 0] }), /'text'/);
    expectInputError(() => textPolygons('   ', { height: 70_000, layer: [81, 0] }), /'text'/, /blank/);
    expectInputError(() => textPolygons('A', { height: 10, layer: [81, 0] }), /'height'/);
    expectInputError(() => textPolygons('A', { height: 70_000, layer: 'TEXT' }), /'layer'/, /tech/);
    expectInputError(() => textPolygons('A', { height: 70_000, layer: 'NOPE', tech: t }), /'layer'/, /no such layer/);
  });
});

describe('net labels', () => {
  it('puts the net name on the metal layer with the layer datatype as texttype', () => {
    const t = preset('amkor-0.4');
    const c = netLabel(t, { net: 'VDD_CORE' });
    expect(c.labels).toHaveLength(1);
    const l = c.labels[0];
    expect([l.text, l.layer, l.texttype, l.transform.x, l.transform.y]).toEqual(['VDD_CORE', t.layers.RDL.layer, t.layers.RDL.datatype, 0, 0]);
    expect(netLabel(t, { net: 'VDD_CORE' })).toBe(c);
    expectInputError(() => netLabel(t, { net: 'a b' }), /'net'/, /without spaces/);
    expectInputError(() => netLabel(t, { net: 'X', layer: 'T1.RDL' }), /'layer'/, /no such layer/);
    const cell = new Cell('TOP_LABELS');
    addNetLabel(cell, t, 'GND', 1000, 2000);
    expect(cell.labels[0]).toMatchObject({ text: 'GND', layer: 20, texttype: 0 });
  });
});
