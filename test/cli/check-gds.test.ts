/**
 * `wlpgen check <file.gds> --tech <preset>` on a layout that wlpgen did not write: gdspy (Debian's
 * python3-gdspy, an independent GDSII writer) draws two RDL bars in a referenced cell; the real
 * command is spawned and its exit code and report are what a user gets (DESIGN.md: 0 clean,
 * 1 violations, 2 bad input).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preset } from '../../src/tech/index.ts';
import { wlpgen } from '../helpers/cli.ts';
import { GDSPY_PYTHON, gdspyAvailable, requireExternalTools } from '../helpers/external.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-check-gds-'));
const rdl = preset('amkor-0.4').layers.RDL;
/** amkor-0.4 RDL minimum space, um (rdl.minSpace). */
const SPACE_UM = 10;

/**
 * Writes with gdspy: cell BAR (one RDL rectangle 20 x 200 um at the origin) referenced twice by
 * TOP, the second copy `gapUm` to the right of the first (units: um, 1 nm database unit).
 */
function gdspyBars(file: string, gapUm: number): void {
  const code = [
    'import sys, gdspy',
    'lib = gdspy.GdsLibrary(unit=1e-6, precision=1e-9)',
    "bar = gdspy.Cell('BAR'); lib.add(bar)",
    `bar.add(gdspy.Rectangle((0, 0), (20, 200), layer=${rdl.layer}, datatype=${rdl.datatype}))`,
    "top = gdspy.Cell('TOP'); lib.add(top)",
    'top.add(gdspy.CellReference(bar, (0, 0)))',
    `top.add(gdspy.CellReference(bar, (20 + ${gapUm}, 0)))`,
    'lib.write_gds(sys.argv[1])',
  ].join('\n');
  const r = spawnSync(GDSPY_PYTHON, ['-c', code, file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gdspy failed: ${r.stderr}`);
}

interface JsonReport {
  ok: boolean;
  drc: { rules: { rule: string; count: number }[]; violations: { rule: string; xUm: number; yUm: number; measured: number; bboxUm: number[] }[] };
  connectivity?: { nets: number };
}

const run = gdspyAvailable || requireExternalTools;

describe.runIf(run)('wlpgen check on a gdspy-written GDS', () => {
  it('a clean layout: exit 0, no violation for any rule, two nets', () => {
    const file = path.join(dir, 'clean.gds');
    gdspyBars(file, 2 * SPACE_UM);
    const r = wlpgen(['check', file, '--tech', 'amkor-0.4', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const rep = JSON.parse(r.stdout) as JsonReport;
    expect(rep.ok).toBe(true);
    expect(rep.drc.violations).toEqual([]);
    expect(rep.drc.rules.length).toBeGreaterThan(10);
    expect(rep.drc.rules.every((x) => x.count === 0)).toBe(true);
    expect(rep.connectivity?.nets).toBe(2);
  });

  it('bars 6 um apart: exit 1, one rdl.minSpace violation in the gap, measured 6 um; the text report and .lyrdb say so', () => {
    const file = path.join(dir, 'narrow.gds');
    const gap = 6;
    gdspyBars(file, gap);
    const r = wlpgen(['check', file, '--tech', 'amkor-0.4', '--json']);
    expect(r.status, r.stderr).toBe(1);
    const rep = JSON.parse(r.stdout) as JsonReport;
    expect(rep.ok).toBe(false);
    expect(rep.drc.rules.filter((x) => x.count > 0).map((x) => [x.rule, x.count])).toEqual([['rdl.minSpace', 1]]);
    const v = rep.drc.violations[0];
    expect(v.measured).toBeCloseTo(gap, 6);
    // The gap runs from x = 20 to 26 um over the bars' height 0..200 um.
    expect(v.bboxUm[0]).toBeGreaterThanOrEqual(20 - 0.01);
    expect(v.bboxUm[2]).toBeLessThanOrEqual(20 + gap + 0.01);
    expect(v.yUm).toBeGreaterThan(0);
    expect(v.yUm).toBeLessThan(200);
    const lyrdb = path.join(dir, 'narrow.lyrdb');
    const t = wlpgen(['check', file, '--tech', 'amkor-0.4', '--lyrdb', lyrdb]);
    expect(t.status).toBe(1);
    expect(t.stdout).toMatch(/rdl\.minSpace .*: 1 violation/);
    expect(fs.readFileSync(lyrdb, 'utf8').match(/<item>/g)?.length).toBe(1);
  });

  it('bad input: exit 2 without --tech, for an unknown preset, and for a file that is not GDSII', () => {
    const file = path.join(dir, 'clean2.gds');
    gdspyBars(file, 2 * SPACE_UM);
    const noTech = wlpgen(['check', file]);
    expect(noTech.status).toBe(2);
    expect(noTech.stderr).toMatch(/--tech/);
    expect(wlpgen(['check', file, '--tech', 'no-such-preset']).status).toBe(2);
    const junk = path.join(dir, 'junk.gds');
    fs.writeFileSync(junk, 'not a gds file at all');
    const j = wlpgen(['check', junk, '--tech', 'amkor-0.4']);
    expect(j.status).toBe(2);
    expect(j.stderr).toMatch(/error/);
  });
});
