import { type Kysely, MysqlAdapter, sql } from 'kysely';
import type { ContentType, Database } from '../../../db/schema';
import type { UntypedDb } from '../../../db/untyped';
import { publishedItems } from '../published';

// What both dialects share: the parsed query, the hit and candidate shapes, and the LIKE fallback.

export const MAX_QUERY = 100;
const MAX_TOKENS = 8;

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
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
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

export function dialectOf(db: UntypedDb): Dialect {
  return db.getExecutor().adapter instanceof MysqlAdapter ? 'mysql' : 'sqlite';
}

/** `%word%` for LIKE with `!` as the escape character (the same on both dialects). */
export const likePattern = (s: string) => `%${s.replace(/[!%_]/g, (c) => `!${c}`)}%`;
export const likeAny = (s: string) => {
  const p = likePattern(s);
  return sql<boolean>`(ci.title like ${p} escape '!' or ci.summary like ${p} escape '!' or ci.body_source like ${p} escape '!')`;
};

/** At most this many matches are ranked: the newest ones, taken along the full-text index. */
export const CANDIDATES = 1000;
/** A search without full-text words (LIKE only) looks at the newest this many published items. */
const LIKE_WINDOW = 5000;

export interface Candidate {
  id: number;
  score: number;
  published_at: string | null;
  /** What the ranking reads (rank.ts). */
  type: ContentType;
  title: string;
  summary: string;
}

/** The columns every candidate read selects. */
export const CANDIDATE_COLUMNS = ['ci.id', 'ci.published_at', 'ci.type', 'ci.title', 'ci.summary'] as const;

export interface Found {
  list: Candidate[];
  /** The engine ranked them (MATCH, bm25). */
  ranked: boolean;
  partialWindow?: number;
}

/** Items among the newest LIKE_WINDOW published ones containing every string, newest first, relevance 0. */
export async function likeWindow(db: Kysely<Database>, districtId: number, strings: string[]): Promise<Candidate[]> {
  const newest = publishedItems(db, districtId).select('ci.id').orderBy('ci.id', 'desc').limit(LIKE_WINDOW);
  const floor = await db
    .selectFrom(newest.as('w'))
    .select((eb) => eb.fn.min('w.id').as('id'))
    .executeTakeFirst();
  let query = publishedItems(db, districtId)
    .select([...CANDIDATE_COLUMNS, sql<number>`0`.as('score')])
    .where('ci.id', '>=', Number(floor?.id ?? 0))
    .orderBy('ci.id', 'desc')
    .limit(CANDIDATES + 1);
  for (const s of strings) query = query.where(likeAny(s));
  return query.execute();
}
