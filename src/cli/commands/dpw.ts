/** `wlpgen dpw --wafer <mm> --die <w>x<h> [--street <mm>] [--edge <mm>]`: die per wafer with the optimised grid offset. */
import type { Argv } from 'yargs';
import { performance } from 'node:perf_hooks';
import { InputError } from '../../core/errors.ts';
import { dieGrid, type OffsetMode } from '../../wafer/grid.ts';
import type { WaferSpec } from '../../wafer/outline.ts';
import { EXIT_OK } from '../exit.ts';

interface DpwArgs {
  wafer: number;
  die: string;
  street: number;
  edge: number;
  offset: string;
  notch: boolean;
  flat?: number;
  json: boolean;
}

/** Parses '5x5' or '7.3x3.1' (mm) into micrometres. */
export function parseDieSize(text: string): [number, number] {
  const m = /^\s*([0-9]*\.?[0-9]+)\s*[xX*]\s*([0-9]*\.?[0-9]+)\s*$/.exec(text);
  if (!m) throw new InputError('E_ARG', `--die: ${JSON.stringify(text)} is not allowed (allowed: <width>x<height> in millimetres, e.g. 5x5 or 7.3x3.1)`);
  const w = Number(m[1]);
  const h = Number(m[2]);
  if (!(w > 0) || !(h > 0) || w > 450 || h > 450) throw new InputError('E_ARG', `--die: ${text} is not allowed (allowed: sizes > 0 and <= 450 mm)`);
  return [Math.round(w * 1e6) / 1e3, Math.round(h * 1e6) / 1e3];
}

function checkRange(name: string, v: number, min: number, max: number, inclusiveMin: boolean): void {
  if (!Number.isFinite(v) || v > max || (inclusiveMin ? v < min : v <= min)) {
    throw new InputError('E_ARG', `--${name}: ${v} is not allowed (allowed: millimetres ${inclusiveMin ? '>=' : '>'} ${min} and <= ${max})`);
  }
}

export function dpwCommand(yargs: Argv) {
  return yargs.command<DpwArgs>(
    'dpw',
    'Die per wafer: the most whole dies and the grid offset that gives them',
    (y) =>
      y
        .option('wafer', { type: 'number', demandOption: true, describe: 'wafer diameter, mm' })
        .option('die', { type: 'string', demandOption: true, describe: 'die size <width>x<height>, mm (without street)' })
        .option('street', { type: 'number', default: 0.1, describe: 'dicing street width, mm' })
        .option('edge', { type: 'number', default: 3, describe: 'edge exclusion, mm' })
        .option('offset', { type: 'string', default: 'auto', choices: ['auto', 'symmetric', 'centered', 'street-centered'], describe: 'grid offset: auto = most whole dies; symmetric = most whole dies in a map mirror-symmetric about the notch axis' })
        .option('notch', { type: 'boolean', default: false, describe: 'SEMI notch (1 mm V) at the bottom' })
        .option('flat', { type: 'number', describe: 'SEMI flat of this length, mm, at the bottom' })
        .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
        .example('$0 dpw --wafer 300 --die 10x10 --street 0.1 --edge 3', '616 whole dies')
        .example('$0 dpw --wafer 200 --die 7.3x3.1 --notch --json', 'a non-square die on a notched 200 mm wafer') as unknown as Argv<DpwArgs>,
    (args) => {
      checkRange('wafer', args.wafer, 0, 450, false);
      checkRange('street', args.street, 0, 10, true);
      checkRange('edge', args.edge, 0, 50, true);
      if (args.flat !== undefined) checkRange('flat', args.flat, 0, args.wafer, false);
      if (args.flat !== undefined && args.notch) throw new InputError('E_ARG', '--notch and --flat: a wafer has one or the other (allowed: one of them)');
      const dieUm = parseDieSize(args.die);
      const wafer: WaferSpec = { diameterMm: args.wafer, edgeExclusionMm: args.edge, ...(args.notch ? { notch: true } : {}), ...(args.flat !== undefined ? { flat: { lengthMm: args.flat } } : {}) };
      const t0 = performance.now();
      const g = dieGrid({ wafer, dieUm, streetUm: Math.round(args.street * 1e6) / 1e3, offset: args.offset as OffsetMode });
      const ms = performance.now() - t0;
      const out = {
        waferMm: args.wafer,
        dieMm: [dieUm[0] / 1000, dieUm[1] / 1000],
        streetMm: args.street,
        edgeExclusionMm: args.edge,
        mode: g.mode,
        wholeDies: g.count,
        partialDies: g.partialCount,
        offsetUm: g.offsetUm,
        pitchUm: g.pitchUm,
        centered: g.variants.centered,
        streetCentered: g.variants.streetCentered,
        columns: g.colRange[1] - g.colRange[0] + 1,
        rows: g.rowRange[1] - g.rowRange[0] + 1,
      };
      if (args.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      else {
        process.stdout.write(
          [
            `wafer ${args.wafer} mm, edge exclusion ${args.edge} mm${args.notch ? ', notch' : ''}${args.flat ? `, flat ${args.flat} mm` : ''}`,
            `die ${out.dieMm[0]} x ${out.dieMm[1]} mm, street ${args.street} mm (pitch ${g.pitchUm[0] / 1000} x ${g.pitchUm[1] / 1000} mm)`,
            `whole dies: ${g.count}   (${g.mode} offset: die (0,0) centred at ${g.offsetUm[0] / 1000}, ${g.offsetUm[1] / 1000} mm)`,
            `partial dies: ${g.partialCount}`,
            `for comparison: die-centred grid ${g.variants.centered}, street-centred grid ${g.variants.streetCentered}`,
            `(${ms.toFixed(1)} ms)`,
          ].join('\n') + '\n',
        );
      }
      process.exitCode = EXIT_OK;
    },
  );
}
