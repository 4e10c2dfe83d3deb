/**
 * Stacked wafer-level package (process document 000): 2..8 wafers bonded face to back, tier 1 the
 * lowest, tier n the top. Every tier has its own mask layers T<t>.PAD, T<t>.PI1, T<t>.RDL (and T<t>.PI2
 * on the top tier, T<t>.TSV from tier 2 up); the posts, UBM and balls (POST, UBM, BUMP) and the resin
 * sealing layer (RESIN) belong to the top tier only, the heat radiation layer (HEAT) to the back of
 * tier 1; die outline, seal ring, street and saw (DIE, SEAL, STREET, SAW) are shared: one grid.
 *
 * The wiring scheme, tier by tier from the bottom:
 * - A TSV of tier t (t >= 2) is a hole through tier t's silicon (T<t>.TSV) with a landing pad on tier
 *   t's re-wiring (T<t>.RDL, formed with it) and one on the re-wiring of tier t-1 (T<t-1>.RDL) where
 *   it lands (cells/tsv.ts).
 * - Tier t < n routes, on T<t>.RDL, every net arriving in it (its own die pads, and the tops of its
 *   TSVs carrying the nets of the tiers below) to the landing pads of tier t+1's TSVs, one TSV per
 *   pad: every net climbs one tier per TSV. The router (src/route) sees the arriving TSV tops as pads
 *   and the TSV landings as balls, with the landing polygon as the capture pad.
 * - Tier n routes its own pads and its TSV tops to the balls, like a single die.
 * - TSV sites lie on a half-pitch lattice over the ball array (ball sites, gap centres and edge
 *   midpoints). The TSVs of tiers t and t+1 both have pads on T<t>.RDL, so consecutive tiers use the
 *   two parity classes of the lattice alternately; the top tier's class is the gap centres (the ball
 *   sites themselves excluded), farthest from the balls' capture pads. Each tier takes the innermost
 *   sites of its class, so the top tier's TSV nets meet the inner balls and its own peripheral pads the
 *   outer ones.
 * Net names are tier-prefixed: pad P3 of tier 1 is pad 'T1.P3' of net 'T1.<its net>'.
 *
 * Units: dbu (1 nm) inside; the netlist's figures for people are micrometres.
 */
import { Cell } from '../core/cell.ts';
import { InputError } from '../core/errors.ts';
import type { Dbu } from '../core/units.ts';
import { difference, toGdsRings } from '../geom/clipper.ts';
import { padStack, tierLayerName } from '../tech/index.ts';
import type { Technology } from '../tech/types.ts';
import { routeDie, drawRouting, type RoutePad, type RouteBump, type RouteResult } from '../route/index.ts';
import { bumpStack, dieBox, dieOutline, padStackCell, post, sealRing, tsv } from '../../cells/index.ts';
import type { Design, StackDef } from '../design/types.ts';
import { placeOnSites } from '../design/die.ts';
import { onTier } from './tier.ts';

/** A TSV placed by the build: its tier (hole in T<tier>.TSV), site name, centre (dbu) and intended net. */
export interface StackTsv {
  readonly tier: number;
  readonly name: string;
  readonly x: Dbu;
  readonly y: Dbu;
  readonly net: string;
}

/** A net of the stack as intended: its die pads (with their tier), its ball, the TSVs it climbs through. */
export interface StackNet {
  readonly net: string;
  /** Tier of the net's die pads. */
  readonly tier: number;
  readonly pads: readonly { readonly name: string; readonly tier: number; readonly x: Dbu; readonly y: Dbu }[];
  readonly balls: readonly { readonly name: string; readonly x: Dbu; readonly y: Dbu }[];
  readonly tsvs: readonly StackTsv[];
}

export interface StackTier {
  readonly tier: number;
  /** The tier's own cell (die frame), placed once in the stack die. */
  readonly cell: Cell;
  readonly route: RouteResult;
  /** TSVs whose hole is in this tier (none in tier 1). */
  readonly tsvs: readonly StackTsv[];
  readonly pads: number;
}

