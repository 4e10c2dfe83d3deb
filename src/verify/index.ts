/**
 * Verification: DRC (hierarchical, KLayout-compatible semantics), connectivity extraction, LVS
 * against the intended netlist, plating/dicing checks, reports (JSON, text, KLayout .lyrdb).
 */
export { checkLibrary, type CheckOptions, type CheckResult } from './check.ts';
export { DrcRun, runDrc, type DrcEntry, type DrcRunOptions, type DrcRunResult, type DrcStats } from './drc.ts';
export { checkRules, COUNTING_CONVENTION, DEFAULT_METRICS, DRC_SEMANTICS, PROCESS_LAYERS, type CheckKind, type CheckRule, type DrcMetrics, type RuleOptions, type SkippedRule } from './rules.ts';
export { Connectivity, defaultStack, type CellNets, type ConductorStack, type ConnectivityOptions } from './connectivity.ts';
export { lvs, validateNetlist, type IntendedNet, type IntendedNetlist, type LvsIssue, type LvsOptions, type LvsPoint, type LvsResult, type NetPoint } from './netlist.ts';
export { checkPlating, type PlatingIssue, type PlatingIssueKind, type PlatingOptions, type PlatingResult } from './plating.ts';
export { buildDrcReport, drcLyrdb, formatJsonReport, formatTextReport, type CheckReport, type ConnectivityReport, type DrcReport, type DrcRuleSummary, type DrcViolation } from './report.ts';
export { LayoutGeometry, techLayerMap, DEFAULT_FLAT_LIMIT, type LayerMap } from './layout.ts';
export { evaluateRule, LayerSet, type Marker } from './kernel.ts';
