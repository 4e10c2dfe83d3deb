/**
 * `npm run stack-example [-- --out DIR]`: the two-tier stacked package of examples/stack-2tier.yaml
 * (process document 000) on a 200 mm wafer, built through the library API: load the design file,
 * build and verify in memory, print what the stack holds (tiers, TSVs, the cross-tier LVS, the
 * thermal-mismatch worst ball), then write every output atomically. Exit 0 when clean, 1 otherwise.
 * Open `<out>/stack-2tier.gds` with `<out>/stack-2tier.lyp` in KLayout: every tier is on its own named
 * layers (T1.PAD, T1.PI1, T1.RDL; T2.PAD, ..., T2.TSV), the stack layers RESIN and HEAT beside them.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildToFiles, loadDesign } from '../src/index.ts';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outArg = process.argv.indexOf('--out');
const outDir = outArg > 0 ? path.resolve(process.argv[outArg + 1]) : path.join(root, 'out', 'stack-example');

const [design] = loadDesign(path.join(root, 'examples', 'stack-2tier.yaml'));
const res = await buildToFiles(design, { outDir, command: 'npm run stack-example' });
const r = res.result.report;
const s = r.stack!;
for (const t of s.tiers) {
  console.log(`tier ${t.tier}: ${t.pads} pads, ${t.tsvs} TSVs landing on tier ${t.tier - 1 || '-'}, ${t.routed}/${t.nets} nets routed, ${t.wirelengthUm} um of re-wiring`);
}
console.log(`TSVs: ${s.tsv.count} x ${s.tsv.diameterUm} um, landing ${s.tsv.landingUm} um (enclosure >= ${s.tsv.enclosureUm} um); stack check findings: ${s.violationCount}`);
console.log(`cross-tier LVS: ${r.lvs.ok ? 'ok' : `${r.lvs.opens} opens, ${r.lvs.shorts} shorts, ${r.lvs.missing} missing`}; DRC: ${r.drc.total} violations; dies on the wafer: ${r.wafer?.diesPlaced}`);
const w = r.mech.worst;
console.log(`thermal mismatch (dT ${r.mech.deltaTK} K, ${r.mech.deltaAlphaPpmPerK} ppm/K): worst ball ${w.bump} (${w.net}) DNP ${w.dnpUm} um, ${w.displacementUm} um${w.forceN !== undefined ? `, post ${w.forceN} N, ${w.maxStressMPa} MPa` : ''}`);
for (const d of [...s.warnings, ...r.mech.warnings]) console.log(`${d.severity}: ${d.message}`);
console.log(`${design.name}: ${res.summary}`);
for (const f of res.files) console.log(`  wrote ${path.relative(process.cwd(), f)}`);
process.exitCode = res.clean ? 0 : 1;
