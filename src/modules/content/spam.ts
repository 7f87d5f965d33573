// The guard against online-gambling injection (about 70% of the defacements BSSN counted in 2024).
// Matching content always goes to review, whatever the village's mode, with the matches shown.
export const DEFAULT_BLOCKED_TERMS = [
  'slot',
  'gacor',
  'togel',
  'judi',
  'judol',
  'maxwin',
  'jackpot',
  'scatter',
  'casino',
  'kasino',
  'sbobet',
  'slot88',
  'situs slot',
  'bandar togel',
  'link alternatif',
  'deposit pulsa',
  'rtp live',
  'pragmatic play',
  'zeus',
  'mahjong ways',
];

/** A kecamatan's list: its own (one term per line) or the default. */
export function blockedTermsOf(stored: string | null): string[] {
  if (stored === null) return DEFAULT_BLOCKED_TERMS;
  return stored
    .split(/\r?\n/)
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

// Undo the usual disguises: diacritics, l33t digits, s.l.o.t spacing tricks are folded away.
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[0@43157$]/g, (c) => ({ '0': 'o', '@': 'a', '4': 'a', '3': 'e', '1': 'i', '5': 's', '7': 't', $: 's' })[c] ?? c);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The blocked terms found in the texts: words as whole words, domains inside any link or text. */
export function findBlockedTerms(texts: string[], terms: string[]): string[] {
  const raw = texts.join('\n').toLowerCase();
  // A 1 stands for an l ("s1ot") as often as for an i ("jud1"): read the text both ways.
  const folded = [fold(raw), fold(raw.replace(/1/g, 'l'))];
  const found = new Set<string>();
  for (const term of terms) {
    if (term.includes('.')) {
      if (raw.includes(term)) found.add(term);
      continue;
    }
    const word = new RegExp(`(^|[^a-z])${escapeRe(fold(term)).replace(/ /g, '[\\s._-]*')}($|[^a-z])`);
    // Every letter apart: "s l o t", "s.l.o.t", "s-l-o-t".
    const spaced = new RegExp(`(^|[^a-z])${[...fold(term).replace(/ /g, '')].map(escapeRe).join('[\\s._-]+')}($|[^a-z])`);
    if ([raw, ...folded].some((text) => word.test(text) || spaced.test(text))) found.add(term);
  }
  return [...found];
}
