/** Stacked wafer-level packages (process document 000): tiers, TSVs, stack checks. */
export { buildStack, tsvSites, type StackBuild, type StackBuildOptions, type StackNet, type StackSite, type StackTier, type StackTsv } from './build.ts';
export { checkStack, checkTsvLandings, stackConductors, stackDrcTech, type StackCheckResult, type StackViolation } from './check.ts';
export { onTier, tierLayerMap } from './tier.ts';
export { stackRouting, verifyStack, type StackReport, type StackVerify } from './verify.ts';
