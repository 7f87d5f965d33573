import type { Generated } from 'kysely';
import type { DbDate } from '../../db/schema';

// The tables and columns of migrations/2026_12_20_0201_notifications.ts, merged into the Database
// type of src/db/schema.ts from here so notifications stay one module.

export type NotificationKind = 'returned' | 'published' | 'waiting' | 'quiet';
export type NotifyMode = 'each' | 'digest' | 'none';
export type MailState = 'none' | 'each' | 'digest' | 'sending' | 'sent';

export interface NotificationTable {
  id: Generated<number>;
  district_id: number;
  user_id: number;
  kind: NotificationKind;
  item_id: number | null;
  item_type: string | null;
  title: string;
  village_name: string | null;
  /** The workspace or public path the notification links to (absolute in mail, from the site's origin). */
  path: string;
  actor_name: string | null;
  note: string | null;
  dedupe_key: string | null;
  read_at: DbDate | null;
  created_at: DbDate;
  mail_state: Generated<MailState>;
  mail_attempts: Generated<number>;
  mail_next_at: DbDate | null;
}

export interface NotificationRunTable {
  run_key: string;
  created_at: DbDate;
}

declare module '../../db/schema' {
  interface Database {
    notifications: NotificationTable;
    notification_runs: NotificationRunTable;
  }
  interface UserTable {
    email: string | null;
    notify_mode: Generated<NotifyMode>;
  }
}
