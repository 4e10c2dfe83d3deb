/**
 * Daisy-chain planning for a test die: the die joins its balls in pairs (each net is one die-side
 * link: ball - RDL - pad - chip metal - pad - RDL - ball); the test board must join the links into
 * one chain through every solder joint, so that one cracked joint opens it. This module orders the
 * links and picks the board-side links: a greedy nearest-neighbour walk, starting at the ball
 * nearest the die's lower-left corner, entering each next link at its nearer ball. Board links are
 * therefore short (mostly one pitch), which keeps the board's own resistance small against the
 * joints' and lets the board route them on one layer.
 *
 * Output: the chain as an ordered list of balls (even steps enter a die link, odd steps leave it), the
 * board links, and a CSV for the board designer. Distances are Manhattan, in um: board traces run
 * along the ball grid.
 */
import type { BumpSite } from './types.ts';

export interface ChainStep {
  /** 1-based position along the chain. */
  step: number;
  ball: string;
  /** Ball centre, um (die centre origin). */
  xUm: number;
  yUm: number;
  /** The die-side link (net) this ball belongs to. */
  net: string;
  /** How the chain leaves this ball: through the die ('die'), the board ('board'), or it ends here. */
  next: 'die' | 'board' | 'end';
}

export interface DaisyChainPlan {
  /** Die-side links (nets), each joining two balls. */
  dieLinks: number;
  /** Board-side links needed to close one chain: dieLinks - 1. */
  boardLinks: number;
  /** Balls at the two ends of the chain (where the tester connects). */
  ends: [string, string];
  /** Board links, total and longest Manhattan length, um. */
  boardLengthUm: number;
  longestBoardLinkUm: number;
  steps: ChainStep[];
}

/** A die-side link: a net and its two balls. */
export interface DieLink {
  net: string;
  balls: readonly [string, string];
}

const manhattan = (a: BumpSite, b: BumpSite): number => Math.abs(a.x - b.x) + Math.abs(a.y - b.y);

/**
 * Orders the die links into one chain and picks the board links. `links` must use every ball at most
 * once; `sites` gives the ball positions (dbu).
 */
export function planDaisyChain(links: readonly DieLink[], sites: readonly BumpSite[]): DaisyChainPlan {
  const byName = new Map(sites.map((s) => [s.name, s]));
  const site = (name: string): BumpSite => {
    const s = byName.get(name);
    if (!s) throw new Error(`daisy chain: ball ${name} is not a bump site`);
    return s;
  };
  const seen = new Set<string>();
  for (const l of links) {
    for (const b of l.balls) {
      if (seen.has(b)) throw new Error(`daisy chain: ball ${b} is in two links`);
      seen.add(b);
      site(b);
    }
  }
  if (links.length === 0) throw new Error('daisy chain: no links');
  // Deterministic order of candidates: by net name, so equal distances always resolve the same way.
  const left = [...links].sort((a, b) => (a.net < b.net ? -1 : a.net > b.net ? 1 : 0));
  // Start at the ball nearest the lower-left corner (smallest x + y; then smallest y, then name).
  let startLink = 0;
  let startBall = 0;
  let best: [number, number, string] | undefined;
  left.forEach((l, i) => l.balls.forEach((b, j) => {
    const s = site(b);
    const key: [number, number, string] = [s.x + s.y, s.y, b];
    if (!best || key[0] < best[0] || (key[0] === best[0] && (key[1] < best[1] || (key[1] === best[1] && key[2] < best[2])))) {
      best = key;
      startLink = i;
      startBall = j;
    }
  }));
  const steps: ChainStep[] = [];
  const push = (ball: string, net: string, next: ChainStep['next']): void => {
    const s = site(ball);
    steps.push({ step: steps.length + 1, ball, xUm: s.x / 1000, yUm: s.y / 1000, net, next });
  };
  let boardDbu = 0;
  let longest = 0;
  let cur = left.splice(startLink, 1)[0];
  let entry = startBall;
  for (;;) {
    push(cur.balls[entry], cur.net, 'die');
    const exit = cur.balls[1 - entry];
    if (left.length === 0) {
      push(exit, cur.net, 'end');
      break;
    }
    push(exit, cur.net, 'board');
    const from = site(exit);
    let bi = 0;
    let bj = 0;
    let bd = Infinity;
    left.forEach((l, i) => l.balls.forEach((b, j) => {
      const d = manhattan(from, site(b));
      if (d < bd) {
        bd = d;
        bi = i;
        bj = j;
      }
    }));
    boardDbu += bd;
    longest = Math.max(longest, bd);
    cur = left.splice(bi, 1)[0];
    entry = bj;
  }
  return {
    dieLinks: links.length,
    boardLinks: links.length - 1,
    ends: [steps[0].ball, steps[steps.length - 1].ball],
    boardLengthUm: boardDbu / 1000,
    longestBoardLinkUm: longest / 1000,
    steps,
  };
}

/** The chain as CSV for the board designer: step,ball,x_um,y_um,net,next. */
export function daisyChainCsv(plan: DaisyChainPlan): string {
  const rows = ['# Daisy chain: balls in chain order; "next" says whether the chain continues through the die (the net\'s RDL and chip metal) or through a board trace to the next ball.', 'step,ball,x_um,y_um,net,next'];
  for (const s of plan.steps) rows.push(`${s.step},${s.ball},${s.xUm},${s.yUm},${s.net},${s.next}`);
  return rows.join('\n') + '\n';
}
