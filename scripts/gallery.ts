/**
 * Gallery of the parametric cells: `npx tsx scripts/gallery.ts [OUT_DIR]` draws every cell of cells/
 * side by side, each with a caption in the polygon font and its cell name as a GDS text label, and
 * writes into OUT_DIR (default out/):
 *   gallery.gds   the library (one top cell GALLERY placing every cell)
 *   gallery.lyp   KLayout layer properties (the technology's layers plus the auxiliary layers the
 *                 cells use: second post section, second resin opening, TSV keep-out ring)
 *   gallery.svg   an SVG preview (src/io/svg)
 *   gallery.png   a KLayout rendering, when `klayout` is installed (QT_QPA_PLATFORM=offscreen)
 * Open the GDS with `klayout -l out/gallery.lyp out/gallery.gds`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Cell, Library, cellBBox, type Dbu } from '../src/core/index.ts';
import { writeGds } from '../src/io/gds/index.ts';
import { writeLyp, type LypLayer } from '../src/io/lyp/index.ts';
import { cellToSvg, type LayerStyle } from '../src/io/svg/index.ts';
import { preset, withTiers, type Technology } from '../src/tech/index.ts';
import {
  addNetLabel,
  alignmentCross,
  alignmentVernier,
  bumpStack,
  cornerMarks,
  daisyChainDie,
  dieOutline,
  padStackCell,
  post,
  sealRing,
  terminalOpening,
  textPolygons,
  tsv,
} from '../cells/index.ts';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'out'));
const UM = 1000;

const base = preset('amkor-0.4');
// Two tiers so the TSV has a tier below to land on; every other cell uses the base layers.
const tech: Technology = withTiers(base, 2);

/** A gallery entry: the cell, a caption, and how much to magnify it so small cells stay visible. */
interface Item {
  cell: Cell;
  caption: string;
}

function frameCell(): Cell {
  // Die frame: outline with the die's half street and saw cut, seal ring, street corner marks.
  const w = 1_200 * UM;
  const h = 900 * UM;
  const c = new Cell('GALLERY_DIE_FRAME');
  c.addRef(dieOutline(tech, { width: w, height: h, street: 100 * UM, saw: 40 * UM }));
  c.addRef(sealRing(tech, { width: w, height: h }));
  c.addRef(cornerMarks(tech, { width: w, height: h, street: 100 * UM }));
  c.addRef(textPolygons('DIE 0042 A/B', { height: 70 * UM, layer: 'TEXT', tech, align: 'centre' }), { x: 0, y: -35 * UM });
  return c;
}

function netLabelDemo(): Cell {
  const c = new Cell('GALLERY_NET_LABELS');
  const rdl = tech.layers.RDL;
  c.addBox(rdl, -200 * UM, -10 * UM, 200 * UM, 10 * UM);
  c.addBox(rdl, -200 * UM, 40 * UM, 200 * UM, 60 * UM);
  addNetLabel(c, tech, 'VDD_CORE', 0, 0);
  addNetLabel(c, tech, 'IO<3>', 0, 50 * UM);
  return c;
}

const items: Item[] = [
  { cell: padStackCell(tech, { width: 80 * UM }), caption: 'PAD STACK 80' },
  { cell: padStackCell(tech, { width: 61 * UM, height: 120 * UM }), caption: 'PAD STACK 61X120' },
  { cell: bumpStack(tech), caption: 'BUMP STACK' },
  { cell: bumpStack(tech, { sides: 8 }), caption: 'BUMP STACK OCT' },
  { cell: bumpStack(preset('deca-0.4')), caption: 'BUMP DECA-0.4' },
  { cell: post(tech), caption: 'CU POST' },
  { cell: post(tech, { diameter: 150 * UM, height: 100 * UM, second: { diameter: 120 * UM, height: 60 * UM } }), caption: 'POST 2 STAGE' },
  { cell: tsv(tech, { tier: 2 }), caption: 'TSV T2 TO T1' },
  { cell: terminalOpening(tech), caption: 'TERMINAL 2 STAGE' },
  { cell: alignmentCross(tech), caption: 'CROSS' },
  { cell: netLabelDemo(), caption: 'NET LABELS' },
  { cell: textPolygons('ABCDEFGHIJKLM NOPQRSTUVWXYZ', { height: 70 * UM, layer: 'TEXT', tech }), caption: 'FONT' },
  { cell: textPolygons('0123456789 -_.:/', { height: 70 * UM, layer: 'TEXT', tech }), caption: 'FONT DIGITS' },
  { cell: alignmentVernier(tech), caption: 'VERNIER PI1/RDL' },
  { cell: frameCell(), caption: 'DIE FRAME' },
  { cell: daisyChainDie(tech, { array: 6, street: 100 * UM }), caption: 'DAISY CHAIN 6X6' },
];

