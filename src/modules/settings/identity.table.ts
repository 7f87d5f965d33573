import type { DbDate } from '../../db/schema';

// The table of migrations/2026_12_20_0601_district_identity.ts, merged into the Database type of
// src/db/schema.ts from here so the kecamatan's identity stays one module.

export interface DistrictIdentityTable {
  district_id: number;
  logo_media_id: number | null;
  hero_media_id: number | null;
  camat_photo_media_id: number | null;
  camat_name: string;
  /** Markdown, rendered with the content allowlist (src/modules/content/body.ts). */
  welcome_source: string;
  address: string;
  hours: string;
  /** National form with its leading 0, e.g. 0286479123. */
  phone: string;
  /** 62…, as wa.me wants it. */
  whatsapp: string;
  email: string;
  /** https:// addresses, one per line. */
  social_links: string;
  updated_at: DbDate;
  updated_by: number | null;
}

declare module '../../db/schema' {
  interface Database {
    district_identity: DistrictIdentityTable;
  }
}