export interface StackBuild {
  readonly tech: Technology;
  /** The stack die cell: every tier, the shared die outline and seal ring, RESIN and HEAT. */
  readonly die: Cell;
  readonly tiers: readonly StackTier[];
  readonly nets: readonly StackNet[];
  readonly stack: StackDef;
}

export interface StackSite {
  readonly name: string;
  readonly x: Dbu;
  readonly y: Dbu;
}

/**
 * The TSV sites of tier `tier` of `tiers` (see the module notes), innermost first: distance to the die
 * centre, then angle from +x counter-clockwise. Throws InputError when the ball array is under 2 x 2.
 */
export function tsvSites(array: readonly [number, number], pitch: Dbu, tier: number, tiers: number): StackSite[] {
  const [cols, rows] = array;
  if (cols < 2 || rows < 2) throw new InputError('E_STACK', `stack: TSV sites lie between the balls; a ${cols} x ${rows} ball array has no gaps (allowed: at least 2 x 2 balls)`);
  if (pitch % 2 !== 0) throw new InputError('E_STACK', `stack: ball pitch ${pitch} dbu is odd; TSV sites at half the pitch would fall off the 1 nm grid`);
  const half = pitch / 2;
  const parity = (tiers - tier) % 2;
  const out: (StackSite & { r: number; a: number })[] = [];
  for (let j = 0; j <= 2 * (rows - 1); j++) {
    for (let i = 0; i <= 2 * (cols - 1); i++) {
      if ((i + j) % 2 !== parity) continue;
      if (tier === tiers && i % 2 === 0 && j % 2 === 0) continue; // a ball site
      const x = (i - (cols - 1)) * half;
      const y = (j - (rows - 1)) * half;
      const a = Math.atan2(y, x);
      out.push({ name: `T${tier}.V${i}_${j}`, x, y, r: x * x + y * y, a: a < 0 ? a + 2 * Math.PI : a });
    }
  }
  out.sort((p, q) => p.r - q.r || p.a - q.a);
  return out.map(({ name, x, y }) => ({ name, x, y }));
}

/** The smallest square pad whose router landing (padStack) covers a TSV landing `extent` dbu across. */
function tsvTopPadSize(tech: Technology, extent: Dbu): Dbu {
  const r = tech.rules;
  let w = Math.max(extent + 2 * r.pad.enclosesPi1 - 2 * r.rdl.enclosesPi1, r.pi1.minWidth + 2 * r.pad.enclosesPi1, r.pad.minWidth ?? 0);
  w += w % 2;
  for (;;) {
    if (padStack(tech, w, w).rdlPad[0] >= extent) return w;
    w += 2;
  }
}

function extentOf(ring: ArrayLike<number>): Dbu {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < ring.length; i += 2) {
    x0 = Math.min(x0, ring[i]);
    x1 = Math.max(x1, ring[i]);
    y0 = Math.min(y0, ring[i + 1]);
    y1 = Math.max(y1, ring[i + 1]);
  }
  return Math.max(x1 - x0, y1 - y0);
}

function ringOn(cell: Cell, tech: Technology, layer: string): Int32Array {
  const l = tech.layers[layer];
  const p = cell.polygons.find((q) => q.layer === l.layer && q.datatype === l.datatype);
  if (!p) throw new Error(`internal: cell ${cell.name} has nothing on ${layer}`);
  return Int32Array.from(p.points);
}

export interface StackBuildOptions {
  /** Router wall-clock budget per tier, ms (default the router's). */
  timeLimitMs?: number;
}

/**
 * Builds the stack of a design with `stack` (design.tech must be the stack technology, as loadDesign
 * makes it). Routing failures are in each tier's route result, not thrown.
 */
