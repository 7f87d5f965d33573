import { z } from 'zod';
import { type MessageKey, t } from '../i18n';

export type FieldErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/**
 * Validates a form body (the CSRF field aside) against a strict zod schema. Messages in schemas
 * are i18n keys; unknown fields are refused, so nothing the server decides can be posted in.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const { _csrf: _ignored, ...values } = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.code === 'unrecognized_keys' ? '_form' : String(issue.path[0] ?? '_form');
    const message = issue.code === 'unrecognized_keys' ? 'validation.unknownField' : issue.message;
    if (errors[key]) continue;
    if (issue.code === 'too_big') errors[key] = t('validation.tooLong', { max: Number(issue.maximum) });
    else errors[key] = message in messagesProbe ? t(message as MessageKey) : t('validation.invalid');
  }
  return { ok: false, errors, values };
}

// Lazily built set of known message keys for the lookup above.
const messagesProbe: Record<string, true> = new Proxy({}, { has: (_t, key) => typeof key === 'string' && t(key as MessageKey) !== key });

/** A trimmed text field: required unless `optional`, with a maximum length. */
export function text(max: number) {
  return z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong');
}

/** An optional positive id from a select or hidden field: '' → null; junk → the given message. */
export function optionalId(message: MessageKey) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === '') return null;
      if (!/^[1-9]\d{0,8}$/.test(v)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return Number(v);
    });
}
