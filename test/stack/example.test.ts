/**
 * The stacked example as a user meets it: `wlpgen build examples/stack-2tier.yaml` exits 0 with a clean
 * report (whole 200 mm wafer verified), and KLayout opens the GDS with the .lyp showing every tier on
 * its own named layers, each with shapes, at the GDS numbers of the report's layer table.
 */
import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { wlpgen } from '../helpers/cli.ts';
import { klayoutAvailable, klayoutWarnings, parseStats, requireExternalTools, runKlayout } from '../helpers/external.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));

describe('examples/stack-2tier.yaml', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-stack-'));
  const run = wlpgen(['build', 'examples/stack-2tier.yaml', '--out', out]);

  it('builds and verifies clean through the CLI', () => {
    expect(run.status, run.stderr + run.stdout).toBe(0);
    const r = JSON.parse(fs.readFileSync(path.join(out, 'stack-2tier.report.json'), 'utf8'));
    expect(r.clean).toBe(true);
    expect(r.drc.ran).toBe(true);
    expect(r.drc.total).toBe(0);
    expect(r.lvs).toMatchObject({ ran: true, ok: true });
    expect(r.stack.violationCount).toBe(0);
    expect(r.stack.tiers.map((t: { tsvs: number }) => t.tsvs)).toEqual([0, 16]);
    expect(r.wafer.diameterMm).toBe(200);
    expect(r.wafer.diesPlaced).toBeGreaterThan(1000);
    // The mechanics table: one row per ball, the worst ball is a corner one (largest DNP).
    expect(r.mech.table).toHaveLength(36);
    expect(r.mech.worst.dnpUm).toBeCloseTo(Math.hypot(1000, 1000), 1);
  });

  it.skipIf(!klayoutAvailable && !requireExternalTools)('opens in KLayout with every tier on its own named layers, each with shapes', () => {
    const r = JSON.parse(fs.readFileSync(path.join(out, 'stack-2tier.report.json'), 'utf8'));
    const k = runKlayout(path.join(HERE, 'klayout_tier_layers.py'), { gds: path.join(out, 'stack-2tier.gds'), lyp: path.join(out, 'stack-2tier.lyp'), cell: 'stack-2tier_DIE' });
    expect(klayoutWarnings(k)).toEqual([]);
    const stats = parseStats<{ layers: Record<string, { layer: number; datatype: number; shapes: number }> }>(k);
    const want = ['T1.PAD', 'T1.PI1', 'T1.RDL', 'T2.PAD', 'T2.PI1', 'T2.RDL', 'T2.PI2', 'T2.TSV', 'RESIN', 'HEAT', 'UBM', 'POST', 'BUMP'];
    for (const name of want) {
      expect(stats.layers[name], name).toBeDefined();
      expect([stats.layers[name].layer, stats.layers[name].datatype], name).toEqual(r.layers[name]);
      expect(stats.layers[name].shapes, name).toBeGreaterThan(0);
    }
    // Tier 1 has no TSVs (nothing below it) and no PI2 (no balls on it); the base tier-scheme layers stay empty.
    for (const name of ['T1.TSV', 'T1.PI2', 'PAD', 'PI1', 'RDL', 'PI2', 'TSV']) expect(stats.layers[name]?.shapes ?? 0, name).toBe(0);
    // Tier layers are 100 apart: T1.RDL = 120, T2.RDL = 220.
    expect(stats.layers['T2.RDL'].layer - stats.layers['T1.RDL'].layer).toBe(100);
  });
});
