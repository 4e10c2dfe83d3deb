/**
 * Moving generated cells onto a tier's layers. The parametric cells (pad stack, bump stack) draw on
 * the base layer names (PAD, PI1, RDL, PI2, ...); a stack tier needs them on T<t>.PAD, T<t>.RDL, ....
 * onTier copies a cell tree with every shape on a tier-scheme layer (tech.tiers.layers) moved to the
 * tier's layer of the same base name; other layers (UBM, POST, BUMP, TEXT, ...) are kept. The copy
 * keeps the hierarchy (references and arrays, each child copied once per tier) and is named
 * `<cell>_T<t>`, deterministically.
 */
import { Cell } from '../core/cell.ts';
import { layerKey } from '../core/layer.ts';
import { tierLayerName } from '../tech/index.ts';
import type { TechLayer, Technology } from '../tech/types.ts';

/** GDS layer key -> tier layer, for the tier-scheme layers the technology has. */
export function tierLayerMap(tech: Technology, tier: number): Map<number, TechLayer> {
  const map = new Map<number, TechLayer>();
  for (const base of tech.tiers.layers) {
    const from = tech.layers[base];
    const to = tech.layers[tierLayerName(tier, base)];
    if (from && to) map.set(layerKey(from.layer, from.datatype), to);
  }
  return map;
}

/** A copy of `cell` (and its children) on tier `tier`'s layers; `memo` shares copies between calls for the same tier only. */
export function onTier(cell: Cell, tier: number, tech: Technology, memo: Map<Cell, Cell> = new Map()): Cell {
  const map = tierLayerMap(tech, tier);
  const copy = (c: Cell): Cell => {
    const done = memo.get(c);
    if (done) return done;
    const out = new Cell(`${c.name}_T${tier}`);
    for (const p of c.polygons) {
      const to = map.get(layerKey(p.layer, p.datatype));
      out.addPolygon(to ?? { layer: p.layer, datatype: p.datatype }, p.points, p.properties);
    }
    for (const p of c.paths) {
      const to = map.get(layerKey(p.layer, p.datatype));
      out.addPath(to ?? { layer: p.layer, datatype: p.datatype }, p.points, p.width, { pathtype: p.pathtype, ...(p.properties ? { properties: p.properties } : {}) });
    }
    for (const l of c.labels) {
      out.addLabel({ layer: l.layer, datatype: l.texttype }, l.text, l.transform.x, l.transform.y, { texttype: l.texttype, hjust: l.hjust, vjust: l.vjust });
    }
    for (const r of c.refs) out.addRef(copy(r.cell), r.transform, r.properties);
    for (const a of c.arrays) out.addArray(copy(a.cell), a.cols, a.rows, a.colStep, a.rowStep, a.transform, a.properties);
    memo.set(c, out);
    return out;
  };
  return copy(cell);
}
