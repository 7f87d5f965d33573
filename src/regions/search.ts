import { type OfficialDistrict, allDistricts } from './official';

// A forgiving search of the official list of kecamatan, for people who type a name as they know
// it: an old spelling ("Purwareja", "Tjilatjap", "Djokjakarta"), a code or its prefix ("3304",
// "33.04"), a small typo ("Klamopk"), or a piece of the name ("klam"). Used by the setup page
// (/pasang) and the superadmin console (/admin/kecamatan).

/**
 * The key a spelling is compared by, shared by its old and new forms: Van Ophuijsen and
 * Soewandi spellings (oe → u, dj → j, tj → c, j → y: "Djogja" and "Yogya" meet), Javanese a/o
 * ("Purwareja", "Purworejo"), and doubled letters written once.
 */
export function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/oe/g, 'u')
    .replace(/dj/g, 'j')
    .replace(/tj/g, 'c')
    .replace(/j/g, 'y')
    .replace(/o/g, 'a')
    .replace(/([a-z])\1+/g, '$1');
}

// Rows of editDistance, reused: a search compares one word with thousands.
let rows = [new Uint8Array(64), new Uint8Array(64), new Uint8Array(64)];

/** Optimal string alignment distance (Levenshtein plus swapped neighbours), or max + 1 once it exceeds max. */
export function editDistance(a: string, b: string, max = 255): number {
  max = Math.min(max, 254);
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rows[0].length) rows = rows.map(() => new Uint8Array(b.length + 1));
  let [prev2, prev, cur] = rows;
  for (let j = 0; j <= b.length; j++) prev[j] = Math.min(j, 255);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = Math.min(i, 255);
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = Math.min(d, 255);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return Math.min(prev[b.length], max + 1);
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** Shared trigrams over all trigrams of both words (0 to 1), as PostgreSQL's pg_trgm counts them. */
export function trigramSimilarity(a: string, b: string): number {
  return similarity(trigrams(a), trigrams(b));
}

function similarity(ta: Set<string>, tb: Set<string>): number {
  // Cannot reach half when one word has less than half the other's trigrams.
  if (Math.min(ta.size, tb.size) * 2 < Math.max(ta.size, tb.size)) return 0;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared / (ta.size + tb.size - shared);
}

/** Edits a folded query word of this length may be away from a name word. */
const allowedEdits = (length: number) => (length < 4 ? 0 : length < 8 ? 1 : 2);

/**
 * How well a query word matches a name word (0: not at all). Exact beats old spelling beats
 * prefix beats typo; among equal folds the one spelt closer to what was typed wins.
 */
function wordScore(q: { raw: string; folded: string; tri: Set<string> }, cand: IndexedWord): number {
  if (cand.raw === q.raw) return 10;
  if (cand.folded === q.folded) return 9 - 0.1 * Math.min(editDistance(q.raw, cand.raw, 9), 9);
  if (q.folded.length >= 3 && (cand.raw.startsWith(q.raw) || cand.folded.startsWith(q.folded))) return 7;
  const allowed = allowedEdits(q.folded.length);
  if (allowed > 0) {
    const d = editDistance(q.folded, cand.folded, allowed);
    if (d <= allowed) return 6 - 1.5 * d;
  }
  if (q.folded.length >= 6 && similarity(q.tri, cand.tri) >= 0.5) return 2;
  return 0;
}

// Where a word was found: a kecamatan's own name counts most.
const WEIGHTS = { name: 1, regency: 0.6, province: 0.4 } as const;
type Field = keyof typeof WEIGHTS;

interface IndexedWord {
  raw: string;
  folded: string;
  tri: Set<string>;
  /** Positions in `entries` and the field the word appears in. */
  places: { entry: number; field: Field }[];
}

interface Index {
  entries: { district: OfficialDistrict; digits: string; nameWords: number }[];
  words: IndexedWord[];
}

let index: Index | undefined;

