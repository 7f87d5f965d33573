import { z } from 'zod';

/** An email address or '' (no mail): lowercased, at most 254 characters. */
export const optionalEmail = z
  .string()
  .trim()
  .max(254, 'validation.tooLong')
  .optional()
  .transform((v) => (v ? v.toLowerCase() : null))
  .refine((v) => v === null || /^[^\s@<>()",;:\\]+@[^\s@<>()",;:\\]+\.[a-z]{2,}$/i.test(v), 'validation.email');

export const notifyPrefsForm = z.strictObject({
  email: optionalEmail,
  notify_mode: z.enum(['each', 'digest', 'none'], { error: 'validation.invalid' }),
});
