/**
 * The wafer map SVG, measured on its output: one <symbol> per site status and one <use> per site at
 * the model's position, statuses that agree with the wafer model (whole, dummy, partial, skipped
 * shot), die IDs on the whole dies, the wafer outline at the wafer's radius, shots and plating drawn,
 * and a 300 mm wafer of 5 x 5 mm dies well under 5 MB.
 */
import { describe, expect, it } from 'vitest';
import { Cell } from '../../src/core/index.ts';
import { waferMapData, waferMapOf } from '../../src/io/html/index.ts';
import { waferMapSvg } from '../../src/io/svg/index.ts';
import { preset } from '../../src/tech/index.ts';
import { buildWafer, type WaferBuild } from '../../src/wafer/map.ts';
import { find, parsePathData, parseXml, type XmlElement } from './xml.ts';

const tech = preset('amkor-0.4');

/** A wafer of a plain die (a DIE box): the map only reads the model, so the die's content does not matter. */
function wafer(diameterMm: number, dieUm: number, extra: { partial?: 'skip' | 'dummy'; reticle?: [number, number]; plating?: boolean } = {}): WaferBuild {
  const w = dieUm * 1000;
  const die = new Cell(`MAPDIE_${diameterMm}_${dieUm}_${extra.partial ?? 'skip'}_${extra.plating ? 'p' : ''}`);
  die.addBox([90, 0], -w / 2, -w / 2, w / 2, w / 2);
  return buildWafer({
    name: `MAP${diameterMm}`,
    tech,
    die,
    dieSize: [w, w],
    wafer: { diameterMm, edgeExclusionMm: 3, street: 80_000, saw: 40_000, notch: true, offset: 'auto', partial: extra.partial ?? 'skip', ...(extra.reticle ? { reticle: extra.reticle } : {}) },
    ...(extra.plating ? { plating: { bus: 20_000, ring: 2_000_000, ties: [] } } : {}),
  });
}

const uses = (root: XmlElement) => find(root, (e) => e.name === 'use');
const num = (s: string | undefined) => Number(s);

