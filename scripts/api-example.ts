/**
 * `npm run api-example [-- --out DIR]`: the 200 mm plated wafer of examples/wafer-200.yaml, built
 * from a TypeScript script through the library API instead of a design file. It shows the three
 * steps a script takes: describe the design as data (here the pad ring is computed, as a script
 * would from a chip team's netlist), build it in memory (`build` returns the library, the report and
 * every output's bytes), and use the results (a DPW line, the longest nets, then the files written
 * atomically by `buildToFiles`). The GDS it writes is byte-identical to `wlpgen build
 * examples/wafer-200.yaml` (a test checks it).
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildToFiles, parseDesign } from '../src/index.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'out', 'api-example');

// 1. The design as data: lengths in um, the same keys as a design file (DESIGN.md). The 36 pads sit
//    on a ring, 9 per side at 150 um pitch, centres 70 um in from the die edge, named P1..P36 counter-clockwise
//    from the bottom-left, exactly like `pads: { ring: ... }` in the YAML.
const dieUm = 3000;
const padsPerSide = 9;
const padPitchUm = 150;
const padSizeUm = 80;
const padCentreFromEdgeUm = 70;
const half = dieUm / 2 - padCentreFromEdgeUm;
const pads: { name: string; x: number; y: number; w: number; h: number }[] = [];
for (let side = 0; side < 4; side++) {
  for (let i = 0; i < padsPerSide; i++) {
    const t = (i - (padsPerSide - 1) / 2) * padPitchUm;
    // Bottom (left to right), right (bottom to top), top (right to left), left (top to bottom).
    const [x, y] = [[t, -half], [half, t], [-t, half], [-half, -t]][side];
    pads.push({ name: `P${pads.length + 1}`, x, y, w: padSizeUm, h: padSizeUm });
  }
}

const source = {
  name: 'wafer-200',
  tech: 'amkor-0.4',
  die: { size: [dieUm, dieUm], pads: { list: pads }, bumps: { pitch: 400, array: [6, 6] } },
  wafer: { diameter: 200, edgeExclusion: 3, street: 100, saw: 50, notch: true, offset: 'auto', reticle: { dies: [4, 4] } },
  plating: { bus: { width: 30 }, tie: { width: 15 }, ring: { width: 2000 } },
};

// 2. Validate (the same checks and messages as for a design file) and build.
const [design] = parseDesign(source, { file: 'scripts/api-example.ts', baseDir: root });
const written = await buildToFiles(design, { outDir, command: 'npm run api-example' });
const { report } = written.result;

// 3. Use the results.
if (report.wafer) {
  const [dx, dy] = report.wafer.offsetUm;
  process.stdout.write(`${report.wafer.diesPlaced} whole dies on ${report.wafer.diameterMm} mm (grid offset ${dx}, ${dy} um; centred grid would give ${report.wafer.variants.centered})\n`);
}
const longest = [...report.routing.table].sort((a, b) => b.lengthUm - a.lengthUm || (a.net < b.net ? -1 : 1)).slice(0, 3);
process.stdout.write(`longest nets: ${longest.map((n) => `${n.net} ${n.pads.join('+')} -> ${n.bumps.join('+')} ${n.lengthUm} um`).join('; ')}\n`);
process.stdout.write(`${design.name}: ${written.summary}\n${written.files.map((f) => `  wrote ${path.relative(process.cwd(), f)}`).join('\n')}\n`);
if (!written.clean) process.exitCode = 1;
