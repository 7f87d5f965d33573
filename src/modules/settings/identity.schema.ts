import { z } from 'zod';
import { optionalId } from '../../lib/validation';
import { whatsapp as whatsappNumber } from '../content/fields';

export const MAX_SOCIAL_LINKS = 6;

/** Text as typed, CRLF made LF and trimmed, at most `max` characters. */
const plain = (max: number) =>
  z
    .string()
    .default('')
    .transform((v) => v.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().max(max, 'validation.tooLong'));

/**
 * "(0286) 479123", "+62 286 479123", "0812-3456-7890" → "0286479123", "081234567890" (national form
 * with its 0; tel: links add +62). Empty → ''; anything else → undefined.
 */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s().-]/g, '');
  if (digits === '') return '';
  const national = /^\+?62\d+$/.test(digits) ? digits.replace(/^\+?62/, '') : /^0\d+$/.test(digits) ? digits.slice(1) : null;
  return national !== null && /^[1-9]\d{6,11}$/.test(national) ? `0${national}` : undefined;
}

const phone = z
  .string()
  .trim()
  .max(30, 'identity.phoneInvalid')
  .default('')
  .transform((v, ctx) => {
    const n = normalisePhone(v);
    if (n === undefined) {
      ctx.addIssue({ code: 'custom', message: 'identity.phoneInvalid' });
      return z.NEVER;
    }
    return n;
  });

// The content fields' WhatsApp number, stored as '' rather than null when empty.
const whatsapp = whatsappNumber.transform((v) => v ?? '');

const email = z
  .string()
  .trim()
  .max(120, 'validation.tooLong')
  .default('')
  .refine((v) => v === '' || /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(v), 'identity.emailInvalid')
  .transform((v) => v.toLowerCase());

/**
 * A social link is any https:// address without user or password: a kecamatan may have a page on
 * a network we do not know, and https is what every network serves. http:// and other schemes are
 * refused (javascript: included), so a link can never downgrade or run anything.
 */
export function isSocialLink(v: string): boolean {
  if (v.length > 200 || !URL.canParse(v)) return false;
  const u = new URL(v);
  return u.protocol === 'https:' && !u.username && !u.password && u.hostname.includes('.');
}

const socialLinks = z
  .string()
  .default('')
  .transform((v, ctx) => {
    const links = [
      ...new Set(
        v
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ];
    if (links.length > MAX_SOCIAL_LINKS) ctx.addIssue({ code: 'custom', message: 'identity.socialTooMany' });
    else if (!links.every(isSocialLink)) ctx.addIssue({ code: 'custom', message: 'identity.socialInvalid' });
    // As the URL parser writes them: quotes and angle brackets percent-encoded.
    return links.map((l) => (isSocialLink(l) ? new URL(l).href : l));
  });

const tick = z.literal('1').optional();

/** The identity form, strictly: who saved it and when is the server's business. */
export const identityForm = z.strictObject({
  camat_name: plain(120),
  welcome_source: plain(3000),
  address: plain(300),
  hours: plain(300),
  phone,
  whatsapp,
  email,
  social_links: socialLinks,
  logo_media_id: optionalId('validation.invalid'),
  hero_media_id: optionalId('validation.invalid'),
  camat_photo_media_id: optionalId('validation.invalid'),
  logo_remove: tick,
  hero_remove: tick,
  camat_photo_remove: tick,
});

export type IdentityFormData = z.infer<typeof identityForm>;
