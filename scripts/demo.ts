/**
 * `npm run demo`: builds the main example (examples/wlcsp-6x6.yaml, a 3 x 3 mm WLCSP with 36 pads
 * redistributed to a 6 x 6 ball array) into out/, exactly as `wlpgen build` does, and says where
 * to look.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDesign, buildToFiles } from '../src/index.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = path.join('examples', 'wlcsp-6x6.yaml');
process.chdir(root);
for (const design of loadDesign(file)) {
  const r = await buildToFiles(design, { outDir: 'out', command: `wlpgen build ${file}` });
  process.stdout.write(`${design.name}: ${r.summary}\n${r.files.map((f) => `  wrote ${f}`).join('\n')}\n`);
  process.stdout.write(`Open ${path.join('out', `${design.name}.gds`)} in KLayout with ${path.join('out', `${design.name}.lyp`)}, or the report ${path.join('out', `${design.name}.html`)} (die view, nets, DRC/LVS) in a browser.\n`);
  if (!r.clean) process.exitCode = 1;
}
