import { z } from 'zod';
import { isoDate, latitude, longitude, shortText, whatsapp } from '../content/fields';
import { optionalId } from '../../lib/validation';

/** Plain text of at most `max` characters after the browser's CRLF line ends become LF. */
const plainText = (max: number) =>
  z
    .string()
    .default('')
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, 'validation.tooLong'));

/** "312,5", "312.5", "1.234,5" → hectares (two decimals); empty → null. */
const hectares = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    if (v === '') return null;
    const normal = v.includes(',') ? v.replace(/\./g, '').replace(',', '.') : v;
    const n = /^\d{1,7}(\.\d+)?$/.test(normal) ? Number(normal) : NaN;
    if (!Number.isFinite(n) || n <= 0 || n > 1_000_000) {
      ctx.addIssue({ code: 'custom', message: 'profile.areaInvalid' });
      return z.NEVER;
    }
    return Math.round(n * 100) / 100;
  });

/** "5.432", "5432" → 5432 (people, households); empty → null. */
const count = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    const digits = v.replace(/[.\s]/g, '');
    if (digits === '') return null;
    if (!/^\d{1,8}$/.test(digits)) {
      ctx.addIssue({ code: 'custom', message: 'profile.countInvalid' });
      return z.NEVER;
    }
    return Number(digits);
  });

const phone = z
  .string()
  .trim()
  .max(20, 'validation.tooLong')
  .default('')
  .refine((v) => v === '' || /^[0-9+()\s-]{5,20}$/.test(v), 'profile.phoneInvalid');

/** Today's date in Indonesia's westernmost zone, with a day's margin for the zones east of it. */
function latestAllowedDate(): string {
  return new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10);
}

/**
 * The profile form, strictly: village_id, population_entered_by, version bumps and the like are
 * decided by the server, so a form that posts them is refused as a whole.
 */
export const profileForm = z
  .strictObject({
    head_name: shortText(120),
    address: shortText(250),
    phone,
    whatsapp,
    area_ha: hectares,
    population: count,
    households: count,
    population_as_of: isoDate(false),
    population_source: shortText(150),
    vision: plainText(5000),
    mission: plainText(5000),
    history: plainText(5000),
    cover_media_id: optionalId('validation.invalid'),
    lat: latitude,
    lng: longitude,
    version: z
      .string()
      .regex(/^\d{1,9}$/)
      .optional(),
  })
  .superRefine((f, ctx) => {
    const figures = f.population !== null || f.households !== null;
    if (figures && !f.population_as_of) ctx.addIssue({ code: 'custom', path: ['population_as_of'], message: 'profile.asOfRequired' });
    if (figures && !f.population_source) ctx.addIssue({ code: 'custom', path: ['population_source'], message: 'profile.sourceRequired' });
    if (f.population_as_of && f.population_as_of > latestAllowedDate()) {
      ctx.addIssue({ code: 'custom', path: ['population_as_of'], message: 'profile.asOfFuture' });
    }
    if ((f.lat === null) !== (f.lng === null)) ctx.addIssue({ code: 'custom', path: [f.lat === null ? 'lat' : 'lng'], message: 'profile.latLngPair' });
  });

export type ProfileFormData = z.infer<typeof profileForm>;
