/** `wlpgen info <file.gds|file.gds.gz> [--json]`: what a GDSII file holds. */
import type { Argv } from 'yargs';
import { readGdsFile } from '../../io/gds/reader.ts';
import { formatSummary, summarizeLibrary } from '../../io/gds/summary.ts';
import { EXIT_OK } from '../exit.ts';

export interface InfoArgs {
  file: string;
  json: boolean;
}

export function infoCommand(yargs: Argv) {
  return yargs.command<InfoArgs>(
    'info <file>',
    'Summarise a GDSII file: library, units, cells, top cells, flattened per-layer shape counts, bounding box',
    (y) =>
      y
        .positional('file', { type: 'string', describe: 'a .gds or .gds.gz file', demandOption: true })
        .option('json', { type: 'boolean', default: false, describe: 'print the JSON form (see DESIGN.md)' })
        .example('$0 info out/demo-wlcsp.gds', 'human-readable summary')
        .example('$0 info out/wafer.gds.gz --json', 'machine-readable summary') as unknown as Argv<InfoArgs>,
    (args) => {
      const { library, warnings } = readGdsFile(args.file);
      const summary = summarizeLibrary(library);
      const { areasUm2: _areas, ...json } = summary;
      if (args.json) process.stdout.write(JSON.stringify(json, null, 2) + '\n');
      else process.stdout.write(formatSummary(json, args.file));
      for (const w of warnings) process.stderr.write(`wlpgen: warning: ${w.message}\n`);
      process.exitCode = EXIT_OK;
    },
  );
}
