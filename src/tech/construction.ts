/**
 * Construction numbers: the sizes the cell generators, the router and the checker share, derived once
 * from the rules and the explicit choices (preset, tech file, design overrides).
 *
 * Derivation rule: a value set explicitly at the current level (this tech file, this design) is used
 * as given and then checked; a value inherited from a base technology is raised to any new minimum
 * (so tightening a rule in a tech file does not break inherited choices); an absent value is the
 * smallest legal one. Every issue names the rule it breaks and that rule's source.
 */
import { InputError } from '../core/errors.ts';
import type { Dbu } from '../core/units.ts';
import { toUm } from '../core/units.ts';
import type { Construction, ConstructionInput, RuleId, RuleSource, TechRules, Technology } from './types.ts';

/** Default teardrop fillet width as a fraction of the capture pad (deca.csv rdl x.2: 90 %). */
export const DEFAULT_TEARDROP_FRACTION = 0.9;
/** Default post height: 100 um, inside the 10..200 um column range of the process documents. */
export const DEFAULT_POST_HEIGHT: Dbu = 100_000;
/** Default inset of the seal ring's outer edge from the die edge: 10 um. */
export const DEFAULT_SEAL_INSET: Dbu = 10_000;
/** Upper bound of a post height accepted as input: 1 mm. */
export const MAX_POST_HEIGHT: Dbu = 1_000_000;

/** Construction keys ('rdl.width', ...) whose values are widths of centred shapes: they must be even dbu. */
export const EVEN_KEYS: ReadonlySet<string> = new Set(['rdl.width', 'pi2.diameter', 'ubm.diameter', 'capture.diameter', 'bump.diameter', 'post.diameter', 'tsv.diameter', 'via2.diameter', 'seal.width']);

/** A problem with a construction value: `path` is the construction key ('rdl.width'). */
export interface ConstructionIssue {
  path: string;
  message: string;
}

const evenUp = (v: Dbu): Dbu => (v % 2 === 0 ? v : v + 1);

function inputValue(input: ConstructionInput, key: string): number | boolean | undefined {
  const [g, k] = key.split('.');
  return (input as Record<string, Record<string, number | boolean | undefined> | undefined>)[g]?.[k];
}

/**
 * Derives the construction numbers. `explicit` holds the keys ('rdl.width') set at the current level:
 * those are used verbatim (and checked by constructionIssues); other given values are inherited and
 * raised to the rules' minimums; absent values are derived.
 */
