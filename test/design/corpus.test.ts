/**
 * Malformed design files: each must end with exit 2, a message naming the offending key path or
 * CSV line (and the file), and no output file. The real CLI is spawned, as a user runs it.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../helpers/cli.ts';

const CORPUS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

/** What each file's message must contain: the key path or file:line at fault, and what is wrong. */
const EXPECT: Record<string, RegExp[]> = {
  '01-die-size-not-pair.yaml': [/die\.size: 3000 is not allowed \(allowed: \[width, height\]/],
  '02-negative-die.yaml': [/die\.size\[1\]: -5 is not allowed/],
  '03-absurd-die.yaml': [/die\.size\[0\]: 9000000 is not allowed/],
  '04-pitch-string.yaml': [/die\.bumps\.pitch: "400" is not allowed/],
  '05-array-larger-than-die.yaml': [/die\.bumps\.array: 12 x 12 balls at pitch 400 um need a die width of \d+ um/],
  '06-unknown-top-key.yaml': [/colour: unknown key \(allowed: name, tech, die/],
  '07-unknown-bump-key.yaml': [/die\.bumps\.pich: unknown key .*did you mean 'pitch'/],
  '08-bad-name.yaml': [/name: "bad name!" is not allowed/],
  '09-unknown-tech.yaml': [/tech: unknown technology "amkor-9\.9"/],
  '10-missing-die.yaml': [/die: nothing is not allowed/],
  '11-missing-pad-file.yaml': [/die\.pads\.file: "missing-pads\.csv": cannot read \(ENOENT\)/],
  '12-csv-bad-rows.yaml': [/bad-rows\.csv:3: x = "abc" is not a number/, /bad-rows\.csv:4: 2 columns is not allowed/],
  '13-pad-outside-die.yaml': [/outside\.csv:3: pad "P2" .* lies outside the 3000 x 3000 um die/],
  '14-invalid-yaml.yaml': [/14-invalid-yaml\.yaml: line 2, column 7: /],
  '15-invalid-json.json': [/15-invalid-json\.json: line 1, column \d+: /],
  '16-negative-pad-count.yaml': [/die\.pads\.ring\.count: -4 is not allowed \(allowed: an integer 4\.\.20000\)/],
  '17-too-many-ring-pads.yaml': [/die\.pads\.ring: 100 pads at pitch 150 um need 14850 um/],
  '18-duplicate-pad.yaml': [/die\.pads\.list\[1\]: pad name "P1" is used twice/],
  '19-overlapping-pads.yaml': [/die\.pads\.list\[1\]: pad "P2" overlaps pad "P1"/],
  '20-depopulate-outside.yaml': [/die\.bumps\.depopulate\[0\]\[0\]: 7 is not allowed \(allowed: an integer 0\.\.5\)/],
  '21-bump-map-bad-ball.yaml': [/bad-map\.csv:3: ball "ZZ9" is not a populated site/],
  '22-saw-wider-than-street.yaml': [/wafer\.saw: 150 um is not allowed/],
  '23-absurd-wafer.yaml': [/wafer\.diameter: 2000 is not allowed/],
  '24-bus-wider-than-saw.yaml': [/plating\.bus\.width: 60 um is not allowed \(allowed: narrower than the 40 um saw cut/],
  '25-plating-without-wafer.yaml': [/plating: a plating network needs a wafer/],
  '26-rdl-below-rule.yaml': [/die\.rdl\.width: 2 um is below rule rdl\.minWidth = 10 um/],
  '27-bad-offset.yaml': [/wafer\.offset: "best" is not allowed/],
  '28-reticle-too-large.yaml': [/wafer\.reticle\.dies: 20 x 20 dies make a 62\.00 x 62\.00 mm field \(allowed: at most 26 x 33 mm\)/],
  '29-notch-and-flat.yaml': [/wafer\.flat: a wafer has a notch or a flat, not both/],
  '30-variant-without-name.yaml': [/variants\[0\]\.name: nothing is not allowed/],
  '31-two-pad-sources.yaml': [/die\.pads: ring and file given \(allowed: exactly one of ring, file, list, gds\)/],
  '32-off-grid-pitch.yaml': [/die\.bumps\.pitch: 400\.0004 um is not on the 1 nm grid/],
  '33-pads-not-mapping.yaml': [/die\.xpads: unknown key/, /die\.pads: \[\] is not allowed/],
  '34-not-a-mapping.yaml': [/\(top level\): "just a string" is not allowed/],
  '36-stack-one-tier.yaml': [/stack\.tiers: \[\{\}\] is not allowed \(allowed: a list of 2\.\.8 tiers/],
  '37-stack-tsv-landing.yaml': [/stack\.tiers\[0\]\.pads\.ring\.count: -3 is not allowed/, /stack\.tsv\.landing: 50 um cannot hold a 40 um TSV with 10 um enclosure \(allowed: at least 60 um\)/, /stack\.heat\.thickness: 0 is not allowed/],
  '35-daisy-link-of-three.yaml': [/die\.bumps\.chain: daisy needs every net to join exactly two balls; L1 has 3, L2 has 1/],
};

function run(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('malformed design files', () => {
  const files = fs.readdirSync(CORPUS).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

  it('the corpus holds at least 30 malformed designs, each with an expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    expect(Object.keys(EXPECT).sort()).toEqual(files);
  });

  it('each ends with exit 2, a message naming the file and the key or line, and no output file', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'wlpgen-corpus-'));
    const queue = [...files];
    const failures: string[] = [];
    const worker = async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const r = await run(['build', path.join(CORPUS, f), '--out', path.join(out, f)], CORPUS);
        const problems: string[] = [];
        if (r.status !== 2) problems.push(`exit ${r.status}`);
        if (!r.stderr.includes(f)) problems.push('message does not name the file');
        for (const re of EXPECT[f]) if (!re.test(r.stderr)) problems.push(`message does not match ${re}`);
        if (/internal error/.test(r.stderr)) problems.push('internal error');
        if (fs.existsSync(path.join(out, f)) && fs.readdirSync(path.join(out, f)).length) problems.push('output written');
        if (problems.length) failures.push(`${f}: ${problems.join('; ')}\n${r.stderr}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(failures).toEqual([]);
  });
});
