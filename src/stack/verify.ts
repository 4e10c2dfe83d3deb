/**
 * Verification of a stack build for the pipeline, in the report's shapes (design/verify.ts's
 * VerifyReport): DRC of the whole library with the stack's rule set (stackDrcTech), cross-tier LVS and
 * the TSV checks (check.ts) as `lvs` and `stack.violations`, the seed-000 range warnings; and the
 * routing summed over the tiers.
 */
import type { Cell } from '../core/cell.ts';
import type { Diagnostic } from '../core/errors.ts';
import { summarizeDrc, type VerifyReport } from '../design/verify.ts';
import { runDrc } from '../verify/index.ts';
import type { StackBuild } from './build.ts';
import { checkStack, stackDrcTech, type StackViolation } from './check.ts';

/** At most this many entries per rule / kind are listed; counts are complete. */
const CAP = 20;

function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** The report's `stack` section. */
export interface StackReport {
  tiers: { tier: number; pads: number; tsvs: number; nets: number; routed: number; failed: number; wirelengthUm: number; padSource: string; thicknessUm: number | null }[];
  tsv: { diameterUm: number; landingUm: number; enclosureUm: number; count: number };
  thicknessUm: { insulator: number; resin: number; heat: number };
  /** Layers per tier (T1.PAD, ...) and the stack layers. */
  layers: Record<string, string[]>;
  checked: boolean;
  violations: StackViolation[];
  violationCount: number;
  warnings: Diagnostic[];
}

export interface StackVerify extends VerifyReport {
  stack: StackReport;
}

/** The routing section summed over every tier's router run (net names are tier-unique). */
export function stackRouting(sb: StackBuild) {
  const nets = sb.tiers.flatMap((t) => t.route.nets.map((n) => ({ n, tier: t.tier })));
  const sum = (f: (t: StackBuild['tiers'][number]) => number) => sb.tiers.reduce((a, t) => a + f(t), 0);
  const wl = sum((t) => t.route.wirelengthUm);
  const lb = sum((t) => t.route.lowerBoundUm);
  return {
    nets: nets.length,
    routed: sum((t) => t.route.routed),
    failed: sum((t) => t.route.failed),
    failures: nets.filter(({ n }) => !n.routed).map(({ n, tier }) => ({ net: n.net, reason: `tier ${tier}: ${n.reason ?? 'not routed'}` })),
    wirelengthUm: round(wl),
    lowerBoundUm: round(lb),
    ratio: lb > 0 ? round(wl / lb, 4) : 0,
    unassigned: { pads: sb.tiers.flatMap((t) => t.route.unassigned.pads), bumps: sb.tiers.flatMap((t) => t.route.unassigned.bumps) },
    ties: { requested: false, routed: 0, failed: [] as string[] },
    table: nets.map(({ n }) => ({ net: n.net, pads: n.pads, bumps: n.bumps, lengthUm: round(n.lengthUm), routed: n.routed })),
  };
}

export function verifyStack(sb: StackBuild, top: Cell, skip: boolean): StackVerify {
  const n = sb.stack.tiers.length;
  const layers: Record<string, string[]> = {};
  for (let t = 1; t <= n; t++) layers[`T${t}`] = Object.keys(sb.tech.layers).filter((l) => l.startsWith(`T${t}.`));
  layers.stack = ['RESIN', 'HEAT'];
  const stack: StackReport = {
    tiers: sb.tiers.map((t) => ({
      tier: t.tier,
      pads: t.pads,
      tsvs: t.tsvs.length,
      nets: t.route.nets.length,
      routed: t.route.routed,
      failed: t.route.failed,
      wirelengthUm: round(t.route.wirelengthUm),
      padSource: sb.stack.tiers[t.tier - 1].padSource,
      thicknessUm: sb.stack.tiers[t.tier - 1].thickness === undefined ? null : sb.stack.tiers[t.tier - 1].thickness! / 1000,
    })),
    tsv: { diameterUm: sb.stack.tsv.diameter / 1000, landingUm: sb.stack.tsv.landing / 1000, enclosureUm: sb.stack.tsv.enclosure / 1000, count: sb.tiers.reduce((a, t) => a + t.tsvs.length, 0) },
    thicknessUm: { insulator: sb.stack.insulator / 1000, resin: sb.stack.resin / 1000, heat: sb.stack.heat / 1000 },
    layers,
    checked: false,
    violations: [],
    violationCount: 0,
    warnings: [],
  };
  if (skip) {
    return {
      drc: { ran: false, total: 0, byRule: {}, violations: [], rulesChecked: 0, rulesSkipped: [] },
      lvs: { ran: false, ok: false, opens: 0, shorts: 0, missing: 0, details: ['verification skipped'] },
      plating: null,
      clean: false,
      stack,
    };
  }
  const drc = runDrc(top, stackDrcTech(sb.tech, n));
  const { total, byRule, violations } = summarizeDrc(drc, CAP);
  const c = checkStack(sb);
  const lvsDetails = c.violations.filter((v) => v.code.startsWith('E_LVS')).slice(0, CAP).map((v) => v.message);
  const tsvFindings = c.violations.filter((v) => !v.code.startsWith('E_LVS'));
  stack.checked = true;
  stack.violations = tsvFindings.slice(0, CAP);
  stack.violationCount = tsvFindings.length;
  stack.warnings = c.warnings;
  const lvs = { ran: true, ok: c.lvs.ok, opens: c.lvs.opens, shorts: c.lvs.shorts, missing: c.lvs.missing, details: lvsDetails };
  return {
    drc: { ran: true, total, byRule, violations, rulesChecked: drc.rules.length, rulesSkipped: drc.skipped.map((s) => ({ rule: String((s as { id?: string }).id ?? s), reason: String((s as { reason?: string }).reason ?? '') })) },
    lvs,
    plating: null,
    clean: total === 0 && lvs.ok && tsvFindings.length === 0,
    stack,
  };
}
