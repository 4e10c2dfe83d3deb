/**
 * A PNG of a GDS file rendered by KLayout itself, with the design's .lyp: the picture a user gets
 * when opening the mask in their own viewer. Optional: KLayout is an external program
 * (`apt-get install -y klayout`); when it is absent the render is skipped and the caller is told why.
 *
 * Runs `QT_QPA_PLATFORM=offscreen klayout -b -r render.py -rd gds=... -rd lyp=... -rd png=...`
 * (pya.LayoutView: load_layout, load_layer_props, zoom_fit, save_image_with_options).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The pya script; variables come in through `-rd`. Prints one `PNG w h` line on success. */
export const KLAYOUT_RENDER_SCRIPT = `import pya
view = pya.LayoutView()
view.set_config("background-color", "#ffffff")
view.set_config("grid-visible", "false")
view.set_config("text-visible", "false")
idx = view.load_layout(gds, True)
view.max_hier()
view.load_layer_props(lyp)
view.zoom_fit()
w = int(width)
h = int(height)
view.save_image_with_options(png, w, h, 0, 0, 0, pya.DBox(), False)
print("PNG %d %d" % (w, h))
`;

export interface KlayoutPngOptions {
  /** Image size, px (default 1600 x 1600). */
  width?: number;
  height?: number;
  /** The KLayout executable (default `klayout` on the PATH). */
  klayout?: string;
  /** Time limit, ms (default 300 s: a flat 300 mm wafer takes KLayout a while). */
  timeoutMs?: number;
}

export type KlayoutPngResult = { ok: true; bytes: Uint8Array; ms: number } | { ok: false; reason: string };

/** Whether a KLayout executable answers `-v`. */
export function klayoutVersion(klayout = 'klayout'): string | null {
  const r = spawnSync(klayout, ['-v'], { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, timeout: 30_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/**
 * Renders `gds` with the layer properties `lyp` into PNG bytes. Never throws for a missing or
 * failing KLayout: the result says why there is no picture (a preview must not fail a build).
 */
export function klayoutPng(gds: string, lyp: string, options: KlayoutPngOptions = {}): KlayoutPngResult {
  const width = options.width ?? 1600;
  const height = options.height ?? 1600;
  const klayout = options.klayout ?? 'klayout';
  if (!klayoutVersion(klayout)) return { ok: false, reason: `KLayout not found ('${klayout} -v' failed); install it with apt-get install -y klayout` };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-klayout-png-'));
  try {
    const script = path.join(dir, 'render.py');
    const png = path.join(dir, 'out.png');
    fs.writeFileSync(script, KLAYOUT_RENDER_SCRIPT);
    const t0 = performance.now();
    const vars = { gds: path.resolve(gds), lyp: path.resolve(lyp), png, width: String(width), height: String(height) };
    const args = ['-b', '-r', script, ...Object.entries(vars).flatMap(([k, v]) => ['-rd', `${k}=${v}`])];
    const r = spawnSync(klayout, args, { encoding: 'utf8', env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, timeout: options.timeoutMs ?? 300_000, maxBuffer: 16 << 20 });
    const ms = performance.now() - t0;
    if (r.status !== 0 || !fs.existsSync(png)) return { ok: false, reason: `KLayout render failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}): ${(r.stderr || r.stdout || '').trim().slice(0, 500)}` };
    return { ok: true, bytes: new Uint8Array(fs.readFileSync(png)), ms };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
