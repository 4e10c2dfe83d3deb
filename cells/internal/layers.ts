/**
 * Layer lookups for the cells: technology layers by name (tier layers 'T2.RDL' included), the
 * auxiliary layers a cell needs that the technology map does not define, and the width / space rule
 * ids that govern a named layer.
 */
import type { LayerSpec } from '../../src/core/index.ts';
import { parseTierLayerName, type TechLayer, type Technology } from '../../src/tech/index.ts';
import { paramError } from './params.ts';

/** The technology layer `name`, or an InputError naming the cell parameter and listing the layers. */
export function layerOf(fn: string, tech: Technology, param: string, name: string): TechLayer {
  const l = tech.layers[name];
  if (!l) {
    throw paramError(fn, tech, param, `= '${name}': technology '${tech.name}' has no such layer (it has: ${Object.keys(tech.layers).join(', ')})`);
  }
  return l;
}

/**
 * A layer for something the technology map has no entry for (a TSV keep-out ring, a second post
 * section, a second resin opening). Uses the technology's layer `preferred` when it has one;
 * otherwise the base layer's GDS number with the first datatype above it that no technology layer
 * uses, so the auxiliary shapes never land on a mask of the map. Returns the spec and a note saying
 * which it chose (stored in the cell's settings).
 */
export function auxLayer(tech: Technology, base: TechLayer, preferred: string): { spec: LayerSpec; note: string } {
  const p = tech.layers[preferred];
  if (p) return { spec: p, note: `${preferred} ${p.layer}/${p.datatype}` };
  const used = new Set(Object.values(tech.layers).map((l) => `${l.layer}/${l.datatype}`));
  let dt = base.datatype + 1;
  while (used.has(`${base.layer}/${dt}`)) dt++;
  return { spec: { layer: base.layer, datatype: dt, name: `${base.name}/${dt}` }, note: `${base.layer}/${dt} (no ${preferred} layer in the technology: ${base.name} layer, datatype ${dt})` };
}

const WIDTH_RULE: Readonly<Record<string, string>> = {
  PAD: 'pad.minWidth',
  PI1: 'pi1.minWidth',
  RDL: 'rdl.minWidth',
  VIA2: 'via2.minWidth',
  RDL2: 'rdl2.minWidth',
  PI2: 'pi2.minWidth',
  UBM: 'ubm.minWidth',
  POST: 'post.minWidth',
  BUMP: 'bump.minWidth',
  TSV: 'tsv.minWidth',
  SEAL: 'seal.minWidth',
};
const SPACE_RULE: Readonly<Record<string, string>> = {
  PI1: 'pi1.minSpace',
  RDL: 'rdl.minSpace',
  VIA2: 'via2.minSpace',
  RDL2: 'rdl2.minSpace',
  TSV: 'tsv.minSpace',
};

function baseName(name: string): string {
  return parseTierLayerName(name)?.base ?? name;
}

/** Rule id of the min width of a layer ('RDL' and 'T2.RDL' -> 'rdl.minWidth'), if there is one. */
export function widthRuleOf(name: string): string | undefined {
  return WIDTH_RULE[baseName(name)];
}

/** Rule id of the min space of a layer, if there is one. */
export function spaceRuleOf(name: string): string | undefined {
  return SPACE_RULE[baseName(name)];
}
