import { ConfigError, loadConfig } from '../../src/config';
import { LocalStorage, S3Storage, storageFromConfig, storageLabel } from '../../src/files';

const KEYS = { MEDIA_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', MEDIA_S3_SECRET_ACCESS_KEY: 'rahasia-sekali' };

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('MEDIA_S3_* configuration', () => {
  test('unset: no S3 fields, the local store', () => {
    const config = loadConfig({});
    expect(Object.keys(config).filter((k) => k.startsWith('MEDIA_S3_'))).toEqual([]);
    expect(storageFromConfig(config)).toBeInstanceOf(LocalStorage);
  });

  test('a bucket with its keys: defaults for region and path style, the S3 store', () => {
    const config = loadConfig({ MEDIA_S3_BUCKET: 'pendopo-media', ...KEYS });
    expect(config).toMatchObject({ MEDIA_S3_BUCKET: 'pendopo-media', MEDIA_S3_REGION: 'us-east-1', MEDIA_S3_FORCE_PATH_STYLE: false });
    expect(config.MEDIA_S3_ENDPOINT).toBeUndefined();
    const storage = storageFromConfig(config);
    expect(storage).toBeInstanceOf(S3Storage);
    expect(String(storage)).toBe('s3://pendopo-media/');
  });

  test('an endpoint turns path style on unless told otherwise; the prefix gets one trailing slash', () => {
    const env = { MEDIA_S3_BUCKET: 'media', MEDIA_S3_ENDPOINT: 'http://127.0.0.1:9000', MEDIA_S3_PREFIX: 'pendopo/klampok', ...KEYS };
    expect(loadConfig(env)).toMatchObject({ MEDIA_S3_FORCE_PATH_STYLE: true, MEDIA_S3_PREFIX: 'pendopo/klampok/' });
    expect(loadConfig({ ...env, MEDIA_S3_FORCE_PATH_STYLE: 'false', MEDIA_S3_PREFIX: 'x/' })).toMatchObject({
      MEDIA_S3_FORCE_PATH_STYLE: false,
      MEDIA_S3_PREFIX: 'x/',
    });
    expect(loadConfig({ ...env, MEDIA_S3_REGION: 'ap-southeast-3' }).MEDIA_S3_REGION).toBe('ap-southeast-3');
  });

  test.each(['MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY'])('a bucket without %s is refused, naming it', (name) => {
    const env: Record<string, string> = { MEDIA_S3_BUCKET: 'media', ...KEYS, [name]: '' };
    const message = configError(env);
    expect(message).toMatch(/^Invalid configuration:\n/);
    expect(message).toContain(`  ${name}: wajib diisi bila MEDIA_S3_BUCKET diisi`);
    expect(message.split('\n')).toHaveLength(2);
  });

  test('a bucket with no keys at all names both, and other bad variables too', () => {
    const message = configError({ MEDIA_S3_BUCKET: 'media', PORT: 'x' });
    for (const name of ['PORT', 'MEDIA_S3_ACCESS_KEY_ID', 'MEDIA_S3_SECRET_ACCESS_KEY']) expect(message).toContain(`  ${name}: `);
  });

  test('keys or an endpoint without a bucket are refused, naming MEDIA_S3_BUCKET', () => {
    const message = configError({ ...KEYS, MEDIA_S3_ENDPOINT: 'http://minio:9000' });
    expect(message).toContain('  MEDIA_S3_BUCKET: wajib diisi bila MEDIA_S3_ENDPOINT, MEDIA_S3_ACCESS_KEY_ID, MEDIA_S3_SECRET_ACCESS_KEY diisi');
  });

  test.each(['minio:9000', 'ftp://minio:9000', 'http//minio', 'http://', 'javascript:alert(1)'])('a bad endpoint (%s) is refused', (endpoint) => {
    const message = configError({ MEDIA_S3_BUCKET: 'media', MEDIA_S3_ENDPOINT: endpoint, ...KEYS });
    expect(message).toContain('  MEDIA_S3_ENDPOINT: harus berupa URL http(s)://');
  });

  test.each(['https://s3.ap-southeast-3.amazonaws.com', 'http://127.0.0.1:9000', 'https://minio.example.id/s3'])('endpoint %s is accepted', (endpoint) => {
    expect(loadConfig({ MEDIA_S3_BUCKET: 'media', MEDIA_S3_ENDPOINT: endpoint, ...KEYS }).MEDIA_S3_ENDPOINT).toBe(endpoint);
  });

  test.each([
    ['MEDIA_S3_BUCKET', 'Media_Bucket'],
    ['MEDIA_S3_BUCKET', 'ab'],
    ['MEDIA_S3_PREFIX', '/pendopo'],
    ['MEDIA_S3_PREFIX', 'pendopo/../x'],
    ['MEDIA_S3_PREFIX', 'a b'],
    ['MEDIA_S3_FORCE_PATH_STYLE', 'kadang'],
    ['MEDIA_S3_REGION', 'US East'],
  ])('a bad %s (%s) names the variable', (name, value) => {
    const message = configError({ MEDIA_S3_BUCKET: 'media', ...KEYS, [name]: value });
    expect(message).toContain(`  ${name}: `);
  });

  test('the label and errors never show the secret', () => {
    const env = { MEDIA_S3_BUCKET: 'media', MEDIA_S3_ENDPOINT: 'http://user:pw@127.0.0.1:9000/', ...KEYS };
    expect(storageLabel(loadConfig(env))).toBe('s3://media/ at http://127.0.0.1:9000');
    expect(storageLabel(loadConfig({}))).toMatch(/uploads$/);
    expect(configError({ ...env, PORT: 'x' })).not.toContain('rahasia-sekali');
    expect(String(storageFromConfig(loadConfig(env)))).not.toContain('rahasia');
    expect(JSON.stringify(storageFromConfig(loadConfig(env)))).not.toContain('rahasia-sekali');
  });
});
