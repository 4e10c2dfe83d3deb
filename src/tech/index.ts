/** Technology: layer map, design rules (typed and flat), construction numbers, presets, tech files. */
export * from './types.ts';
export { DEFAULT_LAYERS, DEFAULT_TIER_SCHEME, KNOWN_LAYER_ORDER, OPTIONAL_LAYERS, REQUIRED_LAYERS, STACK_LAYERS, TIER_HUE_STEP, layerTable, parseTierLayerName, rotateHue, techLayer, tierLayerName, tierLayers } from './layers.ts';
export { RULE_FIELDS, RULE_GROUPS, RULE_IDS, findRule, getRule, recordLayers, ruleField, type RuleField, type RuleValue, type RuleValueType } from './rules.ts';
export { DEFAULT_POST_HEIGHT, DEFAULT_SEAL_INSET, DEFAULT_TEARDROP_FRACTION, constructionIssues, deriveConstruction, padStack, type ConstructionIssue } from './construction.ts';
export { TECH_NAME, isTechnology, withStackLayers, withTiers } from './technology.ts';
export { PRESET_NAMES, preset } from './presets.ts';
export { CONSTRUCTION_KEYS, applyOverrides, loadTech, techFromObject, type OverrideOptions } from './load.ts';
export { Issues, MAX_LENGTH_UM, TechError, closest, expectObject, isPlainObject, join, parseArea, parseBoolean, parseExtent, parseInteger, parseLength, parseRatio, parseString, show, type Issue } from './validate.ts';
