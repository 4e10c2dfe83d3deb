/**
 * Built-in technology presets. The vendor presets carry every numeric rule of the public WLCSP tables
 * shipped with the SkyWater SKY130 PDK (../shared/reference/wlcsp-rules/amkor.csv and deca.csv,
 * Apache-2.0), written here as data in the tables' own micrometres and converted to dbu once at load
 * (nothing is parsed at run time; test/tech/csv.test.ts checks every number against the CSV files).
 * Rules the tables do not cover (posts, TSVs, seal ring, deca's RDL width/space) are wlpgen defaults,
 * marked unpublished so a tech file may relax them.
 */
import { InputError } from '../core/errors.ts';
import { um } from '../core/units.ts';
import { DEFAULT_TIER_SCHEME, OPTIONAL_LAYERS, REQUIRED_LAYERS, defaultLayer } from './layers.ts';
import { ruleField, setRule, type RuleValue, type RulesDraft } from './rules.ts';
import { buildTechnology } from './technology.ts';
import type { ConstructionInput, RuleId, RuleSource, Technology } from './types.ts';

/** A preset rule value in the table's units (um, um^2, ratio, boolean, [um, um]) with its origin. */
interface PresetValue {
  v: number | boolean | readonly [number, number];
  /** Rule id in the vendor table ('pi1.1', 'cpmm2.wlcsp.3'): the value is published. */
  rule?: string;
  /** Why wlpgen chose this value when no table gives it. */
  note?: string;
}
const pub = (v: PresetValue['v'], rule: string): PresetValue => ({ v, rule });
const dflt = (v: PresetValue['v'], note: string): PresetValue => ({ v, note });

interface PresetDef {
  name: string;
  description: string;
  /** The vendor table and value column the published rules come from. */
  table?: { file: string; column?: string };
  /** Optional layers the preset adds (second metal). */
  extraLayers?: readonly string[];
  rules: Record<RuleId, PresetValue>;
  /** Construction choices in micrometres (the rest is derived from the rules). */
  construction: { rdl: { width: number; space: number }; seal?: { width?: number; inset?: number }; post?: { diameter?: number; height?: number } };
}

// Rules no WLCSP table covers, shared by the vendor presets.
const WLPGEN_DEFAULTS: Record<RuleId, PresetValue> = {
  'rdl.enclosesTsv': dflt(10, 'TSV landing enclosure, not in the vendor tables'),
  'tsv.minWidth': dflt(20, 'TSV size, not in the vendor tables'),
  'tsv.minSpace': dflt(20, 'TSV space, not in the vendor tables'),
  'post.minWidth': dflt(10, 'plated posts 10..200 um wide (process documents, compliant posts)'),
  'post.maxWidth': dflt(200, 'plated posts 10..200 um wide (process documents, compliant posts)'),
  'seal.minWidth': dflt(10, 'seal ring width, not in the vendor tables'),
};

/** Amkor 0.4 / 0.5 mm pitch: amkor.csv; `p` is 0 for the 400 um column, 1 for the 500 um column. */
function amkor(p: 0 | 1): PresetDef {
  const s = (section: string) => (p === 0 ? section : `${section}_500`);
  const col = <T,>(a: T, b: T): T => (p === 0 ? a : b);
  return {
    name: col('amkor-0.4', 'amkor-0.5'),
    description: `Amkor WLCSP, ${col('0.4', '0.5')} mm bump pitch (SKY130 amkor.csv, ${col('400', '500')} um column)`,
    table: { file: 'amkor.csv', column: col('400 um', '500 um') },
    rules: {
      'pi1.minWidth': pub(35, `${s('pi1')}.1`),
      'pi1.minSpace': pub(20, `${s('pi1')}.2`),
      'pad.enclosesPi1': pub(7.5, `${s('pi1')}.3`),
      'rdl.minWidth': pub(10, `${s('rdl')}.1`),
      'rdl.minSpace': pub(10, `${s('rdl')}.2`),
      'rdl.enclosesPi1': pub(10, `${s('rdl')}.3`),
      'pi2.minWidth': pub(col(170, 220), `${s('pi2')}.1`),
      'pi2.spaceToPi1': pub(25, `${s('pi2')}.3`),
      'ubm.minWidth': pub(col(215, 250), `${s('ubm')}.1`),
      'ubm.enclosesPi2': pub(15, `${s('ubm')}.3`),
      'rdl.enclosesUbm': pub(10, `${s('ubm')}.4`),
      'ubm.spaceToPi1': pub(10, `${s('ubm')}.5`),
      'ubm.sealCentreDistance': pub(col(155, 195), `${s('ubm')}.6`),
      'bump.minWidth': pub(col(261, 310), `${s('bump')}.1`),
      'bump.pitch': pub(col(400, 500), `${s('bump')}.2`),
      'bump.pitchExact': pub(true, `${s('bump')}.2`), // "Min/Max pitch": exact
      'bump.pitchTolerance': dflt(0, 'amkor.csv bump.2 gives no tolerance'),
      'bump.pitchAcrossScribe': pub(col(400, 500), `${s('bump')}.2a`),
      'bump.sealSpace': pub(25, `${s('bump')}.3`),
      'bump.chipExtentMin': pub(col([750, 1000], [1000, 1000]), `${s('bump')}.4`),
      'bump.chipExtentMax': pub([6800, 6800], `${s('bump')}.5`),
      ...WLPGEN_DEFAULTS,
    },
    // 15/15 um traces: margin over the 10/10 minimum, which deca.csv rdl x.3 keeps for local use only.
    construction: { rdl: { width: 15, space: 15 }, seal: { width: 20 } },
  };
}

