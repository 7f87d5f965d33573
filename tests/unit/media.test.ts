import sharp from 'sharp';
import { MediaRejected } from '../../src/files/errors';
import { processImage, shareSize, sniffImage, targetWidths, workingScale, type ImageOutput } from '../../src/files/images';
import { checkPdf } from '../../src/files/pdf';
import { HTML_AS_JPG, PHP, SVG, bombPng, exifTags, jpegWithPayload, orientedJpeg, pdfBytes, photoJpeg, solid, withPngText } from '../support/images';

const byVariant = (outputs: ImageOutput[]) => Object.fromEntries(outputs.map((o) => [o.variant, o]));
const dims = (o: ImageOutput) => [o.format, o.width, o.height];

async function rejection(promise: Promise<unknown>): Promise<MediaRejected> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MediaRejected);
  return err as MediaRejected;
}

async function pixel(buffer: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(buffer).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

describe('processImage: metadata is stripped', () => {
  let input: Buffer;
  let outputs: ImageOutput[];
  beforeAll(async () => {
    input = await jpegWithPayload();
    outputs = await processImage(input);
  });

  it('the input really carries GPS, the PHP payload and a comment', async () => {
    const meta = await sharp(input).metadata();
    const tags = exifTags(meta.exif!);
    for (const tag of ['ifd0:010e', 'exif:9286', 'gps:0001', 'gps:0002', 'gps:0003', 'gps:0004']) expect(tags.has(tag)).toBe(true);
    expect(meta.exif!.includes(PHP)).toBe(true);
    expect(meta.xmp?.length).toBeGreaterThan(0);
    expect(input.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
    expect(input.toString('latin1').split(PHP).length - 1).toBeGreaterThanOrEqual(4);
  });

  it('no output has EXIF, GPS, XMP, ICC, IPTC, comments, or the PHP string', async () => {
    expect(outputs.length).toBeGreaterThanOrEqual(5);
    for (const out of outputs) {
      const meta = await sharp(out.buffer).metadata();
      expect([meta.exif, meta.xmp, meta.icc, meta.iptc, meta.comments]).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(out.buffer.includes(PHP)).toBe(false);
      expect(out.buffer.includes('<?php')).toBe(false);
      expect(out.buffer.includes('Exif')).toBe(false);
      expect(out.buffer.includes('EXIF')).toBe(false);
    }
  });

  it('PNG text chunks are dropped too', async () => {
    const png = withPngText(await solid(300, 200).png().toBuffer(), 'Comment', PHP);
    expect((await sharp(png).metadata()).comments).toEqual([{ keyword: 'Comment', text: PHP }]);
    for (const out of await processImage(png)) expect(out.buffer.includes(PHP)).toBe(false);
  });
});

describe('processImage: variants', () => {
  // A 3-MP photo gives every variant a 12-MP one gives, at a quarter of the work; the real 12-MP phone
  // photo goes through the whole stack once, in tests/e2e/shrink-photos.test.ts (JavaScript off).
  it('a 3-MP 4:3 photo yields 320/640/1280 WebP, a 1200×630 share image and a 1280 JPEG fallback', async () => {
    const photo = await photoJpeg(2000, 1500);
    const started = performance.now();
    const outputs = await processImage(photo);
    const ms = Math.round(performance.now() - started);
    process.stdout.write(`3-MP photo (${(photo.length / 1e6).toFixed(1)} MB JPEG) processed in ${ms} ms\n`);
    const v = byVariant(outputs);
    expect(Object.keys(v)).toEqual(['w320', 'w640', 'w1280', 'fallback', 'share', 'share-jpeg']);
    expect(dims(v.w320)).toEqual(['webp', 320, 240]);
    expect(dims(v.w640)).toEqual(['webp', 640, 480]);
    expect(dims(v.w1280)).toEqual(['webp', 1280, 960]);
    expect(dims(v.fallback)).toEqual(['jpeg', 1280, 960]);
    expect(dims(v.share)).toEqual(['webp', 1200, 630]);
    expect(dims(v['share-jpeg'])).toEqual(['jpeg', 1200, 630]);
    for (const out of outputs) {
      const meta = await sharp(out.buffer).metadata();
      expect([meta.format, meta.width, meta.height, out.bytes]).toEqual([out.format, out.width, out.height, out.buffer.length]);
    }
    expect(ms).toBeLessThan(20000);
  });

  it('a 200×150 image is never upscaled', async () => {
    const v = byVariant(await processImage(await solid(200, 150).png().toBuffer()));
    expect(Object.keys(v)).toEqual(['w200', 'fallback', 'share', 'share-jpeg']);
    expect(dims(v.w200)).toEqual(['webp', 200, 150]);
    expect(dims(v.fallback)).toEqual(['jpeg', 200, 150]);
    expect(dims(v.share)).toEqual(['webp', 200, 105]);
  });

  it('clamps the width set and the share crop without enlarging', () => {
    expect(targetWidths(500)).toEqual([320, 500]);
    expect(targetWidths(5000)).toEqual([320, 640, 1280]);
    expect(shareSize(1000, 2000)).toEqual({ width: 1000, height: 525 });
    expect(shareSize(5000, 100)).toEqual({ width: 190, height: 100 });
  });

  it('cuts every output from one copy no smaller than the largest output needs', async () => {
    expect(workingScale(4000, 3000, 1280)).toBe(0.32);
    // A panorama's share crop needs 630 px of height: the copy keeps them, not just 1280 px of width.
    expect(workingScale(8000, 1000, 1280)).toBe(0.63);
    expect(workingScale(200, 150, 200)).toBe(1);
    const v = byVariant(await processImage(await solid(6000, 800).jpeg().toBuffer()));
    expect(dims(v.w1280)).toEqual(['webp', 1280, 171]);
    expect(dims(v.share)).toEqual(['webp', 1200, 630]);
    expect(dims(v['share-jpeg'])).toEqual(['jpeg', 1200, 630]);
  });

  it('auto-rotates an orientation-6 JPEG (dimensions swapped, pixels turned)', async () => {
    const input = await orientedJpeg(6);
    expect(await sharp(input).metadata()).toMatchObject({ width: 1600, height: 800, orientation: 6 });
    const v = byVariant(await processImage(input));
    expect(dims(v.w640)).toEqual(['webp', 640, 1280]);
    expect(dims(v.w800)).toEqual(['webp', 800, 1600]);
    expect(dims(v.fallback)).toEqual(['jpeg', 800, 1600]);
    expect((await sharp(v.w640.buffer).metadata()).orientation).toBeUndefined();
    // Orientation 6 = turn 90° clockwise: the stored left (red) half becomes the top.
    const [top, bottom] = [await pixel(v.fallback.buffer, 400, 100), await pixel(v.fallback.buffer, 400, 1500)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(50);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(50);
  });

  it('flattens transparency onto white in the JPEG outputs', async () => {
    const v = byVariant(await processImage(await solid(400, 300, '#00000000', 4).png().toBuffer()));
    expect(await pixel(v.fallback.buffer, 10, 10)).toEqual([255, 255, 255]);
    expect((await sharp(v.w320.buffer).metadata()).hasAlpha).toBe(true);
  });

  it.each(['png', 'webp', 'gif', 'avif'] as const)('accepts %s input and re-encodes it', async (format) => {
    const input = await solid(700, 400)[format]().toBuffer();
    const v = byVariant(await processImage(input));
    expect(dims(v.w640)).toEqual(['webp', 640, 366]);
    expect(v.fallback.format).toBe('jpeg');
  });
});

describe('processImage: refusals', () => {
  it('refuses an HTML file named .jpg', async () => {
    const err = await rejection(processImage(HTML_AS_JPG));
    expect(err.messageKey).toBe('media.rejected.notImage');
    expect(err.message).toMatch(/bukan gambar/);
  });

  it('refuses SVG, even though sharp could render it', async () => {
    expect((await sharp(SVG).metadata()).format).toBe('svg');
    const err = await rejection(processImage(SVG));
    expect(err.messageKey).toBe('media.rejected.svg');
    expect(err.message).toMatch(/SVG tidak diterima/);
    expect((await rejection(processImage(Buffer.concat([Buffer.from('\uFEFF<?xml version="1.0"?>\n'), SVG])))).messageKey).toBe('media.rejected.svg');
  });

  it('refuses a decompression-bomb PNG quickly, before decoding it', async () => {
    const bomb = bombPng(20000, 20000);
    expect(bomb.length).toBeLessThan(100_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({ format: 'png', width: 20000, height: 20000 });
    const started = performance.now();
    const err = await rejection(processImage(bomb));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(err.messageKey).toBe('media.rejected.tooManyPixels');
    expect(err.message).toBe('Gambar terlalu besar (400 megapiksel). Batasnya 50 megapiksel; perkecil gambar lalu unggah lagi.');
  });

  it('honours a lower pixel limit', async () => {
    const err = await rejection(processImage(await solid(1000, 1000).png().toBuffer(), { maxPixels: 500_000 }));
    expect(err.vars).toEqual({ megapixels: 1, max: 0.5 });
  });

  it('refuses formats outside the allowlist (TIFF), empty files, and JPEG magic followed by junk', async () => {
    const tiff = await solid(50, 50).tiff().toBuffer();
    expect(sniffImage(tiff)).toBeNull();
    expect((await rejection(processImage(tiff))).messageKey).toBe('media.rejected.notImage');
    expect((await rejection(processImage(Buffer.alloc(0)))).messageKey).toBe('media.rejected.empty');
    const polyglot = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), HTML_AS_JPG]);
    expect((await rejection(processImage(polyglot))).messageKey).toBe('media.rejected.notImage');
  });

  it('refuses a truncated JPEG whose header is intact but whose pixels stop early', async () => {
    const photo = await photoJpeg(1000, 800);
    const truncated = photo.subarray(0, Math.floor(photo.length * 0.6));
    expect((await sharp(truncated).metadata()).width).toBe(1000);
    expect((await rejection(processImage(truncated))).messageKey).toBe('media.rejected.notImage');
  });
});

describe('checkPdf', () => {
  it('accepts a PDF by its bytes and keeps them as they are', () => {
    const pdf = pdfBytes();
    expect(checkPdf(pdf)).toEqual({ variant: 'original', format: 'pdf', buffer: pdf, bytes: pdf.length });
    expect(() => checkPdf(Buffer.concat([pdf, Buffer.alloc(500, 0x20)]))).not.toThrow();
  });

  it.each([
    ['HTML', HTML_AS_JPG],
    ['no %%EOF (truncated)', pdfBytes().subarray(0, 40)],
    ['%PDF- not at byte 0', Buffer.concat([Buffer.from('<html>'), pdfBytes()])],
    ['%%EOF far from the end', Buffer.concat([pdfBytes(), Buffer.alloc(2000, 0x41)])],
    ['empty', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(() => checkPdf(bytes)).toThrow(MediaRejected);
  });
});
