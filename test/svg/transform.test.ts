/**
 * The frame: y up on the page (one flip in #layout), GDS transforms (mirror, rotate, magnify, shift)
 * composed through <use> exactly as GDSII defines them, and text that stays readable under mirrors.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cell, Transform } from '../../src/core/index.ts';
import { cellToSvg } from '../../src/io/svg/index.ts';
import { LAYERS } from './fixtures.ts';
import { apply, find, parsePathData, parseXml, placedElements, type Matrix } from './xml.ts';

const det = (m: Matrix) => m[0] * m[3] - m[1] * m[2];

/** Page-frame points (um, y down) of every polygon vertex on `layer`, in drawing order. */
function pagePoints(svg: string, color: string): [number, number][][] {
  const root = parseXml(svg);
  return placedElements(root)
    .filter((p) => p.el.name === 'path' && p.el.attrs.fill === color)
    .flatMap((p) => parsePathData(p.el.attrs.d).map((s) => s.points.map(([x, y]) => apply(p.matrix, x, y))));
}

describe('y axis up', () => {
  it('draws a polygon at y > 0 above one at y < 0 (smaller page y), x unchanged', () => {
    const top = new Cell('TOP');
    top.addBox([20, 0], -100_000, 200_000, 100_000, 400_000); // RDL, upper
    top.addBox([10, 0], -100_000, -400_000, 100_000, -200_000); // PAD, lower
    const svg = cellToSvg(top, { layers: LAYERS });
    const root = parseXml(svg);
    expect(find(root, (e) => e.attrs.id === 'layout')[0].attrs.transform).toBe('matrix(1 0 0 -1 0 0)');
    const upper = pagePoints(svg, '#4da6ff')[0];
    const lower = pagePoints(svg, '#ff6666')[0];
    expect(Math.max(...upper.map((p) => p[1]))).toBeLessThan(Math.min(...lower.map((p) => p[1])));
    expect(upper.map((p) => p[1]).sort((a, b) => a - b)).toEqual([-400, -400, -200, -200]);
    expect(upper.map((p) => p[0]).sort((a, b) => a - b)).toEqual([-100, -100, 100, 100]);
    // The viewBox starts at the top (most negative page y = highest layout y).
    const vy = Number(root.attrs.viewBox.split(' ')[1]);
    expect(vy).toBeLessThan(-400);
  });

  it('composes nested placements exactly as GDSII: mirror, rotate, magnify, translate', () => {
    const placementArb = fc.record({
      x: fc.integer({ min: -50_000_000, max: 50_000_000 }),
      y: fc.integer({ min: -50_000_000, max: 50_000_000 }),
      rotation: fc.oneof(fc.constantFrom(0, 90, 180, 270), fc.double({ min: 0, max: 359.9, noNaN: true })),
      magnification: fc.oneof(fc.constant(1), fc.double({ min: 0.25, max: 4, noNaN: true })),
      mirrorX: fc.boolean(),
    });
    fc.assert(
      fc.property(placementArb, placementArb, fc.boolean(), (t1, t2, asArray) => {
        const a = new Cell('A');
        a.addPolygon([20, 0], [0, 0, 30_000, 0, 30_000, 10_000, 5_000, 20_000]);
        const b = new Cell('B');
        const inner = new Transform(t1);
        if (asArray) b.addArray(a, 2, 3, [70_000, 0], [0, 90_000], inner);
        else b.addRef(a, inner);
        const top = new Cell('TOP');
        const outer = new Transform(t2);
        top.addRef(b, outer);
        const got = pagePoints(cellToSvg(top, { layers: LAYERS }), '#4da6ff');
        const expected: [number, number][][] = [];
        const elements = asArray ? [[0, 0], [1, 0], [0, 1], [1, 1], [0, 2], [1, 2]] : [[0, 0]];
        for (const [c, r] of elements) {
          const t = outer.compose(inner.translated(c * 70_000, r * 90_000));
          const ring = a.polygons[0].points;
          const pts: [number, number][] = [];
          for (let i = 0; i < ring.length; i += 2) {
            const [x, y] = t.apply(ring[i], ring[i + 1]);
            pts.push([x / 1000, -y / 1000]);
          }
          expected.push(pts);
        }
        expect(got).toHaveLength(expected.length);
        // Mirrors reverse a ring, which the writer re-orients: match rings as vertex sets, to 1 nm.
        const near = (p: [number, number], ring: [number, number][]) => ring.some((q) => Math.hypot(q[0] - p[0], q[1] - p[1]) < 1e-3);
        const same = (g: [number, number][], e: [number, number][]) => g.length === e.length && g.every((p) => near(p, e)) && e.every((p) => near(p, g));
        const unmatched = [...expected];
        for (const g of got) {
          const k = unmatched.findIndex((e) => same(g, e));
          expect(k, `ring ${JSON.stringify(g)} not expected among ${JSON.stringify(unmatched)}`).toBeGreaterThanOrEqual(0);
          unmatched.splice(k, 1);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('text stays readable', () => {
  it('counter-flips labels, and gives mirrored placements their own definition', () => {
    const die = new Cell('DIE');
    die.addBox([10, 0], 0, 0, 100_000, 100_000);
    die.addLabel([81, 0], 'VDD', 50_000, 80_000, { hjust: 1, vjust: 1 });
    die.addLabel([81, 0], 'MIRRORED', 50_000, 20_000, { mirrorX: true });
    const plain = new Cell('PLAIN'); // no labels: never duplicated
    plain.addBox([20, 0], 0, 0, 10_000, 10_000);
    die.addRef(plain, { mirrorX: true });
    const top = new Cell('TOP');
    top.addRef(die);
    top.addRef(die, new Transform({ x: 200_000, mirrorX: true }));
    top.addRef(die, new Transform({ x: 400_000, rotation: 90 }));
    top.addRef(die, new Transform({ x: 600_000, rotation: 270, mirrorX: true, magnification: 2 }));
    const root = parseXml(cellToSvg(top, { layers: LAYERS }));
    const defs = find(root, (e) => e.name === 'defs')[0].children.map((c) => c.attrs.id);
    expect(defs).toEqual(['c-PLAIN', 'c-DIE', 'c-DIE-mx', 'c-TOP']);
    const texts = placedElements(root).filter((p) => p.el.name === 'text');
    expect(texts).toHaveLength(8);
    // On the y-down page a glyph reads normally when its composed matrix keeps orientation (det > 0).
    for (const t of texts) expect(det(t.matrix)).toBeGreaterThan(0);
    // The anchor still lands where the layout puts it: VDD of the mirrored die at (250, +80 um) -> page y +80.
    const vdd = texts.filter((t) => t.el.text === 'VDD').map((t) => apply(t.matrix, 0, 0).map((v) => Math.round(v * 1000) / 1000));
    expect(vdd).toEqual([[50, -80], [250, 80], [320, -50], [440, 100]]);
    // The tooltip names the net and where it comes from.
    expect(find(texts[0].el, (e) => e.name === 'title')[0].text).toBe('VDD (TEXT 81/0, cell DIE)');
  });

  it('sizes labels from labelSize (um) or per cell, a magnified label at its MAG in um, and leaves out unreadable ones with minLabelPx', () => {
    const die = new Cell('DIE');
    die.addBox([10, 0], 0, 0, 3_000_000, 3_000_000); // 3 mm: auto height 3000 / 50 = 60 -> 50 um
    die.addLabel([81, 0], 'A', 0, 0);
    die.addLabel([81, 0], 'BIG', 0, 0, { magnification: 400 }); // GDS MAG 400: 400 um tall text
    const top = new Cell('TOP');
    for (let i = 0; i < 30; i++) top.addRef(die, { x: i * 3_000_000 }); // 90 mm wide: ~0.011 px/um
    const auto = parseXml(cellToSvg(top, { layers: LAYERS, minLabelPx: 0 }));
    expect(find(auto, (e) => e.attrs.class === 'layer-TEXT labels')[0].attrs['font-size']).toBe('50');
    const fixed = parseXml(cellToSvg(top, { layers: LAYERS, labelSize: 12.5, minLabelPx: 0 }));
    expect(find(fixed, (e) => e.attrs.class === 'layer-TEXT labels')[0].attrs['font-size']).toBe('12.5');
    const texts = placedElements(auto).filter((p) => p.el.name === 'text');
    expect(texts).toHaveLength(60);
    // The drawn height of a text is its font-size times the scale of its composed matrix: the
    // default label 50 um, the MAG 400 label 400 um (not 400 x 50 um), whatever labelSize says.
    for (const doc of [auto, fixed]) {
      const big = placedElements(doc).filter((p) => p.el.name === 'text' && p.el.text === 'BIG');
      expect(big).toHaveLength(30);
      for (const b of big) expect(Number(b.el.attrs['font-size']) * Math.sqrt(Math.abs(det(b.matrix)))).toBeCloseTo(400, 6);
    }
    for (const t of texts.filter((p) => p.el.text === 'A')) expect(Math.sqrt(Math.abs(det(t.matrix)))).toBeCloseTo(1, 9);
    // 50 um at ~0.011 px/um is ~0.55 px: dropped by default (minLabelPx 1); 400 um, ~4.4 px: kept.
    const pruned = parseXml(cellToSvg(top, { layers: LAYERS }));
    expect(placedElements(pruned).filter((p) => p.el.name === 'text').map((p) => p.el.text)).toEqual(Array(30).fill('BIG'));
    const pruned12 = parseXml(cellToSvg(top, { layers: LAYERS, minLabelPx: 12 }));
    expect(placedElements(pruned12).filter((p) => p.el.name === 'text')).toHaveLength(0);
    const none = parseXml(cellToSvg(top, { layers: LAYERS, labels: false }));
    expect(find(none, (e) => e.attrs.class?.includes('labels') ?? false)).toHaveLength(0);
  });
});