const DECA: PresetDef = {
  name: 'deca-0.4',
  description: 'Deca WLCSP, 0.4 mm bump pitch (SKY130 deca.csv)',
  table: { file: 'deca.csv' },
  rules: {
    'pi1.minWidth': pub(20, 'cpbo.wlcsp.1'),
    'pad.minWidth': pub(35, 'cpbo.wlcsp.2'),
    'pad.enclosesPi1': pub(7.5, 'cpbo.wlcsp.3'),
    // deca.csv gives no RDL min width/space (rdl x.3: "equal and maximised"); 10/10 as in amkor.csv rdl.1/rdl.2.
    'rdl.minWidth': dflt(10, 'deca.csv publishes no RDL min width; amkor.csv rdl.1 value assumed'),
    'rdl.minSpace': dflt(10, 'deca.csv publishes no RDL min space; amkor.csv rdl.2 value assumed'),
    'rdl.minPadOverPad': pub(40, 'rdl.wlcsp.1'),
    'rdl.wideSpace': pub(15, 'rdl.wlcsp.2'),
    'rdl.wideSpaceWidth': pub(30, 'rdl.wlcsp.2'), // "rdl larger than 30 um by 30 um"
    'rdl.wideSpaceRunLength': pub(60, 'rdl.wlcsp.2'), // "and a run length > 60um"
    'rdl.enclosesPi1': pub(10, 'rdl.wlcsp.3'),
    'pi2.spaceToPi1': pub(25, 'cpmm2.wlcsp.1'),
    'pi2.spaceToPi1DifferentNetsOnly': pub(true, 'cpmm2.wlcsp.1'),
    'pi2.enclosesPi1': pub(15, 'cpmm2.wlcsp.2'),
    'pi2.minWidth': pub(155, 'cpmm2.wlcsp.3'),
    'rdl.minCapturePad': pub(235, 'cpmm2.wlcsp.4'),
    // "Min enclosure of rdl by cpmm2": read as the capture pad (rdl) enclosing the cpmm2 via, the only geometric reading.
    'rdl.enclosesPi2': pub(15, 'cpmm2.wlcsp.5'),
    'pi2.minRemainingFraction': pub(0.5, 'cpmm2.wlcsp.6'),
    'ubm.minWidth': pub(215, 'ubm.1'),
    'ubm.enclosesPi2': pub(15, 'ubm.2'),
    'ubm.sealCentreDistance': pub(250, 'ubm.3'),
    'bump.minWidth': pub(264, 'bump.1'),
    'bump.pitch': pub(400, 'bump.2'),
    'bump.pitchExact': pub(true, 'bump.2'), // "Min/Max pitch"
    // "w/2x snapGrid tolerance": twice the SKY130 0.005 um manufacturing grid.
    'bump.pitchTolerance': pub(0.01, 'bump.2'),
    ...WLPGEN_DEFAULTS,
  },
  construction: { rdl: { width: 15, space: 15 }, seal: { width: 20 } },
};

