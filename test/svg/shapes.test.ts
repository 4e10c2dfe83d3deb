/**
 * Shapes: GDSII path ends (flush, round, half-width square, custom extensions) as stroked polylines,
 * keyholed polygons that keep their holes under a nonzero fill, and the exact number formatting.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Cell, keyhole, pointInRing } from '../../src/core/index.ts';
import { cellToSvg, fmtUm, formatLength, niceFloor } from '../../src/io/svg/index.ts';
import { counterClockwise, ringArea2, splitKeyholes } from '../../src/io/svg/geometry.ts';
import { LAYERS } from './fixtures.ts';
import { find, parsePathData, parseXml } from './xml.ts';

function rdlStrokes(cell: Cell, layers = LAYERS) {
  const root = parseXml(cellToSvg(cell, { layers }));
  const g = find(root, (e) => e.attrs.class === 'layer-RDL')[0];
  return g.children.filter((c) => c.name === 'path').map((p) => p.attrs);
}

describe('paths', () => {
  it('maps pathtypes 0, 1, 2 to stroke-linecap butt, round, square with stroke-width = width', () => {
    for (const [pathtype, cap] of [[0, undefined], [1, 'round'], [2, 'square']] as const) {
      const c = new Cell('P');
      c.addPath([20, 0], [0, 0, 100_000, 0, 100_000, 50_000], 12_500, { pathtype });
      const [p] = rdlStrokes(c);
      expect(p['stroke-width']).toBe('12.5');
      expect(p['stroke-linecap']).toBe(cap); // butt is SVG's default and not written
      expect(p.fill).toBe('none');
      expect(p.stroke).toBe('#4da6ff');
      expect(p['stroke-opacity']).toBe('0.4');
      expect(p.d).toBe('M0 0h100v50'); // the spine itself: the caps do the rest
    }
  });

  it('applies pathtype 4 extensions by moving the end vertices along the end segments', () => {
    const c = new Cell('P');
    c.addPath([20, 0], [0, 0, 100_000, 0, 100_000, 50_000], 10_000, { pathtype: 4, beginExtension: 5_000, endExtension: 20_000 });
    c.addPath([20, 0], [0, 0, 30_000, 40_000], 10_000, { pathtype: 4, beginExtension: -1_000, endExtension: 5_000 }); // diagonal, shortened start
    const [p] = rdlStrokes(c);
    expect(p['stroke-linecap']).toBeUndefined();
    const [a, b] = parsePathData(p.d);
    expect(a.points).toEqual([[-5, 0], [100, 0], [100, 70]]);
    // (0,0)->(30,40) has length 50 um: -1 um moves the start 0.6, 0.8 um inwards; +5 um moves the end 3, 4 um out.
    expect(b.points).toEqual([[0.6, 0.8], [33, 44]]);
  });

  it('groups paths per width and end style, and draws zero-width and outline-only paths as 1 px lines', () => {
    const c = new Cell('P');
    c.addPath([20, 0], [0, 0, 10_000, 0], 2_000);
    c.addPath([20, 0], [0, 10_000, 10_000, 10_000], 2_000);
    c.addPath([20, 0], [0, 20_000, 10_000, 20_000], 2_000, { pathtype: 1 });
    c.addPath([20, 0], [0, 30_000, 10_000, 30_000], 0);
    const ps = rdlStrokes(c);
    expect(ps.map((p) => [p['stroke-width'], p['stroke-linecap'], p['vector-effect']])).toEqual([
      ['2', undefined, undefined],
      ['2', 'round', undefined],
      ['1', undefined, 'non-scaling-stroke'],
    ]);
    expect(parsePathData(ps[0].d)).toHaveLength(2);
    const hollow = rdlStrokes(c, LAYERS.map((l) => (l.name === 'RDL' ? { ...l, outlineOnly: true } : l)));
    expect(hollow).toHaveLength(1);
    expect(hollow[0]['vector-effect']).toBe('non-scaling-stroke');
  });
});

describe('polygons with holes', () => {
  const outer = [0, 0, 100_000, 0, 100_000, 100_000, 0, 100_000];
  const hole1 = [20_000, 20_000, 40_000, 20_000, 40_000, 40_000, 20_000, 40_000];
  const hole2 = [60_000, 50_000, 80_000, 50_000, 80_000, 80_000, 60_000, 80_000];

  it('splits keyholed rings into an outer loop and opposite-wound holes (nonzero fill leaves them empty)', () => {
    const ring = keyhole(outer, [hole1, hole2]);
    const loops = splitKeyholes(counterClockwise(ring));
    expect(loops).toHaveLength(3);
    const areas = loops.map((l) => ringArea2(l) / 2).sort((a, b) => a - b);
    expect(areas).toEqual([-600_000_000, -400_000_000, 10_000_000_000]);
    // Same answer as the original ring: the winding number inside a hole is 0, elsewhere 1.
    const winding = (x: number, y: number) => loops.reduce((w, l) => w + (pointInRing(l, x, y) ? Math.sign(ringArea2(l)) : 0), 0);
    expect(winding(30_000, 30_000)).toBe(0);
    expect(winding(70_000, 60_000)).toBe(0);
    expect(winding(50_000, 10_000)).toBe(1);
    expect(pointInRing(ring, 30_000, 30_000)).toBe(false);
  });

  it('writes the holes as subpaths with a nonzero fill and no keyhole cut in the outline', () => {
    const c = new Cell('K');
    c.addPolygonWithHoles([10, 0], outer, [hole1, hole2]);
    // A clockwise input ring comes out counter-clockwise, so overlaps with it add up, not cancel.
    c.addPolygon([10, 0], [200_000, 0, 200_000, 50_000, 250_000, 50_000, 250_000, 0]);
    const root = parseXml(cellToSvg(c, { layers: LAYERS }));
    const path = find(root, (e) => e.attrs.class === 'layer-PAD')[0].children[0];
    expect(path.attrs['fill-rule']).toBe('nonzero');
    const subs = parsePathData(path.attrs.d);
    expect(subs).toHaveLength(4);
    const flat = (s: (typeof subs)[number]) => s.points.flatMap((p) => [p[0] * 1000, p[1] * 1000]);
    const signs = subs.map((s) => Math.sign(ringArea2(flat(s))));
    expect(signs.filter((x) => x > 0)).toHaveLength(2);
    expect(signs.filter((x) => x < 0)).toHaveLength(2);
    // No subpath runs along a bridge: every vertex of a hole loop is a hole vertex.
    const holeSubs = subs.filter((s) => ringArea2(flat(s)) < 0);
    for (const s of holeSubs) for (const [x, y] of s.points) expect([20, 40, 60, 80]).toContain(x);
  });

  it('leaves ordinary rings alone and drops degenerate spikes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 })), { minLength: 3, maxLength: 12 }), (pts) => {
        const ring = pts.flat();
        const loops = splitKeyholes(ring);
        // Loops never invent vertices, and the signed area is kept (bridges have none).
        const verts = new Set(pts.map((p) => p.join(',')));
        for (const l of loops) for (let i = 0; i < l.length; i += 2) expect(verts.has(`${l[i]},${l[i + 1]}`)).toBe(true);
        const area = loops.reduce((s, l) => s + ringArea2(l), 0);
        expect(area).toBe(ringArea2(ring));
      }),
      { numRuns: 500 },
    );
    expect(splitKeyholes([0, 0, 10, 0, 10, 10, 20, 10, 10, 10, 0, 10, 0, 5, 0, 2])).toEqual([[10, 10, 0, 10, 0, 5, 0, 2, 0, 0, 10, 0]]);
  });
});

describe('outlines', () => {
  it('outlines polygons from outlineMinPx on screen and fills smaller ones only', () => {
    const c = new Cell('O');
    c.addBox([10, 0], 0, 0, 1_000_000, 1_000_000); // 1 mm: ~900 px at the default size
    c.addBox([10, 0], 0, 0, 1_000, 1_000); // 1 um: ~1 px
    c.addBox([90, 0], 0, 0, 1_000, 1_000); // outline-only layer: always outlined
    const pathsOf = (o: object) => {
      const root = parseXml(cellToSvg(c, { layers: LAYERS, ...o }));
      return ['layer-PAD', 'layer-DIE'].map((k) => find(root, (e) => e.attrs.class === k)[0].children.map((p) => [parsePathData(p.attrs.d).length, p.attrs.stroke !== undefined, p.attrs['vector-effect']]));
    };
    expect(pathsOf({})).toEqual([[[1, true, 'non-scaling-stroke'], [1, false, undefined]], [[1, true, 'non-scaling-stroke']]]);
    expect(pathsOf({ outlineMinPx: 0 })).toEqual([[[2, true, 'non-scaling-stroke']], [[1, true, 'non-scaling-stroke']]]);
    expect(pathsOf({ outlineMinPx: 1e4 })).toEqual([[[2, false, undefined]], [[1, true, 'non-scaling-stroke']]]);
  });
});

describe('numbers', () => {
  it('writes dbu as exact micrometres', () => {
    expect([0, 1, -1, 1000, 1500, -20, 123456789, -2147483648, 10, 100].map(fmtUm)).toEqual(['0', '0.001', '-0.001', '1', '1.5', '-0.02', '123456.789', '-2147483.648', '0.01', '0.1']);
    fc.assert(fc.property(fc.integer({ min: -2147483648, max: 2147483647 }), (v) => {
      expect(Math.round(Number(fmtUm(v)) * 1000)).toBe(v);
    }));
  });

  it('rounds scale lengths down to 1-2-5 steps and names their unit', () => {
    expect([0.0031, 0.7, 1, 1.9, 2, 4.99, 5, 9.99, 10, 37, 2190, 87_000].map(niceFloor)).toEqual([0.002, 0.5, 1, 1, 2, 2, 5, 5, 10, 20, 2000, 50_000]);
    expect([0.5, 1, 20, 999, 1000, 2000, 1250, 50_000].map(formatLength)).toEqual(['500 nm', '1 µm', '20 µm', '999 µm', '1 mm', '2 mm', '1.25 mm', '50 mm']);
  });
});