export function deriveConstruction(rules: TechRules, layers: ReadonlySet<string>, input: ConstructionInput, explicit: ReadonlySet<string> = new Set()): Construction {
  const num = (key: string): number | undefined => inputValue(input, key) as number | undefined;
  /** Explicit: verbatim; inherited: at least `lower` (and even when a width); absent: `fallback`. */
  const pick = (key: string, lower: Dbu, fallback: Dbu, upper = Infinity): Dbu => {
    const v = num(key);
    const even = EVEN_KEYS.has(key) ? evenUp : (x: Dbu) => x;
    if (v === undefined) return even(Math.min(Math.max(fallback, lower), upper));
    if (explicit.has(key)) return v;
    return even(Math.min(Math.max(v, lower), upper));
  };
  const hasRdl2 = layers.has('RDL2');
  const hasVia2 = layers.has('VIA2');

  const rdlMinW = Math.max(rules.rdl.minWidth, rules.rdl2?.minWidth ?? 0);
  const rdlMinS = Math.max(rules.rdl.minSpace, rules.rdl2?.minSpace ?? 0);
  const width = pick('rdl.width', rdlMinW, rdlMinW);
  const space = pick('rdl.space', rdlMinS, rdlMinS);

  // The UBM is the smallest that holds a min-size PI2 with its enclosure; PI2 is then the largest
  // opening the UBM enclosure allows (a larger via: lower resistance, better plating).
  const encU = rules.ubm.enclosesPi2;
  const pi2Given = explicit.has('pi2.diameter') ? num('pi2.diameter') : undefined;
  const ubmLower = Math.max(rules.ubm.minWidth, (pi2Given ?? rules.pi2.minWidth) + 2 * encU);
  const ubm = pick('ubm.diameter', ubmLower, ubmLower);
  const pi2 = pick('pi2.diameter', rules.pi2.minWidth, ubm - 2 * encU, Math.max(rules.pi2.minWidth, ubm - 2 * encU));

  const captureLower = Math.max(ubm + 2 * (rules.rdl.enclosesUbm ?? 0), pi2 + 2 * (rules.rdl.enclosesPi2 ?? 0), rules.rdl.minCapturePad ?? 0, rdlMinW);
  const capture = pick('capture.diameter', captureLower, captureLower);

  const bumpDiameter = pick('bump.diameter', rules.bump.minWidth, rules.bump.minWidth);
  const pitchGiven = num('bump.pitch');
  let pitch = rules.bump.pitch;
  if (pitchGiven !== undefined) {
    if (explicit.has('bump.pitch')) pitch = pitchGiven;
    else if (!rules.bump.pitchExact) pitch = Math.max(pitchGiven, rules.bump.pitch);
    else if (Math.abs(pitchGiven - rules.bump.pitch) <= rules.bump.pitchTolerance) pitch = pitchGiven; // inherited, still within the exact rule
  }

  // Posts plate through the PI2 opening onto the capture pad: by default as wide as that opening.
  const postDiameter = pick('post.diameter', rules.post.minWidth, pi2, rules.post.maxWidth);
  const postHeight = num('post.height') ?? DEFAULT_POST_HEIGHT;

  const tsvDiameter = pick('tsv.diameter', rules.tsv.minWidth, rules.tsv.minWidth);
  const sealWidth = pick('seal.width', rules.seal.minWidth, rules.seal.minWidth);
  const sealInset = num('seal.inset') ?? DEFAULT_SEAL_INSET;

  let via2: Construction['via2'];
  if (hasVia2 && rules.via2) {
    const d = pick('via2.diameter', rules.via2.minWidth, rules.via2.minWidth);
    via2 = { diameter: d, landing: evenUp(d + 2 * Math.max(rules.rdl.enclosesVia2 ?? 0, rules.rdl2?.enclosesVia2 ?? 0)) };
  }

  // Closest bump centre to the die edge: the UBM-centre and bump-edge seal rules, and the capture pad
  // kept one RDL space inside the seal ring (the ring is metal on the same levels).
  const half = (d: Dbu) => Math.ceil(d / 2);
  const minCentreToDieEdge = sealInset + Math.max(rules.ubm.sealCentreDistance, (rules.bump.sealSpace ?? 0) + half(bumpDiameter), sealWidth + space + half(capture));

  const c: Construction = {
    topMetal: hasRdl2 ? 'RDL2' : 'RDL',
    rdl: { width, space },
    pi2: { diameter: pi2 },
    ubm: { diameter: ubm },
    capture: { diameter: capture },
    bump: { diameter: bumpDiameter, pitch, minCentreToDieEdge },
    teardrop: {
      enabled: (inputValue(input, 'teardrop.enabled') as boolean | undefined) ?? true,
      widthFraction: (inputValue(input, 'teardrop.widthFraction') as number | undefined) ?? DEFAULT_TEARDROP_FRACTION,
    },
    post: { diameter: postDiameter, height: postHeight },
    tsv: { diameter: tsvDiameter, landing: evenUp(tsvDiameter + 2 * rules.rdl.enclosesTsv) },
    ...(via2 ? { via2 } : {}),
    seal: { width: sealWidth, inset: sealInset },
  };
  return c;
}

/**
 * Every way the construction numbers break the rules (or each other), each naming the rule and its
 * source. Empty for a consistent technology.
 */
