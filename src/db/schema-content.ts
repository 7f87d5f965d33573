import type { Generated } from 'kysely';
import type { DbDate } from './schema';

// Tables of the village sections: content items with their typed details, revisions, media and
// village profiles (migration 2026_11_23_0002_content).

export type ContentType = 'potential' | 'product' | 'project' | 'news' | 'announcement' | 'event' | 'page' | 'service';
export type ContentStatus = 'draft' | 'submitted' | 'published' | 'returned' | 'archived';

export interface MediaTable {
  id: Generated<number>;
  district_id: number;
  village_id: number | null;
  uploaded_by: number | null;
  kind: 'image' | 'pdf';
  original_name: string;
  alt: string;
  width: number | null;
  height: number | null;
  bytes: number;
  storage_id: string;
  files: string;
  created_at: DbDate;
  deleted_at: DbDate | null;
}

export interface ContentItemTable {
  id: Generated<number>;
  district_id: number;
  village_id: number | null;
  type: ContentType;
  title: string;
  slug: string;
  summary: string;
  body_source: string;
  body: string;
  cover_media_id: number | null;
  cover_alt: string;
  status: ContentStatus;
  review_note: string | null;
  /** Last returned by the camat office; until approved, it goes live only through review. */
  returned_at: DbDate | null;
  spam_matches: string | null;
  pending_revision_id: number | null;
  author_id: number | null;
  updated_by: number | null;
  published_at: DbDate | null;
  version: Generated<number>;
  created_at: DbDate;
  updated_at: DbDate;
  deleted_at: DbDate | null;
  deleted_by: number | null;
}

export interface ContentRevisionTable {
  id: Generated<number>;
  item_id: number;
  version: number;
  kind: 'save' | 'pending' | 'restore';
  data: string;
  author_id: number | null;
  created_at: DbDate;
}

export interface ItemMediaTable {
  item_id: number;
  media_id: number;
  position: number;
}

export interface ProductDetailsTable {
  item_id: number;
  price: number;
  unit: string;
  seller_name: string;
  whatsapp: string | null;
  category: string;
  availability: string;
}

export interface PotentialDetailsTable {
  item_id: number;
  /** content_items.district_id of the item, set on every write (migrations/2026_12_22_0101_potential_district.ts). */
  district_id: number;
  category: string;
  location_text: string;
  lat: number | null;
  lng: number | null;
  contact: string;
  opening_hours: string;
}

export interface ProjectDetailsTable {
  item_id: number;
  fiscal_year: number;
  location_text: string;
  lat: number | null;
  lng: number | null;
  executor: string;
  output_volume: string;
  start_date: string | null;
  target_date: string | null;
  project_status: 'rencana' | 'berjalan' | 'selesai';
  progress: number;
}

export interface ProjectBudgetTable {
  id: Generated<number>;
  item_id: number;
  source: string;
  amount: number;
}

export interface ProjectUpdateTable {
  id: Generated<number>;
  item_id: number;
  update_date: string;
  percent: number;
  note: string;
  author_id: number | null;
  created_at: DbDate;
  deleted_at: DbDate | null;
}

export interface ProjectUpdateMediaTable {
  update_id: number;
  media_id: number;
  position: number;
}

export interface EventDetailsTable {
  item_id: number;
  starts_on: string;
  ends_on: string | null;
  start_time: string | null;
  end_time: string | null;
  place: string;
}

/** Layanan: requirements and steps one per line; cost in whole rupiah, 0 = free (migration 2026_12_21_0101). */
export interface ServiceDetailsTable {
  item_id: number;
  audience: string;
  requirements: string;
  steps: string;
  duration: string;
  cost: number;
  cost_note: string;
  place: string;
  contact: string;
}

export interface VillageProfileTable {
  village_id: number;
  head_name: string;
  address: string;
  phone: string;
  whatsapp: string | null;
  area_ha: number | null;
  population: number | null;
  households: number | null;
  population_as_of: string | null;
  population_source: string;
  population_entered_by: number | null;
  vision: string;
  mission: string;
  history: string;
  cover_media_id: number | null;
  lat: number | null;
  lng: number | null;
  version: Generated<number>;
  updated_at: DbDate;
  updated_by: number | null;
}

/**
 * Published items per (village or 0 for the kecamatan, type, potensi category or ''); the row of
 * type '' counts every type and holds the village's latest publication (migration 2026_12_02_0001).
 */
export interface PublishedCountTable {
  district_id: number;
  village_key: number;
  type: ContentType | '';
  category: string;
  items: number;
  last_published_at: DbDate | null;
}

/** Pembangunan totals per (sumber filter or '', village or 0, year, status, source or ''): see the migration. */
export interface ProjectTotalTable {
  district_id: number;
  filter_source: string;
  village_key: number;
  fiscal_year: number;
  project_status: string;
  source: string;
  projects: number;
  amount: number;
}
