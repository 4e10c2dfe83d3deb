/**
 * The HTML report as a person sees it: built through the pipeline, opened from disk in headless
 * Chromium (Debian `chromium`, driven by playwright-core), no console errors and no request beyond
 * the file itself, a screenshot whose wafer-map region is covered by die colours (pixels, not DOM),
 * pan/zoom and hover that work; plus the page's content measured on its DOM: tables that agree with
 * the report, failed nets and DRC violations highlighted, mechanics rendered generically and capped,
 * the command and design escaped, and the same bytes for the same input.
 * Browser tests skip only when Chromium is missing outside CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { build, type BuildResult } from '../../src/design/pipeline.ts';
import { loadDesign } from '../../src/design/load.ts';
import { htmlReport, ROW_CAP, type HtmlReportInput } from '../../src/io/html/index.ts';
import { svgLayers } from '../../src/design/pipeline.ts';
import { WAFER_MAP_COLORS } from '../../src/io/svg/index.ts';
import { requireExternalTools } from '../helpers/external.ts';
import { decodePng } from '../svg/png.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c) => fs.existsSync(c));
if (!CHROMIUM && requireExternalTools) throw new Error('CI=true but chromium is not installed (apt-get install -y chromium)');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-html-'));
// The wafer through the API without verification (whole-wafer DRC is slow and not what is tested here).
let wafer: BuildResult;
let single: BuildResult;
beforeAll(() => {
  wafer = build(loadDesign('examples/wafer-200.yaml')[0], { skipVerify: true });
  single = build(loadDesign('examples/wlcsp-6x6.yaml')[0], { skipVerify: true });
}, 120_000);

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
/** Pixels within `tol` of colour `c` in an RGBA image. */
function countColour(img: { data: Uint8Array; width: number; height: number }, c: string, tol = 6): number {
  const [r, g, b] = hex(c);
  let n = 0;
  for (let i = 0; i < img.width * img.height * 4; i += 4) if (Math.abs(img.data[i] - r) <= tol && Math.abs(img.data[i + 1] - g) <= tol && Math.abs(img.data[i + 2] - b) <= tol) n++;
  return n;
}

/** The report input of a build result (what the pipeline passes), to vary one field at a time. */
function inputOf(r: BuildResult): HtmlReportInput {
  return { report: structuredClone(r.report), source: r.design.source, die: r.die, layers: svgLayers(r.design.tech), nets: r.route.nets, ...(r.wafer ? { wafer: r.wafer } : {}) };
}

function dom(html: string): { count: (re: RegExp) => number; section: (id: string) => string } {
  return {
    count: (re) => (html.match(re) ?? []).length,
    section: (id) => {
      const a = html.indexOf(`<section id="${id}">`);
      if (a < 0) throw new Error(`no section #${id}`);
      return html.slice(a, html.indexOf('</section>', a));
    },
  };
}

