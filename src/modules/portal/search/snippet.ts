import type { SearchHit } from './query';

// The text shown under a hit, the searched words marked.

export interface SnippetPart {
  text: string;
  hit: boolean;
}

/** Marks and cuts text for one query: its RegExp is built once, not per hit (see snippetsFor). */
export interface Snippets {
  /** Text split into parts, the searched words (as prefixes, any case) marked as hits. */
  mark(text: string): SnippetPart[];
  /** Plain text of an item (Markdown marks dropped), cut around the first word found; hits marked. */
  cut(hit: Pick<SearchHit, 'summary' | 'body_source'>): SnippetPart[];
}

export function snippetsFor(tokens: string[], size = 180): Snippets {
  const words = tokens.length === 0 ? null : new RegExp(`(${tokens.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'iu');
  const mark = (text: string): SnippetPart[] => {
    if (words === null) return [{ text, hit: false }];
    const parts: SnippetPart[] = [];
    text.split(words).forEach((part, i) => {
      if (part !== '') parts.push({ text: part, hit: i % 2 === 1 });
    });
    return parts;
  };
  const cut = (hit: Pick<SearchHit, 'summary' | 'body_source'>) => {
    const plain = `${hit.summary} ${hit.body_source}`
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[*_#>`~|]+/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const lower = plain.toLowerCase();
    let at = -1;
    for (const t of tokens) {
      const i = lower.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    }
    const start = Math.max(0, Math.max(at, 0) - Math.floor(size / 3));
    let text = plain.slice(start, start + size);
    if (start > 0) text = `…${text}`;
    if (start + size < plain.length) text = `${text}…`;
    return mark(text);
  };
  return { mark, cut };
}

/** One hit's snippet (see Snippets.cut). */
export function snippet(hit: Pick<SearchHit, 'summary' | 'body_source'>, tokens: string[], size = 180): SnippetPart[] {
  return snippetsFor(tokens, size).cut(hit);
}
