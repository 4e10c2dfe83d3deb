/** Child process of the GDSII benchmark: reads one file once and prints seconds and peak RSS as JSON. */
import { performance } from 'node:perf_hooks';
import { readGdsFile } from '../../src/io/gds/index.ts';

const file = process.argv[2];
const t0 = performance.now();
const r = readGdsFile(file);
const seconds = (performance.now() - t0) / 1000;
let polygons = 0;
for (const c of r.library.cells) polygons += c.polygons.length;
process.stdout.write(JSON.stringify({ seconds, polygons, peakRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
