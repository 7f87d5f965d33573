import type { SearchHit } from './query';

// The text shown under a hit, the searched words marked.

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Plain text of an item (Markdown marks dropped), cut around the first word found; hits marked for <mark>. */
export function snippet(hit: Pick<SearchHit, 'summary' | 'body_source'>, tokens: string[], size = 180): SnippetPart[] {
  const plain = `${hit.summary} ${hit.body_source}`
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_#>`~|]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const lower = plain.toLowerCase();
  const at =
    tokens
      .map((t) => lower.indexOf(t))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b)[0] ?? 0;
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