export function buildStack(design: Design, options: StackBuildOptions = {}): StackBuild {
  const stack = design.stack;
  if (!stack) throw new InputError('E_STACK', `design '${design.name}' has no stack`);
  const tech = design.tech;
  const n = stack.tiers.length;
  if (tech.tierCount !== n || !tech.layers.RESIN || !tech.layers.HEAT) throw new InputError('E_STACK', `design '${design.name}': the technology has ${tech.tierCount} tiers and ${tech.layers.RESIN ? '' : 'no '}stack layers; build it with withStackLayers(tech, ${n})`);
  if (tech.construction.topMetal !== 'RDL') throw new InputError('E_STACK', `design '${design.name}': stacks are drawn with one re-wiring metal per tier; technology '${tech.name}' has RDL2`);
  const { die: dieDef } = design;
  const [bx0, by0, bx1, by1] = dieBox(dieDef.width, dieDef.height);

  // Cells shared by the tiers.
  const tsvCell = (tier: number) => tsv(tech, { tier, diameter: stack.tsv.diameter, landing: stack.tsv.landing, keepOut: 0 });
  const landingRing = n >= 2 ? ringOn(tsvCell(2), tech, tierLayerName(1, 'RDL')) : new Int32Array();
  const topPad = tsvTopPadSize(tech, extentOf(landingRing));
  const ball = bumpStack(tech);
  const captureRing = ringOn(ball, tech, 'RDL');

  const tiers: StackTier[] = [];
  const nets = new Map<string, { tier: number; pads: StackNet['pads'][number][]; balls: StackNet['balls'][number][]; tsvs: StackTsv[] }>();
  let arriving: StackTsv[] = [];
  for (let t = 1; t <= n; t++) {
    const def = stack.tiers[t - 1];
    const cell = new Cell(`${design.name}_T${t}`);
    // Copies of shared cells on this tier's layers, each made once per tier.
    const memo = new Map<Cell, Cell>();
    const own: RoutePad[] = def.pads.map((p) => ({ name: `T${t}.${p.name}`, net: `T${t}.${p.net}`, x: p.x, y: p.y, w: p.w, h: p.h }));
    for (const p of own) {
      let e = nets.get(p.net);
      if (!e) nets.set(p.net, (e = { tier: t, pads: [], balls: [], tsvs: [] }));
      e.pads.push({ name: p.name, tier: t, x: p.x, y: p.y });
    }
    for (const p of def.pads) cell.addRef(onTier(padStackCell(tech, { width: p.w, height: p.h }), t, tech, memo), { x: p.x, y: p.y });
    // TSVs of this tier (holes through its silicon), landing on tier t-1.
    for (const v of arriving) cell.addRef(tsvCell(t), { x: v.x, y: v.y });
    const pads: RoutePad[] = [...own, ...arriving.map((v) => ({ name: v.name, net: v.net, x: v.x, y: v.y, w: topPad, h: topPad }))];
    let bumps: RouteBump[];
    let capture: Int32Array;
    if (t < n) {
      const sites = tsvSites(dieDef.array, dieDef.pitch, t + 1, n);
      if (sites.length < pads.length) throw new InputError('E_STACK', `stack: tier ${t + 1} needs ${pads.length} TSVs (one per net arriving in tier ${t}) but its class of the TSV site lattice has ${sites.length} sites (allowed: fewer pads in tiers 1..${t}, or more balls)`);
      bumps = sites.slice(0, pads.length).map((s) => ({ name: s.name, x: s.x, y: s.y }));
      capture = landingRing;
    } else {
      bumps = dieDef.bumps.map((b) => ({ name: b.name, x: b.x, y: b.y, ...(b.net ? { net: b.net } : {}) }));
      capture = captureRing;
    }
    const route = routeDie({
      die: { width: dieDef.width, height: dieDef.height },
      pads,
      bumps,
      tech,
      options: {
        assignment: t === n && dieDef.assignment === 'map' ? 'fixed' : 'auto',
        layer: tierLayerName(t, 'RDL'),
        capturePolygon: capture,
        ...(options.timeLimitMs ? { timeLimitMs: options.timeLimitMs } : {}),
      },
    });
    drawRouting(cell, route, tech);
    const placed: StackTsv[] = [];
    if (t < n) {
      const site = new Map(bumps.map((b) => [b.name, b]));
      for (const r of route.nets) {
        for (const b of r.bumps) {
          const s = site.get(b)!;
          placed.push({ tier: t + 1, name: b, x: s.x, y: s.y, net: r.net });
        }
      }
      placed.sort((a, b) => a.name.localeCompare(b.name));
      for (const v of placed) nets.get(v.net)?.tsvs.push(v);
    } else {
      const byName = new Map(dieDef.bumps.map((b) => [b.name, b]));
      for (const r of route.nets) {
        for (const b of r.bumps) {
          const s = byName.get(b)!;
          nets.get(r.net)?.balls.push({ name: b, x: s.x, y: s.y });
        }
      }
      // Top tier: balls with their capture pad and PI2 on this tier's layers, posts, the resin seal.
      const ballCell = onTier(ball, t, tech, memo);
      placeOnSites(cell, ballCell, dieDef.bumps, dieDef.pitch);
      // The resin seal, opened at the posts (at the UBM without posts): one tile per ball site, a pitch
      // square less the opening, placed like the balls (a blanket with every opening in one polygon
      // would pass GDSII's 8191-vertex limit), plus full squares on depopulated sites and the frame
      // between the array and the die edge.
      let opening: Int32Array;
      if (dieDef.post) {
        const postCell = post(tech, { diameter: dieDef.post.diameter, height: dieDef.post.height });
        placeOnSites(cell, postCell, dieDef.bumps, dieDef.pitch);
        opening = ringOn(postCell, tech, 'POST');
      } else opening = ringOn(ball, tech, 'UBM');
      const h = dieDef.pitch / 2;
      const square = Int32Array.of(-h, -h, h, -h, h, h, -h, h);
      const tile = new Cell(`${design.name}_RESIN_TILE`);
      for (const r of toGdsRings(difference([square], [opening]))) tile.addPolygon(tech.layers.RESIN, r);
      placeOnSites(cell, tile, dieDef.bumps, dieDef.pitch);
      const [cols, rows] = dieDef.array;
      const populated = new Set(dieDef.bumps.map((b) => `${b.col},${b.row}`));
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          if (populated.has(`${c},${r}`)) continue;
          const x = (c - (cols - 1) / 2) * dieDef.pitch;
          const y = (r - (rows - 1) / 2) * dieDef.pitch;
          cell.addBox(tech.layers.RESIN, x - h, y - h, x + h, y + h);
        }
      }
      const ax = (cols * dieDef.pitch) / 2;
      const ay = (rows * dieDef.pitch) / 2;
      const blanket = Int32Array.of(bx0, by0, bx1, by0, bx1, by1, bx0, by1);
      const array = Int32Array.of(-ax, -ay, ax, -ay, ax, ay, -ax, ay);
      for (const r of toGdsRings(difference([blanket], [array]))) cell.addPolygon(tech.layers.RESIN, r);
    }
    if (t === 1) cell.addBox(tech.layers.HEAT, bx0, by0, bx1, by1);
    tiers.push({ tier: t, cell, route, tsvs: arriving, pads: own.length });
    arriving = placed;
  }

  const die = new Cell(`${design.name}_DIE`);
  const street = design.wafer?.street;
  const saw = design.wafer?.saw;
  die.addRef(dieOutline(tech, { width: dieDef.width, height: dieDef.height, ...(street ? { street } : {}), ...(saw ? { saw } : {}) }));
  die.addRef(sealRing(tech, { width: dieDef.width, height: dieDef.height }));
  for (const t of tiers) die.addRef(t.cell);
  return {
    tech,
    die,
    tiers,
    nets: [...nets].map(([net, e]) => ({ net, tier: e.tier, pads: e.pads, balls: e.balls, tsvs: e.tsvs })),
    stack,
  };
}