export function constructionIssues(c: Construction, rules: TechRules, sources: Readonly<Record<RuleId, RuleSource>>): ConstructionIssue[] {
  const issues: ConstructionIssue[] = [];
  const u = (d: number) => `${toUm(d)} um`;
  const ruleText = (id: RuleId, value: number) => `rule ${id} = ${u(value)}${sources[id] ? ` (${sources[id].text})` : ''}`;
  const atLeast = (path: string, value: number, lower: number, why: string) => {
    if (value < lower) issues.push({ path, message: `${u(value)} is below ${why}` });
  };
  const minRule = (path: string, value: number, id: RuleId, rule: number | undefined) => {
    if (rule !== undefined) atLeast(path, value, rule, ruleText(id, rule));
  };

  for (const key of EVEN_KEYS) {
    const [g, k] = key.split('.');
    const v = (c as unknown as Record<string, Record<string, number> | undefined>)[g]?.[k];
    if (v !== undefined && v % 2 !== 0) issues.push({ path: key, message: `${u(v)} must be an even number of nm (a multiple of 0.002 um) so a centred shape has its edges on the 1 nm grid` });
  }

  minRule('rdl.width', c.rdl.width, 'rdl.minWidth', rules.rdl.minWidth);
  minRule('rdl.space', c.rdl.space, 'rdl.minSpace', rules.rdl.minSpace);
  if (rules.rdl2) {
    minRule('rdl.width', c.rdl.width, 'rdl2.minWidth', rules.rdl2.minWidth);
    minRule('rdl.space', c.rdl.space, 'rdl2.minSpace', rules.rdl2.minSpace);
  }
  minRule('pi2.diameter', c.pi2.diameter, 'pi2.minWidth', rules.pi2.minWidth);
  minRule('ubm.diameter', c.ubm.diameter, 'ubm.minWidth', rules.ubm.minWidth);
  atLeast('ubm.diameter', c.ubm.diameter, c.pi2.diameter + 2 * rules.ubm.enclosesPi2, `the PI2 opening ${u(c.pi2.diameter)} + 2 x ${ruleText('ubm.enclosesPi2', rules.ubm.enclosesPi2)}`);
  if (rules.rdl.enclosesUbm !== undefined) {
    atLeast('capture.diameter', c.capture.diameter, c.ubm.diameter + 2 * rules.rdl.enclosesUbm, `the UBM ${u(c.ubm.diameter)} + 2 x ${ruleText('rdl.enclosesUbm', rules.rdl.enclosesUbm)}`);
  }
  if (rules.rdl.enclosesPi2 !== undefined) {
    atLeast('capture.diameter', c.capture.diameter, c.pi2.diameter + 2 * rules.rdl.enclosesPi2, `the PI2 opening ${u(c.pi2.diameter)} + 2 x ${ruleText('rdl.enclosesPi2', rules.rdl.enclosesPi2)}`);
  }
  minRule('capture.diameter', c.capture.diameter, 'rdl.minCapturePad', rules.rdl.minCapturePad);
  minRule('bump.diameter', c.bump.diameter, 'bump.minWidth', rules.bump.minWidth);

  const p = c.bump.pitch;
  if (rules.bump.pitchExact) {
    if (Math.abs(p - rules.bump.pitch) > rules.bump.pitchTolerance) {
      issues.push({ path: 'bump.pitch', message: `${u(p)} differs from ${ruleText('bump.pitch', rules.bump.pitch)}, an exact (min/max) pitch${rules.bump.pitchTolerance ? ` (tolerance ${u(rules.bump.pitchTolerance)})` : ''}` });
    }
  } else {
    minRule('bump.pitch', p, 'bump.pitch', rules.bump.pitch);
  }
  // Neighbouring sites must keep the RDL space between capture pads, and balls must not touch.
  if (c.capture.diameter + c.rdl.space > p) {
    issues.push({ path: 'capture.diameter', message: `${u(c.capture.diameter)} capture pads at ${u(p)} pitch leave ${u(p - c.capture.diameter)} between pads, below the RDL space ${u(c.rdl.space)} (rule rdl.minSpace)` });
  }
  if (c.bump.diameter >= p) issues.push({ path: 'bump.diameter', message: `${u(c.bump.diameter)} bumps at ${u(p)} pitch would touch (the diameter must be below the pitch)` });

  minRule('post.diameter', c.post.diameter, 'post.minWidth', rules.post.minWidth);
  if (c.post.diameter > rules.post.maxWidth) issues.push({ path: 'post.diameter', message: `${u(c.post.diameter)} is above ${ruleText('post.maxWidth', rules.post.maxWidth)}` });
  if (c.post.diameter >= p) issues.push({ path: 'post.diameter', message: `${u(c.post.diameter)} posts at ${u(p)} pitch would touch (the diameter must be below the pitch)` });
  if (!(c.post.height > 0) || c.post.height > MAX_POST_HEIGHT) issues.push({ path: 'post.height', message: `${u(c.post.height)} is outside 0.001..${toUm(MAX_POST_HEIGHT)} um` });
  minRule('tsv.diameter', c.tsv.diameter, 'tsv.minWidth', rules.tsv.minWidth);
  if (c.via2 && rules.via2) minRule('via2.diameter', c.via2.diameter, 'via2.minWidth', rules.via2.minWidth);
  minRule('seal.width', c.seal.width, 'seal.minWidth', rules.seal.minWidth);
  if (c.seal.inset < 0) issues.push({ path: 'seal.inset', message: `${u(c.seal.inset)} must be >= 0` });
  const f = c.teardrop.widthFraction;
  if (!(f > 0 && f <= 1)) issues.push({ path: 'teardrop.widthFraction', message: `${f} is outside (0, 1]` });
  return issues;
}