// Generic and fine-pitch flows: self-consistent wlpgen rule sets, not a vendor's.
const GENERIC: PresetDef = {
  name: 'generic',
  description: 'generic WLP flow: 20/20 um RDL, two metal levels, bump pitch >= 250 um (wlpgen rule set, not a vendor\'s)',
  extraLayers: OPTIONAL_LAYERS,
  rules: {
    'pad.minWidth': dflt(40, 'generic'),
    'pad.enclosesPi1': dflt(5, 'generic'),
    'pi1.minWidth': dflt(20, 'generic'),
    'pi1.minSpace': dflt(20, 'generic'),
    'rdl.minWidth': dflt(20, 'generic 20/20 um RDL'),
    'rdl.minSpace': dflt(20, 'generic 20/20 um RDL'),
    'rdl.minArea': dflt(1600, 'generic: no RDL island smaller than 40 x 40 um'),
    'rdl.enclosesPi1': dflt(10, 'generic'),
    'rdl.enclosesUbm': dflt(10, 'generic'),
    'rdl.enclosesTsv': dflt(10, 'generic'),
    'rdl.enclosesVia2': dflt(10, 'generic'),
    'pi2.minWidth': dflt(100, 'generic'),
    'pi2.spaceToPi1': dflt(20, 'generic'),
    'ubm.minWidth': dflt(130, 'generic'),
    'ubm.enclosesPi2': dflt(10, 'generic'),
    'ubm.spaceToPi1': dflt(10, 'generic'),
    'ubm.sealCentreDistance': dflt(100, 'generic'),
    'bump.minWidth': dflt(150, 'generic'),
    'bump.pitch': dflt(250, 'generic: minimum bump pitch'),
    'bump.pitchExact': dflt(false, 'generic: the pitch is a minimum'),
    'bump.pitchTolerance': dflt(0, 'generic'),
    'bump.sealSpace': dflt(25, 'generic'),
    'bump.chipExtentMax': dflt([26000, 33000], 'generic: one 26 x 33 mm reticle field'),
    'post.minWidth': dflt(10, 'plated posts 10..200 um wide (process documents, compliant posts)'),
    'post.maxWidth': dflt(200, 'plated posts 10..200 um wide (process documents, compliant posts)'),
    'tsv.minWidth': dflt(20, 'generic'),
    'tsv.minSpace': dflt(20, 'generic'),
    'seal.minWidth': dflt(10, 'generic'),
    'via2.minWidth': dflt(30, 'generic'),
    'via2.minSpace': dflt(20, 'generic'),
    'rdl2.minWidth': dflt(20, 'generic 20/20 um RDL'),
    'rdl2.minSpace': dflt(20, 'generic 20/20 um RDL'),
    'rdl2.enclosesVia2': dflt(10, 'generic'),
  },
  construction: { rdl: { width: 20, space: 20 }, seal: { width: 20 }, post: { height: 75 } },
};

const FINE_10: PresetDef = {
  name: 'fine-10',
  description: 'fine-pitch WLP flow: 10/10 um RDL, two metal levels, bump pitch >= 100 um (wlpgen rule set, not a vendor\'s)',
  extraLayers: OPTIONAL_LAYERS,
  rules: {
    'pad.minWidth': dflt(20, 'fine-10'),
    'pad.enclosesPi1': dflt(3, 'fine-10'),
    'pi1.minWidth': dflt(10, 'fine-10'),
    'pi1.minSpace': dflt(10, 'fine-10'),
    'rdl.minWidth': dflt(10, 'fine-10: 10/10 um RDL'),
    'rdl.minSpace': dflt(10, 'fine-10: 10/10 um RDL'),
    'rdl.minArea': dflt(400, 'fine-10: no RDL island smaller than 20 x 20 um'),
    'rdl.enclosesPi1': dflt(5, 'fine-10'),
    'rdl.enclosesUbm': dflt(5, 'fine-10'),
    'rdl.enclosesTsv': dflt(5, 'fine-10'),
    'rdl.enclosesVia2': dflt(5, 'fine-10'),
    'pi2.minWidth': dflt(40, 'fine-10'),
    'pi2.spaceToPi1': dflt(10, 'fine-10'),
    'ubm.minWidth': dflt(60, 'fine-10'),
    'ubm.enclosesPi2': dflt(5, 'fine-10'),
    'ubm.spaceToPi1': dflt(5, 'fine-10'),
    'ubm.sealCentreDistance': dflt(60, 'fine-10'),
    'bump.minWidth': dflt(60, 'fine-10'),
    'bump.pitch': dflt(100, 'fine-10: minimum bump pitch'),
    'bump.pitchExact': dflt(false, 'fine-10: the pitch is a minimum'),
    'bump.pitchTolerance': dflt(0, 'fine-10'),
    'bump.sealSpace': dflt(15, 'fine-10'),
    'bump.chipExtentMax': dflt([26000, 33000], 'fine-10: one 26 x 33 mm reticle field'),
    'post.minWidth': dflt(10, 'plated posts 10..200 um wide (process documents, compliant posts)'),
    'post.maxWidth': dflt(200, 'plated posts 10..200 um wide (process documents, compliant posts)'),
    'tsv.minWidth': dflt(10, 'fine-10'),
    'tsv.minSpace': dflt(10, 'fine-10'),
    'seal.minWidth': dflt(10, 'fine-10'),
    'via2.minWidth': dflt(15, 'fine-10'),
    'via2.minSpace': dflt(10, 'fine-10'),
    'rdl2.minWidth': dflt(10, 'fine-10: 10/10 um RDL'),
    'rdl2.minSpace': dflt(10, 'fine-10: 10/10 um RDL'),
    'rdl2.enclosesVia2': dflt(5, 'fine-10'),
  },
  construction: { rdl: { width: 10, space: 10 }, seal: { width: 10, inset: 5 }, post: { height: 50 } },
};