describe.skipIf(!CHROMIUM)('HTML report in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from disk with no console errors and no network, and shows a non-blank wafer map; zoom and hover work', async () => {
    const file = path.join(tmp, 'wafer-200.html');
    fs.writeFileSync(file, wafer.files.get('wafer-200.html')!);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: 1 });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`file://${file}`, { waitUntil: 'load' });
    const view = page.locator('#wafer-map-figure svg.wm-view');
    await view.scrollIntoViewIfNeeded();
    const box = (await view.boundingBox())!;
    expect(box.width).toBeGreaterThan(400);
    const png = path.join(tmp, 'wafer-map.png');
    const img = decodePng(await page.screenshot({ path: png, clip: box }));
    console.log(`html report screenshot: ${png}`);
    // Dies cover most of the wafer: whole-die green over > 35 % of the map square (the wafer disc is
    // ~75 % of it); partial-site orange on the rim; nothing of it is blank.
    const area = img.width * img.height;
    const green = countColour(img, WAFER_MAP_COLORS.whole);
    const orange = countColour(img, WAFER_MAP_COLORS.partial);
    console.log(`wafer map pixels: ${area}, whole-die colour ${green} (${((100 * green) / area).toFixed(1)} %), partial colour ${orange}`);
    expect(green / area).toBeGreaterThan(0.35);
    expect(orange).toBeGreaterThan(500);
    expect(errors).toEqual([]);
    expect(requests).toEqual([`file://${file}`]);

    // Wheel zoom around the centre: the viewBox narrows, and die IDs (hidden at full view on 3 mm dies) appear.
    // Browser-side code as strings: the project's type library has no DOM.
    const idsDisplay = () => page.evaluate<string>(`getComputedStyle(document.querySelector('#wafer-map-figure .wm-ids')).display`);
    expect(await idsDisplay()).toBe('none');
    const vbWidth = () => page.evaluate<number>(`document.querySelector('#wafer-map-figure svg.wm-view').viewBox.baseVal.width`);
    const w0 = await vbWidth();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
    await page.waitForFunction(`document.querySelector('#wafer-map-figure svg.wm-view').viewBox.baseVal.width < ${w0 / 3}`);
    expect(await idsDisplay()).not.toBe('none');
    const zoomed = decodePng(await page.screenshot({ clip: box }));
    expect(countColour(zoomed, WAFER_MAP_COLORS.whole) / area).toBeGreaterThan(0.5); // zoomed into the middle: all dies
    await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
    expect(await vbWidth()).toBeCloseTo(w0, 6);

    // Die view: hovering a net's metal lights it up and its tooltip names the net.
    const hit = await page.evaluate<{ x: number; y: number; title: string } | null>(`(() => {
      const target = document.querySelector('#die-view-figure .hover-target');
      target.scrollIntoView({ block: 'center' });
      const p = target.querySelector('path');
      const r = p.getBoundingClientRect();
      for (let fy = 0.05; fy < 1; fy += 0.05) {
        for (let fx = 0.05; fx < 1; fx += 0.05) {
          const x = r.left + fx * r.width;
          const y = r.top + fy * r.height;
          if (document.elementFromPoint(x, y) === p) return { x, y, title: target.querySelector('title').textContent };
        }
      }
      return null;
    })()`);
    expect(hit).not.toBeNull();
    expect(hit!.title).toMatch(/^net \S+: pads /);
    const opacity = () => page.evaluate<string>(`getComputedStyle(document.querySelector('#die-view-figure .hover-target path')).fillOpacity`);
    expect(await opacity()).toBe('0');
    await page.mouse.move(hit!.x, hit!.y);
    expect(Number(await opacity())).toBeGreaterThan(0.3);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('HTML report content', () => {
  it('is one self-contained file: inline styles and script, no URL but the SVG namespace', () => {
    const html = text(wafer.files.get('wafer-200.html')!);
    const urls = (html.match(/(?:https?|ftp):\/\/[^\s"'<>)]+/g) ?? []).filter((u) => u !== 'http://www.w3.org/2000/svg');
    expect(urls).toEqual([]);
    expect(html).not.toMatch(/<(?:link|img|iframe)\b/);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/);
    for (const m of html.matchAll(/\shref="([^"]*)"/g)) expect(m[1].startsWith('#')).toBe(true);
    // The wafer map inside uses one symbol per status and a use per site.
    expect(dom(html).count(/<use href="#wm-/g)).toBe(wafer.wafer!.dies.length);
  });

  it('tables agree with the report: nets, die count and offset, layers; command and design escaped', () => {
    const input = inputOf(wafer);
    input.report.command = 'wlpgen build <x&y>.yaml --out "o"';
    const html = htmlReport(input);
    const d = dom(html);
    const nets = d.section('nets');
    expect((nets.match(/<tbody>/g) ?? []).length).toBe(2); // summary key/value table, then the nets
    const netRows = nets.slice(nets.lastIndexOf('<tbody>')).match(/<tr/g) ?? [];
    expect(netRows).toHaveLength(wafer.report.routing.nets);
    for (const n of wafer.report.routing.table.slice(0, 5)) expect(nets).toContain(`<td>${n.net}</td><td>${n.pads.join(', ')}</td><td>${n.bumps.join(', ')}</td>`);
    const fig = d.section('figures');
    expect(fig).toContain(`<td class="num">${wafer.report.wafer!.diesPlaced.toLocaleString('en-US')}</td>`);
    expect(fig).toContain(`${wafer.report.wafer!.offsetUm[0]}, ${wafer.report.wafer!.offsetUm[1]}`);
    expect(d.section('provenance')).toContain('<pre id="command">wlpgen build &lt;x&amp;y&gt;.yaml --out &quot;o&quot;</pre>');
    expect(d.section('provenance')).toContain('size: [ 3000, 3000 ]');
    expect(d.count(/<tr><td>[A-Z0-9]+<\/td><td class="num">\d+<\/td><td class="num">\d+<\/td><\/tr>/g)).toBe(Object.keys(wafer.report.layers).length);
  });

  it('highlights failed nets and DRC violations in the die view, and kerf violations on the wafer map', () => {
    const input = inputOf(wafer);
    const victim = wafer.route.nets.find((n) => n.polygons.length)!;
    input.nets = wafer.route.nets.map((n) => (n === victim ? { ...n, routed: false, reason: 'blocked (test)' } : n));
    input.report.routing.failures = [{ net: victim.net, reason: 'blocked (test)' }];
    input.report.routing.table = input.report.routing.table.map((t) => (t.net === victim.net ? { ...t, routed: false } : t));
    // One violation inside die (col, row) of the first whole site (die frame (100, 200) um) repeated on
    // a second die, and one in the kerf street between dies: the die view shows one marker, the map one.
    const L = wafer.wafer!.lattice;
    const [s1, s2] = wafer.wafer!.dies.filter((s) => s.whole);
    const at = (s: typeof s1, dx: number, dy: number): [number, number] => {
      const [x, y] = L.placement(s.col, s.row);
      return [(x + dx) / 1000, (y + dy) / 1000];
    };
    const kerf = at(s1, L.dieBox.x1 + Math.floor(L.street[0] / 2), 0);
    input.report.drc = { ...input.report.drc, ran: true, total: 3, byRule: { 'rdl.space': 2, 'kerf.width': 1 }, violations: [
      { rule: 'rdl.space', cell: wafer.die.name, xyUm: at(s1, 100_000, 200_000) },
      { rule: 'rdl.space', cell: wafer.die.name, xyUm: at(s2, 100_000, 200_000) },
      { rule: 'kerf.width', cell: 'TOP', xyUm: kerf },
    ] };
    const html = htmlReport(input);
    const die = dom(html).section('die-view');
    expect(dom(die).count(/<g class="marker"><title>DRC rdl\.space/g)).toBe(1);
    expect(die).toMatch(/<circle cx="100" cy="200"/);
    expect(dom(die).count(new RegExp(`<path [^>]*stroke="#ff3b3b"[^>]*><title>failed net ${victim.net}: blocked \\(test\\)</title>`, 'g'))).toBe(victim.polygons.length);
    expect(die).toContain('hover-target net failed');
    const map = dom(html).section('wafer-map');
    const marks = [...map.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"[^>]*><title>DRC kerf\.width/g)];
    expect(marks).toHaveLength(1);
    // The map's unit is 1 mm with page y = -wafer y.
    expect(Number(marks[0][1])).toBeCloseTo(kerf[0] / 1000, 4);
    expect(Number(marks[0][2])).toBeCloseTo(-kerf[1] / 1000, 4);
    const netsTable = dom(html).section('nets');
    expect(netsTable).toMatch(new RegExp(`<tr class="failed"><td>${victim.net}</td>`));
    expect(dom(html).section('verification')).toContain('3 violations');
  });

  it('renders report.mech and other unknown sections generically, capping long tables with their count', () => {
    const input = inputOf(single);
    const rows = Array.from({ length: ROW_CAP + 57 }, (_, i) => ({ bump: `B${i}`, dispUm: i / 100, strainPct: 0.01 * i }));
    (input.report as unknown as Record<string, unknown>).mech = { post: { heightUm: 100, maxBendingStressMPa: 41.25 }, thermal: rows, worst: { bump: 'B256', dispUm: 2.56 } };
    (input.report as unknown as Record<string, unknown>).stack = { tiers: [{ name: 'T1', thicknessUm: 50 }, { name: 'T2', thicknessUm: 60 }] };
    const html = htmlReport(input);
    const mech = dom(html).section('mech');
    expect(mech).toContain('<th>max bending stress (MPa)</th><td class="num">41.25</td>');
    expect(mech).toContain('<th>disp (µm)</th>');
    expect(dom(mech).count(/<tr><td>B\d+<\/td>/g)).toBe(ROW_CAP);
    expect(mech).toContain(`showing ${ROW_CAP} of ${ROW_CAP + 57} rows`);
    expect(mech).toContain('<th>bump</th><td>B256</td>');
    const stack = dom(html).section('extra-stack');
    expect(dom(stack).count(/<tr><td>T\d<\/td>/g)).toBe(2);
    // The nav links every section.
    for (const id of ['summary', 'die-view', 'nets', 'verification', 'mech', 'extra-stack', 'provenance']) expect(html).toContain(`<a href="#${id}">`);
    expect(html).not.toContain('id="wafer-map"'); // a single die has no wafer map
  });

  it('is deterministic: the same design gives the same bytes', () => {
    const again = build(loadDesign('examples/wafer-200.yaml')[0], { skipVerify: true });
    expect(Buffer.from(again.files.get('wafer-200.html')!).equals(Buffer.from(wafer.files.get('wafer-200.html')!))).toBe(true);
    expect(Buffer.from(again.files.get('wafer-200.map.svg')!).equals(Buffer.from(wafer.files.get('wafer-200.map.svg')!))).toBe(true);
  }, 60_000);
});
