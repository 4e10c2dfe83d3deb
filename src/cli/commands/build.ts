/**
 * `wlpgen build <design> [--out DIR] [--gz] [--flat]`: build a design (every variant of a sweep) and
 * write <name>.gds (.gds.gz), .svg, .lyp, .report.json (and the shot map) into DIR.
 * Exit 0 when built and verified clean, 1 when built with violations, 2 on bad input (nothing written).
 */
import type { Argv } from 'yargs';
import { loadDesign } from '../../design/load.ts';
import { buildToFiles } from '../../design/pipeline.ts';
import { EXIT_OK, EXIT_VIOLATIONS } from '../exit.ts';

interface BuildArgs {
  design: string;
  out: string;
  gz: boolean;
  flat: boolean;
  timings: boolean;
  png: boolean;
}

export function buildCommand(yargs: Argv) {
  return yargs.command<BuildArgs>(
    'build <design>',
    'Build a design file into a verified mask set: GDS, SVG preview, KLayout .lyp, report',
    (y) =>
      y
        .positional('design', { type: 'string', demandOption: true, describe: 'design file (.yaml, .yml or .json)' })
        .option('out', { type: 'string', default: 'out', describe: 'output folder' })
        .option('gz', { type: 'boolean', default: false, describe: 'write <name>.gds.gz' })
        .option('flat', { type: 'boolean', default: false, describe: 'write the GDS flattened (streamed; hierarchy is the default)' })
        .option('png', { type: 'boolean', default: false, describe: 'also write <name>.png rendered by KLayout with the .lyp (skipped with a note when KLayout is not installed)' })
        .option('timings', { type: 'boolean', default: false, describe: 'record stage timings in the report (outputs then differ run to run)' })
        .example('$0 build examples/wlcsp-6x6.yaml', 'one die with its routing, into out/')
        .example('$0 build examples/wafer-200.yaml --out out/w --gz', 'a 200 mm wafer with the plating network, gzipped') as unknown as Argv<BuildArgs>,
    async (args) => {
      const designs = loadDesign(args.design);
      let exit = EXIT_OK;
      for (const d of designs) {
        const command = `wlpgen build ${args.design}${args.out !== 'out' ? ` --out ${args.out}` : ''}${args.gz ? ' --gz' : ''}${args.flat ? ' --flat' : ''}${args.png ? ' --png' : ''}`;
        const r = await buildToFiles(d, { outDir: args.out, gz: args.gz, flat: args.flat, timings: args.timings, png: args.png, command });
        process.stdout.write(`${d.name}: ${r.summary}\n${r.files.map((f) => `  wrote ${f}`).join('\n')}\n${r.pngSkipped ? `  no ${d.name}.png: ${r.pngSkipped}\n` : ''}`);
        if (!r.clean) exit = EXIT_VIOLATIONS;
      }
      process.exitCode = exit;
    },
  );
}
