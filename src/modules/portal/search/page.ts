import type { Kysely } from 'kysely';
import type { ContentType, Database, District } from '../../../db/schema';
import { keptSearch } from '../kept-reads';
import { type SearchResult, type ShownHit, searchPage } from './index';
import type { SearchOptions } from './mysql';
import { type ParsedQuery, parseQuery } from './query';
import { type SnippetPart, snippetsFor } from './snippet';

// What /cari shows of a search, kept per kecamatan, content_version and normalised query.

/** A hit as the results page prints it: no body or summary, only the snippet cut from them. */
export type PageHit = Pick<ShownHit, 'type' | 'href' | 'image' | 'price' | 'unit' | 'village_name' | 'village_kind'> & { parts: SnippetPart[]; titleParts: SnippetPart[] };

export interface PageSearch extends Omit<SearchResult, 'hits'> {
  /** The hits grouped by type, the groups in the order of their best hit (the ranking puts products and title matches first). */
  groups: { type: ContentType; count: number; items: PageHit[] }[];
  /** How many hits are shown. */
  shown: number;
}

/**
 * searchPage's result for /cari, its hits grouped and cut to what the page prints. Kept
 * (src/modules/portal/kept-reads.ts keptSearch) by the query's words in order, or its text when it
 * has none: every way of writing the same words ("Irigasi", "irigasi!") shares one entry. A MySQL
 * answer cut short by the time cap (partialWindow) is not kept.
 */
export function searchPageKept(db: Kysely<Database>, district: Pick<District, 'id' | 'content_version'>, parsed: ParsedQuery, limit: number, options?: SearchOptions): Promise<PageSearch> {
  const key = parsed.tokens.length > 0 ? `${limit}\nw\n${parsed.tokens.join(' ')}` : `${limit}\nt\n${parsed.text}`;
  return keptSearch(
    db,
    district,
    key,
    async () => pageOf(await searchPage(db, district.id, parsed, limit, undefined, options), parsed),
    (r) => r.partialWindow === undefined,
  );
}

function pageOf({ hits, ...rest }: SearchResult, parsed: ParsedQuery): PageSearch {
  // The words marked are those of the query whose hits these are: the corrected one when there is one.
  const { tokens } = rest.corrected ? parseQuery(rest.corrected) : parsed;
  const snippets = snippetsFor(tokens);
  const groups = new Map<ContentType, PageHit[]>();
  for (const h of hits) {
    let items = groups.get(h.type);
    if (!items) groups.set(h.type, (items = []));
    items.push({
      type: h.type,
      href: h.href,
      image: h.image,
      price: h.price,
      unit: h.unit,
      village_name: h.village_name,
      village_kind: h.village_kind,
      parts: copied(snippets.cut(h)),
      titleParts: snippets.mark(h.title),
    });
  }
  return { ...rest, groups: [...groups].map(([type, items]) => ({ type, count: items.length, items })), shown: hits.length };
}

/**
 * The parts with text of their own. A part may be a slice of the item's whole text (a query without
 * words marks nothing, so its snippet is the cut itself), and V8 keeps the string a slice was cut
 * from: a kept search of long items would hold their bodies, not the 180 characters it shows.
 */
const copied = (parts: SnippetPart[]) => parts.map((p) => ({ text: Buffer.from(p.text).toString(), hit: p.hit }));
