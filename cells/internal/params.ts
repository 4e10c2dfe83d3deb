/**
 * Parameter checks shared by the cell functions. Every failure is an InputError (code E_CELL_PARAM)
 * whose message names the cell, the parameter, the value in micrometres, and, when a design rule is
 * at stake, the rule id, its value and its source (tech.sources[id].text), e.g.
 *   bumpStack(amkor-0.4): parameter 'ubm' = 200 um is below rule ubm.minWidth = 215 um (amkor.csv ubm.1 @400um)
 */
import { InputError, toUm, type Dbu } from '../../src/core/index.ts';
import { getRule, isTechnology, type Technology } from '../../src/tech/index.ts';

export const E_CELL_PARAM = 'E_CELL_PARAM';

/** 'bumpStack(amkor-0.4)' or 'textPolygons' : the prefix of every message. */
export function where(fn: string, tech?: Technology): string {
  return tech ? `${fn}(${tech.name})` : fn;
}

export function paramError(fn: string, tech: Technology | undefined, param: string, message: string): InputError {
  return new InputError(E_CELL_PARAM, `${where(fn, tech)}: parameter '${param}' ${message}`);
}

/** 'rule ubm.minWidth = 215 um (amkor.csv ubm.1 @400um)'. */
export function ruleText(tech: Technology, id: string, value?: number): string {
  const v = value ?? (getRule(tech.rules, id) as number);
  const src = tech.sources[id]?.text;
  return `rule ${id} = ${toUm(v)} um${src ? ` (${src})` : ''}`;
}

/** The numeric value of a length rule, or undefined when the technology does not have it. */
export function rule(tech: Technology, id: string): Dbu | undefined {
  const v = getRule(tech.rules, id);
  return typeof v === 'number' ? v : undefined;
}

/**
 * A length parameter in dbu: an integer >= `min` (default 1: sizes are positive). `even` asks for
 * an even number (a shape centred on the origin then has its edges on the grid).
 */
export function dbu(fn: string, tech: Technology | undefined, param: string, v: unknown, opts: { min?: number; even?: boolean; max?: number } = {}): Dbu {
  const min = opts.min ?? 1;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    throw paramError(fn, tech, param, `= ${String(v)}: expected an integer number of dbu (1 dbu = 1 nm; convert micrometres with um())`);
  }
  if (v < min) {
    throw paramError(fn, tech, param, `= ${toUm(v)} um: must be ${min === 1 ? 'positive' : `>= ${toUm(min)} um`}`);
  }
  if (opts.max !== undefined && v > opts.max) throw paramError(fn, tech, param, `= ${toUm(v)} um: must be <= ${toUm(opts.max)} um`);
  if (opts.even && v % 2 !== 0) {
    throw paramError(fn, tech, param, `= ${toUm(v)} um: must be an even number of nm (a multiple of 0.002 um) so a centred shape has its edges on the 1 nm grid`);
  }
  return v;
}

/** An integer count in [min, max]. */
export function count(fn: string, tech: Technology | undefined, param: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw paramError(fn, tech, param, `= ${String(v)}: expected an integer ${min}..${max}`);
  }
  return v;
}

/** Throws unless value >= the rule (when the technology has the rule). */
export function atLeastRule(fn: string, tech: Technology, param: string, value: Dbu, id: string): void {
  const r = rule(tech, id);
  if (r !== undefined && value < r) throw paramError(fn, tech, param, `= ${toUm(value)} um is below ${ruleText(tech, id, r)}`);
}

/** Throws unless value <= the rule (maximum rules). */
export function atMostRule(fn: string, tech: Technology, param: string, value: Dbu, id: string): void {
  const r = rule(tech, id);
  if (r !== undefined && value > r) throw paramError(fn, tech, param, `= ${toUm(value)} um is above ${ruleText(tech, id, r)}`);
}

/**
 * Throws unless `outer` (a diameter or width) can enclose `inner` by the rule on every side:
 * outer >= inner + 2 x rule.
 */
export function enclosesRule(fn: string, tech: Technology, outerParam: string, outer: Dbu, innerParam: string, inner: Dbu, id: string): void {
  const r = rule(tech, id);
  if (r === undefined) return;
  if (outer < inner + 2 * r) {
    throw paramError(
      fn,
      tech,
      outerParam,
      `= ${toUm(outer)} um cannot enclose ${innerParam} = ${toUm(inner)} um by ${ruleText(tech, id, r)} (needs >= ${toUm(inner + 2 * r)} um)`,
    );
  }
}

/** Rejects option keys the cell does not know (a misspelt option would otherwise be ignored). */
export function knownKeys(fn: string, tech: Technology | undefined, opts: object | undefined, allowed: readonly string[]): void {
  if (!opts) return;
  if (typeof opts !== 'object') throw new InputError(E_CELL_PARAM, `${where(fn, tech)}: options must be an object, got ${typeof opts}`);
  for (const k of Object.keys(opts)) {
    if ((opts as Record<string, unknown>)[k] === undefined) continue;
    if (!allowed.includes(k)) throw new InputError(E_CELL_PARAM, `${where(fn, tech)}: unknown parameter '${k}' (allowed: ${allowed.join(', ')})`);
  }
}

/** Throws unless `tech` is a Technology built by wlpgen (preset(), loadTech(), withTiers(), ...). */
export function checkTech(fn: string, tech: unknown): asserts tech is Technology {
  if (!isTechnology(tech)) {
    throw new InputError(E_CELL_PARAM, `${fn}: parameter 'tech' must be a Technology (e.g. preset('amkor-0.4')), got ${typeof tech === 'string' ? JSON.stringify(tech) : typeof tech}`);
  }
}
