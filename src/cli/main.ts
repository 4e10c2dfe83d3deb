/**
 * The wlpgen command line. Each command lives in its own module under commands/; this file wires
 * them into yargs and maps every failure to the exit codes of DESIGN.md.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { batchCommand } from './commands/batch.ts';
import { buildCommand } from './commands/build.ts';
import { checkCommand } from './commands/check.ts';
import { dpwCommand } from './commands/dpw.ts';
import { infoCommand } from './commands/info.ts';
import { EXIT_BAD_INPUT, reportError } from './exit.ts';

export async function main(argv: string[]): Promise<number> {
  let exit = 0;
  let parser = yargs(argv)
    .scriptName('wlpgen')
    .usage('$0 <command> [options]\n\nWafer-level-packaging mask layouts: build, verify and inspect.')
    .strict()
    .demandCommand(1, 'Name a command; see --help.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      throw Object.assign(new Error(msg), { usage: true });
    });
  parser = buildCommand(parser);
  parser = checkCommand(parser);
  parser = batchCommand(parser);
  parser = infoCommand(parser);
  parser = dpwCommand(parser);
  try {
    await parser.parseAsync();
    exit = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof Error && (err as Error & { usage?: boolean }).usage) {
      process.stderr.write(`wlpgen: error: ${err.message}\nRun 'wlpgen --help' for the commands and 'wlpgen <command> --help' for their options.\n`);
      exit = EXIT_BAD_INPUT;
    } else exit = reportError(err);
  }
  return exit;
}

const code = await main(hideBin(process.argv));
process.exitCode = code;
