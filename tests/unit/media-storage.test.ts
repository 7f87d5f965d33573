import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StorageError } from '../../src/files/errors';
import { contentTypeFor, isMediaKey, mediaKey, newMediaId } from '../../src/files/keys';
import { LocalStorage } from '../../src/files/storage';

let dir: string;
let storage: LocalStorage;
const key = (variant = 'w640', format: 'webp' | 'jpeg' | 'pdf' = 'webp') => mediaKey(newMediaId(), variant, format, new Date('2026-11-23T10:00:00Z'));

async function storageError(promise: Promise<unknown>): Promise<StorageError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  return err as StorageError;
}

async function filesUnder(root: string): Promise<string[]> {
  return (await fs.readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pendopo-media-'));
  storage = new LocalStorage(path.join(dir, 'uploads'));
});
afterEach(async () => {
  jest.restoreAllMocks();
  await fs.rm(dir, { recursive: true, force: true });
});

describe('media keys', () => {
  it('are random, dated and typed', () => {
    const k = key();
    expect(k).toMatch(/^2026\/11\/[A-Za-z0-9_-]{22}-w640\.webp$/);
    expect(key()).not.toBe(k);
    expect(contentTypeFor(k)).toBe('image/webp');
    expect(contentTypeFor(key('fallback', 'jpeg'))).toBe('image/jpeg');
    expect(contentTypeFor(key('original', 'pdf'))).toBe('application/pdf');
  });

  it.each([
    '../../etc/passwd',
    '/etc/passwd',
    '2026/11/../../../etc/passwd',
    `2026/11/${'a'.repeat(22)}-w640.webp/../../../../x`,
    `2026/11/${'a'.repeat(22)}-w640.php`,
    `2026\\11\\${'a'.repeat(22)}-w640.webp`,
    `2026/11/${'a'.repeat(22)}-w640.webp\0`,
    `2026/11/%2e%2e%2f${'a'.repeat(13)}-w640.webp`,
    `/2026/11/${'a'.repeat(22)}-w640.webp`,
    '',
  ])('refuses the key %j for every operation', async (bad) => {
    expect(isMediaKey(bad)).toBe(false);
    for (const op of [() => storage.put(bad, Buffer.from('x'), 'image/webp'), () => storage.get(bad), () => storage.stream(bad), () => storage.delete(bad), () => storage.exists(bad)]) {
      expect((await storageError(op())).reason).toBe('invalid_key');
    }
    expect(() => storage.pathFor(bad)).toThrow(StorageError);
    expect(await fs.readdir(dir)).toEqual([]);
  });
});

describe('LocalStorage', () => {
  it('puts, reads, streams, lists and deletes', async () => {
    const k = key();
    const data = Buffer.from('RIFF....WEBPdata');
    expect(await storage.exists(k)).toBe(false);
    await storage.put(k, data, 'image/webp');
    expect(await storage.exists(k)).toBe(true);
    expect(await storage.get(k)).toEqual(data);
    expect(storage.pathFor(k)).toBe(path.join(dir, 'uploads', ...k.split('/')));
    const { body, bytes } = await storage.stream(k);
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    expect([Buffer.concat(chunks), bytes]).toEqual([data, data.length]);
    const listed = [];
    for await (const o of storage.list()) listed.push(o);
    expect(listed.map((o) => [o.key, o.bytes])).toEqual([[k, data.length]]);
    expect(Math.abs(listed[0].modifiedAt.getTime() - Date.now())).toBeLessThan(60_000);
    await storage.delete(k);
    await storage.delete(k); // idempotent
    expect(await storage.exists(k)).toBe(false);
  });

  it('resolves a relative root against the project, not the process cwd', () => {
    expect(new LocalStorage().root).toBe(path.resolve(__dirname, '../../uploads'));
  });

  it('writes to a temporary file in the same directory and renames it into place', async () => {
    const k = key();
    const target = storage.pathFor(k);
    await storage.put(k, Buffer.from('old'), 'image/webp');
    const data = Buffer.alloc(256 * 1024, 7);
    const seen: { dir: string; tmp: Buffer; target: string }[] = [];
    const rename = fs.rename;
    jest.spyOn(fs, 'rename').mockImplementation(async (from, to) => {
      seen.push({ dir: path.dirname(String(from)), tmp: await fs.readFile(from), target: (await fs.readFile(to)).toString() });
      return rename(from, to);
    });
    await storage.put(k, data, 'image/webp');
    expect(seen).toHaveLength(1);
    expect(seen[0].dir).toBe(path.dirname(target));
    expect(seen[0].tmp.equals(data)).toBe(true); // complete before it becomes visible
    expect(seen[0].target).toBe('old'); // readers saw the old file until the rename
    expect((await fs.readFile(target)).equals(data)).toBe(true);
    expect(await filesUnder(dir)).toEqual([path.join('uploads', ...k.split('/'))]);
  });

  it.each([
    ['ENOSPC', 'no_space', /penuh/],
    ['EDQUOT', 'no_space', /penuh/],
    ['EACCES', 'permission', /bermasalah/],
    ['EROFS', 'permission', /bermasalah/],
    ['EIO', 'io', /bermasalah/],
  ])('a failing disk (%s) is a StorageError %s and leaves nothing behind', async (code, reason, message) => {
    const k = key();
    jest.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error(`${code}: simulated`), { code }));
    const err = await storageError(storage.put(k, Buffer.from('data'), 'image/webp'));
    expect([err.reason, err.key]).toEqual([reason, k]);
    expect(err.message).toMatch(message);
    expect((err.cause as NodeJS.ErrnoException).code).toBe(code);
    expect(await filesUnder(dir)).toEqual([]);
  });

  it('a root that is not a directory fails with a StorageError, not a crash', async () => {
    await fs.writeFile(path.join(dir, 'file'), 'x');
    const broken = new LocalStorage(path.join(dir, 'file'));
    expect((await storageError(broken.put(key(), Buffer.from('x'), 'image/webp'))).reason).toBe('io');
  });

  it('reports missing files as not_found', async () => {
    expect((await storageError(storage.get(key()))).reason).toBe('not_found');
    expect((await storageError(storage.stream(key()))).reason).toBe('not_found');
  });

  it('lists only media keys, skipping temporary and foreign files', async () => {
    const k = key('share', 'jpeg');
    await storage.put(k, Buffer.from('x'), 'image/jpeg');
    const month = path.dirname(storage.pathFor(k));
    await fs.writeFile(path.join(month, `.${path.basename(k)}.abc.tmp`), 'partial');
    await fs.writeFile(path.join(month, 'shell.php'), PHP_SHELL);
    await fs.writeFile(path.join(storage.root, '.gitkeep'), '');
    await fs.mkdir(path.join(storage.root, 'tmp'), { recursive: true });
    const keys = [];
    for await (const o of storage.list()) keys.push(o.key);
    expect(keys).toEqual([k]);
  });

  it('lists nothing when the root does not exist yet', async () => {
    const keys = [];
    for await (const o of new LocalStorage(path.join(dir, 'none')).list()) keys.push(o.key);
    expect(keys).toEqual([]);
  });
});

const PHP_SHELL = "<?php system($_GET['c']); ?>";
