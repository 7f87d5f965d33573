import { z } from 'zod';

const bool = z.enum(['1', '0', 'true', 'false', 'yes', 'no']).transform((v) => v === '1' || v === 'true' || v === 'yes');

// TRUST_PROXY follows Express' "trust proxy": false, true, a hop count or a list of addresses.
const trustProxy = z
  .string()
  .trim()
  .min(1)
  .transform((v): boolean | number | string => {
    if (v === 'false' || v === '0') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    return v;
  });

export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

/** With its placeholders filled in, a tile address is an http(s) URL without user or password. */
function isTileUrl(v: string): boolean {
  if (!['{z}', '{x}', '{y}'].every((p) => v.includes(p))) return false;
  const filled = v.replace(/\{[sxyz]\}/g, 'a').replace('{r}', '');
  if (/[{}]/.test(filled) || !URL.canParse(filled)) return false;
  const u = new URL(filled);
  return /^https?:$/.test(u.protocol) && !u.username && !u.password;
}

/** The origin a tile address loads from, as a CSP source: a {s} subdomain becomes a wildcard. */
export function tileSource(tileUrl: string): string {
  const u = new URL(
    tileUrl
      .replace(/\{[xyz]\}/g, '0')
      .replace('{r}', '')
      .replace('{s}', 'wildcard-subdomain'),
  );
  return u.origin.replace('wildcard-subdomain', '*');
}

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): the production cost of a password hash. */
export const OWASP_PASSWORD_HASH = { memoryCost: 19_456, timeCost: 2 } as const;

// argon2id's cost; below OWASP's baseline only with NODE_ENV=test, where the suite hashes hundreds
// of passwords (tests/support/env.ts).
const passwordHashShape = {
  PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(8).max(1_048_576).default(OWASP_PASSWORD_HASH.memoryCost),
  PASSWORD_HASH_PASSES: z.coerce.number().int().min(1).max(20).default(OWASP_PASSWORD_HASH.timeCost),
};

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BIND_ADDRESS: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^mysql:\/\/.+/, 'harus berbentuk mysql://user:pass@host:3306/nama_db')
    .optional(),
  SQLITE_PATH: z.string().trim().min(1).default('data/pendopo.sqlite'),
  MIGRATE_ON_START: bool.default(true),
  SESSION_SECRET: z.string().min(32, 'minimal 32 karakter').optional(),
  SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  TRUST_PROXY: trustProxy.default(false),
  // The site's address in absolute links (canonical, share, feeds, sitemap, API) on an install
  // with one kecamatan: an http(s) origin, kept without the trailing slash.
  PUBLIC_URL: z
    .string()
    .trim()
    .refine((v) => {
      if (!URL.canParse(v)) return false;
      const u = new URL(v);
      return /^https?:$/.test(u.protocol) && !u.username && !u.password && u.pathname === '/' && !u.search && !u.hash;
    }, 'harus berupa alamat http(s):// tanpa path, misalnya https://klampok.banjarnegarakab.go.id')
    .transform((v) => new URL(v).origin)
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // json: one JSON object a line (for log collectors); pretty: readable lines. Unset: pretty when
  // standard output is a terminal, JSON otherwise (src/logger.ts).
  LOG_FORMAT: z.enum(['json', 'pretty'], 'json atau pretty').optional(),
  // The in-process cache of anonymous public pages; off only to measure or debug the full render.
  PAGE_CACHE: bool.default(true),
  // How long a reader who missed waits for the same page's render already under way (after a
  // publish, every reader misses at once) before rendering it too; 0: every miss renders.
  PAGE_CACHE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  // The base map of /peta: an XYZ tile address ({z}, {x}, {y}; {s} for subdomains) and its credit as
  // plain text. The CSP allows images from exactly this host (src/http/security.ts).
  MAP_TILE_URL: z.string().trim().refine(isTileUrl, 'harus berupa alamat http(s):// dengan {z}, {x} dan {y}, misalnya https://tile.openstreetmap.org/{z}/{x}/{y}.png').default(DEFAULT_TILE_URL),
  MAP_TILE_ATTRIBUTION: z.string().trim().min(1).max(200, 'paling banyak 200 karakter').default('© Kontributor OpenStreetMap'),
  UPLOAD_DIR: z.string().trim().min(1).default('uploads'),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(100).default(15),
  // Media in an S3-compatible bucket instead of UPLOAD_DIR; every MEDIA_S3_* needs MEDIA_S3_BUCKET.
  MEDIA_S3_BUCKET: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'nama bucket: 3-63 huruf kecil, angka, titik atau tanda hubung')
    .optional(),
  MEDIA_S3_ENDPOINT: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'harus berupa URL http(s)://, misalnya http://127.0.0.1:9000')
    .optional(),
  MEDIA_S3_REGION: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,32}$/, 'misalnya us-east-1')
    .optional(),
  MEDIA_S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  MEDIA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  MEDIA_S3_FORCE_PATH_STYLE: bool.optional(),
  MEDIA_S3_PREFIX: z
    .string()
    .trim()
    .regex(/^(?!.*(^|\/)\.{1,2}(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*\/?$/, 'hanya huruf, angka, . _ - dan /, tanpa / di awal, misalnya pendopo/')
    .transform((v) => `${v.replace(/\/+$/, '')}/`)
    .optional(),
  // Mail of notifications (src/modules/notifications/mailer.ts): SMTP_URL, or SMTP_HOST and its
  // companions; SMTP_FROM with either. Unset: notifications stay in the workspace only.
  SMTP_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol) && Boolean(new URL(v).hostname), 'harus berupa URL smtp:// atau smtps://, misalnya smtps://user:sandi@mail.example.id:465')
    .optional(),
  SMTP_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.-]{1,253}$|^\[[0-9a-fA-F:.]+\]$/, 'nama host atau alamat IP, misalnya mail.example.id')
    .optional(),
  SMTP_PORT: z.coerce.number({ error: 'harus berupa angka 1-65535' }).int('harus berupa angka 1-65535').min(1, 'harus berupa angka 1-65535').max(65535, 'harus berupa angka 1-65535').optional(),
  SMTP_USER: z.string().trim().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  SMTP_SECURE: bool.optional(),
  SMTP_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)$/, 'harus berupa alamat email, misalnya "Pendopo <pendopo@example.id>"')
    .optional(),
  PASSWORD_HASH_MEMORY_KIB: passwordHashShape.PASSWORD_HASH_MEMORY_KIB,
  PASSWORD_HASH_PASSES: passwordHashShape.PASSWORD_HASH_PASSES,
});

