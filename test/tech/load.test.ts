/**
 * Tech files (YAML/JSON/objects) with extends and overrides, design-level overrides, and strict
 * validation: every malformed input is rejected with a message naming the key path, the bad value
 * and what is allowed; several problems come back together in one error.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InputError } from '../../src/core/index.ts';
import { TechError, applyOverrides, findRule, loadTech, preset, techFromObject, withTiers, type Technology } from '../../src/tech/index.ts';

const UM = 1000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-tech-'));
function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The TechError thrown by fn (fails the test when nothing or something else is thrown). */
function techError(fn: () => unknown): TechError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TechError);
    expect(e).toBeInstanceOf(InputError);
    return e as TechError;
  }
  throw new Error('expected a TechError, nothing was thrown');
}

describe('loading tech files', () => {
  it('loads a YAML file that extends a preset and overrides layers, rules and construction', () => {
    const file = write(
      'flow.yaml',
      `# a customer flow on the amkor 0.4 mm rules
name: my-flow
extends: amkor-0.4
layers:
  RDL: { layer: 21, color: '#3399FF' }
  HEAT: { layer: 95, datatype: 0, color: '#ff8800', fill: hatch, purpose: drawing, description: backside heat spreader }
rules:
  rdl: { minWidth: 12, minSpace: 12.5 }
  bump: { chipExtentMax: [5000, 4000] }
construction:
  rdl: { width: 20, space: 20 }
`,
    );
    const t = loadTech(file);
    expect(t.name).toBe('my-flow');
    expect(t.lineage).toEqual(['amkor-0.4', file]);
    expect(t.layers.RDL).toMatchObject({ layer: 21, datatype: 0, color: '#3399ff', fill: 'hatch-sparse' });
    expect(t.layers.HEAT).toMatchObject({ layer: 95, purpose: 'drawing', description: 'backside heat spreader' });
    expect(Object.keys(t.layers).at(-1)).toBe('HEAT'); // custom layers after the known ones
    expect(t.rules.rdl.minWidth).toBe(12 * UM);
    expect(t.rules.rdl.minSpace).toBe(12.5 * UM);
    expect(t.rules.bump.chipExtentMax).toEqual([4000 * UM, 5000 * UM]); // normalised [short, long]
    expect(findRule(t, 'rdl.minWidth')?.source).toBe('flow.yaml rules.rdl.minWidth');
    expect(findRule(t, 'rdl.minWidth')?.published).toBe(false);
    // Untouched rules keep their vendor source.
    expect(findRule(t, 'pi1.minWidth')?.source).toBe('amkor.csv pi1.1 @400um');
    expect(t.construction.rdl).toEqual({ width: 20 * UM, space: 20 * UM });
    // The preset itself is unchanged.
    expect(preset('amkor-0.4').layers.RDL.layer).toBe(20);
  });

  it('resolves relative paths: a JSON file extending a YAML file extending a preset', () => {
    write('base/base.yaml', 'name: base\nextends: deca-0.4\nrules: { ubm: { minWidth: 220 } }\n');
    const json = write('top.json', JSON.stringify({ name: 'top', extends: 'base/base.yaml', construction: { bump: { diameter: 270 } } }));
    const t = loadTech('top.json', dir);
    expect(t.lineage).toEqual(['deca-0.4', path.join(dir, 'base/base.yaml'), json]);
    expect(t.rules.ubm.minWidth).toBe(220 * UM);
    expect(t.construction.ubm.diameter).toBe(220 * UM); // derived from the tightened rule
    expect(t.construction.bump.diameter).toBe(270 * UM);
    expect(t.rules.bump.minWidth).toBe(264 * UM);
  });

  it('accepts an object and adds a second metal to a single-metal preset', () => {
    const t = loadTech({
      name: 'amkor-2rdl',
      extends: 'amkor-0.4',
      layers: { RDL2: {}, VIA2: {} },
      rules: { rdl: { enclosesVia2: 10 }, rdl2: { minWidth: 10, minSpace: 10, enclosesVia2: 10 }, via2: { minWidth: 30, minSpace: 20 } },
    });
    expect(t.layers.RDL2).toMatchObject({ layer: 22, datatype: 0 });
    expect(Object.keys(t.layers).slice(0, 6)).toEqual(['PAD', 'PI1', 'RDL', 'VIA2', 'RDL2', 'PI2']);
    expect(t.construction.topMetal).toBe('RDL2');
    expect(t.construction.via2).toEqual({ diameter: 30 * UM, landing: 50 * UM });
    expect(findRule(t, 'rdl.enclosesUbm')).toMatchObject({ inner: 'UBM', outer: 'RDL2', source: 'amkor.csv ubm.4 @400um' });
  });

  it('raises inherited construction values to tightened rules, but checks values set in the file', () => {
    const t = loadTech({ name: 'tight', extends: 'amkor-0.4', rules: { rdl: { minWidth: 16 } } });
    expect(t.construction.rdl.width).toBe(16 * UM); // inherited 15 um raised to the new minimum
    const e = techError(() => loadTech({ name: 'tight', extends: 'amkor-0.4', rules: { rdl: { minWidth: 16 } }, construction: { rdl: { width: 14 } } }));
    expect(e.message).toBe('tech object: construction.rdl.width: 14 um is below rule rdl.minWidth = 16 um (tech object rules.rdl.minWidth)');
  });

  it('defines a complete technology without extends', () => {
    const base = preset('generic');
    const rules: Record<string, Record<string, unknown>> = {};
    for (const r of Object.keys(base.sources)) {
      const [g, k] = r.split('.');
      const v = (base.rules as unknown as Record<string, Record<string, unknown>>)[g][k];
      (rules[g] ??= {})[k] = typeof v === 'number' ? (r === 'rdl.minArea' ? v / 1e6 : v / UM) : Array.isArray(v) ? v.map((x: number) => x / UM) : v;
    }
    const layers = Object.fromEntries(Object.values(base.layers).map((l) => [l.name, { layer: l.layer, datatype: l.datatype, color: l.color, fill: l.fill, purpose: l.purpose }]));
    const t = techFromObject({ name: 'standalone', layers, rules });
    expect(t.rules).toEqual(base.rules);
    expect(t.construction.rdl).toEqual({ width: 20 * UM, space: 20 * UM }); // smallest legal: the minimums
    expect(t.layers).toEqual(Object.fromEntries(Object.values(base.layers).map((l) => [l.name, { ...l, description: expect.any(String) }])));
  });

  it('keeps the published floor through a chain of files (no relaxing in two steps)', () => {
    write('tight.yaml', 'name: tight\nextends: amkor-0.4\nrules: { pi1: { minWidth: 40 } }\n');
    const ok = write('ok.yaml', 'name: ok\nextends: tight.yaml\nrules: { pi1: { minWidth: 36 } }\n');
    expect(loadTech(ok).rules.pi1.minWidth).toBe(36 * UM);
    expect(loadTech(ok).sources['pi1.minWidth']).toMatchObject({ text: 'ok.yaml rules.pi1.minWidth', published: false, tightens: { text: 'amkor.csv pi1.1 @400um', value: 35 * UM } });
    const loose = write('loose.yaml', 'name: loose\nextends: tight.yaml\nrules: { pi1: { minWidth: 30 } }\n');
    expect(() => loadTech(loose)).toThrow(/loose\.yaml:3: rules\.pi1\.minWidth: 30 um relaxes the published rule pi1\.minWidth = 35 um \(amkor\.csv pi1\.1 @400um\)/);
  });

  it('removes optional unpublished rules and optional layers with null', () => {
    const t = loadTech({ name: 'g1', extends: 'generic', layers: { RDL2: null, VIA2: null }, rules: { rdl: { minArea: null, enclosesVia2: null }, rdl2: null, via2: null } });
    expect(t.layers.RDL2).toBeUndefined();
    expect(t.rules.rdl.minArea).toBeUndefined();
    expect(findRule(t, 'rdl.minArea')).toBeUndefined();
  });
});

