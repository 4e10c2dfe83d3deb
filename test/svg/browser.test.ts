/**
 * The SVG as a person sees it: rendered by headless Chromium (Debian `chromium`), screenshot decoded
 * and checked pixel by pixel: layer colours where the polygons are, y up (the upper polygon at the top
 * of the image), a keyhole's hole showing the background, path ends as GDSII defines them, the
 * fill opacity blend, and the legend. Skipped only when Chromium is missing outside CI.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cell } from '../../src/core/index.ts';
import { cellToSvg, type LayerStyle } from '../../src/io/svg/index.ts';
import { requireExternalTools } from '../helpers/external.ts';
import { decodePng, pixel, type Image } from './png.ts';
import { find, parseXml } from './xml.ts';

const CHROMIUM = ['chromium', '/usr/bin/chromium', 'chromium-browser'].find((c) => {
  try {
    execFileSync(c, ['--version'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
});
if (!CHROMIUM && requireExternalTools) throw new Error('CI=true but chromium is not installed (apt-get install -y chromium)');

/** Renders an SVG file with headless Chromium at a 1:1 device scale and returns the decoded screenshot. */
function screenshot(svgFile: string, pngFile: string, size = 1000): Image {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-chromium-'));
  try {
    execFileSync(
      CHROMIUM!,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--hide-scrollbars', '--force-device-scale-factor=1', '--force-color-profile=srgb', `--user-data-dir=${profile}`,
        `--screenshot=${pngFile}`, `--window-size=${size},${size}`, `file://${svgFile}`,
      ],
      { stdio: 'pipe', timeout: 90_000 },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
  return decodePng(fs.readFileSync(pngFile));
}

const hex = (c: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as [number, number, number];
const blend = (bg: string, fg: string, a: number) => hex(bg).map((b, i) => b + (hex(fg)[i] - b) * a);
const close = (got: number[], want: number[], tol = 3) => got.every((v, i) => Math.abs(v - want[i]) <= tol);

const STYLES: LayerStyle[] = [
  { layer: 10, datatype: 0, name: 'PAD', color: '#ff6666', fillOpacity: 1 },
  { layer: 20, datatype: 0, name: 'RDL', color: '#4da6ff', fillOpacity: 1 },
  { layer: 40, datatype: 0, name: 'UBM', color: '#b380ff', fillOpacity: 1 },
  { layer: 50, datatype: 0, name: 'BUMP', color: '#66ee66', fillOpacity: 1 },
  { layer: 81, datatype: 0, name: 'TEXT', color: '#ffffff' },
  { layer: 92, datatype: 0, name: 'SAW', color: '#8c8cff' }, // default opacity 0.4
];

/** Coordinates in um; dbu = um * 1000. */
function layout(): Cell {
  const k = 1000;
  const top = new Cell('BROWSER_CHECK');
  top.addBox([20, 0], -300 * k, 200 * k, 300 * k, 400 * k); // RDL, upper
  top.addBox([10, 0], -300 * k, -400 * k, 300 * k, -200 * k); // PAD, lower
  top.addPolygonWithHoles([50, 0], [500 * k, -200 * k, 900 * k, -200 * k, 900 * k, 200 * k, 500 * k, 200 * k], [[600 * k, -100 * k, 800 * k, -100 * k, 800 * k, 100 * k, 600 * k, 100 * k]]);
  top.addPath([40, 0], [-800 * k, 0, -500 * k, 0], 60 * k, { pathtype: 2 }); // square ends: -830 .. -470
  top.addPath([40, 0], [-800 * k, 120 * k, -500 * k, 120 * k], 60 * k, { pathtype: 0 }); // flush: -800 .. -500
  top.addPath([40, 0], [-800 * k, -120 * k, -500 * k, -120 * k], 60 * k, { pathtype: 4, beginExtension: 0, endExtension: 60 * k }); // -800 .. -440
  top.addBox([92, 0], -300 * k, -100 * k, 300 * k, 100 * k); // SAW at 0.4 opacity
  top.addLabel([81, 0], 'UP', 0, 300 * k, { hjust: 1, vjust: 1 });
  return top;
}

describe.skipIf(!CHROMIUM)('rendered in Chromium', () => {
  it('shows layer colours in place, y up, holes open, GDSII path ends, and a legend', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-svg-'));
    const svgFile = path.join(dir, 'browser-check.svg');
    const pngFile = path.join(dir, 'browser-check.png');
    const svg = cellToSvg(layout(), { layers: STYLES, title: 'browser check <&>' });
    fs.writeFileSync(svgFile, svg);
    const img = screenshot(svgFile, pngFile);
    console.log(`svg browser check: ${svgFile} -> ${pngFile}`);

    const root = parseXml(svg);
    const [vx, vy, vw] = root.attrs.viewBox.split(' ').map(Number);
    const scale = Number(root.attrs.width) / vw; // px per um
    const px = (xUm: number, yUm: number) => [(xUm - vx) * scale, (-yUm - vy) * scale] as const;
    const at = (xUm: number, yUm: number) => pixel(img, ...px(xUm, yUm));
    const bg = hex('#101418');

    // Colours where the polygons are (fill opacity 1: the exact colour).
    expect(at(-200, 350)).toEqual(hex('#4da6ff'));
    expect(at(-200, -350)).toEqual(hex('#ff6666'));
    // y up: every RDL-coloured pixel lies above every PAD-coloured pixel.
    const rows = (c: [number, number, number]) => {
      const ys: number[] = [];
      for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x += 2) if (close(pixel(img, x, y), c, 0)) ys.push(y);
      return ys;
    };
    const rdlRows = rows(hex('#4da6ff'));
    const padRows = rows(hex('#ff6666'));
    expect(rdlRows.length).toBeGreaterThan(1000);
    expect(padRows.length).toBeGreaterThan(1000);
    const padInLayout = padRows.filter((y) => y > px(0, 0)[1]); // legend swatches are drawn at other opacity
    expect(Math.max(...rdlRows)).toBeLessThan(Math.min(...padInLayout));
    expect(Math.max(...rdlRows)).toBeLessThan(img.height / 2);

    // Keyholed ring: material around, background in the hole, and no cut line through it.
    expect(at(550, 0)).toEqual(hex('#66ee66'));
    expect(at(700, 0)).toEqual(bg);
    expect(at(700, 95)).toEqual(bg);
    for (let x = 610; x <= 790; x += 5) expect(close(at(x, 0), bg, 2)).toBe(true);

    // Path ends: square extends w/2 past the end vertex, flush stops at it, pathtype 4 by its extension.
    expect(at(-815, 0)).toEqual(hex('#b380ff'));
    expect(at(-485, 0)).toEqual(hex('#b380ff'));
    expect(at(-845, 0)).toEqual(bg);
    expect(at(-790, 120)).toEqual(hex('#b380ff'));
    expect(close(at(-810, 120), bg, 2)).toBe(true);
    expect(close(at(-490, 120), bg, 2)).toBe(true);
    expect(at(-450, -120)).toEqual(hex('#b380ff'));
    expect(close(at(-430, -120), bg, 2)).toBe(true);

    // Default fill opacity 0.4 over the background.
    expect(close(at(-200, 0), blend('#101418', '#8c8cff', 0.4))).toBe(true);

    // Legend: a swatch of every layer right of the layout, readable text (light pixels) beside it.
    const legend = find(root, (e) => e.attrs.class === 'legend-entry');
    expect(legend.map((e) => e.attrs['data-layer'])).toEqual(['10/0', '20/0', '40/0', '50/0', '81/0', '92/0']);
    const xLegend = px(900, 0)[0];
    for (const s of STYLES) {
      const want = blend('#101418', s.color, s.fillOpacity ?? 0.4);
      let found = false;
      for (let y = 0; y < img.height && !found; y++) for (let x = Math.ceil(xLegend); x < img.width && !found; x++) found = close(pixel(img, x, y), want, 2);
      expect(found, `legend swatch of ${s.name}`).toBe(true);
    }
    // The scale bar and its text below the layout: light pixels in the band under y = -400 um.
    const yBand = px(0, -400)[1] + 20;
    let light = 0;
    for (let y = Math.ceil(yBand); y < Number(root.attrs.height); y++) for (let x = 0; x < xLegend; x++) if (pixel(img, x, y).every((v) => v > 180)) light++;
    expect(light).toBeGreaterThan(100);
    // Outside the SVG the page is white: the drawing is exactly width x height px.
    expect(Number(root.attrs.height)).toBeLessThan(img.height - 10);
    expect(pixel(img, 5, Number(root.attrs.height) + 5)).toEqual([255, 255, 255]);
    expect(pixel(img, 5, Number(root.attrs.height) - 3)).toEqual(bg);
  });
});
