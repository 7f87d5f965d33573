import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// Authors type Markdown (works on any phone keyboard, no JavaScript needed). Raw HTML in it is
// shown as text; the rendered HTML then passes a strict allowlist before it is stored or shown.
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true });

const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 'ul', 'ol', 'li', 'h2', 'h3', 'h4', 'blockquote', 'a', 'code', 'pre', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    h1: 'h2',
    a: (tagName, attribs) => {
      const href = attribs.href ?? '';
      const out: Record<string, string> = { href };
      if (/^https?:\/\//i.test(href)) out.rel = 'nofollow ugc noopener';
      return { tagName, attribs: out };
    },
  },
};

/** Sanitizes any HTML with the content allowlist. */
export function sanitizeBody(html: string): string {
  return sanitizeHtml(html, ALLOWED);
}

/** Markdown source → safe HTML for storage and display. */
export function renderBody(source: string): string {
  return sanitizeBody(markdown.render(source));
}

/** Plain text of a body, for summaries, search snippets and the spam guard. */
export function plainText(html: string): string {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
