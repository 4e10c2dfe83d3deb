/**
 * Built-in presets: spot checks of published numbers, the typed and flat rule views agreeing, the
 * construction numbers obeying the rules (measured, not restated), the layer map (distinct numbers,
 * readable distinct colours), tier layers, and the pad-stack helper.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/index.ts';
import {
  DEFAULT_LAYERS,
  OPTIONAL_LAYERS,
  PRESET_NAMES,
  REQUIRED_LAYERS,
  RULE_FIELDS,
  constructionIssues,
  findRule,
  getRule,
  layerTable,
  loadTech,
  padStack,
  preset,
  recordLayers,
  techLayer,
  tierLayers,
  withTiers,
  type RuleRecord,
  type Technology,
} from '../../src/tech/index.ts';

const UM = 1000;

describe('preset rule values', () => {
  it('amkor-0.4 carries the 400 um column', () => {
    const r = preset('amkor-0.4').rules;
    expect(r.pi1.minWidth).toBe(35 * UM);
    expect(r.pi1.minSpace).toBe(20 * UM);
    expect(r.pad.enclosesPi1).toBe(7.5 * UM);
    expect(r.rdl.enclosesPi1).toBe(10 * UM);
    expect(r.rdl.minWidth).toBe(10 * UM);
    expect(r.rdl.minSpace).toBe(10 * UM);
    expect(r.pi2.minWidth).toBe(170 * UM);
    expect(r.pi2.spaceToPi1).toBe(25 * UM);
    expect(r.ubm.minWidth).toBe(215 * UM);
    expect(r.ubm.enclosesPi2).toBe(15 * UM);
    expect(r.rdl.enclosesUbm).toBe(10 * UM);
    expect(r.ubm.spaceToPi1).toBe(10 * UM);
    expect(r.ubm.sealCentreDistance).toBe(155 * UM);
    expect(r.bump.minWidth).toBe(261 * UM);
    expect(r.bump.pitch).toBe(400 * UM);
    expect(r.bump.pitchExact).toBe(true);
    expect(r.bump.chipExtentMin).toEqual([750 * UM, 1000 * UM]);
    expect(r.bump.chipExtentMax).toEqual([6800 * UM, 6800 * UM]);
  });

  it('amkor-0.5 carries the 500 um column', () => {
    const r = preset('amkor-0.5').rules;
    expect(r.pi2.minWidth).toBe(220 * UM);
    expect(r.ubm.minWidth).toBe(250 * UM);
    expect(r.bump.minWidth).toBe(310 * UM);
    expect(r.bump.pitch).toBe(500 * UM);
    expect(r.bump.pitchAcrossScribe).toBe(500 * UM);
    expect(r.ubm.sealCentreDistance).toBe(195 * UM);
    expect(r.bump.chipExtentMin).toEqual([1000 * UM, 1000 * UM]);
    // Unchanged between the columns:
    expect(r.pi1.minWidth).toBe(35 * UM);
    expect(r.ubm.enclosesPi2).toBe(15 * UM);
  });

  it('deca-0.4 carries deca.csv, with its own reading of each row', () => {
    const t = preset('deca-0.4');
    const r = t.rules;
    expect(r.pi1.minWidth).toBe(20 * UM);
    expect(r.pad.minWidth).toBe(35 * UM);
    expect(r.pad.enclosesPi1).toBe(7.5 * UM);
    expect(r.rdl.minPadOverPad).toBe(40 * UM);
    expect(r.rdl.wideSpace).toBe(15 * UM);
    expect(r.pi2.minWidth).toBe(155 * UM);
    expect(r.rdl.minCapturePad).toBe(235 * UM);
    expect(r.pi2.minRemainingFraction).toBe(0.5);
    expect(r.bump.minWidth).toBe(264 * UM);
    expect(r.bump.pitchTolerance).toBe(10); // 2 x 0.005 um snap grid
    expect(r.ubm.sealCentreDistance).toBe(250 * UM);
    // deca publishes no RDL width/space: the assumed values say so and are not 'published'.
    expect(t.sources['rdl.minWidth'].published).toBe(false);
    expect(t.sources['rdl.minWidth'].text).toMatch(/deca.csv publishes no RDL min width/);
    expect(findRule(t, 'pi2.spaceToPi1')).toMatchObject({ kind: 'minSeparation', a: 'PI1', b: 'PI2', value: 25 * UM, differentNetsOnly: true });
    expect(findRule(t, 'pi2.enclosesPi1')).toMatchObject({ kind: 'minEnclosure', inner: 'PI1', outer: 'PI2', noStraddle: true });
    expect(findRule(t, 'bump.pitch')).toMatchObject({ kind: 'exactPitch', value: 400 * UM, tolerance: 10 });
  });

  it('generic is 20/20 um RDL and fine-10 is 10/10 um, both with a second metal', () => {
    const g = preset('generic');
    expect([g.rules.rdl.minWidth, g.rules.rdl.minSpace, g.construction.rdl.width, g.construction.rdl.space]).toEqual([20 * UM, 20 * UM, 20 * UM, 20 * UM]);
    const f = preset('fine-10');
    expect([f.rules.rdl.minWidth, f.rules.rdl.minSpace, f.construction.rdl.width, f.construction.rdl.space]).toEqual([10 * UM, 10 * UM, 10 * UM, 10 * UM]);
    for (const t of [g, f]) {
      expect(t.layers.RDL2).toBeDefined();
      expect(t.layers.VIA2).toBeDefined();
      expect(t.construction.topMetal).toBe('RDL2');
      expect(findRule(t, 'rdl.enclosesUbm')).toMatchObject({ inner: 'UBM', outer: 'RDL2' });
      expect(findRule(t, 'bump.pitch')?.kind).toBe('minPitch');
    }
  });

  it('sources name the table, the row and the column', () => {
    const t = preset('amkor-0.4');
    expect(findRule(t, 'pi1.minWidth')?.source).toBe('amkor.csv pi1.1 @400um');
    expect(findRule(t, 'rdl.enclosesUbm')?.source).toBe('amkor.csv ubm.4 @400um');
    expect(findRule(preset('amkor-0.5'), 'pi2.minWidth')?.source).toBe('amkor.csv pi2_500.1 @500um');
    expect(findRule(preset('deca-0.4'), 'pi2.minWidth')?.source).toBe('deca.csv cpmm2.wlcsp.3');
    expect(findRule(t, 'tsv.minWidth')?.source).toMatch(/^wlpgen default: /);
  });
});

describe.each(PRESET_NAMES)('preset %s', (name) => {
  const t = preset(name);

  it('has every required layer, distinct GDS numbers and distinct names', () => {
    for (const l of REQUIRED_LAYERS) expect(t.layers[l], l).toBeDefined();
    const pairs = Object.values(t.layers).map((l) => `${l.layer}/${l.datatype}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(Object.values(t.layers).every((l) => l.layer < t.tiers.stride)).toBe(true);
  });

  it('typed rules and the flat list agree: every present field with a record is listed once, with the same value', () => {
    const ids = t.ruleList.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of RULE_FIELDS) {
      const v = getRule(t.rules, f.id);
      if (f.presence === 'required') expect(v, f.id).toBeDefined();
      const rec = findRule(t, f.id);
      if (f.record && v !== undefined) {
        expect(rec, f.id).toBeDefined();
        expect(rec!.value).toEqual(v);
      } else expect(rec, f.id).toBeUndefined();
    }
  });

  it('every flat rule refers to layers of the technology, with integer dbu values', () => {
    for (const r of t.ruleList) {
      for (const l of recordLayers(r)) expect(t.layers[l], `${r.id} -> ${l}`).toBeDefined();
      const vals = Array.isArray(r.value) ? r.value : [r.value];
      if (r.kind !== 'minFraction') for (const v of vals) expect(Number.isInteger(v) && v > 0, `${r.id} = ${v}`).toBe(true);
      expect(r.source.length).toBeGreaterThan(0);
    }
  });

  it('construction numbers obey the rules (measured on the numbers, not restated)', () => {
    const c = t.construction;
    const r = t.rules;
    expect(constructionIssues(c, r, t.sources)).toEqual([]);
    expect(c.rdl.width).toBeGreaterThanOrEqual(r.rdl.minWidth);
    expect(c.rdl.space).toBeGreaterThanOrEqual(r.rdl.minSpace);
    expect(c.pi2.diameter).toBeGreaterThanOrEqual(r.pi2.minWidth);
    expect(c.ubm.diameter - c.pi2.diameter).toBeGreaterThanOrEqual(2 * r.ubm.enclosesPi2);
    expect(c.capture.diameter - c.ubm.diameter).toBeGreaterThanOrEqual(2 * (r.rdl.enclosesUbm ?? 0));
    expect(c.capture.diameter - c.pi2.diameter).toBeGreaterThanOrEqual(2 * (r.rdl.enclosesPi2 ?? 0));
    expect(c.capture.diameter).toBeGreaterThanOrEqual(r.rdl.minCapturePad ?? 0);
    expect(c.bump.diameter).toBeGreaterThanOrEqual(r.bump.minWidth);
    expect(c.bump.pitch - c.capture.diameter).toBeGreaterThanOrEqual(c.rdl.space);
    // A route channel between two capture pads holds at least one trace with its spaces.
    expect(c.bump.pitch - c.capture.diameter).toBeGreaterThanOrEqual(c.rdl.width + 2 * c.rdl.space);
    expect(c.post.diameter).toBeGreaterThanOrEqual(r.post.minWidth);
    expect(c.post.diameter).toBeLessThanOrEqual(r.post.maxWidth);
    expect(c.bump.minCentreToDieEdge).toBeGreaterThanOrEqual(c.seal.inset + r.ubm.sealCentreDistance);
    for (const d of [c.rdl.width, c.pi2.diameter, c.ubm.diameter, c.capture.diameter, c.bump.diameter, c.post.diameter, c.tsv.diameter, c.seal.width]) {
      expect(Number.isInteger(d) && d % 2 === 0, `${d}`).toBe(true);
    }
  });

  it('is deeply frozen and loadTech returns the same object', () => {
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.rules.pi1)).toBe(true);
    expect(Object.isFrozen(t.layers.RDL)).toBe(true);
    expect(() => {
      (t.rules.pi1 as { minWidth: number }).minWidth = 1;
    }).toThrow(TypeError);
    expect(loadTech(name)).toBe(t);
    expect(loadTech(t)).toBe(t);
  });
});

describe('layer map', () => {
  const t = preset('generic'); // has every known layer

  it('has the documented GDS numbers', () => {
    expect(layerTable(t)).toEqual({
      PAD: [10, 0], PI1: [11, 0], RDL: [20, 0], VIA2: [21, 0], RDL2: [22, 0], PI2: [30, 0], UBM: [40, 0], POST: [41, 0], BUMP: [50, 0],
      TSV: [60, 0], SEAL: [70, 0], MARK: [80, 0], TEXT: [81, 0], DIE: [90, 0], STREET: [91, 0], SAW: [92, 0], WAFER: [99, 0],
    });
    expect(Object.keys(DEFAULT_LAYERS).sort()).toEqual([...REQUIRED_LAYERS, ...OPTIONAL_LAYERS].sort());
  });

  it('colours are distinct and readable on a black background', () => {
    const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const lum = (h: string) => {
      const [r, g, b] = rgb(h).map((c) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const layers = Object.values(t.layers);
    for (const l of layers) {
      expect(l.color).toMatch(/^#[0-9a-f]{6}$/);
      // WCAG contrast against black >= 4.5 (relative luminance >= 0.175).
      expect((lum(l.color) + 0.05) / 0.05, `${l.name} ${l.color}`).toBeGreaterThanOrEqual(4.5);
    }
    for (let i = 0; i < layers.length; i++) {
      for (let j = i + 1; j < layers.length; j++) {
        const [a, b] = [rgb(layers[i].color), rgb(layers[j].color)];
        const dist = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
        expect(dist, `${layers[i].name} ${layers[i].color} vs ${layers[j].name} ${layers[j].color}`).toBeGreaterThanOrEqual(50);
      }
    }
  });

  it('documentation layers are WAFER, DIE, STREET, SAW and are drawn hollow or sparse', () => {
    const docs = Object.values(t.layers).filter((l) => l.purpose === 'documentation').map((l) => l.name);
    expect(docs).toEqual(['DIE', 'STREET', 'SAW', 'WAFER']);
    for (const n of docs) expect(['hollow', 'dotted-sparse', 'hatch-sparse', 'backhatch-sparse', 'cross-sparse']).toContain(t.layers[n].fill);
    expect(t.layers.WAFER.fill).toBe('hollow');
    expect(t.layers.DIE.fill).toBe('hollow');
  });

  it('techLayer returns a LayerSpec and names the known layers on a miss', () => {
    expect(techLayer(t, 'RDL')).toMatchObject({ name: 'RDL', layer: 20, datatype: 0 });
    expect(() => techLayer(preset('amkor-0.4'), 'RDL2')).toThrow(/technology 'amkor-0.4' has no layer 'RDL2' \(it has: PAD, PI1, RDL, PI2/);
  });
});

describe('tier layers of stacks', () => {
  const t = preset('amkor-0.4');

  it('are deterministic: T<t>.NAME = base + 100 t, same datatype, tier 1 keeps the base colour', () => {
    const a = tierLayers(t, 3);
    expect(tierLayers(t, 3)).toEqual(a);
    expect(a.map((l) => l.name)).toEqual([1, 2, 3].flatMap((k) => ['PAD', 'PI1', 'RDL', 'PI2', 'TSV'].map((n) => `T${k}.${n}`)));
    const by = Object.fromEntries(a.map((l) => [l.name, l]));
    expect([by['T1.RDL'].layer, by['T2.RDL'].layer, by['T3.RDL'].layer]).toEqual([120, 220, 320]);
    expect(by['T2.PAD']).toMatchObject({ layer: 210, datatype: 0, fill: t.layers.PAD.fill, purpose: 'drawing' });
    expect(by['T1.RDL'].color).toBe(t.layers.RDL.color);
    const rdlColours = [1, 2, 3].map((k) => by[`T${k}.RDL`].color);
    expect(new Set(rdlColours).size).toBe(3);
  });

  it('a second metal adds T<t>.VIA2 and T<t>.RDL2; all 8 tiers have free, valid numbers', () => {
    const g = preset('generic');
    const all = [...Object.values(g.layers), ...tierLayers(g, 8)];
    const pairs = all.map((l) => `${l.layer}/${l.datatype}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(tierLayers(g, 1).map((l) => l.name)).toEqual(['T1.PAD', 'T1.PI1', 'T1.RDL', 'T1.VIA2', 'T1.RDL2', 'T1.PI2', 'T1.TSV']);
  });

  it('rejects a tier count outside 1..max', () => {
    expect(() => tierLayers(t, 0)).toThrow(/tiers 0 is not allowed \(allowed: an integer 1..8\)/);
    expect(() => tierLayers(t, 9)).toThrow(InputError);
    expect(() => withTiers(t, 2.5)).toThrow(/tiers 2.5 is not allowed/);
  });

  it('withTiers adds the tier layers and per-tier copies of the rules among tier layers only', () => {
    const s: Technology = withTiers(t, 2);
    expect(s.tierCount).toBe(2);
    expect(s.layers['T2.RDL']).toMatchObject({ layer: 220 });
    expect(findRule(s, 'T2.rdl.minWidth')).toMatchObject({ kind: 'minWidth', layer: 'T2.RDL', value: 10 * UM, source: 'amkor.csv rdl.1 @400um' });
    expect(findRule(s, 'T1.pad.enclosesPi1')).toMatchObject({ inner: 'T1.PI1', outer: 'T1.PAD' });
    // UBM is not a tier layer: rules involving it stay on the base names (they apply to the top tier).
    expect(findRule(s, 'T1.ubm.enclosesPi2')).toBeUndefined();
    expect(findRule(s, 'ubm.enclosesPi2')).toBeDefined();
    for (const r of s.ruleList as RuleRecord[]) for (const l of recordLayers(r)) expect(s.layers[l], `${r.id} -> ${l}`).toBeDefined();
    expect(withTiers(s, 2)).toBe(s);
    expect(Object.keys(withTiers(s, 1).layers).filter((n) => n.startsWith('T2.'))).toEqual([]);
  });
});

describe('padStack', () => {
  it('gives the largest PI1 inside the pad and the RDL pad around it', () => {
    const t = preset('amkor-0.4');
    // 80 um pad: PI1 = 80 - 2 x 7.5 = 65 um; RDL pad = 65 + 2 x 10 = 85 um.
    expect(padStack(t, 80 * UM)).toEqual({ pi1: [65 * UM, 65 * UM], rdlPad: [85 * UM, 85 * UM] });
    expect(padStack(t, 80 * UM, 100 * UM)).toEqual({ pi1: [65 * UM, 85 * UM], rdlPad: [85 * UM, 105 * UM] });
    // deca at its smallest pad (35 um): PI1 = 20 um (its minimum), RDL pad = 40 um (rdl.wlcsp.1).
    expect(padStack(preset('deca-0.4'), 35 * UM)).toEqual({ pi1: [20 * UM, 20 * UM], rdlPad: [40 * UM, 40 * UM] });
    // Odd-nm pads keep their parity so the stack centres on the pad.
    const odd = padStack(t, 80_001);
    expect((odd.rdlPad[0] - 80_001) % 2).toBe(0);
  });

  it('names the rule when the pad is too small', () => {
    expect(() => padStack(preset('amkor-0.4'), 45 * UM)).toThrow(/PI1 inside it .* would be 30 um, below rule pi1.minWidth = 35 um \(amkor.csv pi1.1 @400um\)/);
    expect(() => padStack(preset('deca-0.4'), 30 * UM)).toThrow(/pad width 30 um is below rule pad.minWidth = 35 um \(deca.csv cpbo.wlcsp.2\)/);
  });
});
