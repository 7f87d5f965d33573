import { z } from 'zod';

// Form field parsers shared by the content types. Messages are i18n keys.

/** "Rp 25.000", "25000", "25 000" → 25000 (whole rupiah, up to a trillion). */
export const rupiah = (required = true) =>
  z
    .string()
    .trim()
    .default('')
    .transform((v, ctx) => {
      const digits = v
        .replace(/^rp\.?\s*/i, '')
        .replace(/[.\s]/g, '')
        .replace(/,00$/, '');
      if (digits === '' && !required) return 0;
      if (!/^\d{1,13}$/.test(digits) || Number(digits) > 1e12) {
        ctx.addIssue({ code: 'custom', message: digits === '' ? 'validation.required' : 'field.rupiah' });
        return z.NEVER;
      }
      return Number(digits);
    });

/** "0812-3456-7890", "+62 812 3456 7890", "62812…" → "6281234567890"; empty → null. */
export function normaliseWhatsapp(raw: string): string | null | undefined {
  const digits = raw.replace(/[\s().-]/g, '').replace(/^\+/, '');
  if (digits === '') return null;
  if (!/^\d+$/.test(digits)) return undefined;
  const national = digits.startsWith('62') ? digits.slice(2) : digits.startsWith('0') ? digits.slice(1) : digits;
  return /^8\d{7,12}$/.test(national) ? `62${national}` : undefined;
}

export const whatsapp = z
  .string()
  .trim()
  .max(30, 'field.whatsapp')
  .default('')
  .transform((v, ctx) => {
    const n = normaliseWhatsapp(v);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: 'field.whatsapp' });
      return z.NEVER;
    }
    return n;
  });

const decimal = (min: number, max: number) =>
  z
    .string()
    .trim()
    .default('')
    .transform((v, ctx) => {
      if (v === '') return null;
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: 'field.coordinate' });
        return z.NEVER;
      }
      return Math.round(n * 1e6) / 1e6;
    });

/** Latitude and longitude within Indonesia's extent (with a margin). */
export const latitude = decimal(-12, 7);
export const longitude = decimal(94, 142);

/** "2026-11-23" as it is; empty → null unless required. */
export function isoDate(required: true): z.ZodPipe<z.ZodDefault<z.ZodString>, z.ZodTransform<string, string>>;
export function isoDate(required: boolean): z.ZodPipe<z.ZodDefault<z.ZodString>, z.ZodTransform<string | null, string>>;
export function isoDate(required: boolean) {
  return z
    .string()
    .trim()
    .default('')
    .transform((v, ctx) => {
      if (v === '' && !required) return null;
      const ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
      if (!ok) {
        ctx.addIssue({ code: 'custom', message: v === '' ? 'validation.required' : 'field.date' });
        return z.NEVER;
      }
      return v;
    });
}

export const clockTime = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return null;
    const m = v.replace('.', ':').match(/^([01]?\d|2[0-3]):([0-5]\d)$/);
    if (!m) {
      ctx.addIssue({ code: 'custom', message: 'field.time' });
      return z.NEVER;
    }
    return `${m[1].padStart(2, '0')}:${m[2]}`;
  });

export const shortText = (max: number, required = false) =>
  required ? z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong') : z.string().trim().max(max, 'validation.tooLong').default('');

export const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: 'validation.invalid' });

/**
 * The values a choice field of a detail shape accepts (with or without a default), for the form's
 * <select>: the options come from the same list the form is validated against. Empty for a field
 * that is not a choice.
 */
export function choicesOf(shape: z.ZodRawShape, field: string): readonly string[] {
  let schema: unknown = shape[field];
  if (schema instanceof z.ZodDefault) schema = schema.unwrap();
  return schema instanceof z.ZodEnum ? (schema.options as readonly string[]) : [];
}

/** Lines of a lineList: at most this many, each at most LINE_LENGTH characters (message field.lines). */
export const MAX_LINES = 30;
export const LINE_LENGTH = 300;

/** Text of one entry per line (requirements, steps): blank lines dropped, each line trimmed. */
export const lineList = z
  .string()
  .max(MAX_LINES * (LINE_LENGTH + 2), 'field.lines')
  .default('')
  .transform((v, ctx) => {
    const lines = v
      .split(/\r?\n|\r/)
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length > MAX_LINES || lines.some((l) => l.length > LINE_LENGTH)) {
      ctx.addIssue({ code: 'custom', message: 'field.lines' });
      return z.NEVER;
    }
    return lines.join('\n');
  });

/** The entries of a lineList text. */
export const linesOf = (text: string | null | undefined): string[] => (text ? text.split('\n').filter(Boolean) : []);
