import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { ContentType, Database } from '../../db/schema';
import { publishedItems } from './published';

// The one search function of the portal: FTS5 (bm25) on SQLite, FULLTEXT (BOOLEAN MODE) on MySQL,
// both over content_items(title, summary, body_source) (migration 0003), always through
// publishedItems so nothing unpublished, trashed or of another kecamatan can be found.

export const MAX_QUERY = 100;
const MAX_TOKENS = 8;
/** MariaDB's innodb_ft_min_token_size (default 3) and max (84): shorter or longer words go to LIKE. */
const FT_MIN = 3;
const FT_MAX = 84;
/** InnoDB's default stopwords: a FULLTEXT `+word*` on one of them finds nothing, so they go to LIKE. */
const STOPWORDS = new Set('a about an are as at be by com de en for from how i in is it la of on or that the this to was what when where who will with und www'.split(' '));

export type Dialect = 'sqlite' | 'mysql';
export interface ParsedQuery {
  /** The text searched for (trimmed, at most MAX_QUERY characters), shown back in the form. */
  text: string;
  /** Words only (letters and digits), lower-case: no operator, quote or wildcard survives. */
  tokens: string[];
}

/** Turns whatever arrived as ?q= into plain words; never throws. */
export function parseQuery(raw: unknown): ParsedQuery {
  const first = Array.isArray(raw) ? raw[0] : raw;
  const text = typeof first === 'string' ? first.normalize('NFKC').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY).trim() : '';
  const words = text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return { text, tokens: [...new Set(words)].slice(0, MAX_TOKENS) };
}

export interface SearchHit {
  id: number;
  type: ContentType;
  slug: string;
  title: string;
  summary: string;
  body_source: string;
  village_id: number | null;
  village_name: string | null;
  village_slug: string | null;
  village_kind: 'desa' | 'kelurahan' | null;
  published_at: string | null;
  updated_at: string;
}

export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}

/** `%word%` for LIKE with `!` as the escape character (the same on both dialects). */
const likePattern = (s: string) => `%${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
const likeAny = (s: string) => {
  const p = likePattern(s);
  return sql<boolean>`(ci.title like ${p} escape '!' or ci.summary like ${p} escape '!' or ci.body_source like ${p} escape '!')`;
};

/**
 * Published items of the kecamatan matching every word of q (as a prefix), best first.
 * An empty query finds nothing; a query without words falls back to a LIKE on its text.
 */
export async function searchPublished(db: Kysely<Database>, districtId: number, q: string | ParsedQuery, limit = 50, dialect: Dialect = dialectOf(db)): Promise<SearchHit[]> {
  const parsed = typeof q === 'string' ? parseQuery(q) : q;
  if (!parsed.text) return [];
  const n = Math.max(1, Math.min(200, Math.floor(limit)));
  let query = publishedItems(db, districtId)
    .leftJoin('villages as v', 'v.id', 'ci.village_id')
    .select(['ci.id', 'ci.type', 'ci.slug', 'ci.title', 'ci.summary', 'ci.body_source', 'ci.village_id', 'ci.published_at', 'ci.updated_at'])
    .select(['v.name as village_name', 'v.slug as village_slug', 'v.kind as village_kind'])
    .limit(n);

  const { tokens } = parsed;
  if (tokens.length === 0) {
    query = query.where(likeAny(parsed.text)).orderBy('ci.published_at', 'desc');
  } else if (dialect === 'sqlite') {
    // Each word quoted (so FTS5 sees no operator) and made a prefix; separate words are ANDed.
    const match = tokens.map((t) => `"${t}"*`).join(' ');
    query = query
      .innerJoin(sql<{ rowid: number }>`content_search`.as('content_search'), 'content_search.rowid', 'ci.id')
      .where(sql<boolean>`content_search match ${match}`)
      // bm25: a hit in the title weighs more than one in the summary, which beats the body.
      .orderBy(sql`bm25(content_search, 10.0, 4.0, 1.0)`)
      .orderBy('ci.published_at', 'desc');
  } else {
    const full = tokens.filter((t) => t.length >= FT_MIN && t.length <= FT_MAX && !STOPWORDS.has(t));
    const short = tokens.filter((t) => !full.includes(t));
    for (const t of short) query = query.where(likeAny(t));
    if (full.length > 0) {
      const against = full.map((t) => `+${t}*`).join(' ');
      const score = sql<number>`match(ci.title, ci.summary, ci.body_source) against (${against} in boolean mode)`;
      query = query.where(sql<boolean>`${score} > 0`).orderBy(score, 'desc');
    }
    query = query.orderBy('ci.published_at', 'desc');
  }
  return (await query.execute()) as SearchHit[];
}

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Plain text of an item (Markdown marks dropped), cut around the first word found; hits marked for <mark>. */
export function snippet(hit: Pick<SearchHit, 'summary' | 'body_source'>, tokens: string[], size = 180): SnippetPart[] {
  const plain = `${hit.summary} ${hit.body_source}`.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/[*_#>`~|]+/g, '').replace(/\s+/g, ' ').trim();
  const lower = plain.toLowerCase();
  const at = tokens.map((t) => lower.indexOf(t)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? 0;
  const start = Math.max(0, at - Math.floor(size / 3));
  let cut = plain.slice(start, start + size);
  if (start > 0) cut = `…${cut}`;
  if (start + size < plain.length) cut = `${cut}…`;
  return markParts(cut, tokens);
}

/** Text split into parts, the searched words (as prefixes, any case) marked as hits. */
export function markParts(text: string, tokens: string[]): SnippetPart[] {
  if (tokens.length === 0) return [{ text, hit: false }];
  const escaped = tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'iu'));
  return parts.map((part, i) => ({ text: part, hit: i % 2 === 1 })).filter((p) => p.text !== '');
}
