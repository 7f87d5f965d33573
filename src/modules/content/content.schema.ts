import { z } from 'zod';
import { optionalId } from '../../lib/validation';
import type { SectionDef } from './section';

const optionalText = (max: number) => z.string().trim().max(max, 'validation.tooLong').default('');

const anyId = optionalId('validation.invalid');

/** Several ids from repeated or comma-separated fields (gallery photos). */
export const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v, ctx) => {
    const parts = (Array.isArray(v) ? v : v ? [v] : [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    if (parts.length > 20 || parts.some((p) => !/^[1-9]\d{0,8}$/.test(p))) {
      ctx.addIssue({ code: 'custom', message: 'validation.invalid' });
      return z.NEVER;
    }
    return [...new Set(parts.map(Number))];
  });

export const INTENTS = ['draft', 'submit', 'publish'] as const;
export type Intent = (typeof INTENTS)[number];

/** The common fields of every item plus the section's typed fields, strictly. */
export function itemForm(def: SectionDef) {
  return z.strictObject({
    title: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.tooLong'),
    summary: optionalText(500),
    body_source: z.string().max(50_000, 'validation.tooLong').default(''),
    cover_media_id: anyId,
    cover_alt: optionalText(250),
    media_ids: idList,
    village_id: anyId,
    version: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional(),
    intent: z.enum(INTENTS).default('draft'),
    // The attached PDF forms of a type with documents (./documents.ts).
    ...(def.documents ? { document_ids: idList } : {}),
    ...def.detailShape,
  });
}

export const statusForm = z.strictObject({
  action: z.enum(['submit', 'publish', 'archive', 'return']),
  note: z.string().trim().max(2000, 'validation.tooLong').default(''),
  /** Where to go afterwards: the review queue, or (absent) the item's edit page. */
  back: z.enum(['tinjauan']).optional(),
});