const S3_NEEDS_KEYS = ['MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY'] as const;

/** What the schema cannot say alone: a bucket needs its keys, and the other MEDIA_S3_* need a bucket. */
function s3Issues(env: Record<string, unknown>): string[] {
  const set = Object.keys(env).filter((k) => k.startsWith('MEDIA_S3_'));
  if (!env.MEDIA_S3_BUCKET) return set.length ? [`  MEDIA_S3_BUCKET: wajib diisi bila ${set.join(', ')} diisi`] : [];
  return S3_NEEDS_KEYS.filter((k) => !env[k]).map((k) => `  ${k}: wajib diisi bila MEDIA_S3_BUCKET diisi`);
}

/** SMTP_URL or SMTP_HOST (not both); SMTP_FROM with either; the other SMTP_* need SMTP_HOST. */
function smtpIssues(env: Record<string, unknown>): string[] {
  const companions = ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE'].filter((k) => env[k] !== undefined);
  if (env.SMTP_URL && env.SMTP_HOST) return ['  SMTP_URL: isi SMTP_URL atau SMTP_HOST, jangan keduanya'];
  if (!env.SMTP_URL && !env.SMTP_HOST) {
    const set = [...companions, ...(env.SMTP_FROM ? ['SMTP_FROM'] : [])];
    return set.length ? [`  SMTP_HOST: wajib diisi bila ${set.join(', ')} diisi`] : [];
  }
  const lines = env.SMTP_FROM ? [] : ['  SMTP_FROM: wajib diisi bila SMTP_URL atau SMTP_HOST diisi'];
  if (env.SMTP_URL && companions.length) lines.push(`  ${companions[0]}: tidak dipakai bersama SMTP_URL (tulis di dalam URL)`);
  if (Boolean(env.SMTP_USER) !== Boolean(env.SMTP_PASSWORD)) lines.push(`  ${env.SMTP_USER ? 'SMTP_PASSWORD' : 'SMTP_USER'}: wajib diisi bersama ${env.SMTP_USER ? 'SMTP_USER' : 'SMTP_PASSWORD'}`);
  return lines;
}

function passwordHashIssues(env: { NODE_ENV?: string; PASSWORD_HASH_MEMORY_KIB?: number; PASSWORD_HASH_PASSES?: number }): string[] {
  if (env.NODE_ENV === 'test') return [];
  const floor = (name: string, value: number | undefined, min: number) =>
    value !== undefined && value < min ? [`  ${name}: minimal ${min} (baku OWASP); nilai lebih kecil hanya untuk NODE_ENV=test`] : [];
  return [...floor('PASSWORD_HASH_MEMORY_KIB', env.PASSWORD_HASH_MEMORY_KIB, OWASP_PASSWORD_HASH.memoryCost), ...floor('PASSWORD_HASH_PASSES', env.PASSWORD_HASH_PASSES, OWASP_PASSWORD_HASH.timeCost)];
}

export type Config = Readonly<z.infer<typeof schema>> & { readonly dialect: 'sqlite' | 'mysql' };

export class ConfigError extends Error {}

/** Parses the environment once; a bad variable stops the start with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])));
  const parsed = schema.safeParse(clean);
  const lines = [
    ...(parsed.error?.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`) ?? []),
    ...s3Issues(clean),
    ...smtpIssues(clean),
    ...(parsed.success ? passwordHashIssues(parsed.data) : []),
  ];
  if (!parsed.success || lines.length) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  const dialect = parsed.data.DATABASE_URL ? 'mysql' : 'sqlite';
  const s3 = parsed.data.MEDIA_S3_BUCKET
    ? {
        MEDIA_S3_REGION: parsed.data.MEDIA_S3_REGION ?? 'us-east-1',
        MEDIA_S3_FORCE_PATH_STYLE: parsed.data.MEDIA_S3_FORCE_PATH_STYLE ?? Boolean(parsed.data.MEDIA_S3_ENDPOINT),
      }
    : {};
  return Object.freeze({ ...parsed.data, ...s3, dialect });
}

const passwordHashSchema = z.object({ NODE_ENV: schema.shape.NODE_ENV, ...passwordHashShape });

/**
 * The argon2id cost of new password hashes, from the same variables (and rules) as loadConfig:
 * read on its own because hashing happens in the server, every CLI command and the tests alike.
 */
export function passwordHashing(env: NodeJS.ProcessEnv = process.env): { memoryCost: number; timeCost: number } {
  const clean = Object.fromEntries(Object.keys(passwordHashSchema.shape).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])));
  const parsed = passwordHashSchema.safeParse(clean);
  const lines = parsed.success ? passwordHashIssues(parsed.data) : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  if (!parsed.success || lines.length) throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  return { memoryCost: parsed.data.PASSWORD_HASH_MEMORY_KIB, timeCost: parsed.data.PASSWORD_HASH_PASSES };
}