/**
 * Sizes of the stack over one die pad of `width` x `height` dbu: the PI1 opening (as large as the
 * PAD enclosure allows, as deca.csv rdl x.1 recommends) and the RDL pad over it (PI1 plus the RDL
 * enclosure, at least rdl.minPadOverPad), each [w, h] with the pad's parity so it centres on the pad.
 * Throws InputError naming the rule when the pad is too small.
 */
export function padStack(tech: Pick<Technology, 'name' | 'rules' | 'sources'>, width: Dbu, height: Dbu = width): { pi1: [Dbu, Dbu]; rdlPad: [Dbu, Dbu] } {
  const r = tech.rules;
  const src = (id: string) => (tech.sources[id] ? ` (${tech.sources[id].text})` : '');
  for (const [v, what] of [[width, 'width'], [height, 'height']] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new InputError('E_PAD_SIZE', `pad ${what} ${v} dbu must be a positive integer`);
    if (r.pad.minWidth !== undefined && v < r.pad.minWidth) {
      throw new InputError('E_PAD_SIZE', `pad ${what} ${toUm(v)} um is below rule pad.minWidth = ${toUm(r.pad.minWidth)} um${src('pad.minWidth')} in technology '${tech.name}'`);
    }
    const pi1 = v - 2 * r.pad.enclosesPi1;
    if (pi1 < r.pi1.minWidth) {
      throw new InputError(
        'E_PAD_SIZE',
        `pad ${what} ${toUm(v)} um is too small for technology '${tech.name}': PI1 inside it (pad - 2 x pad.enclosesPi1 ${toUm(r.pad.enclosesPi1)} um) would be ${toUm(pi1)} um, below rule pi1.minWidth = ${toUm(r.pi1.minWidth)} um${src('pi1.minWidth')}`,
      );
    }
  }
  const one = (v: Dbu): [Dbu, Dbu] => {
    const pi1 = v - 2 * r.pad.enclosesPi1;
    let pad = Math.max(pi1 + 2 * r.rdl.enclosesPi1, r.rdl.minPadOverPad ?? 0, r.rdl.minWidth);
    if ((pad - v) % 2 !== 0) pad += 1;
    return [pi1, pad];
  };
  const [pw, rw] = one(width);
  const [ph, rh] = one(height);
  return { pi1: [pw, ph], rdlPad: [rw, rh] };
}
