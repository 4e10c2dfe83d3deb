/**
 * HTML report benchmark (issue 8): examples/wafer-300.yaml (300 mm wafer, 5 x 5 mm routed die, plated,
 * dummy edge sites, 5 x 6 dies per shot) built through the pipeline without verification (the
 * previews are what is measured). Reports the sizes of the layout SVG, the wafer map SVG and the HTML
 * report (targets: map < 5 MB), the time to render the report, and the time headless Chromium (Debian
 * `chromium`, playwright-core) takes to open it from disk: navigation to the load event plus the first
 * screenshot, median of BENCH_REPS fresh pages (default 3) after one warm-up; target < 2 s.
 *
 * `runHtmlBench()` returns the table. Run alone: `npx tsx scripts/bench/html.ts [--screenshot FILE.png]`
 * (the option also saves a screenshot of the report's top: the README's docs/report.png).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { loadDesign } from '../../src/design/load.ts';
import { build } from '../../src/design/pipeline.ts';
import { fmt, median } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.join(HERE, '..', '..');
const OUT = path.join(REPO, 'out', 'bench');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];

export interface HtmlBench {
  dies: number;
  sites: number;
  buildS: number;
  svgBytes: number;
  mapBytes: number;
  htmlBytes: number;
  /** Seconds per run: goto (load event) and goto + first screenshot. */
  loadS: number[];
  openS: number[];
  consoleErrors: string[];
}

/** Builds the report, then opens it `reps` times in fresh pages of one browser. */
export async function measureHtml(reps = Number(process.env.BENCH_REPS ?? 3), screenshot?: string): Promise<HtmlBench> {
  fs.mkdirSync(OUT, { recursive: true });
  // Relative path: the report records the design file as given.
  const design = loadDesign(path.relative(process.cwd(), path.join(REPO, 'examples', 'wafer-300.yaml')))[0];
  const t0 = performance.now();
  // Verified, as a user's build is: the page then carries the DRC, LVS and plating results too.
  const r = build(design, { command: 'wlpgen build examples/wafer-300.yaml' });
  const buildS = (performance.now() - t0) / 1000;
  const file = path.join(OUT, 'wafer-300.html');
  fs.writeFileSync(file, r.files.get('wafer-300.html')!);
  const exe = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((c) => fs.existsSync(c));
  if (!exe) throw new Error('html bench: chromium is not installed (apt-get install -y chromium)');
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS });
  const loadS: number[] = [];
  const openS: number[] = [];
  const consoleErrors: string[] = [];
  try {
    for (let i = 0; i <= reps; i++) {
      // The saved screenshot (warm-up page, untimed) is taller so it holds the whole wafer map.
      const page = await browser.newPage({ viewport: { width: 1400, height: i === 0 && screenshot ? 1380 : 1000 }, deviceScaleFactor: 1 });
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      const s0 = performance.now();
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      const s1 = performance.now();
      const png = await page.screenshot(i === 0 && screenshot ? { path: screenshot } : {});
      const s2 = performance.now();
      if (!png.length) throw new Error('html bench: empty screenshot');
      // Run 0 is the warm-up (first page of the browser, disk cache cold).
      if (i > 0) {
        loadS.push((s1 - s0) / 1000);
        openS.push((s2 - s0) / 1000);
      }
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    dies: r.report.wafer!.diesPlaced,
    sites: r.wafer!.dies.length,
    buildS,
    svgBytes: r.files.get('wafer-300.svg')!.length,
    mapBytes: r.files.get('wafer-300.map.svg')!.length,
    htmlBytes: r.files.get('wafer-300.html')!.length,
    loadS,
    openS,
    consoleErrors,
  };
}

export function formatHtmlBench(b: HtmlBench): string {
  const reps = b.openS.length;
  return [
    `HTML report: examples/wafer-300.yaml (300 mm, ${b.dies} whole dies of 5 x 5 mm, ${b.sites} sites), built and verified in ${fmt(b.buildS)} s`,
    '| output | size (target) |',
    '|---|---|',
    `| wafer map <name>.map.svg (<symbol>/<use>) | ${fmt(b.mapBytes / 1e6)} MB (< 5 MB) |`,
    `| layout preview <name>.svg (hierarchical <use>) | ${fmt(b.svgBytes / 1e6)} MB |`,
    `| HTML report <name>.html (map + die view + tables) | ${fmt(b.htmlBytes / 1e6)} MB |`,
    `Headless Chromium (median of ${reps} fresh pages after one warm-up): load event ${fmt(median(b.loadS))} s, load + first screenshot ${fmt(median(b.openS))} s (< 2 s); console errors: ${b.consoleErrors.length}`,
  ].join('\n');
}

/** Runs the benchmark and returns the table. */
export async function runHtmlBench(): Promise<string> {
  return formatHtmlBench(await measureHtml());
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const i = process.argv.indexOf('--screenshot');
  const b = await measureHtml(undefined, i >= 0 ? path.resolve(process.argv[i + 1]) : undefined);
  process.stdout.write(formatHtmlBench(b) + '\n');
}
