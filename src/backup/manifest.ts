import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isMediaKey } from '../files';
import { ROOT } from '../paths';
import { BackupError } from './errors';

// The archive's layout: db/<table>.jsonl (one JSON object per row), media/<key> (the stored bytes,
// keys as src/files/keys.ts makes them) and manifest.json, written last because it holds the
// SHA-256 of every other entry.
export const MANIFEST = 'manifest.json';
const TABLE = /^[a-z][a-z0-9_]{0,63}$/;

export const dbEntry = (table: string) => `db/${table}.jsonl`;
export const mediaEntry = (key: string) => `media/${key}`;

/** The table of a db/ entry, or null when the name is not one. */
export function tableOf(name: string): string | null {
  const m = /^db\/(.+)\.jsonl$/.exec(name);
  return m && TABLE.test(m[1]) ? m[1] : null;
}

/** The media key of a media/ entry, or null when the name is not one. */
export function mediaKeyOf(name: string): string | null {
  const key = name.startsWith('media/') ? name.slice('media/'.length) : null;
  return isMediaKey(key) ? key : null;
}

const fileSum = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
export type FileSum = z.infer<typeof fileSum>;

const schema = z.object({
  format: z.literal('pendopo-backup'),
  formatVersion: z.literal(1),
  app: z.object({ name: z.string(), version: z.string() }),
  /** When the backup began, just before the database snapshot. */
  createdAt: z.string(),
  database: z.object({
    dialect: z.enum(['sqlite', 'mysql']),
    /** The last migration applied in the snapshot: restore migrates the target to exactly this one. */
    migration: z.string().min(1),
    /** Rows per table, in the order of the archive. */
    tables: z.record(z.string().regex(TABLE), z.number().int().nonnegative()),
  }),
  media: z.object({ store: z.enum(['local', 's3']), files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  files: z.record(z.string(), fileSum),
});
export type Manifest = z.infer<typeof schema>;

export function parseManifest(data: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch {
    throw new BackupError('manifest.json is not valid JSON: the archive is damaged');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new BackupError(`manifest.json is not a Pendopo backup manifest (${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message})`);
  return parsed.data;
}

export function appInfo(): Manifest['app'] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}
