import sharp from 'sharp';
import { MediaRejected, processImage } from '../../src/files';
import { serialized } from '../../src/files/images';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}
const settle = () => new Promise((r) => setImmediate(r));

describe('serialized', () => {
  test('a job starts only once the one before it has finished, in call order', async () => {
    const run = serialized();
    const started: string[] = [];
    const a = deferred<string>();
    const b = deferred<string>();
    const pa = run(() => (started.push('a'), a.promise));
    const pb = run(() => (started.push('b'), b.promise));
    const pc = run(async () => (started.push('c'), 'c'));
    await settle();
    expect(started).toEqual(['a']);
    a.resolve('a');
    await settle();
    expect(started).toEqual(['a', 'b']);
    b.resolve('b');
    expect(await Promise.all([pa, pb, pc])).toEqual(['a', 'b', 'c']);
  });

  test('a failed job passes its error to its caller and does not stop the next one', async () => {
    const run = serialized();
    const failing = run(() => Promise.reject(new Error('rusak')));
    const next = run(async () => 'jalan');
    await expect(failing).rejects.toThrow('rusak');
    await expect(next).resolves.toBe('jalan');
  });
});

describe('processImage under concurrent uploads', () => {
  test('every call gets its own variants, and a refused upload in between blocks nobody', async () => {
    const jpeg = (w: number, h: number) =>
      sharp({ create: { width: w, height: h, channels: 3, background: '#2e7d32' } })
        .jpeg()
        .toBuffer();
    const [one, two] = await Promise.all([jpeg(900, 600), jpeg(700, 700)]);
    const results = await Promise.allSettled([processImage(one), processImage(Buffer.from('<html>bukan gambar</html>')), processImage(two)]);
    expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(MediaRejected) });
    const widths = (r: PromiseSettledResult<{ variant: string; width: number }[]>) => (r.status === 'fulfilled' ? r.value.find((o) => o.variant === 'fallback')?.width : null);
    expect(widths(results[0])).toBe(900);
    expect(widths(results[2])).toBe(700);
  });
});
