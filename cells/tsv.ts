/**
 * Through-silicon via of a wafer stack (process document 000): a hole drilled through the tier's
 * silicon and opened down to the re-wiring layer of the tier below, filled together with this tier's
 * re-wiring. Drawn, centred on the origin:
 * - the hole on the tier's TSV layer (T<n>.TSV), an n-gon >= tsv.minWidth across flats;
 * - the keep-out ring around it: an annulus from the hole's edge outward by `keepOut` (default half
 *   of tsv.minSpace, so two TSVs whose rings do not overlap keep the TSV space; the liner and its
 *   stress zone live there). The technologies have no keep-out layer, so the ring goes on the layer
 *   named '<TSV layer>_KOZ' when one exists, else on the TSV layer number with the next free
 *   datatype (a documentation layer; the cell's settings name it);
 * - landing pads on this tier's RDL (T<n>.RDL) and on the RDL of the tier below (T<n-1>.RDL), each
 *   enclosing the drawn hole by >= rdl.enclosesTsv (measured).
 * A stack technology (withTiers) selects the layers by `tier`; a single-wafer technology names them.
 */
import { InputError, keyhole, toUm, type Cell, type Dbu, type LayerSpec } from '../src/core/index.ts';
import type { PolygonWithHoles } from '../src/geom/clipper.ts';
import { annulus } from '../src/geom/shapes.ts';
import { tierLayerName, type Technology } from '../src/tech/index.ts';
import { cached, umPart } from './cache.ts';
import { checkSides, defaultSides, fitAround } from './internal/circle.ts';
import { auxLayer, layerOf } from './internal/layers.ts';
import { boundaryDistance, enclosureOf, shortfall, widthOf } from './internal/measure.ts';
import { atLeastRule, checkTech, count, dbu, enclosesRule, knownKeys, paramError, rule } from './internal/params.ts';

export interface TsvLayers {
  /** Layer of the drilled hole. */
  hole: string;
  /** Landing pad on this tier's re-wiring. */
  top: string;
  /** Landing pad on the re-wiring of the tier below. */
  bottom: string;
}

export interface TsvOptions {
  /** Tier of a stack technology (2..tierCount; default the top tier): hole in T<tier>.TSV, pads on T<tier>.RDL and T<tier-1>.RDL. */
  tier?: number;
  /** Explicit layer names (required for a technology without tiers; excludes `tier`). */
  layers?: TsvLayers;
  /** Hole diameter across flats, dbu, even (default construction.tsv.diameter). */
  diameter?: Dbu;
  /** Landing pad diameter across flats, dbu, even (default construction.tsv.landing). */
  landing?: Dbu;
  /** Keep-out ring width beyond the hole, dbu, >= 0 (default ceil(tsv.minSpace / 2); 0 = no ring). */
  keepOut?: Dbu;
  sides?: number;
}

const FN = 'tsv';

function resolveLayers(tech: Technology, opts: TsvOptions): TsvLayers {
  if (opts.layers !== undefined) {
    if (opts.tier !== undefined) throw paramError(FN, tech, 'layers', 'and tier select the same thing: give one of them');
    knownKeys(FN, tech, opts.layers, ['hole', 'top', 'bottom']);
    const l = opts.layers;
    for (const k of ['hole', 'top', 'bottom'] as const) {
      if (typeof l[k] !== 'string') throw paramError(FN, tech, `layers.${k}`, `must be a layer name, got ${String(l[k])}`);
      layerOf(FN, tech, `layers.${k}`, l[k]);
    }
    if (l.top === l.bottom) throw paramError(FN, tech, 'layers.bottom', `= '${l.bottom}' is the top landing layer too (the TSV joins two re-wiring levels)`);
    return { hole: l.hole, top: l.top, bottom: l.bottom };
  }
  if (tech.tierCount < 2) {
    throw paramError(FN, tech, 'tier', `is required: technology '${tech.name}' has ${tech.tierCount} tier(s); a TSV lands on the tier below, so use withTiers(tech, n >= 2) and pass tier, or name the layers with { layers: { hole, top, bottom } }`);
  }
  const tier = count(FN, tech, 'tier', opts.tier ?? tech.tierCount, 2, tech.tierCount);
  return { hole: tierLayerName(tier, 'TSV'), top: tierLayerName(tier, 'RDL'), bottom: tierLayerName(tier - 1, 'RDL') };
}

/**
 * `TSV_<tech>_<hole>-<top>-<bottom>_d<um>_l<um>_k<um>_n<sides>`: see the module comment. Throws
 * InputError naming the parameter and rule (tsv.minWidth, rdl.enclosesTsv, rdl.minWidth) for sizes
 * that cannot meet them.
 */
