import { splitPolygon } from './src/geom/split.ts';
import { union, xor } from './src/geom/clipper.ts';
import { exactArea2 } from './src/geom/predicates.ts';
function check(name: string, ring: Int32Array, max = 8190) {
  const t = performance.now();
  const pieces = splitPolygon(ring, max);
  const dt = performance.now() - t;
  let sum = 0n; for (const p of pieces) sum += exactArea2(p);
  const ref = exactArea2(ring);
  const x = xor([ring], pieces);
  console.log(name, ring.length/2, 'pieces', pieces.length, pieces.map(p=>p.length/2), 'area ok', sum === ref, 'xor', x.length, dt.toFixed(1)+'ms');
}
// comb: spine along x, teeth up
{ const pts: number[] = []; const teeth = 5000; pts.push(0,0); for (let i=0;i<teeth;i++){ const x = i*100; pts.push(x+0, 10, x+0,1000, x+50,1000, x+50,10);} pts.push(teeth*100, 10, teeth*100,0); 
  // fix: start
  check('comb', Int32Array.from(pts)); }
// unsymmetric circle
{ const n = 20000, r = 5_000_000; const pts: number[] = []; for (let i=0;i<n;i++){ const a = 2*Math.PI*i/n + 0.1234; pts.push(Math.round(r*Math.cos(a))+17, Math.round(r*Math.sin(a))-3);} check('circle', Int32Array.from(pts)); }
{ const n = 20000, r = 150_000_000; const pts: number[] = []; for (let i=0;i<n;i++){ const a = 2*Math.PI*i/n + 0.1234; pts.push(Math.round(r*Math.cos(a))+17, Math.round(r*Math.sin(a))-3);} check('bigcircle', Int32Array.from(pts)); }
{ const n = 20000, r = 1_000_000; const pts: number[] = []; for (let i=0;i<n;i++){ const a = 2*Math.PI*i/n + 0.3; const rr = r*(1+0.3*Math.sin(7*a)); pts.push(Math.round(rr*Math.cos(a)), Math.round(rr*Math.sin(a)));} check('star', Int32Array.from(pts), 500); }
