/** Lowercase ASCII words joined by dashes; "Lubuk Pakam I,II" → "lubuk-pakam-i-ii". */
export function slugify(text: string, maxLength = 90): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug || 'item';
}

/**
 * First of slug, slug-2, slug-3, … that `taken` does not hold; with `skip`, the one after that
 * many free ones (a writer that lost a race for the first spreads out from the others).
 */
export function uniqueSlug(base: string, taken: Set<string>, skip = 0): string {
  let left = skip;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!taken.has(candidate) && left-- === 0) return candidate;
  }
}
