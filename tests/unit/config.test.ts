import { ConfigError, OWASP_PASSWORD_HASH, loadConfig, passwordHashing, tileSource } from '../../src/config';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  test('defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      NODE_ENV: 'development',
      PORT: 3000,
      BIND_ADDRESS: '0.0.0.0',
      SQLITE_PATH: 'data/pendopo.sqlite',
      MIGRATE_ON_START: true,
      SESSION_MAX_AGE_HOURS: 12,
      TRUST_PROXY: false,
      LOG_LEVEL: 'info',
      PAGE_CACHE: true,
      PAGE_CACHE_WAIT_MS: 2000,
      MAP_TILE_URL: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
      MAP_TILE_ATTRIBUTION: '© Kontributor OpenStreetMap',
      UPLOAD_DIR: 'uploads',
      UPLOAD_MAX_MB: 15,
      PASSWORD_HASH_MEMORY_KIB: 19_456,
      PASSWORD_HASH_PASSES: 2,
      dialect: 'sqlite',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('empty variables count as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({ PORT: 3000, dialect: 'sqlite' });
  });

  test('DATABASE_URL selects mysql', () => {
    const config = loadConfig({ DATABASE_URL: 'mysql://pendopo:rahasia@db:3306/pendopo' });
    expect(config.dialect).toBe('mysql');
    expect(config.DATABASE_URL).toBe('mysql://pendopo:rahasia@db:3306/pendopo');
  });

  test.each(['abc', '70000', '-1', '3.5'])('a bad PORT (%s) names the variable', (port) => {
    expect(configError({ PORT: port }).message).toMatch(/^Invalid configuration:\n {2}PORT: /);
  });

  test.each(['postgres://u@h/db', 'pendopo.sqlite', 'mysql://'])('a bad DATABASE_URL (%s) names the variable', (url) => {
    const err = configError({ DATABASE_URL: url });
    expect(err.message).toContain('DATABASE_URL: harus berbentuk mysql://');
    expect(err.message).not.toContain('PORT');
  });

  test('every bad variable is named at once', () => {
    const err = configError({ PORT: 'x', SESSION_SECRET: 'short', NODE_ENV: 'staging', MIGRATE_ON_START: 'maybe' });
    for (const name of ['PORT', 'SESSION_SECRET', 'NODE_ENV', 'MIGRATE_ON_START']) expect(err.message).toContain(`  ${name}: `);
  });

  test('PAGE_CACHE_WAIT_MS: 0 (no waiting) up to a minute, refused beyond', () => {
    expect(loadConfig({ PAGE_CACHE_WAIT_MS: '0' }).PAGE_CACHE_WAIT_MS).toBe(0);
    expect(() => loadConfig({ PAGE_CACHE_WAIT_MS: '60001' })).toThrow(/PAGE_CACHE_WAIT_MS/);
  });

  test('PORT and flags are parsed', () => {
    const config = loadConfig({ PORT: '8080', MIGRATE_ON_START: 'no', SESSION_MAX_AGE_HOURS: '24', NODE_ENV: 'production' });
    expect(config).toMatchObject({ PORT: 8080, MIGRATE_ON_START: false, SESSION_MAX_AGE_HOURS: 24, NODE_ENV: 'production' });
  });

  test.each([
    ['1', 1],
    ['0', false],
    ['false', false],
    ['true', true],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ] as const)('TRUST_PROXY=%s', (raw, expected) => {
    expect(loadConfig({ TRUST_PROXY: raw }).TRUST_PROXY).toEqual(expected);
  });

  test('unrelated variables are ignored', () => {
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin' })).not.toThrow();
  });

  test('password hashing below the OWASP baseline is refused outside tests, naming each variable', () => {
    const cheap = { PASSWORD_HASH_MEMORY_KIB: '64', PASSWORD_HASH_PASSES: '1' };
    for (const NODE_ENV of ['production', 'development']) {
      const err = configError({ NODE_ENV, ...cheap });
      expect(err.message).toContain('PASSWORD_HASH_MEMORY_KIB: minimal 19456');
      expect(err.message).toContain('PASSWORD_HASH_PASSES: minimal 2');
      expect(() => passwordHashing({ NODE_ENV, ...cheap })).toThrow(/PASSWORD_HASH_MEMORY_KIB: minimal 19456/);
    }
    expect(loadConfig({ NODE_ENV: 'test', ...cheap })).toMatchObject({ PASSWORD_HASH_MEMORY_KIB: 64, PASSWORD_HASH_PASSES: 1 });
    expect(passwordHashing({ NODE_ENV: 'test', ...cheap })).toEqual({ memoryCost: 64, timeCost: 1 });
    // More than the baseline is always allowed.
    expect(passwordHashing({ NODE_ENV: 'production', PASSWORD_HASH_MEMORY_KIB: '65536', PASSWORD_HASH_PASSES: '3' })).toEqual({ memoryCost: 65536, timeCost: 3 });
    expect(configError({ PASSWORD_HASH_PASSES: 'dua' }).message).toContain('PASSWORD_HASH_PASSES');
  });

  test('production hashes passwords at the OWASP argon2id baseline: 19 MiB, 2 passes', () => {
    expect(OWASP_PASSWORD_HASH).toEqual({ memoryCost: 19_456, timeCost: 2 });
    expect(passwordHashing({ NODE_ENV: 'production' })).toEqual(OWASP_PASSWORD_HASH);
    expect(passwordHashing({})).toEqual(OWASP_PASSWORD_HASH);
  });
});

