/**
 * KLayout layer properties (.lyp): the XML KLayout reads with File > Load Layer Properties or
 * `klayout -l file.lyp`. The element set and order follow what KLayout 0.28 itself saves
 * (LayoutView.save_layer_props): frame-color, fill-color, frame-brightness, fill-brightness,
 * dither-pattern, line-style, valid, visible, transparent, width, marked, xfill, animation, name,
 * source. Output is deterministic: the same layers give the same bytes.
 */
import { InputError } from '../../core/errors.ts';
import type { FillHint, TechLayer, Technology } from '../../tech/types.ts';
import { parseTierLayerName } from '../../tech/layers.ts';

/**
 * KLayout's built-in dither patterns by index (the 'I<n>' names), as listed by
 * LayoutView.get_stipple(n) in KLayout 0.28: 0 solid, 1 hollow, 2 dotted, 3 coarsely dotted,
 * 4 left-hatched, 5 lightly left-hatched, 8 right-hatched, 9 lightly right-hatched,
 * 12 cross-hatched, 13 lightly cross-hatched.
 */
export const DITHER_INDEX: Readonly<Record<FillHint, number>> = Object.freeze({
  solid: 0,
  hollow: 1,
  dotted: 2,
  'dotted-sparse': 3,
  hatch: 4,
  'hatch-sparse': 5,
  backhatch: 8,
  'backhatch-sparse': 9,
  cross: 12,
  'cross-sparse': 13,
});

/** What a .lyp entry needs of a layer (a TechLayer has all of it). */
export type LypLayer = Pick<TechLayer, 'name' | 'layer' | 'datatype' | 'color' | 'fill'>;

export interface LypOptions {
  /**
   * Put tier layers (T1.RDL, T2.PAD, ...) into one collapsible group per tier ('T1', 'T2', ...)
   * after the base layers. Default true; false lists every layer flat, in map order.
   */
  groupTiers?: boolean;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const COLOR = /^#[0-9a-f]{6}$/;

/** The property elements of one layer, indented by `indent`. */
function entry(l: LypLayer, indent: string): string {
  const color = l.color.toLowerCase();
  if (!COLOR.test(color)) throw new InputError('E_LYP', `layer ${l.name}: colour ${JSON.stringify(l.color)} is not '#rrggbb'`);
  const dither = DITHER_INDEX[l.fill];
  if (dither === undefined) throw new InputError('E_LYP', `layer ${l.name}: fill ${JSON.stringify(l.fill)} is not one of ${Object.keys(DITHER_INDEX).join(', ')}`);
  const ld = `${l.layer}/${l.datatype}`;
  const lines = [
    ['frame-color', color],
    ['fill-color', color],
    ['frame-brightness', '0'],
    ['fill-brightness', '0'],
    ['dither-pattern', `I${dither}`],
    ['line-style', ''],
    ['valid', 'true'],
    ['visible', 'true'],
    // Documentation layers stay readable through their hollow/sparse fill hints; KLayout's
    // 'transparent' flag would blend colours and make the metal layers harder to tell apart.
    ['transparent', 'false'],
    ['width', '1'],
    ['marked', 'false'],
    ['xfill', 'false'],
    ['animation', '0'],
    ['name', `${l.name} ${ld}`],
    ['source', `${ld}@1`],
  ];
  return lines.map(([k, v]) => (v === '' ? `${indent}<${k}/>` : `${indent}<${k}>${escapeXml(v)}</${k}>`)).join('\n');
}

/** A group node (KLayout shows it as a collapsible folder); `*\/*@*` is how KLayout saves a group's source. */
function group(name: string, members: LypLayer[]): string {
  const head = [
    '  <frame-color/>',
    '  <fill-color/>',
    '  <frame-brightness>0</frame-brightness>',
    '  <fill-brightness>0</fill-brightness>',
    '  <dither-pattern/>',
    '  <line-style/>',
    '  <valid>true</valid>',
    '  <visible>true</visible>',
    '  <transparent>false</transparent>',
    '  <width/>',
    '  <marked>false</marked>',
    '  <xfill>false</xfill>',
    '  <animation>0</animation>',
    `  <name>${escapeXml(name)}</name>`,
    '  <source>*/*@*</source>',
  ];
  const body = members.map((m) => `  <group-members>\n${entry(m, '   ')}\n  </group-members>`);
  return ` <properties>\n${head.join('\n')}\n${body.join('\n')}\n </properties>`;
}

/**
 * The .lyp text for a technology's layers (or any list of layers), one entry per layer named
 * 'NAME L/D' with source 'L/D@1', in map order; tier layers grouped per tier unless groupTiers is
 * false. Throws InputError on a duplicate layer name or a bad colour / fill.
 */
export function writeLyp(tech: Pick<Technology, 'layers'> | readonly LypLayer[], options: LypOptions = {}): string {
  const layers: readonly LypLayer[] = Array.isArray(tech) ? (tech as readonly LypLayer[]) : Object.values((tech as Pick<Technology, 'layers'>).layers);
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.name)) throw new InputError('E_LYP', `layer ${l.name} is listed twice`);
    seen.add(l.name);
  }
  const groupTiers = options.groupTiers ?? true;
  const parts: string[] = [];
  const tiers = new Map<number, LypLayer[]>();
  for (const l of layers) {
    const t = groupTiers ? parseTierLayerName(l.name) : null;
    if (t) {
      if (!tiers.has(t.tier)) tiers.set(t.tier, []);
      tiers.get(t.tier)!.push(l);
    } else {
      parts.push(` <properties>\n${entry(l, '  ')}\n </properties>`);
    }
  }
  for (const t of [...tiers.keys()].sort((a, b) => a - b)) parts.push(group(`T${t}`, tiers.get(t)!));
  return `<?xml version="1.0" encoding="utf-8"?>\n<layer-properties>\n${parts.join('\n')}\n <name/>\n</layer-properties>\n`;
}
