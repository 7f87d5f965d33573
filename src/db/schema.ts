import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Dates are stored as UTC strings 'YYYY-MM-DD HH:MM:SS' on both dialects; booleans as 0/1.
export type DbDate = string;
export type DbBool = number;

export type Timezone = 'WIB' | 'WITA' | 'WIT';
export type Role = 'superadmin' | 'district_admin' | 'village_operator';
export type VillageKind = 'desa' | 'kelurahan';

export interface DistrictTable {
  id: Generated<number>;
  code: string;
  name: string;
  regency_code: string;
  regency_name: string;
  province_name: string;
  timezone: Timezone;
  content_version: Generated<number>;
  blocked_terms: string | null;
  created_at: DbDate;
  updated_at: DbDate;
}

export interface DistrictHostTable {
  id: Generated<number>;
  district_id: number;
  host: string;
  created_at: DbDate;
}

export interface VillageTable {
  id: Generated<number>;
  district_id: number;
  code: string;
  name: string;
  slug: string;
  kind: VillageKind;
  /** 1: every publication and every edit of a published item waits for the camat office. */
  review_required: Generated<DbBool>;
  created_at: DbDate;
  updated_at: DbDate;
}

export interface UserTable {
  id: Generated<number>;
  district_id: number | null;
  village_id: number | null;
  username: string;
  name: string;
  role: Role;
  password_hash: string;
  must_change_password: DbBool;
  /** Bumped to end every session of the user, including any being saved concurrently. */
  session_epoch: Generated<number>;
  disabled_at: DbDate | null;
  last_login_at: DbDate | null;
  created_at: DbDate;
  updated_at: DbDate;
}

export interface SessionTable {
  sid: string;
  user_id: number | null;
  data: string;
  expires_at: DbDate;
}

export interface AuditLogTable {
  id: Generated<number>;
  district_id: number | null;
  village_id: number | null;
  user_id: number | null;
  username: string | null;
  role: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  detail: string | null;
  ip: string | null;
  created_at: DbDate;
}

export interface LoginAttemptTable {
  id: Generated<number>;
  ip: string;
  username: string;
  created_at: DbDate;
}

export interface SetupTokenTable {
  id: Generated<number>;
  token_hash: string;
  created_at: DbDate;
}

export interface AppSettingTable {
  name: string;
  value: string;
}

export type ContentType = 'potential' | 'product' | 'project' | 'news' | 'announcement' | 'event' | 'page';
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

export interface Database {
  districts: DistrictTable;
  district_hosts: DistrictHostTable;
  villages: VillageTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
  login_attempts: LoginAttemptTable;
  setup_tokens: SetupTokenTable;
  app_settings: AppSettingTable;
  media: MediaTable;
  content_items: ContentItemTable;
  content_revisions: ContentRevisionTable;
  item_media: ItemMediaTable;
  product_details: ProductDetailsTable;
  potential_details: PotentialDetailsTable;
  project_details: ProjectDetailsTable;
  project_budgets: ProjectBudgetTable;
  project_updates: ProjectUpdateTable;
  project_update_media: ProjectUpdateMediaTable;
  event_details: EventDetailsTable;
  village_profiles: VillageProfileTable;
}

export type ContentItem = Selectable<ContentItemTable>;
export type Media = Selectable<MediaTable>;

export type District = Selectable<DistrictTable>;
export type Village = Selectable<VillageTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
