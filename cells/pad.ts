/**
 * The stack over one die pad: PAD (the passivation opening), the PI1 opening inside it and the RDL
 * landing pad over it, all rectangles centred on the origin (lower-left corners at -floor(size / 2),
 * so odd sizes stay on the grid). Sizes come from the technology's padStack(): PI1 as large as the
 * PAD enclosure allows (deca.csv rdl x.1: "as large as possible"), the RDL pad PI1 plus the RDL
 * enclosure, at least the RDL pad-over-pad minimum. Rectangles with integer edges make every
 * enclosure exact, so the published numbers hold to the nanometre.
 */
import type { Cell, Dbu } from '../src/core/index.ts';
import { padStack as padStackSizes, type Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { layerOf } from './internal/layers.ts';
import { checkTech, dbu, knownKeys } from './internal/params.ts';

export interface PadStackOptions {
  /** Die pad (passivation opening) width, dbu. */
  width: Dbu;
  /** Die pad height, dbu (default: width). */
  height?: Dbu;
}

const FN = 'padStackCell';

/**
 * The pad stack cell `PADSTACK_<tech>_w<um>_h<um>`: PAD width x height, PI1 = PAD - 2 pad.enclosesPi1,
 * RDL landing = max(PI1 + 2 rdl.enclosesPi1, rdl.minPadOverPad, rdl.minWidth). Throws InputError
 * naming the parameter and rule when the pad is too small for a legal PI1 (pi1.minWidth) or below
 * pad.minWidth.
 */
export function padStackCell(tech: Technology, opts: PadStackOptions): Cell {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['width', 'height']);
  const w = dbu(FN, tech, 'width', opts?.width);
  const h = dbu(FN, tech, 'height', opts.height ?? w);
  const sizes = padStackSizes(tech, w, h);
  const layers = ['PAD', 'PI1', 'RDL'];
  return cached(
    'PADSTACK',
    { width: w, height: h },
    (cell) => {
      const pad = layerOf(FN, tech, 'layer', 'PAD');
      const pi1 = layerOf(FN, tech, 'layer', 'PI1');
      const rdl = layerOf(FN, tech, 'layer', 'RDL');
      const x0 = -Math.floor(w / 2);
      const y0 = -Math.floor(h / 2);
      cell.addBox(pad, x0, y0, x0 + w, y0 + h);
      const ex = (w - sizes.pi1[0]) / 2;
      const ey = (h - sizes.pi1[1]) / 2;
      cell.addBox(pi1, x0 + ex, y0 + ey, x0 + w - ex, y0 + h - ey);
      const rx = (sizes.rdlPad[0] - w) / 2;
      const ry = (sizes.rdlPad[1] - h) / 2;
      cell.addBox(rdl, x0 - rx, y0 - ry, x0 + w + rx, y0 + h + ry);
      return { pi1: sizes.pi1, rdlPad: sizes.rdlPad };
    },
    { tech, layers, readable: [`w${umPart(w)}`, `h${umPart(h)}`], lossless: true },
  );
}
