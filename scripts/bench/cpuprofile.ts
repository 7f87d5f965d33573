// Summarises a V8 .cpuprofile (node --cpu-prof, or app-server.ts CPU_PROFILE): self time by function
// and by file, and the inclusive time of the project's functions, as shares of the busy (not idle) time.
//   npx tsx scripts/bench/cpuprofile.ts <file.cpuprofile> [top=30] [filter]
// A filter (a substring of the file path or function name) adds the inclusive share of each match.
import fs from 'node:fs';
import { findSourceMap } from 'node:module';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Rewrites the positions of TypeScript frames to the source's lines (tsx runs each file as one
 * generated line). Only in the process that loaded the files: their source maps are kept there.
 */
export function mapToSources(profile: Profile): Profile {
  for (const { callFrame: f } of profile.nodes) {
    if (!f.url.endsWith('.ts')) continue;
    const entry = findSourceMap(f.url)?.findEntry(f.lineNumber, (f as { columnNumber?: number }).columnNumber ?? 0);
    if (entry && 'originalLine' in entry) f.lineNumber = entry.originalLine;
  }
  return profile;
}

const short = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\//, '~/')
    .replace(/.*\/(src|views|scripts)\//, '$1/') || '(native)';

export function summarise(profile: Profile, top = 30, filter?: string): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const idle = [...self].filter(([id]) => byId.get(id)!.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  // Shares of the busy time: the server waits between loads.
  const total = [...self.values()].reduce((a, b) => a + b, 0) - idle;
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  const incl = new Map<string, number>();
  for (const [id, t] of self) {
    if (byId.get(id)!.callFrame.functionName === '(idle)') continue;
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + t);
    file.set(short(f.url), (file.get(short(f.url)) ?? 0) + t);
    // Inclusive: every distinct frame on the stack of this sample.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const c = byId.get(cur)!.callFrame;
      const k = `${c.functionName || '(anonymous)'} ${short(c.url)}:${c.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>, n: number, where?: (k: string) => boolean) =>
    [...m]
      .filter(([k]) => !where || where(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `${pct(t)}  ${k}`)
      .join('\n');
  const out = [
    `busy ${(total / 1000).toFixed(0)} ms (idle ${(idle / 1000).toFixed(0)} ms); shares of the busy time`,
    `\nSelf time by function:\n${list(fn, top)}`,
    `\nSelf time by file:\n${list(file, top)}`,
    `\nInclusive time (project code):\n${list(incl, top, (k) => /(src|views)\//.test(k))}`,
  ];
  if (filter) out.push(`\nInclusive time of "${filter}":\n${list(incl, top, (k) => k.includes(filter))}`);
  return out.join('\n');
}

if (require.main === module) {
  const [file, top, filter] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx scripts/bench/cpuprofile.ts <file.cpuprofile> [top] [filter]');
  console.log(summarise(JSON.parse(fs.readFileSync(file, 'utf8')) as Profile, Number(top ?? 30), filter));
}