export function tsv(tech: Technology, opts: TsvOptions = {}): Cell {
  checkTech(FN, tech);
  knownKeys(FN, tech, opts, ['tier', 'layers', 'diameter', 'landing', 'keepOut', 'sides']);
  const layers = resolveLayers(tech, opts);
  const c = tech.construction;
  const d = dbu(FN, tech, 'diameter', opts.diameter ?? c.tsv.diameter, { even: true });
  atLeastRule(FN, tech, 'diameter', d, 'tsv.minWidth');
  const landing = dbu(FN, tech, 'landing', opts.landing ?? Math.max(c.tsv.landing, d + 2 * tech.rules.rdl.enclosesTsv), { even: true });
  enclosesRule(FN, tech, 'landing', landing, 'diameter', d, 'rdl.enclosesTsv');
  atLeastRule(FN, tech, 'landing', landing, 'rdl.minWidth');
  const keepOut = dbu(FN, tech, 'keepOut', opts.keepOut ?? Math.ceil(tech.rules.tsv.minSpace / 2), { min: 0 });
  const sides = checkSides(FN, tech, opts.sides ?? defaultSides(Math.max(landing, d + 2 * keepOut)));
  const holeLayer = layerOf(FN, tech, 'layers.hole', layers.hole);
  const koz = auxLayer(tech, holeLayer, `${layers.hole}_KOZ`);
  const tag = `${layers.hole}-${layers.top}-${layers.bottom}`.replace(/[^A-Za-z0-9.-]/g, '-');
  return cached(
    'TSV',
    { layers: { ...layers }, diameter: d, landing, keepOut, sides, kozLayer: [koz.spec.layer, koz.spec.datatype] },
    (cell) => {
      // Rules met on the drawn vertices, exactly and as a checker measures (see measure.ts).
      const enc = tech.rules.rdl.enclosesTsv;
      const hole = fitAround(d, sides, (g) => shortfall(tech.rules.tsv.minWidth, widthOf(g)), 'TSV hole');
      const pad = fitAround(landing, sides, (g) => Math.max(shortfall(rule(tech, 'rdl.minWidth') ?? 0, widthOf(g)), 2 * shortfall(enc, enclosureOf(hole.ring, g))), 'TSV landing');
      cell.addPolygon(holeLayer, hole.ring);
      if (keepOut > 0) {
        // shapes.annulus with 'inscribed' fit: its hole is the circumscribed n-gon of the hole's
        // radius (the very polygon of the hole), its outer edge within rOuter; rOuter grows from
        // (r + keepOut) / cos(pi / n) until the measured ring is keepOut wide.
        const r = hole.d / 2;
        // shapes.annulus also keeps its hole's corners off the outer ring's flats (rOuter > r / cos^2),
        // so a very thin ring (under ~r / n^2 ... 0.17 r for octagons) comes out wider than asked.
        const cos = Math.cos(Math.PI / sides);
        const r0 = Math.max(Math.ceil((r + keepOut) / cos), Math.floor(r / (cos * cos)) + 1);
        let ring: PolygonWithHoles | undefined;
        for (let rOuter = r0; rOuter < r0 + 64 && !ring; rOuter++) {
          try {
            const a = annulus(0, 0, rOuter, r, { vertices: sides, fit: 'inscribed' });
            if (shortfall(keepOut, Math.min(boundaryDistance(a.outer, hole.ring), boundaryDistance(a.outer, hole.ring, true))) <= 0) ring = a;
          } catch (e) {
            // shapes.annulus refuses radii whose polygons would touch: a very thin ring; grow it.
            if (!(e instanceof InputError)) throw e;
          }
        }
        if (!ring) throw new Error(`internal: no keep-out ring ${keepOut} dbu wide around a ${hole.d} dbu TSV`);
        cell.addPolygon(koz.spec as LayerSpec, keyhole(ring.outer, ring.holes));
      }
      cell.addPolygon(layerOf(FN, tech, 'layers.top', layers.top), pad.ring);
      cell.addPolygon(layerOf(FN, tech, 'layers.bottom', layers.bottom), pad.ring);
      return { drawn: { diameter: hole.d, landing: pad.d }, keepOutLayer: koz.note, note: `hole ${toUm(hole.d)} um, landings ${toUm(pad.d)} um` };
    },
    {
      tech,
      layers: [layers.hole, layers.top, layers.bottom, `${layers.hole}_KOZ`],
      readable: [tag, `d${umPart(d)}`, `l${umPart(landing)}`, `k${umPart(keepOut)}`, `n${sides}`],
      lossless: !/[^A-Za-z0-9.]/.test(layers.hole + layers.top + layers.bottom),
    },
  );
}
