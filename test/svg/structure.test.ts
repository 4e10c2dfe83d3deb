/**
 * Structure of the SVG: one definition per distinct cell, placements as <use>, arrays as row groups,
 * per-layer groups in the caller's order, legend entries per layer present, unique sanitised ids.
 */
import { describe, expect, it } from 'vitest';
import { Cell, Transform } from '../../src/core/index.ts';
import { cellToSvg } from '../../src/io/svg/index.ts';
import { arrayedDie, LAYERS } from './fixtures.ts';
import { find, parseXml, placedElements, type XmlElement } from './xml.ts';

const defsOf = (root: XmlElement) => find(root, (e) => e.name === 'defs')[0];
const defIds = (root: XmlElement) => defsOf(root).children.map((c) => c.attrs.id);
const count = (root: XmlElement, name: string) => find(root, (e) => e.name === name).length;

describe('hierarchy', () => {
  it('keeps one definition per distinct cell and expands a 50 x 50 AREF into ~cols + rows uses', () => {
    const { top } = arrayedDie(50, 50);
    const root = parseXml(cellToSvg(top, { layers: LAYERS }));
    const cellDefs = defsOf(root).children.filter((c) => c.attrs['data-cell']);
    expect(cellDefs.map((c) => c.attrs['data-cell'])).toEqual(['BUMP_CELL', 'DIE_CELL', 'TOP']);
    // One row group of 50 uses, 50 uses of the row, one use of the die in TOP, one use of TOP.
    const rows = defsOf(root).children.filter((c) => !c.attrs['data-cell']);
    expect(rows).toHaveLength(1);
    expect(rows[0].children.filter((c) => c.name === 'use')).toHaveLength(50);
    expect(count(root, 'use')).toBe(50 + 50 + 1 + 1);
    // The nesting still draws every element: 2,500 bump circles at the lattice positions.
    const circles = placedElements(root).filter((p) => p.el.name === 'path' && p.via.at(-1) === 'c-BUMP_CELL' && p.el.attrs.fill === '#66ee66');
    expect(circles).toHaveLength(2500);
    const origins = new Set(circles.map((p) => `${Math.round(p.matrix[4])},${Math.round(p.matrix[5])}`));
    expect(origins.size).toBe(2500);
    expect(origins.has('50,-50')).toBe(true); // first element at (50 um, 50 um), y flipped on the page
    expect(origins.has(`${49 * 100 + 50},${-(49 * 100 + 50)}`)).toBe(true);
  });

  it('writes single rows and columns as plain uses and shares row groups between equal arrays', () => {
    const bump = new Cell('B');
    bump.addBox([50, 0], 0, 0, 10, 10);
    const top = new Cell('T');
    top.addArray(bump, 7, 1, [100, 0], [0, 100]);
    top.addArray(bump, 1, 5, [100, 0], [0, 100], { x: 0, y: 1000 });
    top.addArray(bump, 4, 3, [100, 0], [0, 100], { x: 5000, y: 0 });
    top.addArray(bump, 4, 6, [100, 0], [0, 200], { x: 5000, y: 0 });
    const root = parseXml(cellToSvg(top, { layers: LAYERS }));
    expect(defsOf(root).children.filter((c) => !c.attrs['data-cell'])).toHaveLength(1);
    expect(count(root, 'use')).toBe(7 + 5 + (4 + 3) + 6 + 1);
    expect(placedElements(root).filter((p) => p.el.name === 'path')).toHaveLength(7 + 5 + 12 + 24);
  });

  it('places SREFs with their transforms and skips cells that draw nothing', () => {
    const leaf = new Cell('LEAF');
    leaf.addBox([20, 0], 0, 0, 1000, 1000);
    const hidden = new Cell('HIDDEN');
    hidden.addBox([7, 7], 0, 0, 1000, 1000);
    const empty = new Cell('EMPTY');
    const top = new Cell('TOP');
    for (let i = 0; i < 10; i++) top.addRef(leaf, { x: i * 2000, rotation: 90 * i });
    top.addRef(hidden);
    top.addRef(empty);
    const root = parseXml(cellToSvg(top, { layers: LAYERS, otherLayers: 'hide' }));
    expect(defIds(root)).toEqual(['c-LEAF', 'c-TOP']);
    expect(count(root, 'use')).toBe(11);
  });

  it('gives cells valid, unique ids whatever their names, and every href resolves', () => {
    const names = ['A B', 'A_B', 'A-B', 'x<y>&"z"', '1st', 'A B'.padEnd(200, 'x')];
    const top = new Cell('TOP');
    for (const [i, n] of names.entries()) {
      const c = new Cell(n);
      c.addBox([10, 0], 0, 0, 100, 100);
      top.addRef(c, { x: i * 1000 });
    }
    const svg = cellToSvg(top, { layers: LAYERS });
    const root = parseXml(svg);
    const ids = find(root, (e) => e.attrs.id !== undefined).map((e) => e.attrs.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(80);
    // The original names survive, escaped, in data-cell.
    expect(find(root, (e) => e.name === 'g' && e.attrs['data-cell'] !== undefined).map((e) => e.attrs['data-cell']).sort()).toEqual([...names, 'TOP'].sort());
    expect(() => placedElements(root)).not.toThrow();
    expect(placedElements(root).filter((p) => p.el.name === 'path')).toHaveLength(names.length);
  });
});

describe('layers and legend', () => {
  function layered(): Cell {
    const top = new Cell('TOP');
    top.addBox([50, 0], 0, 0, 100, 100); // BUMP
    top.addBox([10, 0], 0, 0, 200, 200); // PAD
    top.addPath([20, 0], [0, 0, 500, 0], 20); // RDL
    top.addBox([33, 3], 0, 0, 50, 50); // not styled
    top.addBox([92, 0], 0, 0, 60, 60); // SAW, made invisible below
    return top;
  }

  it('groups shapes per layer in the given order with class and data-layer', () => {
    const layers = LAYERS.map((l) => (l.name === 'SAW' ? { ...l, visible: false } : l));
    const root = parseXml(cellToSvg(layered(), { layers }));
    const top = find(root, (e) => e.attrs.id === 'c-TOP')[0];
    const groups = top.children.filter((c) => c.name === 'g');
    expect(groups.map((g) => [g.attrs.class, g.attrs['data-layer']])).toEqual([
      ['layer-PAD', '10/0'],
      ['layer-RDL', '20/0'],
      ['layer-BUMP', '50/0'],
      ['layer-33_3', '33/3'], // unlisted layers come last, named by their numbers
    ]);
    expect(groups[0].children[0].attrs.fill).toBe('#ff6666');
    expect(find(root, (e) => e.attrs['data-layer'] === '92/0')).toHaveLength(0);
  });

  it('lists one legend entry per layer present, in order, with swatch colour and L/D', () => {
    const root = parseXml(cellToSvg(layered(), { layers: LAYERS }));
    const entries = find(root, (e) => e.attrs.class === 'legend-entry');
    expect(entries.map((e) => e.attrs['data-layer'])).toEqual(['10/0', '20/0', '50/0', '92/0', '33/3']);
    const pad = entries[0];
    expect(find(pad, (e) => e.name === 'rect')[0].attrs.fill).toBe('#ff6666');
    const text = find(pad, (e) => e.name === 'text')[0];
    expect(text.text.trim()).toBe('PAD');
    expect(text.children[0].text).toBe('10/0');
    expect(find(pad, (e) => e.name === 'title')[0].text).toBe('PAD 10/0: 1 polygon, 0 paths, 0 labels (flattened)');
    // Outline-only layers get an unfilled swatch.
    const die = new Cell('D');
    die.addBox([90, 0], 0, 0, 10, 10);
    const root2 = parseXml(cellToSvg(die, { layers: LAYERS }));
    expect(find(root2, (e) => e.attrs.class === 'legend-entry').map((e) => find(e, (k) => k.name === 'rect')[0].attrs.fill)).toEqual(['none']);
  });

  it('omits legend, scale bar and unlisted layers on request', () => {
    const root = parseXml(cellToSvg(layered(), { layers: LAYERS, legend: false, scaleBar: false, otherLayers: 'hide' }));
    expect(find(root, (e) => e.attrs.class === 'legend')).toHaveLength(0);
    expect(find(root, (e) => e.attrs.class === 'scale-bar')).toHaveLength(0);
    expect(find(root, (e) => e.attrs['data-layer'] === '33/3')).toHaveLength(0);
  });

  it('writes a scale bar of a round 1-2-5 length and the layout extent', () => {
    const top = new Cell('W');
    top.addBox([10, 0], 0, 0, 7_300_000, 2_000_000); // 7.3 mm wide: 30 % is 2.19 mm -> 2 mm
    const root = parseXml(cellToSvg(top, { layers: LAYERS }));
    const bar = find(root, (e) => e.attrs.class === 'scale-bar')[0];
    const texts = find(bar, (e) => e.name === 'text').map((t) => t.text);
    expect(texts).toEqual(['2 mm', 'W: 7.3 mm × 2 mm']);
    const d = find(bar, (e) => e.name === 'path')[0].attrs.d;
    expect(d).toMatch(/h2000m/);
  });

  it('sizes the page to maxSizePx and puts the whole layout inside the viewBox', () => {
    const { top } = arrayedDie(3, 2);
    for (const maxSizePx of [400, 1000, 3000]) {
      const root = parseXml(cellToSvg(top, { layers: LAYERS, maxSizePx }));
      const w = Number(root.attrs.width);
      const h = Number(root.attrs.height);
      expect(Math.max(w, h)).toBeLessThanOrEqual(maxSizePx + 1);
      expect(Math.max(w, h)).toBeGreaterThan(maxSizePx * 0.9);
      const [vx, vy, vw, vh] = root.attrs.viewBox.split(' ').map(Number);
      expect(vw / vh).toBeCloseTo(w / h, 3);
      // Die outline 0..300 x 0..200 um, y up: page y from -200 to 0.
      expect(vx).toBeLessThan(0);
      expect(vy).toBeLessThan(-200);
      expect(vx + vw).toBeGreaterThan(300);
      expect(vy + vh).toBeGreaterThan(0);
    }
  });

  it('draws an empty cell as an empty but valid page', () => {
    const svg = cellToSvg(new Cell('EMPTY'), { layers: LAYERS });
    const root = parseXml(svg);
    expect(find(root, (e) => e.name === 'use')).toHaveLength(0);
    expect(root.attrs.viewBox.split(' ').map(Number).every(Number.isFinite)).toBe(true);
  });
});

describe('options', () => {
  const cell = arrayedDie(1, 1).top;
  it('rejects unknown keys and bad values by name', () => {
    expect(() => cellToSvg(cell, { layers: LAYERS, scalebar: false } as never)).toThrow(/unknown key 'scalebar'/);
    expect(() => cellToSvg(cell, { layers: [{ ...LAYERS[0], colour: '#fff' }] } as never)).toThrow(/layers\[0\]: unknown key 'colour'/);
    expect(() => cellToSvg(cell, { layers: [{ ...LAYERS[0], color: 'red' }] })).toThrow(/layers\[0\]\.color: expected a colour "#rrggbb"/);
    expect(() => cellToSvg(cell, { layers: [{ ...LAYERS[0], color: '#ff0000" onload="x' }] })).toThrow(/color/);
    expect(() => cellToSvg(cell, { layers: [LAYERS[0], { ...LAYERS[0], name: 'AGAIN' }] })).toThrow(/10\/0 \('AGAIN'\) is already styled as 'PAD'/);
    expect(() => cellToSvg(cell, { layers: [{ ...LAYERS[0], fillOpacity: 2 }] })).toThrow(/fillOpacity: 2 is outside 0..1/);
    expect(() => cellToSvg(cell, { layers: LAYERS, background: 'black' })).toThrow(/background/);
    expect(() => cellToSvg(cell, { layers: LAYERS, maxSizePx: 10 })).toThrow(/maxSizePx/);
    expect(() => cellToSvg(cell, { layers: LAYERS, labelSize: 0 })).toThrow(/labelSize/);
    expect(() => cellToSvg(cell, { layers: LAYERS, highlight: { markers: [{ x: 0, y: NaN, title: 'm' }] } })).toThrow(/highlight.markers\[0\].y/);
    expect(() => cellToSvg(cell, {} as never)).toThrow(/layers/);
  });

  it('honours background: a colour, or none for a transparent page with dark text', () => {
    const light = parseXml(cellToSvg(cell, { layers: LAYERS, background: '#FFFFFF' }));
    expect(find(light, (e) => e.attrs.class === 'background')[0].attrs.fill).toBe('#ffffff');
    expect(find(light, (e) => e.attrs.class === 'legend')[0].attrs.fill).toBe('#202020');
    const dark = parseXml(cellToSvg(cell, { layers: LAYERS }));
    expect(find(dark, (e) => e.attrs.class === 'background')[0].attrs.fill).toBe('#101418');
    expect(find(dark, (e) => e.attrs.class === 'legend')[0].attrs.fill).toBe('#e6e6e6');
    const none = parseXml(cellToSvg(cell, { layers: LAYERS, background: 'none' }));
    expect(find(none, (e) => e.attrs.class === 'background')).toHaveLength(0);
  });
});

describe('highlight', () => {
  it('overlays polygons and markers in top-cell coordinates with tooltips', () => {
    const { top } = arrayedDie(2, 2);
    const svg = cellToSvg(top, {
      layers: LAYERS,
      highlight: {
        polygons: [{ points: Int32Array.of(0, 0, 50_000, 0, 50_000, 20_000), title: 'net VDD: open' }],
        markers: [{ x: 1_000_000, y: -500_000, title: 'RDL.S.1: 8 um < 10 um', color: '#ffff00' }],
      },
    });
    const root = parseXml(svg);
    const hl = find(root, (e) => e.attrs.class === 'highlight')[0];
    // Inside the flipped layout group, drawn after the layout.
    const layout = find(root, (e) => e.attrs.id === 'layout')[0];
    expect(layout.children.at(-1)).toBe(hl);
    const poly = find(hl, (e) => e.name === 'path')[0];
    expect(poly.attrs.d).toBe('M0 0h50v20z');
    expect(find(poly, (e) => e.name === 'title')[0].text).toBe('net VDD: open');
    const marker = find(hl, (e) => e.attrs.class === 'marker')[0];
    expect(find(marker, (e) => e.name === 'title')[0].text).toBe('RDL.S.1: 8 um < 10 um');
    expect(find(marker, (e) => e.name === 'circle')[0].attrs).toMatchObject({ cx: '1000', cy: '-500', stroke: '#ffff00' });
    // The view grows to include a marker outside the layout.
    const [vx, vy, vw, vh] = root.attrs.viewBox.split(' ').map(Number);
    expect(vx + vw).toBeGreaterThan(1000);
    expect(vy + vh).toBeGreaterThan(500);
  });
});

describe('transform attribute', () => {
  it('writes pure shifts as translate() and everything else as matrix()', () => {
    const leaf = new Cell('L');
    leaf.addBox([10, 0], 0, 0, 10, 10);
    const top = new Cell('T');
    top.addRef(leaf, new Transform({ x: 1500, y: -20 }));
    top.addRef(leaf, new Transform({ x: 1, rotation: 90, mirrorX: true }));
    top.addRef(leaf, new Transform({ rotation: 30, magnification: 2 }));
    const root = parseXml(cellToSvg(top, { layers: LAYERS }));
    const uses = find(find(root, (e) => e.attrs.id === 'c-T')[0], (e) => e.name === 'use').map((u) => u.attrs.transform);
    expect(uses).toEqual(['translate(1.5 -0.02)', 'matrix(0 1 1 0 0.001 0)', 'matrix(1.7320508076 1 -1 1.7320508076 0 0)']);
  });
});