const DEFS: readonly PresetDef[] = [amkor(0), amkor(1), DECA, GENERIC, FINE_10];

/** Names of the built-in presets. */
export const PRESET_NAMES: readonly string[] = Object.freeze(DEFS.map((d) => d.name));

/** Converts one preset value from table units to dbu by the rule's type (throws on a bad preset: a bug). */
function toDbu(id: RuleId, p: PresetValue): RuleValue {
  const f = ruleField(id);
  if (!f) throw new Error(`preset rule '${id}' is not in RULE_FIELDS`);
  const what = `preset rule ${id}`;
  switch (f.type) {
    case 'length':
    case 'lengthOrZero':
      return um(p.v as number, what);
    case 'area':
      return Math.round((p.v as number) * 1e6);
    case 'extent': {
      const [a, b] = (p.v as readonly [number, number]).map((x) => um(x, what));
      return a <= b ? [a, b] : [b, a];
    }
    default:
      return p.v as number | boolean;
  }
}

function presetSource(def: PresetDef, p: PresetValue): RuleSource {
  if (p.rule && def.table) {
    const col = def.table.column;
    return {
      text: `${def.table.file} ${p.rule}${col ? ` @${col.replace(' ', '')}` : ''}`,
      published: true,
      ref: { file: def.table.file, rule: p.rule, ...(col ? { column: col } : {}) },
    };
  }
  return { text: `wlpgen default: ${p.note ?? def.name}`, published: false };
}

function buildPreset(def: PresetDef): Technology {
  const rules: RulesDraft = {};
  const sources: Record<RuleId, RuleSource> = {};
  for (const [id, p] of Object.entries(def.rules)) {
    setRule(rules, id, toDbu(id, p));
    sources[id] = presetSource(def, p);
  }
  const c = def.construction;
  const input: ConstructionInput = { rdl: { width: um(c.rdl.width), space: um(c.rdl.space) } };
  if (c.seal) input.seal = { ...(c.seal.width !== undefined ? { width: um(c.seal.width) } : {}), ...(c.seal.inset !== undefined ? { inset: um(c.seal.inset) } : {}) };
  if (c.post) input.post = { ...(c.post.diameter !== undefined ? { diameter: um(c.post.diameter) } : {}), ...(c.post.height !== undefined ? { height: um(c.post.height) } : {}) };
  const layers = [...REQUIRED_LAYERS, ...(def.extraLayers ?? [])].map(defaultLayer);
  return buildTechnology({ name: def.name, description: def.description, lineage: [def.name], layers, rules, sources, constructionInput: input, tiers: DEFAULT_TIER_SCHEME }, `preset '${def.name}'`);
}

const cache = new Map<string, Technology>();

/** A built-in preset by name (built once, frozen, shared). Throws InputError listing the presets. */
export function preset(name: string): Technology {
  let t = cache.get(name);
  if (t) return t;
  const def = DEFS.find((d) => d.name === name);
  if (!def) throw new InputError('E_TECH_PRESET', `unknown technology preset '${name}' (built-in presets: ${PRESET_NAMES.join(', ')})`);
  t = buildPreset(def);
  cache.set(name, t);
  return t;
}