/**
 * Lays the items out in rows no wider than `rowWidth`, each above its caption (polygon font) and its
 * cell name (a GDS label, which KLayout draws in a fixed screen font: about 28 um per character at
 * the PNG's zoom, so the column is made wide enough for it).
 */
function layout(rowWidth: Dbu): Cell {
  const top = new Cell('GALLERY');
  const gap = 200 * UM;
  const captionH = 42 * UM;
  const labelUm = 28 * UM;
  let x = 0;
  let y = 0;
  let rowH = 0;
  const text = tech.layers.TEXT;
  for (const it of items) {
    const b = cellBBox(it.cell)!;
    const w = b.x1 - b.x0;
    const h = b.y1 - b.y0;
    const cap = textPolygons(it.caption, { height: captionH, layer: 'TEXT', tech });
    const colW = Math.max(w, cap.settings.inkWidth as number, it.cell.name.length * labelUm);
    if (x > 0 && x + colW > rowWidth) {
      x = 0;
      y -= rowH + gap + 3 * captionH;
      rowH = 0;
    }
    // Rows hang from y: the cell's top at y, caption and name below it.
    top.addRef(it.cell, { x: x - b.x0, y: y - h - b.y0 });
    top.addRef(cap, { x, y: y - h - gap / 4 - captionH });
    top.addLabel(text, it.cell.name, x, y - h - gap / 4 - captionH - 12 * UM, { vjust: 0 });
    x += colW + gap;
    rowH = Math.max(rowH, h);
  }
  return top;
}

/** The technology's layers plus the auxiliary layers the cells draw on (see cells/internal/layers.ts). */
function galleryLayers(): LypLayer[] {
  const layers: LypLayer[] = Object.values(tech.layers).map((l) => ({ name: l.name, layer: l.layer, datatype: l.datatype, color: l.color, fill: l.fill }));
  const aux = (name: string, of: string, color: string): LypLayer => ({ name, layer: tech.layers[of].layer, datatype: tech.layers[of].datatype + 1, color, fill: 'hatch-sparse' });
  layers.push(aux('POST2', 'POST', '#ffb070'), aux('PI3', 'PI2', '#ff6020'), aux('T2.TSV_KOZ', 'T2.TSV', '#c080ff'));
  return layers;
}

fs.mkdirSync(OUT, { recursive: true });
const top = layout(6_600 * UM);
const lib = new Library('WLPGEN_GALLERY').add(top);
const gds = path.join(OUT, 'gallery.gds');
const lyp = path.join(OUT, 'gallery.lyp');
writeGds(lib, gds);
const layers = galleryLayers();
fs.writeFileSync(lyp, writeLyp(layers));
const byName = new Map(Object.values(tech.layers).map((l) => [l.name, l]));
const styles: LayerStyle[] = layers.map((l) => ({
  layer: l.layer,
  datatype: l.datatype,
  name: l.name,
  color: l.color,
  fillOpacity: 0.35,
  outlineOnly: byName.get(l.name)?.purpose === 'documentation',
}));
fs.writeFileSync(path.join(OUT, 'gallery.svg'), cellToSvg(top, { layers: styles, title: `wlpgen cell gallery (${base.name})`, maxSizePx: 2000, labelSize: 12 }));
process.stdout.write(`gallery: ${lib.cellCount} cells -> ${gds}, ${lyp}, ${path.join(OUT, 'gallery.svg')}\n`);

// A KLayout rendering, as a person sees the GDS (all hierarchy levels, the .lyp colours).
const render = `import pya
lv = pya.LayoutView()
lv.load_layout(gds, True)
lv.load_layer_props(lyp)
lv.max_hier()
lv.set_config("background-color", "#000000")
lv.zoom_fit()
lv.save_image(png, 2400, 1600)
`;
const py = path.join(OUT, 'gallery-render.py');
fs.writeFileSync(py, render);
const png = path.join(OUT, 'gallery.png');
const r = spawnSync('klayout', ['-b', '-r', py, '-rd', `gds=${gds}`, '-rd', `lyp=${lyp}`, '-rd', `png=${png}`], { env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' }, encoding: 'utf8' });
if (r.error || r.status !== 0) process.stdout.write(`gallery: no PNG (klayout ${r.error ? 'not found' : `exited ${r.status}: ${r.stderr.trim()}`})\n`);
else process.stdout.write(`gallery: ${png}\n`);
