/**
 * The default layer map and the per-tier layers of multi-wafer stacks.
 *
 * GDS numbers: decades by process step, so a number tells where a layer sits in the stack
 * (10s die pad and first polymer, 20s redistribution metal, 30s second polymer, 40s UBM/post,
 * 50 bump, 60 TSV, 70 seal, 80s marks and text, 90s documentation). Every base number is below the
 * default tier stride (100), so tier layers T<t>.<NAME> = base + 100 t never collide with a base
 * layer or with each other (T1.RDL = 120, T2.RDL = 220, ...).
 *
 * Colours: distinct hues at high lightness so every layer reads on KLayout's black background;
 * the die stack (PAD .. BUMP) runs warm -> cool -> green so neighbouring layers differ most.
 */
import { InputError } from '../core/errors.ts';
import type { FillHint, LayerPurpose, TechLayer, Technology, TierScheme } from './types.ts';

interface LayerDefault {
  layer: number;
  datatype: number;
  color: string;
  fill: FillHint;
  purpose: LayerPurpose;
  description: string;
}

/** Layers every technology has, in canonical (bottom-up, then documentation) order. */
export const REQUIRED_LAYERS = ['PAD', 'PI1', 'RDL', 'PI2', 'UBM', 'POST', 'BUMP', 'TSV', 'SEAL', 'MARK', 'TEXT', 'DIE', 'STREET', 'SAW', 'WAFER'] as const;
/** Layers a technology may add: a second metal level (VIA2 opens polymer from RDL2 down to RDL). */
export const OPTIONAL_LAYERS = ['VIA2', 'RDL2'] as const;

/** Canonical order of the known layers (optional ones slot in above RDL). */
export const KNOWN_LAYER_ORDER: readonly string[] = ['PAD', 'PI1', 'RDL', 'VIA2', 'RDL2', 'PI2', 'UBM', 'POST', 'BUMP', 'TSV', 'SEAL', 'MARK', 'TEXT', 'DIE', 'STREET', 'SAW', 'WAFER'];

export const DEFAULT_LAYERS: Readonly<Record<string, Readonly<LayerDefault>>> = Object.freeze({
  PAD: { layer: 10, datatype: 0, color: '#ff6666', fill: 'cross-sparse', purpose: 'drawing', description: 'die pad: passivation opening over the chip I/O pad' },
  PI1: { layer: 11, datatype: 0, color: '#ffd24d', fill: 'dotted', purpose: 'drawing', description: 'first polymer opening over the die pad' },
  RDL: { layer: 20, datatype: 0, color: '#4da6ff', fill: 'hatch-sparse', purpose: 'drawing', description: 'redistribution metal' },
  VIA2: { layer: 21, datatype: 0, color: '#ff80ff', fill: 'dotted', purpose: 'drawing', description: 'polymer via from RDL2 down to RDL' },
  RDL2: { layer: 22, datatype: 0, color: '#40e0e0', fill: 'backhatch-sparse', purpose: 'drawing', description: 'second redistribution metal' },
  PI2: { layer: 30, datatype: 0, color: '#ffa040', fill: 'dotted', purpose: 'drawing', description: 'second polymer opening (via from top metal to UBM)' },
  UBM: { layer: 40, datatype: 0, color: '#b380ff', fill: 'backhatch-sparse', purpose: 'drawing', description: 'under-bump metal' },
  POST: { layer: 41, datatype: 0, color: '#e8c8a0', fill: 'hatch', purpose: 'drawing', description: 'plated Cu post / column' },
  BUMP: { layer: 50, datatype: 0, color: '#66ee66', fill: 'cross-sparse', purpose: 'drawing', description: 'solder ball' },
  TSV: { layer: 60, datatype: 0, color: '#ff4da6', fill: 'dotted', purpose: 'drawing', description: 'through-silicon via' },
  SEAL: { layer: 70, datatype: 0, color: '#a8a8a8', fill: 'hatch', purpose: 'drawing', description: 'seal ring' },
  MARK: { layer: 80, datatype: 0, color: '#ffff66', fill: 'solid', purpose: 'drawing', description: 'alignment and fiducial marks' },
  TEXT: { layer: 81, datatype: 0, color: '#ffffff', fill: 'solid', purpose: 'drawing', description: 'text (die names, labels)' },
  DIE: { layer: 90, datatype: 0, color: '#4dd9a0', fill: 'hollow', purpose: 'documentation', description: 'die outline (without street)' },
  STREET: { layer: 91, datatype: 0, color: '#b0b070', fill: 'dotted-sparse', purpose: 'documentation', description: 'dicing street (kerf)' },
  SAW: { layer: 92, datatype: 0, color: '#c0ff40', fill: 'backhatch-sparse', purpose: 'documentation', description: 'saw cut (material the blade removes)' },
  WAFER: { layer: 99, datatype: 0, color: '#d0d0d0', fill: 'hollow', purpose: 'documentation', description: 'wafer outline and edge exclusion' },
});

/**
 * Layers of a stacked package (process document 000) that are not repeated per tier: the resin
 * sealing layer over the top tier (drawn as the resin the mask leaves: the die area with openings at
 * the posts or balls) and the heat radiation layer on the back of the lowest wafer (drawn as a
 * blanket over the die area, so the streets stay clear). Added by withStackLayers, not by presets:
 * a single-wafer technology has neither. GDS numbers sit in decades of their own (45 above the
 * posts, 65 on the far side of the TSVs), below the tier stride.
 */
