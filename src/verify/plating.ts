/**
 * Plating and dicing checks of a wafer with a kerf plating network, for the verifier (checkLibrary,
 * `wlpgen check`): an adapter over the wafer's own dicing check (src/wafer/dicing.ts checkDicing),
 * so there is one implementation of the geometry.
 *
 * The check needs the wafer's structure (which cell is the die, the lattice's die box and street,
 * the kerf cell and bridges, the dummy sites): it is handed in (`options.wafer`, e.g. a WaferBuild)
 * or found for a top cell buildWafer made in this process. A GDS read from a file does not carry
 * that structure; telling dies, kerf and bus apart by guessing from shapes counted bump cells as
 * dies before, so such a layout is reported as not checked, with the reason.
 *
 * Findings map from the dicing codes: E_NOT_PLATED -> unplated; E_NET_CUT -> openAfterDicing;
 * E_SHORT_AFTER_SAW -> shortAfterDicing; E_CROSSES_SAW, E_DIE_METAL_IN_SAW, E_WAFER_METAL_IN_DIE ->
 * notCut (metal the saw does not separate); E_STUB -> stub; E_PLACEMENT, E_NO_KERF -> layout (the
 * wafer's structure is not what the check handles); W_DUMMY_FLOATING -> dummyFloating (a warning).
 */
import type { Cell } from '../core/cell.ts';
import type { Technology } from '../tech/types.ts';
import { checkDicing, waferOf, type DicingInput } from '../wafer/dicing.ts';

export interface PlatingOptions {
  /** The wafer's structure (a WaferBuild will do); default: the one recorded for the top cell by buildWafer. */
  wafer?: DicingInput;
  /** Longest stub allowed beyond the die box after dicing, um (default: the wafer's plating stub limit). */
  stubLimitUm?: number;
  /** Layers whose shapes are a net's terminals (default ['PAD', 'BUMP']). */
  terminalLayers?: string[];
  /** Issues listed per kind (counts are always complete; default 50). */
  maxListed?: number;
  /** Library dbu in um (default 0.001). */
  dbuUm?: number;
}

export type PlatingIssueKind = 'unplated' | 'notCut' | 'openAfterDicing' | 'shortAfterDicing' | 'stub' | 'layout' | 'dummyFloating';

export interface PlatingIssue {
  kind: PlatingIssueKind;
  /** The dicing check's code (E_NOT_PLATED, ...). */
  code: string;
  message: string;
  /** Location in the top cell, um: the die's (or dummy site's) placement. */
  xUm: number;
  yUm: number;
}

export interface PlatingResult {
  /** Whether the check ran; false when the layout does not carry the wafer structure (`reason` says why). */
  checked: boolean;
  reason?: string;
  /** No error found (warnings allowed); true when not checked (nothing was found, nothing was shown). */
  ok: boolean;
  /** Every net of every die joined to the contact ring; null when not checked or without a plating network. */
  connectedBeforeDicing: boolean | null;
  /** Every net an island of its own after the saw, nothing across a cut, stubs within the limit; null when not checked. */
  isolatedAfterDicing: boolean | null;
  dies: number;
  /** Nets (RDL islands holding a terminal) per die. */
  netsPerDie: number;
  counts: Record<PlatingIssueKind, number>;
  /** Longest stub found, um (0 when none). */
  maxStubUm: number;
  stubLimitUm?: number;
  issues: PlatingIssue[];
  /** Distinct site windows analysed (the rest reused a result). */
  windowsEvaluated: number;
  seconds: number;
}

const KIND: Record<string, PlatingIssueKind> = {
  E_NOT_PLATED: 'unplated',
  E_NET_CUT: 'openAfterDicing',
  E_SHORT_AFTER_SAW: 'shortAfterDicing',
  E_CROSSES_SAW: 'notCut',
  E_DIE_METAL_IN_SAW: 'notCut',
  E_WAFER_METAL_IN_DIE: 'notCut',
  E_STUB: 'stub',
  E_PLACEMENT: 'layout',
  E_NO_KERF: 'layout',
  W_DUMMY_FLOATING: 'dummyFloating',
};

const noCounts = (): Record<PlatingIssueKind, number> => ({ unplated: 0, notCut: 0, openAfterDicing: 0, shortAfterDicing: 0, stub: 0, layout: 0, dummyFloating: 0 });

export function checkPlating(top: Cell, tech: Technology, options: PlatingOptions = {}): PlatingResult {
  const t0 = performance.now();
  const dbuUm = options.dbuUm ?? 0.001;
  const found = options.wafer ?? waferOf(top);
  const wafer = found && found.top !== top ? null : found;
  if (!wafer) {
    const reason = found
      ? `the wafer structure given is for top cell '${found.top.name}', not '${top.name}'`
      : `top cell '${top.name}' carries no wafer structure (die cell, lattice, kerf bridges): plating and dicing are checked on wafers built by wlpgen (buildWafer), not on a layout read from GDS`;
    return { checked: false, reason, ok: true, connectedBeforeDicing: null, isolatedAfterDicing: null, dies: 0, netsPerDie: 0, counts: noCounts(), maxStubUm: 0, issues: [], windowsEvaluated: 0, seconds: (performance.now() - t0) / 1000 };
  }
  const d = checkDicing(
    { ...wafer, tech },
    {
      ...(options.stubLimitUm !== undefined ? { stubLimit: Math.round(options.stubLimitUm / dbuUm) } : {}),
      ...(options.terminalLayers ? { terminalLayers: options.terminalLayers } : {}),
      // Listing is per kind here: take every violation, cut per kind below (counts stay complete either way).
      maxViolations: Infinity,
    },
  );
  const maxListed = options.maxListed ?? 50;
  const counts = noCounts();
  const issues: PlatingIssue[] = [];
  const listed = noCounts();
  for (const [code, n] of Object.entries(d.counts)) {
    const kind = KIND[code];
    if (!kind) throw new Error(`checkPlating: dicing code ${code} has no plating issue kind`);
    counts[kind] += n;
  }
  for (const v of d.violations) {
    const kind = KIND[v.code];
    if (listed[kind]++ >= maxListed) continue;
    const [x, y] = v.location?.xyUm ?? [0, 0];
    issues.push({ kind, code: v.code, message: v.message, xUm: x, yUm: y });
  }
  return {
    checked: true,
    ok: d.ok,
    connectedBeforeDicing: d.connectedBeforeDicing,
    isolatedAfterDicing: d.isolatedAfterDicing,
    dies: d.dies,
    netsPerDie: d.netsPerDie,
    counts,
    maxStubUm: d.maxStubUm,
    stubLimitUm: d.stubLimitUm,
    issues,
    windowsEvaluated: d.windowsAnalysed,
    seconds: (performance.now() - t0) / 1000,
  };
}