describe('malformed tech definitions name the key path, the value and what is allowed', () => {
  const base = { name: 'bad', extends: 'amkor-0.4' };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['unknown top-level key', { ...base, rulez: {} }, /^tech object: rulez: unknown key \(allowed: name, description, extends, layers, rules, construction, tiers; did you mean 'rules'\?\)$/],
    ['unknown rule key', { ...base, rules: { pi1: { minWdth: 40 } } }, /rules\.pi1\.minWdth: unknown key \(allowed: minWidth, minSpace; did you mean 'minWidth'\?\)/],
    ['unknown rule group', { ...base, rules: { ubn: { minWidth: 40 } } }, /rules\.ubn: unknown key \(allowed: pad, pi1, rdl, pi2, ubm, bump, post, tsv, seal, via2, rdl2; did you mean 'ubm'\?\)/],
    ['negative length', { ...base, rules: { rdl: { minWidth: -5 } } }, /rules\.rdl\.minWidth: -5 is not allowed \(allowed: a number of micrometres > 0 and <= 300000, on the 1 nm grid/],
    ['off-grid length', { ...base, rules: { ubm: { minWidth: 215.0005 } } }, /rules\.ubm\.minWidth: 215\.0005 um is not on the 1 nm grid/],
    ['string for a number', { ...base, rules: { bump: { pitch: '400' } } }, /rules\.bump\.pitch: "400" is not allowed \(allowed: a number of micrometres/],
    ['relaxing a published rule', { ...base, rules: { pi1: { minWidth: 30 } } }, /rules\.pi1\.minWidth: 30 um relaxes the published rule pi1\.minWidth = 35 um \(amkor\.csv pi1\.1 @400um\)/],
    ['changing an exact published pitch', { ...base, rules: { bump: { pitch: 450 } } }, /rules\.bump\.pitch: 450 um relaxes the published rule bump\.pitch = 400 um \(amkor\.csv bump\.2 @400um\)/],
    ['removing a published rule', { ...base, rules: { bump: { chipExtentMin: null } } }, /rules\.bump\.chipExtentMin: cannot remove the published rule bump\.chipExtentMin \(amkor\.csv bump\.4 @400um\)/],
    ['bad colour', { ...base, layers: { RDL: { color: 'blue' } } }, /layers\.RDL\.color: "blue" is not allowed \(allowed: a colour '#rrggbb'\)/],
    ['bad fill', { ...base, layers: { DIE: { fill: 'stripes' } } }, /layers\.DIE\.fill: "stripes" is not allowed \(allowed: solid, dotted, .*hollow\)/],
    ['layer number out of range', { ...base, layers: { RDL: { layer: 70000 } } }, /layers\.RDL\.layer: 70000 is not allowed \(allowed: an integer 0\.\.65535\)/],
    ['unknown layer key', { ...base, layers: { RDL: { colour: '#ffffff' } } }, /layers\.RDL\.colour: unknown key \(allowed: layer, datatype, color, fill, purpose, description; did you mean 'color'\?\)/],
    ['duplicate GDS numbers', { ...base, layers: { PI1: { layer: 20 } } }, /layers\.RDL: GDS layer 20\/0 is also used by layer PI1/],
    ['incomplete new layer', { ...base, layers: { RLD: { layer: 5 } } }, /layers\.RLD: a new layer needs datatype, color, fill, purpose \(or did you mean 'RDL'\?\)/],
    ['removing a required layer', { ...base, layers: { BUMP: null } }, /layers\.BUMP: required layer cannot be removed/],
    ['RDL2 without VIA2 and its rules', { ...base, layers: { RDL2: {} } }, /layers\.VIA2: RDL2 and VIA2 come together/],
    ['bad extent', { ...base, rules: { bump: { chipExtentMax: [5000] } } }, /rules\.bump\.chipExtentMax: \[5000\] is not allowed \(allowed: \[width, height\], two lengths in micrometres\)/],
    ['unknown preset in extends', { name: 'bad', extends: 'amkor-04' }, /unknown technology "amkor-04" \(allowed: a built-in preset amkor-0\.4, amkor-0\.5, deca-0\.4, generic, fine-10; did you mean 'amkor-0\.4'\?/],
    ['bad name', { ...base, name: 'my flow!' }, /name: "my flow!" is not allowed \(allowed: letters, digits, _ \. -\)/],
    ['rules not a mapping', { ...base, rules: [1, 2] }, /rules: \[1,2\] is not allowed \(allowed: a mapping of rule groups/],
    ['construction below a published minimum', { ...base, construction: { rdl: { width: 8 } } }, /construction\.rdl\.width: 8 um is below rule rdl\.minWidth = 10 um \(amkor\.csv rdl\.1 @400um\)/],
    ['construction width off the 2 nm grid', { ...base, construction: { ubm: { diameter: 215.001 } } }, /construction\.ubm\.diameter: 215\.001 is not allowed \(allowed: a multiple of 0\.002 um/],
    ['tier stride that collides', { ...base, tiers: { stride: 10 } }, /tiers\.stride: layer T1\.PAD would be GDS layer 20\/0, already used by RDL/],
    ['tier layer that does not exist', { ...base, tiers: { layers: ['RDL', 'HEAT'] } }, /tiers\.layers\[1\]: "HEAT" is not a layer of the technology/],
    ['missing name', { extends: 'amkor-0.4' }, /name: required key is missing/],
    ['a tier layer name in the map', { ...base, layers: { 'T1.RDL': { layer: 5 } } }, /layers\.T1\.RDL: layer name is not allowed \(allowed: an upper-case word \[A-Z\]\[A-Z0-9_\]\*; tier layers T<n>\.NAME come from the tiers section\)/],
  ];

  it.each(cases)('%s', (_what, obj, pattern) => {
    const e = (() => {
      try {
        loadTech(obj);
      } catch (err) {
        return err as Error;
      }
      return undefined;
    })();
    expect(e, 'expected an error').toBeInstanceOf(InputError);
    expect(e!.message).toMatch(pattern);
  });

  it('reports every problem of a definition together', () => {
    const e = techError(() => loadTech({ name: 'bad', extends: 'amkor-0.4', rulez: 1, layers: { RDL: { color: 'red' } }, rules: { pi1: { minWidth: -1 } } }));
    expect(e.issues).toEqual([
      expect.stringMatching(/^tech object: rulez: unknown key/),
      expect.stringMatching(/^tech object: layers\.RDL\.color: "red" is not allowed/),
      expect.stringMatching(/^tech object: rules\.pi1\.minWidth: -1 is not allowed/),
    ]);
    expect(e.message).toMatch(/^3 problems:\n {2}tech object: rulez/);
  });

  it('a definition without extends lists every missing layer and rule', () => {
    // Nothing at all: one message pointing at extends.
    expect(techError(() => loadTech({ name: 'empty' })).issues).toEqual([
      'tech object: extends: missing: without extends a tech definition must give every layer and rule (to start from a preset, add extends: one of amkor-0.4, amkor-0.5, deca-0.4, generic, fine-10)',
    ]);
    const e = techError(() => loadTech({ name: 'empty', layers: {}, rules: {} }));
    expect(e.issues).toContain('tech object: layers.PAD: required layer is missing (every technology has PAD, PI1, RDL, PI2, UBM, POST, BUMP, TSV, SEAL, MARK, TEXT, DIE, STREET, SAW, WAFER)');
    expect(e.issues.some((m) => m.startsWith('tech object: rules.pi1.minWidth: required rule is missing'))).toBe(true);
    expect(e.issues.length).toBeGreaterThan(30);
  });

  it('second-metal rules are required with the layers', () => {
    const e = techError(() => loadTech({ name: 'x', extends: 'amkor-0.4', layers: { RDL2: {}, VIA2: {} } }));
    expect(e.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/rules\.rdl\.enclosesVia2: required rule is missing \(required with layer VIA2\)/),
        expect.stringMatching(/rules\.rdl2\.enclosesVia2: required rule is missing \(required with layers RDL2 and VIA2\)/),
        expect.stringMatching(/rules\.via2\.minWidth: required rule is missing/),
      ]),
    );
  });
});

describe('tech file errors name the file and line', () => {
  it('points at the line of the bad value', () => {
    const file = write('lines.yaml', 'name: lines\nextends: amkor-0.4\nrules:\n  rdl:\n    minWidth: 10\n    minSpace: -3\n');
    const e = techError(() => loadTech(file));
    expect(e.message).toBe(`${file}:6: rules.rdl.minSpace: -3 is not allowed (allowed: a number of micrometres > 0 and <= 300000, on the 1 nm grid (0.001 um))`);
  });

  it('reports YAML syntax errors and duplicate keys with their position', () => {
    const bad = write('syntax.yaml', 'name: s\nrules: { rdl: [\n');
    expect(techError(() => loadTech(bad)).issues[0]).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \\]$`));
    const dup = write('dup.yaml', 'name: d\nextends: amkor-0.4\nname: e\n');
    expect(() => loadTech(dup)).toThrow(/dup\.yaml:3:1: YAML syntax error: Map keys must be unique/);
    const json = write('bad.json', '{"name": "j", }');
    expect(() => loadTech(json)).toThrow(/bad\.json:1:\d+: JSON syntax error/);
  });

  it('names a missing file and an extends cycle', () => {
    expect(() => loadTech('nope/missing.yaml', dir)).toThrow(/missing\.yaml: cannot read the tech file \(ENOENT\)/);
    write('a.yaml', 'name: a\nextends: b.yaml\n');
    write('b.yaml', 'name: b\nextends: ./a.yaml\n');
    expect(() => loadTech(path.join(dir, 'a.yaml'))).toThrow(/b\.yaml: extends: \.\/a\.yaml extends itself \(chain: .*a\.yaml -> .*b\.yaml -> .*a\.yaml\)/);
  });

  it('an error in a base file is reported against that file', () => {
    write('badbase.yaml', 'name: badbase\nextends: amkor-0.4\nrules:\n  pi2: { minWidth: 0 }\n');
    const top = write('ontop.yaml', 'name: ontop\nextends: badbase.yaml\n');
    expect(() => loadTech(top)).toThrow(/badbase\.yaml:4: rules\.pi2\.minWidth: 0 is not allowed/);
  });

  it('rejects something that is neither a name nor an object', () => {
    expect(() => loadTech(42 as unknown as string)).toThrow(/tech: 42 is not allowed/);
    expect(() => loadTech('amkor')).toThrow(/unknown technology "amkor" \(allowed: a built-in preset amkor-0\.4, .*\)/);
  });
});

describe('design-level overrides', () => {
  const amkor = preset('amkor-0.4');

  it('returns a new technology with re-derived construction numbers', () => {
    const t = applyOverrides(amkor, { rdl: { width: 20, space: 20 }, post: { diameter: 150, height: 100 } }, { where: 'demo.yaml', path: 'die' });
    expect(t).not.toBe(amkor);
    expect(t.construction.rdl).toEqual({ width: 20 * UM, space: 20 * UM });
    expect(t.construction.post).toEqual({ diameter: 150 * UM, height: 100 * UM });
    expect(t.lineage).toEqual(['amkor-0.4', 'demo.yaml']);
    expect(t.rules).toEqual(amkor.rules);
    expect(amkor.construction.rdl.width).toBe(15 * UM);
    // A larger UBM re-derives the capture pad around it (UBM + 2 x 10 um).
    const big = applyOverrides(amkor, { ubm: { diameter: 250 } });
    expect(big.construction.capture.diameter).toBe(270 * UM);
    expect(big.construction.pi2.diameter).toBe(220 * UM); // the largest opening the UBM enclosure allows
    expect(applyOverrides(amkor, {})).toBe(amkor);
  });

  it('names the rule and its source when an override is below a published minimum', () => {
    const e = techError(() => applyOverrides(amkor, { rdl: { width: 8, space: 20 } }, { where: 'demo.yaml', path: 'die' }));
    expect(e.message).toBe('demo.yaml: die.rdl.width: 8 um is below rule rdl.minWidth = 10 um (amkor.csv rdl.1 @400um)');
    expect(() => applyOverrides(amkor, { bump: { diameter: 250 } })).toThrow(/design: bump\.diameter: 250 um is below rule bump\.minWidth = 261 um \(amkor\.csv bump\.1 @400um\)/);
    // A larger PI2 alone grows the derived UBM; with the UBM also fixed, the enclosure rule is broken.
    expect(applyOverrides(amkor, { pi2: { diameter: 200 } }).construction.ubm.diameter).toBe(230 * UM);
    expect(() => applyOverrides(amkor, { pi2: { diameter: 200 }, ubm: { diameter: 215 } })).toThrow(/ubm\.diameter: 215 um is below the PI2 opening 200 um \+ 2 x rule ubm\.enclosesPi2 = 15 um \(amkor\.csv ubm\.3 @400um\)/);
    expect(() => applyOverrides(amkor, { bump: { pitch: 450 } })).toThrow(/bump\.pitch: 450 um differs from rule bump\.pitch = 400 um \(amkor\.csv bump\.2 @400um\), an exact \(min\/max\) pitch/);
    expect(() => applyOverrides(amkor, { post: { diameter: 250 } })).toThrow(/post\.diameter: 250 um is above rule post\.maxWidth = 200 um/);
    expect(() => applyOverrides(amkor, { capture: { diameter: 390 } })).toThrow(/capture\.diameter: 390 um capture pads at 400 um pitch leave 10 um between pads, below the RDL space 15 um/);
  });

  it('accepts pitches within the published tolerance and above a minimum pitch', () => {
    expect(applyOverrides(preset('deca-0.4'), { bump: { pitch: 400.01 } }).construction.bump.pitch).toBe(400_010);
    expect(() => applyOverrides(preset('deca-0.4'), { bump: { pitch: 400.011 } })).toThrow(/tolerance 0\.01 um/);
    expect(applyOverrides(preset('generic'), { bump: { pitch: 300 } }).construction.bump.pitch).toBe(300 * UM);
    expect(() => applyOverrides(preset('generic'), { bump: { pitch: 200 } })).toThrow(/bump\.pitch: 200 um is below rule bump\.pitch = 250 um \(wlpgen default: generic: minimum bump pitch\)/);
  });

  it('validates the override object strictly, reporting every problem', () => {
    const e = techError(() => applyOverrides(amkor, { rdl: { width: '20', spacing: 20 }, ballz: {} }, { where: 'd.yaml', path: 'die' }));
    expect(e.issues).toEqual([
      expect.stringMatching(/^d\.yaml: die\.ballz: unknown key \(allowed: rdl, pi2, ubm, capture, bump, teardrop, post, tsv, via2, seal\)$/),
      expect.stringMatching(/^d\.yaml: die\.rdl\.spacing: unknown key \(allowed: width, space; did you mean 'space'\?\)$/),
      expect.stringMatching(/^d\.yaml: die\.rdl\.width: "20" is not allowed/),
    ]);
    expect(() => applyOverrides(amkor, { rdl: { width: 20.001 } })).toThrow(/rdl\.width: 20\.001 is not allowed \(allowed: a multiple of 0\.002 um/);
    expect(() => applyOverrides(amkor, { teardrop: { widthFraction: 1.5 } })).toThrow(/teardrop\.widthFraction: 1\.5 is not allowed \(allowed: a fraction > 0 and <= 1\)/);
    expect(() => applyOverrides(amkor, null)).toThrow(/design: \(top level\): null is not allowed/);
  });

  it('keeps the tier layers of a stack technology', () => {
    const s: Technology = applyOverrides(withTiers(amkor, 3), { rdl: { width: 20 } });
    expect(s.tierCount).toBe(3);
    expect(s.layers['T3.RDL']).toBeDefined();
    expect(s.construction.rdl.width).toBe(20 * UM);
  });
});