export const STACK_LAYERS: Readonly<Record<string, Readonly<LayerDefault>>> = Object.freeze({
  RESIN: { layer: 45, datatype: 0, color: '#c08040', fill: 'dotted-sparse', purpose: 'drawing', description: 'resin sealing layer over the top tier, opened at the posts (stack, seed 000)' },
  HEAT: { layer: 65, datatype: 0, color: '#e0e0ff', fill: 'backhatch-sparse', purpose: 'drawing', description: 'backside heat radiation layer of the lowest tier, streets cleared (stack, seed 000)' },
});

/** Default tier scheme: the layers made per wafer of a stack (pads, polymer, metal, vias, TSV). */
export const DEFAULT_TIER_SCHEME: TierScheme = Object.freeze({
  stride: 100,
  max: 8,
  layers: Object.freeze(['PAD', 'PI1', 'RDL', 'VIA2', 'RDL2', 'PI2', 'TSV']),
});

/** Layer names: an upper-case word; the 'T<n>.' prefix is reserved for generated tier layers. */
export const LAYER_NAME = /^[A-Z][A-Z0-9_]*$/;
const TIER_NAME = /^T([1-9][0-9]*)\.([A-Z][A-Z0-9_]*)$/;

/** Splits 'T2.RDL' into { tier: 2, base: 'RDL' }; null for a base layer name. */
export function parseTierLayerName(name: string): { tier: number; base: string } | null {
  const m = TIER_NAME.exec(name);
  return m ? { tier: Number(m[1]), base: m[2] } : null;
}

export function tierLayerName(tier: number, base: string): string {
  return `T${tier}.${base}`;
}

/** A TechLayer from a default entry (for known layers). */
export function defaultLayer(name: string): TechLayer {
  const d = DEFAULT_LAYERS[name] ?? STACK_LAYERS[name];
  if (!d) throw new InputError('E_TECH_LAYER', `no default for layer '${name}' (known: ${Object.keys(DEFAULT_LAYERS).join(', ')})`);
  return { name, ...d };
}

/**
 * The layer of that name, or an InputError listing the names the technology has.
 * A TechLayer is a LayerSpec, so the result goes straight to Cell.addBox / addPolygon.
 */
export function techLayer(tech: Technology, name: string): TechLayer {
  const l = tech.layers[name];
  if (!l) {
    throw new InputError('E_TECH_LAYER', `technology '${tech.name}' has no layer '${name}' (it has: ${Object.keys(tech.layers).join(', ')})`);
  }
  return l;
}

/** name -> [layer, datatype], in map order (the report's `layers` table). */
export function layerTable(tech: Technology): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const l of Object.values(tech.layers)) out[l.name] = [l.layer, l.datatype];
  return out;
}

// --- colours --------------------------------------------------------------------------------

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function rgbToHex(r: number, g: number, b: number): string {
  return '#' + [r, g, b].map((c) => Math.max(0, Math.min(255, Math.round(c))).toString(16).padStart(2, '0')).join('');
}

/** Rotates a colour's hue by `degrees` keeping its HSL saturation and lightness (deterministic, integer output). */
export function rotateHue(hex: string, degrees: number): string {
  const [r, g, b] = hexToRgb(hex).map((c) => c / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  if (d === 0) return hex; // grey: no hue to rotate
  const s = d / (1 - Math.abs(2 * l - 1));
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (((h * 60 + degrees) % 360) + 360) % 360;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((h / 60) % 2) - 1));
  const m = l - c / 2;
  const [r1, g1, b1] = h < 60 ? [c, x, 0] : h < 120 ? [x, c, 0] : h < 180 ? [0, c, x] : h < 240 ? [0, x, c] : h < 300 ? [x, 0, c] : [c, 0, x];
  return rgbToHex((r1 + m) * 255, (g1 + m) * 255, (b1 + m) * 255);
}

/** Hue step between consecutive tiers: 8 tiers spread over 315 degrees, so every tier of a layer differs. */
export const TIER_HUE_STEP = 45;

// --- tiers ----------------------------------------------------------------------------------

/**
 * The per-tier layers of a stack of `tiers` wafers, tier by tier (T1.* first), each tier in map
 * order: T<t>.<NAME> on GDS layer base + t * stride with the base datatype, the base fill and purpose,
 * and the base colour rotated by (t - 1) * 45 degrees of hue (tier 1 keeps the base colour).
 * Only tier-scheme layers the technology has are made (VIA2/RDL2 only with a second metal).
 * Deterministic; throws InputError when `tiers` is not an integer in 1..tech.tiers.max.
 */
export function tierLayers(tech: Pick<Technology, 'name' | 'layers' | 'tiers'>, tiers: number): TechLayer[] {
  if (!Number.isInteger(tiers) || tiers < 1 || tiers > tech.tiers.max) {
    throw new InputError('E_TECH_TIERS', `technology '${tech.name}': tiers ${String(tiers)} is not allowed (allowed: an integer 1..${tech.tiers.max})`);
  }
  const out: TechLayer[] = [];
  const bases = Object.values(tech.layers).filter((l) => !parseTierLayerName(l.name) && tech.tiers.layers.includes(l.name));
  for (let t = 1; t <= tiers; t++) {
    for (const b of bases) {
      out.push({
        name: tierLayerName(t, b.name),
        layer: b.layer + t * tech.tiers.stride,
        datatype: b.datatype,
        color: rotateHue(b.color, (t - 1) * TIER_HUE_STEP),
        fill: b.fill,
        purpose: b.purpose,
        description: `tier ${t} ${b.description}`,
      });
    }
  }
  return out;
}
