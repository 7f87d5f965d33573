import type { NextFunction, Request, Response } from 'express';
import type { Kysely } from 'kysely';
import type { Database, District } from '../../db/schema';
import { t } from '../../i18n';
import { renderBody } from '../content/body';
import type { ImageSources } from '../media/media.urls';
import { imageOf } from '../portal/published';
import { isSocialLink } from './identity.schema';
import { EMPTY_IDENTITY, type Identity, loadIdentity } from './identity.service';

type Image = ImageSources & { alt: string };

export interface SocialLink {
  url: string;
  /** "Facebook", "Instagram", … or the host name. */
  label: string;
}

/** What the public pages show of the kecamatan's identity; every part may be absent. */
export interface PublicIdentity {
  name: string;
  /** The text emblem shown when there is no logo: "KL" for Klampok. */
  initials: string;
  logo: Image | null;
  hero: Image | null;
  camatPhoto: Image | null;
  camatName: string;
  welcomeHtml: string;
  address: string;
  /** Opening hours, one line per entry. */
  hours: string[];
  phone: { text: string; href: string } | null;
  whatsapp: { text: string; href: string } | null;
  email: string;
  social: SocialLink[];
  /** Any of address, hours, phone, WhatsApp, e-mail or social links. */
  hasContact: boolean;
  /** Path of the 1200×630 share image: the hero's, else the logo's. */
  sharePath: string | null;
}

const NETWORKS: [RegExp, string][] = [
  [/(^|\.)facebook\.com$|(^|\.)fb\.com$/, 'Facebook'],
  [/(^|\.)instagram\.com$/, 'Instagram'],
  [/(^|\.)youtube\.com$|(^|\.)youtu\.be$/, 'YouTube'],
  [/(^|\.)tiktok\.com$/, 'TikTok'],
  [/(^|\.)x\.com$|(^|\.)twitter\.com$/, 'X'],
  [/(^|\.)threads\.net$/, 'Threads'],
];

export function socialLabel(url: string): string {
  const host = new URL(url).hostname.replace(/^www\./, '');
  return NETWORKS.find(([re]) => re.test(host))?.[1] ?? host;
}

/** "Klampok" → "KL"; "Sumber Rejo" → "SR". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? words.map((w) => w[0]).join('') : (words[0] ?? '').slice(0, 2);
  return letters.slice(0, 3).toUpperCase();
}

async function imagesOf(db: Kysely<Database>, districtId: number, ids: (number | null)[]): Promise<Map<number, Image>> {
  const wanted = ids.filter((id): id is number => id !== null);
  const out = new Map<number, Image>();
  if (wanted.length === 0) return out;
  const rows = await db
    .selectFrom('media')
    .select(['id', 'files', 'alt'])
    .where('id', 'in', wanted)
    .where('district_id', '=', districtId)
    .where('kind', '=', 'image')
    .where('deleted_at', 'is', null)
    .execute();
  for (const r of rows) {
    const image = imageOf(r.files, r.alt);
    if (image) out.set(Number(r.id), image);
  }
  return out;
}

export function toPublic(district: District, identity: Identity, images: Map<number, Image>): PublicIdentity {
  const image = (id: number | null) => (id === null ? null : (images.get(id) ?? null));
  const logo = image(identity.logo_media_id);
  const hero = image(identity.hero_media_id);
  const camatPhoto = image(identity.camat_photo_media_id);
  // Saved links passed the form's check; a line written around it (import, hand edit) is skipped.
  const social = identity.social_links
    .split('\n')
    .map((line) => line.trim())
    .filter(isSocialLink)
    .map((url) => ({ url, label: socialLabel(url) }));
  const hours = identity.hours
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const p = identity.phone;
  const wa = identity.whatsapp;
  const out: PublicIdentity = {
    name: `Kecamatan ${district.name}`,
    initials: initialsOf(district.name),
    logo: logo && { ...logo, alt: t('identity.logoAlt', { name: district.name }) },
    hero,
    camatPhoto: camatPhoto && { ...camatPhoto, alt: identity.camat_name ? t('identity.camatPhotoAltNamed', { name: identity.camat_name }) : t('identity.camatPhotoAlt', { name: district.name }) },
    camatName: identity.camat_name,
    welcomeHtml: identity.welcome_source ? renderBody(identity.welcome_source) : '',
    address: identity.address,
    hours,
    phone: p ? { text: p, href: `tel:+62${p.slice(1)}` } : null,
    whatsapp: wa ? { text: `+${wa}`, href: `https://wa.me/${wa}` } : null,
    email: identity.email,
    social,
    hasContact: false,
    sharePath: hero?.share ?? logo?.share ?? null,
  };
  out.hasContact = Boolean(out.address || hours.length || out.phone || out.whatsapp || out.email || social.length);
  return out;
}

// Kept per kecamatan and content version: a save bumps the version (saveIdentity), and another
// instance's save is seen as soon as its tenant row is (docs/render-path.md, step 3).
const kept = new Map<number, { version: number; identity: PublicIdentity }>();

export async function publicIdentity(db: Kysely<Database>, district: District): Promise<PublicIdentity> {
  const hit = kept.get(district.id);
  if (hit && hit.version === district.content_version) return hit.identity;
  const identity = await loadIdentity(db, district.id);
  const images = await imagesOf(db, district.id, [identity.logo_media_id, identity.hero_media_id, identity.camat_photo_media_id]);
  const out = toPublic(district, identity, images);
  if (kept.size >= 256) kept.clear();
  kept.set(district.id, { version: district.content_version, identity: out });
  return out;
}

/** Puts the kecamatan's identity in `res.locals.identity` for the public pages (header, footer, meta). */
export function identityLocals(db: Kysely<Database>) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.district || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    try {
      res.locals.identity = await publicIdentity(db, req.district);
    } catch (err) {
      // Database unreachable or a row that cannot be read: the last identity read, else the default
      // one, so one bad row never takes the whole public site down.
      req.log?.error({ err, district: req.district.id }, 'kecamatan identity unreadable; showing the last or default one');
      res.locals.identity = kept.get(req.district.id)?.identity ?? toPublic(req.district, EMPTY_IDENTITY, new Map());
    }
    next();
  };
}
