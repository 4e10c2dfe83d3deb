/** GDSII layers: a (layer, datatype) pair, each 0..65535 as the record format allows (unsigned 16 bit). */
import { InputError } from './errors.ts';

export interface LayerSpec {
  /** GDSII layer number, 0..65535. */
  layer: number;
  /** GDSII datatype (or texttype for labels), 0..65535. */
  datatype: number;
  /** Optional human name (PAD, RDL, ...), as given by the technology. */
  name?: string;
}

/** Anything accepted where a layer is expected: a spec object or a [layer, datatype] pair. */
export type LayerLike = LayerSpec | readonly [number, number];

export const LAYER_MAX = 65535;

/** Normalises and validates a layer; throws InputError naming `what` when a number is out of 0..65535. */
export function toLayer(layer: LayerLike, what = 'layer'): LayerSpec {
  const spec: LayerSpec = Array.isArray(layer)
    ? { layer: layer[0], datatype: layer[1] }
    : (layer as LayerSpec);
  checkLayerNumber(spec.layer, `${what}.layer`);
  checkLayerNumber(spec.datatype, `${what}.datatype`);
  return spec;
}

export function checkLayerNumber(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > LAYER_MAX) {
    throw new InputError('E_LAYER_RANGE', `${what}: ${String(value)} is not a valid GDSII layer/datatype (allowed: integers 0..${LAYER_MAX})`);
  }
}

/** One integer key per (layer, datatype) pair, for maps: layer * 65536 + datatype. */
export function layerKey(layer: number, datatype: number): number {
  return layer * 65536 + datatype;
}

export function layerFromKey(key: number): { layer: number; datatype: number } {
  return { layer: Math.floor(key / 65536), datatype: key % 65536 };
}
