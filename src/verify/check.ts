/**
 * `checkLibrary`: DRC, connectivity, LVS (with an intended netlist) and plating/dicing checks of any
 * layout under a technology's layer map and rules: wlpgen's own output or a GDS read from a file
 * (`wlpgen check <file.gds> --tech <preset|file>`). The result holds the JSON report and renders the
 * text report and the KLayout marker database.
 */
import type { Cell } from '../core/cell.ts';
import { InputError } from '../core/errors.ts';
import type { Library } from '../core/library.ts';
import type { Technology } from '../tech/types.ts';
import { Connectivity, type ConductorStack } from './connectivity.ts';
import { DrcRun, type DrcEntry, type DrcRunOptions } from './drc.ts';
import { LayoutGeometry, techLayerMap } from './layout.ts';
import { lvs, type IntendedNetlist, type LvsOptions } from './netlist.ts';
import { checkPlating, type PlatingOptions } from './plating.ts';
import { buildDrcReport, drcLyrdb, formatJsonReport, formatTextReport, type CheckReport } from './report.ts';
import type { CheckRule } from './rules.ts';

export interface CheckOptions extends Omit<DrcRunOptions, 'dbuUm' | 'netContext'> {
  /** Top cell name (default: the library's only top cell; an error when there are several). */
  top?: string;
  /** Run DRC (default true). */
  drc?: boolean;
  /** Extract connectivity (default true; LVS and plating need it). */
  connectivity?: boolean;
  /** Intended netlist for LVS, in the frame of `netlistCell` (default: the top cell). */
  netlist?: IntendedNetlist;
  netlistCell?: string;
  lvs?: Omit<LvsOptions, 'connectivity' | 'dbuUm'>;
  /** Plating/dicing checks (plating.ts: needs the wafer structure, else reported as not checked): options, false to skip; default: run when the layout has SAW shapes. */
  plating?: PlatingOptions | boolean;
  /** Conducting layers and connections (default: the technology's stack). */
  stack?: ConductorStack;
}

export interface CheckResult {
  report: CheckReport;
  /** DRC entries (markers per violation, for custom reporting). */
  entries: DrcEntry[];
  rules: CheckRule[];
  text(maxPerRule?: number): string;
  json(): string;
  lyrdb(options?: { originalFile?: string }): string;
}

function pickTop(lib: Library, name?: string): Cell {
  if (name !== undefined) {
    const c = lib.cell(name);
    if (!c) throw new InputError('E_TOP_CELL', `library '${lib.name}' has no cell '${name}' (top cells: ${lib.topCells().map((c) => c.name).join(', ')})`);
    return c;
  }
  const tops = lib.topCells();
  if (tops.length === 1) return tops[0];
  if (tops.length === 0) throw new InputError('E_TOP_CELL', `library '${lib.name}' has no top cell`);
  throw new InputError('E_TOP_CELL', `library '${lib.name}' has ${tops.length} top cells (${tops.map((c) => c.name).join(', ')}): name the one to check`);
}

export function checkLibrary(lib: Library, tech: Technology, options: CheckOptions = {}): CheckResult {
  const top = pickTop(lib, options.top);
  const dbuUm = lib.dbuUm;
  const timings: Record<string, number> = {};
  const geometry = new LayoutGeometry(techLayerMap(tech), { flatLimit: options.flatLimit });
  const wantConn = options.connectivity !== false || options.netlist !== undefined;
  const conn = wantConn ? new Connectivity(tech, geometry, { stack: options.stack }) : undefined;
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (now - t) / 1000;
    t = now;
  };
  const run = new DrcRun(
    tech,
    {
      ...options,
      dbuUm,
      netContext: conn ? (cell) => (layer, poly) => conn.netAt(cell, layer, poly.outer[0], poly.outer[1]) : undefined,
    },
    geometry,
  );
  const drcResult = options.drc === false ? { rules: run.rules, skipped: run.skipped, entries: [], stats: run.stats } : run.run(top);
  lap('drc');
  const drc = buildDrcReport(drcResult.rules, drcResult.skipped, drcResult.entries, drcResult.stats, dbuUm);
  const report: CheckReport = { tool: 'wlpgen', top: top.name, tech: tech.name, dbuUm, ok: drc.clean, drc, timings };
  if (conn) {
    const nets = conn.nets(top);
    report.connectivity = { nets: nets.count, namedNets: nets.names.filter((n) => n.length > 0).length, seconds: conn.stats.seconds };
    lap('connectivity');
  }
  if (options.netlist && conn) {
    const cell = options.netlistCell !== undefined ? lib.cell(options.netlistCell) : top;
    if (!cell) throw new InputError('E_TOP_CELL', `netlistCell '${options.netlistCell}' is not in library '${lib.name}'`);
    report.lvs = lvs(cell, tech, options.netlist, { ...(options.lvs ?? {}), connectivity: conn, dbuUm });
    if (!report.lvs.ok) report.ok = false;
    lap('lvs');
  }
  const wantPlating = options.plating === undefined ? geometry.layerBox(top, 'SAW') !== null : options.plating !== false;
  if (wantPlating) {
    const po: PlatingOptions = typeof options.plating === 'object' ? options.plating : {};
    report.plating = checkPlating(top, tech, { ...po, dbuUm });
    // Not checked (a GDS without the wafer structure) is reported with its reason, not failed.
    if (!report.plating.ok) report.ok = false;
    lap('plating');
  }
  const entries = drcResult.entries;
  const rules = drcResult.rules;
  return {
    report,
    entries,
    rules,
    text: (maxPerRule = 10) => formatTextReport(report, maxPerRule),
    json: () => formatJsonReport(report),
    lyrdb: (o = {}) => drcLyrdb(report, entries, rules, o),
  };
}
