// The pages a bench run loads (README, "Benchmark"; /peta.geojson only on request), and the tables it prints.
import type { SeedResult } from './seed';
import type { WrkResult } from './wrk';

export interface Page {
  /** Stable across database sizes: "/produk/:slug" rather than the slug of this seed. */
  key: string;
  path: string;
}

/** BENCH_PAGES (comma-separated keys or paths) restricts the list; a path not in it is taken as given. */
export function pageList(seed: SeedResult, only = process.env.BENCH_PAGES): Page[] {
  const all: Page[] = [
    { key: '/', path: '/' },
    { key: '/desa', path: '/desa' },
    { key: '/desa/:slug', path: `/desa/${seed.villageSlug}` },
    { key: '/produk', path: '/produk' },
    { key: '/potensi', path: '/potensi' },
    { key: '/pembangunan', path: '/pembangunan' },
    { key: '/berita', path: '/berita' },
    { key: '/produk/:slug', path: `/produk/${seed.slugs.product}` },
    { key: '/pembangunan/:slug', path: `/pembangunan/${seed.slugs.project}` },
    { key: '/api/v1/news', path: '/api/v1/news' },
    { key: '/feed.xml', path: '/feed.xml' },
    { key: '/sitemap.xml', path: '/sitemap.xml' },
    { key: '/cari?q=', path: `/cari?q=${seed.searchWord}` },
  ];
  if (!only?.trim()) return all;
  return only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((want) => all.find((p) => p.key === want || p.path === want) ?? { key: want, path: want.startsWith('/') ? want : `/${want}` });
}

export const num = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0)) : '–');
export const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && Number.isFinite(a / b) ? (a / b).toFixed(2) : '–');
/** "req/s p50/p99" of one wrk run. */
export const cell = (r: WrkResult | null | undefined) => (r ? `${r.rps.toFixed(0)} ${num(r.p50)}/${num(r.p99)}` : '–');

/** A table with columns padded to their widest cell; the first column left-aligned, the others right. */
export function aligned(head: string[], rows: string[][]): string {
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  return [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function markdown(head: string[], rows: string[][]): string {
  const fence = (c: string, i: number) => (i === 0 ? `\`${c}\`` : c);
  return [
    `| ${head.join(' | ')} |`,
    `|---|${head
      .slice(1)
      .map(() => '---:')
      .join('|')}|`,
    ...rows.map((r) => `| ${r.map(fence).join(' | ')} |`),
  ].join('\n');
}
