/**
 * `wlpgen check <design>`: build in memory and verify (DRC, LVS, plating); prints the violations.
 * `wlpgen check <file.gds> --tech <preset|file>`: DRC of an existing layout with the technology's
 * layer map. Exit 0 clean, 1 violations, 2 bad input.
 */
import type { Argv } from 'yargs';
import * as path from 'node:path';
import { InputError } from '../../core/errors.ts';
import { loadDesign } from '../../design/load.ts';
import { build } from '../../design/pipeline.ts';
import { readGdsFile } from '../../io/gds/reader.ts';
import { loadTech } from '../../tech/index.ts';
import { runDrc } from '../../verify/drc.ts';
import { EXIT_OK, EXIT_VIOLATIONS } from '../exit.ts';

interface CheckArgs {
  input: string;
  tech?: string;
  json: boolean;
}

export function checkCommand(yargs: Argv) {
  return yargs.command<CheckArgs>(
    'check <input>',
    'Verify a design (built in memory) or an existing GDS layout against a technology',
    (y) =>
      y
        .positional('input', { type: 'string', demandOption: true, describe: 'a design file (.yaml/.yml/.json) or a layout (.gds/.gds.gz)' })
        .option('tech', { type: 'string', describe: 'technology for a GDS input: a preset name or a tech file' })
        .option('json', { type: 'boolean', default: false, describe: 'print the verification report as JSON' })
        .example('$0 check examples/wlcsp-6x6.yaml', 'build in memory and verify')
        .example('$0 check chip.gds --tech amkor-0.4', 'DRC of an existing layout') as unknown as Argv<CheckArgs>,
    (args) => {
      const isGds = /\.gds(\.gz)?$/i.test(args.input);
      if (isGds) {
        if (!args.tech) throw new InputError('E_ARG', `--tech: a technology is needed to check ${args.input} (allowed: a preset name or a tech file path)`);
        const tech = loadTech(args.tech, process.cwd());
        const { library } = readGdsFile(args.input);
        const tops = library.topCells();
        if (tops.length !== 1) throw new InputError('E_ARG', `${args.input}: ${tops.length} top cells (${tops.map((c) => c.name).join(', ')}); check needs exactly one`);
        const drc = runDrc(tops[0], tech);
        const byRule: Record<string, number> = {};
        for (const e of drc.entries) byRule[e.rule.id] = (byRule[e.rule.id] ?? 0) + e.markers.length * e.transforms.length;
        const total = Object.values(byRule).reduce((a, b) => a + b, 0);
        if (args.json) process.stdout.write(JSON.stringify({ file: args.input, tech: tech.name, drc: { total, byRule } }, null, 2) + '\n');
        else {
          process.stdout.write(`${path.basename(args.input)}: ${total ? `${total} DRC violations` : 'DRC clean'} (${drc.rules.length} rules of ${tech.name})\n`);
          for (const [rule, n] of Object.entries(byRule).sort()) process.stdout.write(`  ${rule}: ${n}\n`);
        }
        process.exitCode = total ? EXIT_VIOLATIONS : EXIT_OK;
        return;
      }
      let exit = EXIT_OK;
      for (const design of loadDesign(args.input)) {
        const r = build(design, { command: `wlpgen check ${args.input}` });
        const rep = r.report;
        if (args.json) process.stdout.write(JSON.stringify({ name: rep.name, routing: { routed: rep.routing.routed, failed: rep.routing.failures }, drc: rep.drc, lvs: rep.lvs, plating: rep.plating, clean: rep.clean }, null, 2) + '\n');
        else {
          process.stdout.write(`${rep.name}: ${rep.clean ? 'clean' : 'violations'}\n`);
          process.stdout.write(`  routing: ${rep.routing.routed}/${rep.routing.nets} nets routed${rep.routing.failures.length ? `; failed: ${rep.routing.failures.map((f) => `${f.net} (${f.reason})`).join(', ')}` : ''}\n`);
          process.stdout.write(`  DRC: ${rep.drc.total} violations\n`);
          for (const [rule, n] of Object.entries(rep.drc.byRule).sort()) process.stdout.write(`    ${rule}: ${n}\n`);
          for (const v of rep.drc.violations.slice(0, 20)) process.stdout.write(`    ${v.rule} at (${v.xyUm[0]}, ${v.xyUm[1]}) um in ${v.cell}\n`);
          process.stdout.write(`  LVS: ${rep.lvs.ok ? 'ok' : `${rep.lvs.opens} opens, ${rep.lvs.shorts} shorts, ${rep.lvs.missing} missing`}\n`);
          if (rep.plating) process.stdout.write(`  plating: connected before dicing ${rep.plating.connectedBeforeDicing}, isolated after dicing ${rep.plating.isolatedAfterDicing}\n`);
        }
        if (!rep.clean) exit = EXIT_VIOLATIONS;
      }
      process.exitCode = exit;
    },
  );
}