describe('SMTP variables', () => {
  const FROM = 'Pendopo <pendopo@example.id>';

  test('SMTP_URL or SMTP_HOST with its companions is accepted', () => {
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.id:465', SMTP_FROM: FROM })).toMatchObject({ SMTP_URL: 'smtps://u:p@mail.example.id:465', SMTP_FROM: FROM });
    expect(loadConfig({ SMTP_HOST: 'mail.example.id', SMTP_PORT: '587', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_SECURE: 'false', SMTP_FROM: 'pendopo@example.id' })).toMatchObject({
      SMTP_HOST: 'mail.example.id',
      SMTP_PORT: 587,
      SMTP_SECURE: false,
    });
  });

  test.each([
    [{ SMTP_URL: 'http://mail.example.id', SMTP_FROM: FROM }, 'SMTP_URL: harus berupa URL smtp://'],
    [{ SMTP_HOST: 'mail example', SMTP_FROM: FROM }, 'SMTP_HOST: nama host'],
    [{ SMTP_HOST: 'mail.example.id', SMTP_PORT: '99999', SMTP_FROM: FROM }, 'SMTP_PORT: harus berupa angka'],
    [{ SMTP_HOST: 'mail.example.id', SMTP_PORT: 'dua', SMTP_FROM: FROM }, 'SMTP_PORT: harus berupa angka'],
    [{ SMTP_HOST: 'mail.example.id', SMTP_SECURE: 'mungkin', SMTP_FROM: FROM }, 'SMTP_SECURE: '],
    [{ SMTP_HOST: 'mail.example.id', SMTP_FROM: 'bukan alamat' }, 'SMTP_FROM: harus berupa alamat email'],
    [{ SMTP_HOST: 'mail.example.id' }, 'SMTP_FROM: wajib diisi'],
    [{ SMTP_PORT: '587', SMTP_FROM: FROM }, 'SMTP_HOST: wajib diisi bila SMTP_PORT, SMTP_FROM diisi'],
    [{ SMTP_HOST: 'mail.example.id', SMTP_USER: 'u', SMTP_FROM: FROM }, 'SMTP_PASSWORD: wajib diisi bersama SMTP_USER'],
    [{ SMTP_URL: 'smtp://mail.example.id', SMTP_HOST: 'mail.example.id', SMTP_FROM: FROM }, 'SMTP_URL: isi SMTP_URL atau SMTP_HOST'],
    [{ SMTP_URL: 'smtp://mail.example.id', SMTP_PORT: '25', SMTP_FROM: FROM }, 'SMTP_PORT: tidak dipakai bersama SMTP_URL'],
  ])('%j is refused with one line naming the variable', (env, line) => {
    const err = configError(env as Record<string, string>);
    expect(err.message).toContain(`  ${line}`);
    expect(err.message).not.toContain('u:p@');
  });

  test('a password is never echoed', () => {
    const err = configError({ SMTP_URL: 'ftp://user:rahasia-sekali@mail.example.id', SMTP_FROM: FROM });
    expect(err.message).not.toContain('rahasia-sekali');
  });
});

describe('map tiles and log format', () => {
  test('MAP_TILE_URL: an http(s) XYZ address; its CSP source is its origin, {s} a wildcard', () => {
    expect(loadConfig({ MAP_TILE_URL: 'https://peta.banjarnegarakab.go.id:8443/tiles/{z}/{x}/{y}.png' }).MAP_TILE_URL).toBe('https://peta.banjarnegarakab.go.id:8443/tiles/{z}/{x}/{y}.png');
    expect(tileSource('https://peta.banjarnegarakab.go.id:8443/tiles/{z}/{x}/{y}.png')).toBe('https://peta.banjarnegarakab.go.id:8443');
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}{r}.png')).toBe('https://*.tile.example.org');
    expect(tileSource('http://127.0.0.1:9/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:9');
  });

  test.each([
    ['no placeholders', 'https://tile.example.org/map.png'],
    ['another scheme', 'javascript:alert(1)//{z}/{x}/{y}'],
    ['ftp', 'ftp://tile.example.org/{z}/{x}/{y}.png'],
    ['credentials', 'https://user:pw@tile.example.org/{z}/{x}/{y}.png'],
    ['an unknown placeholder', 'https://tile.example.org/{z}/{x}/{y}.png?key={apikey}'],
  ])('MAP_TILE_URL with %s is refused, naming the variable', (_name, value) => {
    expect(configError({ MAP_TILE_URL: value }).message).toMatch(/MAP_TILE_URL: harus berupa alamat http\(s\):\/\/ dengan \{z\}/);
  });

  test('MAP_TILE_ATTRIBUTION: at most 200 characters', () => {
    expect(loadConfig({ MAP_TILE_ATTRIBUTION: '© Pemkab Banjarnegara' }).MAP_TILE_ATTRIBUTION).toBe('© Pemkab Banjarnegara');
    expect(configError({ MAP_TILE_ATTRIBUTION: 'x'.repeat(201) }).message).toContain('MAP_TILE_ATTRIBUTION: paling banyak 200 karakter');
  });

  test('LOG_FORMAT: json or pretty', () => {
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(configError({ LOG_FORMAT: 'xml' }).message).toContain('LOG_FORMAT: json atau pretty');
  });
});
