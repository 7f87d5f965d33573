import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

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
  SESSION_MAX_AGE_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  TRUST_PROXY: trustProxy.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_DIR: z.string().trim().min(1).default('uploads'),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(100).default(15),
});

export type Config = Readonly<z.infer<typeof schema>> & { readonly dialect: 'sqlite' | 'mysql' };

export class ConfigError extends Error {}

/** Parses the environment once; a bad variable stops the start with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const clean = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k] !== undefined && env[k] !== '' ? [[k, env[k]]] : [])),
  );
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const dialect = parsed.data.DATABASE_URL ? 'mysql' : 'sqlite';
  return Object.freeze({ ...parsed.data, dialect });
}
