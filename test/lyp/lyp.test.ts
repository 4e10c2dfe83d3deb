/**
 * KLayout layer properties: the .lyp is well-formed XML with exactly one entry per layer carrying
 * the right name, layer/datatype, colour and pattern; output is deterministic; and KLayout itself
 * (0.28, pya LayoutView.load_layer_props) reads every entry back and maps it onto the layout's layers.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../../src/core/index.ts';
import { DITHER_INDEX, writeLyp } from '../../src/io/lyp/index.ts';
import { FILL_HINTS, PRESET_NAMES, loadTech, preset, withTiers, type Technology } from '../../src/tech/index.ts';
import { klayoutAvailable, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-lyp-'));

interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/**
 * A strict little XML reader for the subset .lyp uses (declaration, elements, text, empty tags):
 * throws on unbalanced or mismatched tags, attributes, stray '<' or unescaped '&' in text.
 */
function parseXml(xml: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\n/;
  if (!decl.test(xml)) throw new Error('missing XML declaration');
  const body = xml.replace(decl, '');
  const root: XmlNode = { name: '#document', children: [], text: '' };
  const stack: XmlNode[] = [root];
  const token = /<(\/?)([A-Za-z][A-Za-z0-9-]*)(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = token.exec(body))) {
    pos = token.lastIndex;
    const [, close, name, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) throw new Error(`unescaped & in ${JSON.stringify(text)}`);
      top.text += text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    } else if (close) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      const node: XmlNode = { name, children: [], text: '' };
      top.children.push(node);
      if (!selfClose) stack.push(node);
    }
  }
  if (pos !== body.length) throw new Error(`cannot parse XML at ${JSON.stringify(body.slice(pos, pos + 30))}`);
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  const elements = root.children;
  if (elements.length !== 1) throw new Error('an XML document has one root element');
  return elements[0];
}

const child = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const textOf = (n: XmlNode, name: string) => child(n, name)?.text.trim() ?? '';

