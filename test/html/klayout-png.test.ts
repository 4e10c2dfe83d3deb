/**
 * `png: true` (CLI `--png`): <name>.png is the GDS as KLayout itself renders it with the .lyp. Checked
 * on the decoded picture: not blank, and the .lyp's colours present. Without KLayout the build still
 * succeeds and says why there is no picture. Skipped only when KLayout is missing outside CI.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadDesign } from '../../src/design/load.ts';
import { buildToFiles } from '../../src/design/pipeline.ts';
import { klayoutPng } from '../../src/io/png/index.ts';
import { klayoutAvailable, requireExternalTools } from '../helpers/external.ts';
import { decodePng } from '../svg/png.ts';

if (!klayoutAvailable && requireExternalTools) throw new Error('CI=true but klayout is not installed (apt-get install -y klayout)');

describe('KLayout PNG', () => {
  it.skipIf(!klayoutAvailable)('writes <name>.png rendered by KLayout with the .lyp colours', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-png-'));
    const design = loadDesign('examples/wlcsp-6x6.yaml')[0];
    const r = await buildToFiles(design, { outDir: out, skipVerify: true, png: true });
    expect(r.pngSkipped).toBeUndefined();
    const file = path.join(out, `${design.name}.png`);
    expect(r.files).toContain(file);
    const img = decodePng(fs.readFileSync(file));
    expect([img.width, img.height]).toEqual([1600, 1600]);
    console.log(`klayout png: ${file}`);
    // Not blank: a good share of pixels differ from the white background; and the BUMP layer's
    // colour (from the tech, as written into the .lyp) is on the picture.
    let inked = 0;
    const bump = design.tech.layers.BUMP.color;
    const [br, bg, bb] = [1, 3, 5].map((i) => parseInt(bump.slice(i, i + 2), 16));
    let bumpPx = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      const [R, G, B] = [img.data[i], img.data[i + 1], img.data[i + 2]];
      if (R < 240 || G < 240 || B < 240) inked++;
      if (Math.abs(R - br) <= 8 && Math.abs(G - bg) <= 8 && Math.abs(B - bb) <= 8) bumpPx++;
    }
    expect(inked / (img.width * img.height)).toBeGreaterThan(0.05);
    expect(bumpPx).toBeGreaterThan(1000);
  }, 180_000);

  it('reports why, instead of failing, when KLayout cannot be run', () => {
    const r = klayoutPng('missing.gds', 'missing.lyp', { klayout: '/nonexistent/klayout' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/KLayout not found/);
  });
});
