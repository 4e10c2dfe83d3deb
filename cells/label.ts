/**
 * Net-name labels: GDSII TEXT elements on a metal layer with the layer's own datatype as texttype,
 * which is how KLayout (LayoutToNetlist, LVS) and most extractors attach a name to the net under
 * the label's origin.
 */
import { InputError, type Cell, type Dbu } from '../src/core/index.ts';
import type { Technology } from '../src/tech/index.ts';
import { cached, stableHash } from './cache.ts';
import { layerOf } from './internal/layers.ts';
import { checkTech, dbu, E_CELL_PARAM, knownKeys } from './internal/params.ts';

/** Net names: printable ASCII without spaces, 1..255 characters (what GDS readers and netlists accept). */
const NET_NAME = /^[!-~]{1,255}$/;

export function checkNetName(fn: string, net: unknown): string {
  if (typeof net !== 'string' || !NET_NAME.test(net)) {
    throw new InputError(E_CELL_PARAM, `${fn}: parameter 'net' = ${JSON.stringify(net)}: a net name is 1..255 printable ASCII characters without spaces`);
  }
  return net;
}

export interface NetLabelOptions {
  net: string;
  /** Metal layer name (default: the technology's top metal, RDL or RDL2). */
  layer?: string;
  /** Text size hint for viewers, dbu (GDS MAG in user units of 1 um; default 10 um). */
  size?: Dbu;
}

const FN = 'netLabel';

/**
 * `NET_<tech>_<layer>_<net>[_<hash>]`: one TEXT with the net name at the origin on `layer`
 * (texttype = the layer's datatype). Place it with its origin on the metal of the net.
 */
export function netLabel(tech: Technology, opts: NetLabelOptions): Cell {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['net', 'layer', 'size']);
  const net = checkNetName(FN, opts?.net);
  const layerName = opts.layer ?? tech.construction.topMetal;
  const layer = layerOf(FN, tech, 'layer', layerName);
  const size = dbu(FN, tech, 'size', opts.size ?? 10_000);
  const safe = /^[A-Za-z0-9.-]{1,64}$/.test(net);
  return cached(
    'NET',
    { net, layer: layerName, size },
    (cell) => {
      // GDS MAG scales the text in user units (um here): size / 1000 dbu.
      cell.addLabel(layer, net, 0, 0, { texttype: layer.datatype, hjust: 1, vjust: 1, magnification: size / 1000 });
    },
    { tech, layers: [layerName], readable: [layerName.replace(/[^A-Za-z0-9.]/g, '-'), safe ? net : stableHash(net, 6)], lossless: false },
  );
}

/** Adds a net-name label directly to `cell` at (x, y) dbu on `layer` (default top metal). */
export function addNetLabel(cell: Cell, tech: Technology, net: string, x: Dbu, y: Dbu, layer: string = tech.construction.topMetal): void {
  checkTech('addNetLabel', tech);
  checkNetName('addNetLabel', net);
  const l = layerOf('addNetLabel', tech, 'layer', layer);
  cell.addLabel(l, net, x, y, { texttype: l.datatype, hjust: 1, vjust: 1 });
}
