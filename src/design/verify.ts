/**
 * Verification of a build, for the pipeline: DRC of the whole library (hierarchy reused by the
 * checker), LVS against the intended netlist (the router's pad <-> ball assignment), and the plating
 * and dicing checks of a plated wafer. Condenses the checker's results into the report's fields.
 */
import type { Cell } from '../core/cell.ts';
import type { Library } from '../core/library.ts';
import type { RouteResult } from '../route/types.ts';
import { runDrc, type DrcRunResult } from '../verify/drc.ts';
import { lvs, type IntendedNetlist } from '../verify/netlist.ts';
import { checkDicing } from '../wafer/dicing.ts';
import type { WaferBuild } from '../wafer/map.ts';
import type { Design } from './types.ts';

/** At most this many violations are listed per rule in the report; counts are always complete. */
export const REPORT_CAP = 20;

export interface VerifyInput {
  design: Design;
  library: Library;
  top: Cell;
  die: Cell;
  route: RouteResult;
  wafer?: WaferBuild;
  skip: boolean;
}

export interface VerifyReport {
  drc: {
    ran: boolean;
    total: number;
    /** Rule id -> violation count (merged marker groups; placements counted: a violation inside the die counts once per die). */
    byRule: Record<string, number>;
    /** Up to REPORT_CAP per rule: where (um, top frame) and in which cell. */
    violations: { rule: string; cell: string; xyUm: [number, number] }[];
    rulesChecked: number;
    rulesSkipped: { rule: string; reason: string }[];
  };
  lvs: { ran: boolean; ok: boolean; opens: number; shorts: number; missing: number; details: string[] };
  plating: null | { ran: boolean; connectedBeforeDicing: boolean; isolatedAfterDicing: boolean; details: string[] };
  clean: boolean;
}

/**
 * The report's DRC counts and locations from a DRC run: per rule the number of violations (merged
 * marker groups, as KLayout's `.merged` counts them and the checker's own report does) times the
 * places each stands at (a violation inside the die counts once per die), and up to `cap` listed per
 * rule, each at its group's box centre in the top frame (um) with the cell it was found in.
 */
export function summarizeDrc(drc: DrcRunResult, cap: number): Pick<VerifyReport['drc'], 'total' | 'byRule' | 'violations'> {
  const byRule: Record<string, number> = {};
  const violations: VerifyReport['drc']['violations'] = [];
  const listed = new Map<string, number>();
  for (const e of drc.entries) {
    const id = e.rule.id;
    byRule[id] = (byRule[id] ?? 0) + e.transforms.length;
    for (const t of e.transforms) {
      const n = listed.get(id) ?? 0;
      if (n >= cap) break;
      listed.set(id, n + 1);
      const [x, y] = t.apply((e.box.x0 + e.box.x1) / 2, (e.box.y0 + e.box.y1) / 2);
      violations.push({ rule: id, cell: e.cell.name, xyUm: [Math.round(x) / 1000, Math.round(y) / 1000] });
    }
  }
  let total = 0;
  for (const n of Object.values(byRule)) total += n;
  return { total, byRule, violations };
}

export function verifyBuild(input: VerifyInput): VerifyReport {
  const { design, top } = input;
  if (input.skip) {
    return {
      drc: { ran: false, total: 0, byRule: {}, violations: [], rulesChecked: 0, rulesSkipped: [] },
      lvs: { ran: false, ok: false, opens: 0, shorts: 0, missing: 0, details: ['verification skipped'] },
      plating: null,
      clean: false,
    };
  }
  const drc = runDrc(top, design.tech);
  const { total, byRule, violations } = summarizeDrc(drc, REPORT_CAP);
  // LVS of the die against the router's assignment: the intended netlist is what the design asked
  // for (pads by name at the design's coordinates, balls at the array sites), not the drawn metal.
  const padAt = new Map(design.die.pads.map((p) => [p.name, p]));
  const bumpAt = new Map(design.die.bumps.map((b) => [b.name, b]));
  const netlist: IntendedNetlist = {
    nets: input.route.nets.map((n) => ({
      name: n.net,
      pads: n.pads.map((name) => ({ name, xUm: padAt.get(name)!.x / 1000, yUm: padAt.get(name)!.y / 1000 })),
      bumps: n.bumps.map((name) => ({ name, xUm: bumpAt.get(name)!.x / 1000, yUm: bumpAt.get(name)!.y / 1000 })),
    })),
  };
  const l = lvs(input.die, design.tech, netlist);
  const issueText = (i: { message: string; xUm: number; yUm: number }) => `${i.message} at (${i.xUm}, ${i.yUm}) um`;
  const lvsReport = {
    ran: true,
    ok: l.ok,
    opens: l.opens.length,
    shorts: l.shorts.length,
    missing: l.missing.length,
    details: [...l.opens, ...l.shorts, ...l.missing].slice(0, REPORT_CAP).map(issueText),
  };
  let plating: VerifyReport['plating'] = null;
  if (design.plating && input.wafer?.plating) {
    // The wafer-level dicing check evaluates each distinct die window once (the die plus one street),
    // so a 2,500-die wafer costs about as much as a few dies.
    const dr = checkDicing(input.wafer);
    plating = {
      ran: true,
      connectedBeforeDicing: dr.connectedBeforeDicing === true,
      isolatedAfterDicing: dr.isolatedAfterDicing,
      details: dr.violations.slice(0, REPORT_CAP).map((v) => `${v.message}${v.location?.xyUm ? ` at (${v.location.xyUm[0]}, ${v.location.xyUm[1]}) um` : ''}`),
    };
  }
  const lvsOut = lvsReport;
  return {
    drc: { ran: true, total, byRule, violations, rulesChecked: drc.rules.length, rulesSkipped: drc.skipped.map((s) => ({ rule: String((s as { id?: string }).id ?? s), reason: String((s as { reason?: string }).reason ?? '') })) },
    lvs: lvsOut,
    plating,
    clean: total === 0 && lvsOut.ok && (!plating || (plating.connectedBeforeDicing && plating.isolatedAfterDicing)),
  };
}