/** Every layer entry (properties or group-members holding a source other than a group's wildcard). */
function layerEntries(root: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if ((c.name === 'properties' || c.name === 'group-members') && child(c, 'source') && textOf(c, 'source') !== '*/*@*') out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** The element order KLayout 0.28 writes for one entry (LayoutView.save_layer_props). */
const KLAYOUT_ORDER = ['frame-color', 'fill-color', 'frame-brightness', 'fill-brightness', 'dither-pattern', 'line-style', 'valid', 'visible', 'transparent', 'width', 'marked', 'xfill', 'animation', 'name', 'source'];

describe.each(PRESET_NAMES)('writeLyp(%s)', (name) => {
  const tech = preset(name);
  const xml = writeLyp(tech);

  it('is well-formed XML with one entry per layer, in map order, with the right name and L/D', () => {
    const root = parseXml(xml);
    expect(root.name).toBe('layer-properties');
    const entries = layerEntries(root);
    const layers = Object.values(tech.layers);
    expect(entries.length).toBe(layers.length);
    entries.forEach((e, i) => {
      const l = layers[i];
      expect(e.children.map((c) => c.name)).toEqual(KLAYOUT_ORDER);
      expect(textOf(e, 'name')).toBe(`${l.name} ${l.layer}/${l.datatype}`);
      expect(textOf(e, 'source')).toBe(`${l.layer}/${l.datatype}@1`);
      expect(textOf(e, 'frame-color')).toBe(l.color);
      expect(textOf(e, 'fill-color')).toBe(l.color);
      expect(textOf(e, 'dither-pattern')).toBe(`I${DITHER_INDEX[l.fill]}`);
      expect(textOf(e, 'visible')).toBe('true');
    });
  });

  it('is deterministic', () => {
    expect(writeLyp(preset(name))).toBe(xml);
    expect(writeLyp(Object.values(tech.layers))).toBe(xml);
  });

  it('draws the documentation layers hollow or sparse so they never hide metal', () => {
    const root = parseXml(xml);
    const sparse = new Set([DITHER_INDEX.hollow, DITHER_INDEX['dotted-sparse'], DITHER_INDEX['hatch-sparse'], DITHER_INDEX['backhatch-sparse'], DITHER_INDEX['cross-sparse']].map((i) => `I${i}`));
    for (const e of layerEntries(root)) {
      const n = textOf(e, 'name').split(' ')[0];
      if (['WAFER', 'DIE', 'STREET', 'SAW'].includes(n)) expect(sparse.has(textOf(e, 'dither-pattern')), n).toBe(true);
    }
    expect(xml).toContain('<name>WAFER 99/0</name>');
    expect(xml).toMatch(/<dither-pattern>I1<\/dither-pattern>\n(?:.*\n){8}  <name>WAFER 99\/0<\/name>/);
  });
});

describe('writeLyp details', () => {
  it('writes the first entry exactly as KLayout 0.28 saves one', () => {
    const xml = writeLyp(preset('amkor-0.4'));
    expect(xml.split('\n').slice(0, 20).join('\n')).toBe(`<?xml version="1.0" encoding="utf-8"?>
<layer-properties>
 <properties>
  <frame-color>#ff6666</frame-color>
  <fill-color>#ff6666</fill-color>
  <frame-brightness>0</frame-brightness>
  <fill-brightness>0</fill-brightness>
  <dither-pattern>I13</dither-pattern>
  <line-style/>
  <valid>true</valid>
  <visible>true</visible>
  <transparent>false</transparent>
  <width>1</width>
  <marked>false</marked>
  <xfill>false</xfill>
  <animation>0</animation>
  <name>PAD 10/0</name>
  <source>10/0@1</source>
 </properties>
 <properties>`);
    expect(xml.endsWith(' </properties>\n <name/>\n</layer-properties>\n')).toBe(true);
  });

  it('groups tier layers per tier (or lists them flat on request)', () => {
    const stack = withTiers(preset('amkor-0.4'), 3);
    const root = parseXml(writeLyp(stack));
    const groups = root.children.filter((c) => c.name === 'properties' && textOf(c, 'source') === '*/*@*');
    expect(groups.map((g) => textOf(g, 'name'))).toEqual(['T1', 'T2', 'T3']);
    expect(groups[1].children.filter((c) => c.name === 'group-members').map((m) => textOf(m, 'name'))).toEqual(['T2.PAD 210/0', 'T2.PI1 211/0', 'T2.RDL 220/0', 'T2.PI2 230/0', 'T2.TSV 260/0']);
    expect(layerEntries(root).length).toBe(Object.keys(stack.layers).length);
    const flat = parseXml(writeLyp(stack, { groupTiers: false }));
    expect(flat.children.filter((c) => c.name === 'properties').length).toBe(Object.keys(stack.layers).length);
  });

  it('escapes text and maps every fill hint to a KLayout pattern', () => {
    expect(Object.keys(DITHER_INDEX).sort()).toEqual([...FILL_HINTS].sort());
    const xml = writeLyp([{ name: 'A&B<C>', layer: 1, datatype: 2, color: '#ABCDEF', fill: 'solid' }]);
    expect(parseXml(xml).children[0].children.find((c) => c.name === 'name')!.text).toBe('A&B<C> 1/2');
    expect(xml).toContain('<frame-color>#abcdef</frame-color>');
  });

  it('rejects bad colours, fills and duplicate names', () => {
    expect(() => writeLyp([{ name: 'X', layer: 1, datatype: 0, color: 'red', fill: 'solid' }])).toThrow(InputError);
    expect(() => writeLyp([{ name: 'X', layer: 1, datatype: 0, color: '#ff0000', fill: 'stripes' as never }])).toThrow(/fill "stripes" is not one of/);
    const l = { name: 'X', layer: 1, datatype: 0, color: '#ff0000', fill: 'solid' } as const;
    expect(() => writeLyp([l, l])).toThrow(/layer X is listed twice/);
  });
});

describe.skipIf(!klayoutAvailable && !requireExternalTools)('KLayout reads the .lyp', () => {
  interface Node {
    name: string;
    group: boolean;
    depth: number;
    source?: string;
    layer?: number;
    datatype?: number;
    frame?: string;
    fill?: string;
    dither?: number;
    layer_index?: number;
  }

  function roundTrip(tech: Technology, file: string): { nodes: Node[]; stderr: string } {
    const lyp = path.join(tmp, `${file}.lyp`);
    const layers = path.join(tmp, `${file}.json`);
    fs.writeFileSync(lyp, writeLyp(tech));
    fs.writeFileSync(layers, JSON.stringify(Object.values(tech.layers).map((l) => [l.layer, l.datatype])));
    const run = runKlayout(path.join(HERE, 'read_lyp.py'), { lyp, layers });
    expect(run.status, run.stderr).toBe(0);
    return { nodes: parseStats<Node[]>(run), stderr: run.stderr };
  }

  it.each(['amkor-0.4', 'generic'])('%s: every layer with its name, source, colour and pattern, mapped onto the layout', (name) => {
    const tech = preset(name);
    const { nodes, stderr } = roundTrip(tech, name);
    expect(stderr.trim()).toBe('');
    const layers = Object.values(tech.layers);
    expect(nodes.map((n) => n.name)).toEqual(layers.map((l) => `${l.name} ${l.layer}/${l.datatype}`));
    nodes.forEach((n, i) => {
      const l = layers[i];
      expect(n).toMatchObject({ group: false, depth: 0, source: `${l.layer}/${l.datatype}@1`, layer: l.layer, datatype: l.datatype, frame: l.color, fill: l.color, dither: DITHER_INDEX[l.fill] });
      expect(n.layer_index, `${n.name} resolved to a layout layer`).toBeGreaterThanOrEqual(0);
    });
  });

  it('a stack: tier groups with their layers, each resolved', () => {
    const tech = withTiers(loadTech({ name: 'stack', extends: 'amkor-0.4', layers: { HEAT: { layer: 95, datatype: 3, color: '#ff8800', fill: 'hatch', purpose: 'drawing' } } }), 2);
    const { nodes } = roundTrip(tech, 'stack');
    expect(nodes.filter((n) => n.group).map((n) => n.name)).toEqual(['T1', 'T2']);
    const leaves = nodes.filter((n) => !n.group);
    expect(leaves.map((n) => n.name)).toEqual(Object.values(tech.layers).map((l) => `${l.name} ${l.layer}/${l.datatype}`));
    expect(leaves.find((n) => n.name.startsWith('T2.RDL'))).toMatchObject({ depth: 1, layer: 220, datatype: 0 });
    expect(leaves.find((n) => n.name.startsWith('HEAT'))).toMatchObject({ depth: 0, layer: 95, datatype: 3, dither: DITHER_INDEX.hatch });
    for (const n of leaves) expect(n.layer_index, n.name).toBeGreaterThanOrEqual(0);
  });
});