const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function buildIndex(): Index {
  const entries = allDistricts().map((district) => ({ district, digits: district.code.replace(/\D/g, ''), nameWords: wordsOf(district.name).length }));
  const byRaw = new Map<string, IndexedWord>();
  const add = (raw: string, entry: number, field: Field) => {
    let w = byRaw.get(raw);
    if (!w) {
      const folded = fold(raw);
      byRaw.set(raw, (w = { raw, folded, tri: trigrams(folded), places: [] }));
    }
    w.places.push({ entry, field });
  };
  entries.forEach(({ district }, i) => {
    const name = wordsOf(district.name);
    for (const w of name) add(w, i, 'name');
    // "purworejaklampok" typed as one word still finds "Purworeja Klampok".
    if (name.length > 1) add(name.join(''), i, 'name');
    for (const w of wordsOf(district.regencyName)) add(w, i, 'regency');
    for (const w of wordsOf(district.provinceName)) add(w, i, 'province');
  });
  return { entries, words: [...byRaw.values()] };
}

// Words people put before a name that the official names do not carry.
const IGNORED = new Set(['kecamatan', 'kec', 'distrik']);
const CODE = /^\d+(\.\d+)*\.?$/;

/** "33.4.02" → "330402", "3304" stays; the last part may be unfinished ("33.0" → "330"). */
function codeDigits(token: string): string {
  const parts = token.replace(/\.$/, '').split('.');
  return parts.map((p, i) => (i < parts.length - 1 ? p.padStart(2, '0') : p)).join('');
}

/** A code prefix of the kecamatan, or a village code inside it ("33.04.02.2006"). */
const codeMatches = (digits: string, code: string) => code.length >= 2 && (digits.startsWith(code) || (code.length > 6 && code.startsWith(digits)));

/**
 * Kecamatan matching every word of the query (a name, an old spelling, a typo, a code prefix),
 * best first. A query shorter than two characters finds nothing.
 */
export function searchDistricts(query: string, limit = 20): OfficialDistrict[] {
  const q = query
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
  if (q.length < 2) return [];
  index ??= buildIndex();
  const tokens = q.split(/[\s,;/()]+/).filter(Boolean);
  const codes = tokens.filter((t) => CODE.test(t)).map(codeDigits);
  const words = tokens
    .filter((t) => !CODE.test(t))
    .flatMap(wordsOf)
    .filter((w) => !IGNORED.has(w));
  if (codes.length === 0 && words.length === 0) return [];

  // scores[entry] sums each query word's best match in that kecamatan; a word it lacks rules it out.
  let scores: Map<number, number> | null = null;
  if (codes.length > 0) {
    scores = new Map();
    index.entries.forEach((e, i) => {
      if (codes.every((c) => codeMatches(e.digits, c))) scores!.set(i, 5 * codes.length);
    });
  }
  for (const raw of words) {
    const folded = fold(raw);
    const query = { raw, folded, tri: trigrams(folded) };
    const best = new Map<number, number>();
    for (const w of index.words) {
      const s = wordScore(query, w);
      if (s === 0) continue;
      for (const { entry, field } of w.places) {
        if (scores && !scores.has(entry)) continue;
        const weighted = s * WEIGHTS[field];
        if (weighted > (best.get(entry) ?? 0)) best.set(entry, weighted);
      }
    }
    const next = new Map<number, number>();
    for (const [entry, s] of best) next.set(entry, (scores?.get(entry) ?? 0) + s);
    scores = next;
    if (scores.size === 0) return [];
  }
  // Among equals, a name with fewer words besides the ones typed ("Serang" before "Serang Baru").
  for (const [entry, score] of scores!) scores!.set(entry, score - 0.05 * Math.max(0, index.entries[entry].nameWords - words.length));
  return [...scores!.entries()]
    .sort((a, b) => b[1] - a[1] || (index!.entries[a[0]].district.code < index!.entries[b[0]].district.code ? -1 : 1))
    .slice(0, limit)
    .map(([entry]) => index!.entries[entry].district);
}
