import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  ContentItemTable,
  ContentRevisionTable,
  EventDetailsTable,
  ItemMediaTable,
  MediaTable,
  PotentialDetailsTable,
  ProductDetailsTable,
  ProjectBudgetTable,
  ProjectDetailsTable,
  ProjectUpdateMediaTable,
  ProjectTotalTable,
  ProjectUpdateTable,
  PublishedCountTable,
  ServiceDetailsTable,
  VillageProfileTable,
} from './schema-content';

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
  /** WhatsApp number in the 62… form, for the camat office's reminders. */
  whatsapp: string | null;
  created_at: DbDate;
  updated_at: DbDate;
}

export interface VillageReminderTable {
  id: Generated<number>;
  district_id: number;
  village_id: number;
  operator_id: number | null;
  sent_by: number | null;
  sent_at: DbDate;
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

export * from './schema-content';

export interface Database {
  districts: DistrictTable;
  district_hosts: DistrictHostTable;
  villages: VillageTable;
  village_reminders: VillageReminderTable;
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
  service_details: ServiceDetailsTable;
  village_profiles: VillageProfileTable;
  published_counts: PublishedCountTable;
  project_totals: ProjectTotalTable;
  search_vocabulary: SearchVocabularyTable;
}

/** Words of published titles under their trigrams (migration 2026_12_20_0701). */
export interface SearchVocabularyTable {
  district_id: number;
  trigram: string;
  word: string;
}

export type ContentItem = Selectable<ContentItemTable>;
export type Media = Selectable<MediaTable>;

export type District = Selectable<DistrictTable>;
export type Village = Selectable<VillageTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
