/**
 * `wlpgen check <design>`: build in memory and verify (DRC, LVS, plating); prints the violations.
 * `wlpgen check <file.gds> --tech <preset|file>`: DRC and connectivity of an existing layout (any
 * tool's) with the technology's layer map and rules; text or JSON report, optionally a KLayout
 * marker database. Exit 0 clean, 1 violations, 2 bad input.
 */
import type { Argv } from 'yargs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../../core/errors.ts';
import { loadDesign } from '../../design/load.ts';
import { build } from '../../design/pipeline.ts';
import { readGdsFile } from '../../io/gds/reader.ts';
import { loadTech } from '../../tech/index.ts';
import { checkLibrary } from '../../verify/check.ts';
import { EXIT_OK, EXIT_VIOLATIONS } from '../exit.ts';

interface CheckArgs {
  input: string;
  tech?: string;
  json: boolean;
  top?: string;
  lyrdb?: string;
  max: number;
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
        .option('top', { type: 'string', describe: 'GDS input: the top cell to check (default: the only top cell)' })
        .option('lyrdb', { type: 'string', describe: 'GDS input: also write the KLayout marker database (.lyrdb) to this file' })
        .option('max', { type: 'number', default: 10, describe: 'GDS input: violations listed per rule in the text report (counts are complete)' })
        .example('$0 check examples/wlcsp-6x6.yaml', 'build in memory and verify')
        .example('$0 check chip.gds --tech amkor-0.4', 'DRC of an existing layout') as unknown as Argv<CheckArgs>,
    (args) => {
      const isGds = /\.gds(\.gz)?$/i.test(args.input);
      if (isGds) {
        if (!args.tech) throw new InputError('E_ARG', `--tech: a technology is needed to check ${args.input} (allowed: a preset name or a tech file path)`);
        const tech = loadTech(args.tech, process.cwd());
        const { library } = readGdsFile(args.input);
        // DRC and connectivity under the technology's layer map; plating/dicing and LVS need a
        // design (the plating contact, the intended netlist), so not here.
        const res = checkLibrary(library, tech, { top: args.top, plating: false });
        if (args.lyrdb) fs.writeFileSync(args.lyrdb, res.lyrdb({ originalFile: path.resolve(args.input) }));
        process.stdout.write(args.json ? res.json() + '\n' : res.text(args.max) + '\n');
        process.exitCode = res.report.ok ? EXIT_OK : EXIT_VIOLATIONS;
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
