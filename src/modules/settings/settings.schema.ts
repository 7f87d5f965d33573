import { z } from 'zod';
import { t } from '../../i18n';
import { DEFAULT_BLOCKED_TERMS } from '../content/spam';

export const MAX_TERMS = 200;
export const MAX_TERM_LENGTH = 100;

/** The settings form: the villages ticked for review, the blocked terms (one per line), the second-factor policy. */
export const settingsForm = z.strictObject({
  review_village: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => ([] as string[]).concat(v ?? [])),
  blocked_terms: z
    .string()
    .max(MAX_TERMS * (MAX_TERM_LENGTH + 2) * 2, 'validation.tooLong')
    .default(''),
  // Checkboxes: present when ticked.
  two_factor_admins: z.literal('1').optional(),
  two_factor_operators: z.literal('1').optional(),
});

export type TermsResult = { ok: true; terms: string[] | null } | { ok: false; message: string };

/**
 * One term per line, trimmed and lowercased, blank lines and repeats dropped. An empty list means
 * "use Pendopo's defaults" (stored as NULL), and so does a list equal to the defaults, so the
 * kecamatan keeps following them.
 */
export function parseTerms(raw: string): TermsResult {
  const terms: string[] = [];
  for (const [i, line] of raw.split(/\r?\n/).entries()) {
    const term = line.trim().toLowerCase();
    if (!term) continue;
    if (term.length > MAX_TERM_LENGTH) return { ok: false, message: t('settings.termTooLong', { line: i + 1, max: MAX_TERM_LENGTH }) };
    if (!terms.includes(term)) terms.push(term);
  }
  if (terms.length > MAX_TERMS) return { ok: false, message: t('settings.tooManyTerms', { count: terms.length, max: MAX_TERMS }) };
  const isDefault = terms.length === DEFAULT_BLOCKED_TERMS.length && DEFAULT_BLOCKED_TERMS.every((d) => terms.includes(d));
  return { ok: true, terms: terms.length === 0 || isDefault ? null : terms };
}

/** Village ids from the ticked boxes; null when one is not a plain id. */
export function parseVillageIds(raw: string[]): number[] | null {
  const ids = raw.map((s) => (/^[1-9]\d{0,8}$/.test(s) ? Number(s) : NaN));
  return ids.some((n) => Number.isNaN(n)) ? null : [...new Set(ids)];
}