describe('wafer map SVG', () => {
  it('300 mm, 5 x 5 mm dies: <symbol>/<use> per site at the model position, IDs on whole dies, under 5 MB', () => {
    const w = wafer(300, 5000, { partial: 'dummy', reticle: [5, 6], plating: true });
    const svg = waferMapOf(w, 'W300');
    const bytes = Buffer.byteLength(svg);
    console.log(`wafer map 300 mm / 5 mm: ${w.report.diesPlaced} whole dies, ${w.dies.length} sites, ${(bytes / 1e6).toFixed(3)} MB`);
    expect(bytes).toBeLessThan(5e6);
    const root = parseXml(svg);
    const symbols = find(root, (e) => e.name === 'symbol');
    expect(symbols.map((s) => s.attrs.id).sort()).toEqual(['wm-dummy', 'wm-partial', 'wm-skipped', 'wm-whole']);
    const u = uses(root);
    expect(u).toHaveLength(w.dies.length);
    // Each use sits at its site's centre: x = xUm / 1000 mm, page y = -yUm / 1000 mm (0.1 um written precision).
    const byPos = new Map(w.dies.map((s) => [`${s.col},${s.row}`, s]));
    let whole = 0;
    for (let i = 0; i < u.length; i++) {
      const s = w.dies[i];
      expect(Math.abs(num(u[i].attrs.x) - s.xUm / 1000)).toBeLessThan(1e-4);
      expect(Math.abs(num(u[i].attrs.y) + s.yUm / 1000)).toBeLessThan(1e-4);
      if (u[i].attrs.href === '#wm-whole') {
        whole++;
        expect(s.whole).toBe(true);
        expect(find(u[i], (e) => e.name === 'title')[0].text).toContain(s.id);
      }
    }
    expect(byPos.size).toBe(w.dies.length);
    expect(whole).toBe(w.report.diesPlaced);
    expect(u.filter((e) => e.attrs.href === '#wm-dummy')).toHaveLength(w.report.dummySites);
    // Skipped: partial sites in no reticle shot; partial: partial sites a shot exposes.
    const inShot = new Set(w.shots!.shots.flatMap((s) => s.sites.map((t) => `${t.col},${t.row}`)));
    const skipped = w.dies.filter((s) => !s.whole && s.kind !== 'dummy' && !inShot.has(`${s.col},${s.row}`)).length;
    expect(u.filter((e) => e.attrs.href === '#wm-skipped')).toHaveLength(skipped);
    // Die IDs: one text per whole die, at its centre, reading its ID.
    const ids = find(root, (e) => e.attrs.class === 'wm-ids')[0].children;
    expect(ids).toHaveLength(w.report.diesPlaced);
    const wholeSites = w.dies.filter((s) => s.whole);
    ids.forEach((t, i) => {
      expect(t.text).toBe(wholeSites[i].id);
      expect(Math.abs(num(t.attrs.x) - wholeSites[i].xUm / 1000)).toBeLessThan(1e-4);
    });
    // The wafer outline is at the wafer radius (150 mm) except at the notch (1 mm deep, at the bottom: page y > 0).
    const outline = parsePathData(find(root, (e) => e.attrs.class === 'wm-wafer')[0].attrs.d)[0].points;
    const radii = outline.map(([x, y]) => Math.hypot(x, y));
    expect(Math.max(...radii)).toBeCloseTo(150, 2);
    const notch = outline.filter(([x, y]) => Math.hypot(x, y) < 149.5);
    expect(notch.length).toBeGreaterThan(0);
    for (const [x, y] of notch) {
      expect(y).toBeGreaterThan(148);
      expect(Math.abs(x)).toBeLessThan(1.5);
    }
    // One closed field outline per reticle shot; plating drawn (ring and bus).
    expect(parsePathData(find(root, (e) => e.attrs.class === 'wm-shots')[0].attrs.d)).toHaveLength(w.shots!.shots.length);
    expect(find(root, (e) => e.attrs.class === 'wm-plating')).toHaveLength(1);
    // Legend counts read the same figures.
    const legend = find(root, (e) => (e.attrs.class ?? '').includes('wm-status-whole'))[0];
    expect(find(legend, (e) => e.name === 'tspan')[0].text).toBe(String(w.report.diesPlaced));
  });

  it('without shots every partial site is "partial"; IDs show by default only when legible; output is deterministic', () => {
    const small = wafer(100, 10_000); // 10 mm dies on 100 mm: ~9 px per mm, IDs ~2.3 mm tall: legible
    const big = wafer(200, 3000); // 3 mm dies on 200 mm: IDs < 1 mm at ~4.4 px/mm: hidden until zoomed
    const a = parseXml(waferMapOf(small, 'S'));
    expect(uses(a).filter((e) => e.attrs.href === '#wm-partial')).toHaveLength(small.report.partialSites);
    expect(uses(a).filter((e) => e.attrs.href === '#wm-skipped')).toHaveLength(0);
    expect(a.attrs.class.split(' ')).toContain('wm-ids-on');
    const b = parseXml(waferMapOf(big, 'B'));
    expect(b.attrs.class.split(' ')).not.toContain('wm-ids-on');
    // The threshold follows the glyph size on screen: data-id-mm times px per mm of the view.
    for (const [root, on] of [[a, true], [b, false]] as const) {
      const view = find(root, (e) => e.attrs.class === 'wm-view')[0];
      const pxPerMm = num(view.attrs.width) / num(view.attrs.viewBox.split(' ')[2]);
      expect(num(root.attrs['data-id-mm']) * pxPerMm >= 7).toBe(on);
    }
    expect(waferMapOf(big, 'B')).toBe(waferMapOf(big, 'B'));
    // The pan/zoom script is inline (CDATA) and references nothing outside the file.
    const script = find(b, (e) => e.name === 'script')[0];
    expect(script.attrs.src).toBeUndefined();
    expect(script.text).toContain('viewBox');
    expect(find(b, (e) => e.attrs.href !== undefined && !e.attrs.href.startsWith('#'))).toHaveLength(0);
  });

  it('DRC markers outside the dies land on the map at their wafer position; bad sizes are refused', () => {
    const w = wafer(150, 4000);
    const data = waferMapData(w, 'M', [{ rule: 'rdl.space', cell: 'TOP', xyUm: [12_345, -67_890] }]);
    const root = parseXml(waferMapSvg(data));
    const c = find(root, (e) => e.name === 'circle' && (e.attrs.cx ?? '') !== '')[0];
    expect(num(c.attrs.cx)).toBeCloseTo(12.345, 4);
    expect(num(c.attrs.cy)).toBeCloseTo(67.89, 4);
    expect(find(c, (e) => e.name === 'title')[0].text).toContain('rdl.space');
    expect(() => waferMapSvg(data, { sizePx: 50 })).toThrow(/sizePx/);
  });
});
