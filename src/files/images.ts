import type { Sharp } from 'sharp';
import { onFirstUse } from '../lib/on-first-use';
import { MediaRejected } from './errors';

export interface MediaOutput {
  /** `w320` … (responsive WebP, named by its real width), `fallback` (JPEG), `share`, `share-jpeg`, or `original` (PDF). */
  variant: string;
  format: 'webp' | 'jpeg' | 'pdf';
  width?: number;
  height?: number;
  buffer: Buffer;
  bytes: number;
}

export interface ImageOutput extends MediaOutput {
  format: 'webp' | 'jpeg';
  width: number;
  height: number;
}

export interface ImageOptions {
  /** Decoded size limit. 50 MP lets a 12-MP phone photo and a large panorama through, not a bomb. */
  maxPixels?: number;
  widths?: readonly number[];
  fallbackWidth?: number;
}

export const IMAGE_WIDTHS = [320, 640, 1280] as const;
export const SHARE_SIZE = { width: 1200, height: 630 } as const;
const MAX_PIXELS = 50_000_000;
// Bounds very tall images (posters, screenshots): WebP cannot exceed 16383 px on a side.
const MAX_OUTPUT_HEIGHT = 8000;
const ALLOWED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'heif', 'avif']);
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

/**
 * The raster format the magic bytes announce, or null. Only these reach sharp at all, so the SVG,
 * XML, TIFF, PDF … parsers inside libvips never see an upload.
 */
export function sniffImage(input: Buffer): 'jpeg' | 'png' | 'gif' | 'webp' | 'heif' | null {
  const ascii = (start: number, end: number) => input.subarray(start, end).toString('latin1');
  if (input.length < 12) return null;
  if (input[0] === 0xff && input[1] === 0xd8 && input[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'heif';
  return null;
}

function looksLikeSvg(input: Buffer): boolean {
  const head = input
    .subarray(0, 4096)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<') && /<svg[\s>]/i.test(head);
}

/** How a width set is clamped to the image: never upscaled, duplicates dropped. */
export function targetWidths(originalWidth: number, widths: readonly number[] = IMAGE_WIDTHS): number[] {
  return [...new Set(widths.map((w) => Math.min(w, originalWidth)))].sort((a, b) => a - b);
}

/** 1200×630 when the image is large enough; otherwise the largest 1200:630 crop, unscaled. */
export function shareSize(width: number, height: number): { width: number; height: number } {
  const { width: sw, height: sh } = SHARE_SIZE;
  if (width >= sw && height >= sh) return { width: sw, height: sh };
  const w = Math.max(1, Math.min(width, Math.floor((height * sw) / sh)));
  return { width: w, height: Math.max(1, Math.min(height, Math.round((w * sh) / sw))) };
}

async function readHeader(input: Buffer, maxPixels: number) {
  if (input.length === 0) throw new MediaRejected('media.rejected.empty');
  if (!sniffImage(input)) {
    throw new MediaRejected(looksLikeSvg(input) ? 'media.rejected.svg' : 'media.rejected.notImage');
  }
  // Header only; the pixel limit is checked here to give its own message (the pipeline enforces it again).
  const meta = await sharp()(input, { limitInputPixels: false })
    .metadata()
    .catch((err: unknown) => {
      throw new MediaRejected('media.rejected.notImage', {}, { cause: err });
    });
  if (meta.format === 'svg') throw new MediaRejected('media.rejected.svg');
  if (!ALLOWED_FORMATS.has(meta.format)) throw new MediaRejected('media.rejected.format', { format: meta.format });
  // Prebuilt sharp has no HEVC decoder; iPhone HEIC would otherwise fail as "not an image".
  if (meta.format === 'heif' && meta.compression === 'hevc') throw new MediaRejected('media.rejected.heic');
  if (!meta.width || !meta.height) throw new MediaRejected('media.rejected.notImage');
  if (meta.width * meta.height > maxPixels) {
    const mp = (n: number) => Math.round(n / 1e5) / 10;
    throw new MediaRejected('media.rejected.tooManyPixels', { megapixels: mp(meta.width * meta.height), max: mp(maxPixels) });
  }
  return { width: meta.autoOrient.width, height: meta.autoOrient.height };
}

async function render(pipeline: Sharp, variant: string, format: 'webp' | 'jpeg'): Promise<ImageOutput> {
  const encoded = format === 'webp' ? pipeline.webp({ quality: 78 }) : pipeline.flatten({ background: '#ffffff' }).jpeg({ quality: 80, progressive: true, mozjpeg: true });
  try {
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { variant, format, width: info.width, height: info.height, buffer: data, bytes: data.length };
  } catch (err) {
    // The header was fine but the pixels are not (truncated or corrupt data).
    throw new MediaRejected('media.rejected.notImage', {}, { cause: err });
  }
}

/**
 * Decode an upload (which proves it is an image), orient it, and re-encode it into the variants the
 * site serves. Nothing of the input but its pixels survives: sharp writes no metadata (EXIF, GPS,
 * XMP, ICC, comments) unless asked with withMetadata/keep*, which this module never calls.
 */
export function processImage(input: Buffer, opts: ImageOptions = {}): Promise<ImageOutput[]> {
  return oneImageAtATime(() => processNow(input, opts));
}

/**
 * Runs jobs strictly one after another, a failed one included. A photo being processed holds tens of
 * MB in libvips, outside the JS heap; a few uploads at once multiplied that peak past the server's
 * memory bound in `npm run soak` (README, "Soak"). Uploads are rare next to page views, so a short wait is cheap.
 */
export function serialized(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (job) => {
    const run = tail.then(job, job);
    tail = run.catch(() => undefined);
    return run;
  };
}
const oneImageAtATime = serialized();

const sharpPackage = onFirstUse<typeof import('sharp')>('sharp');
let settled = false;

/**
 * sharp, loaded on first use (src/lib/on-first-use.ts): a process that never handles an image never
 * loads libvips. Its settings are process-wide, so they are set here, whoever starts the process (npm
 * start, a service manager, tests): its operation cache (50 MB by default) would keep past uploads'
 * pixels, which no later upload reuses; one worker thread per pipeline keeps one set of its buffers.
 */
export function sharp(): typeof import('sharp') {
  const lib = sharpPackage();
  if (!settled) {
    lib.cache(false);
    lib.concurrency(1);
    settled = true;
  }
  return lib;
}

/**
 * The scale of the one downscaled copy every output is cut from: the largest any output needs (the
 * widest variant inside its height bound, or the share crop's cover), never above 1.
 */
export function workingScale(width: number, height: number, widest: number): number {
  const inside = Math.min(widest / width, MAX_OUTPUT_HEIGHT / height);
  const share = shareSize(width, height);
  const cover = Math.max(share.width / width, share.height / height);
  return Math.min(1, Math.max(inside, cover));
}

async function processNow(input: Buffer, opts: ImageOptions): Promise<ImageOutput[]> {
  const maxPixels = opts.maxPixels ?? MAX_PIXELS;
  const { width, height } = await readHeader(input, maxPixels);
  const widths = targetWidths(width, opts.widths);
  const fallbackWidth = Math.min(opts.fallbackWidth ?? 1280, width);
  const scale = workingScale(width, height, Math.max(fallbackWidth, ...widths));

  // The original is decoded once, into raw sRGB pixels no larger than the largest output needs (a
  // JPEG is shrunk while it is decoded when the scale allows it); every output is cut from that copy.
  // failOn 'error': cheap phones write JPEGs with harmless warnings (extra bytes before a marker);
  // sequentialRead streams the decode instead of holding the whole original.
  let decoded = sharp()(input, { limitInputPixels: maxPixels, sequentialRead: true, failOn: 'error' }).rotate();
  if (scale < 1) decoded = decoded.resize({ width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)), fit: 'fill' });
  const { data, info } = await decoded
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true })
    .catch((err: unknown) => {
      // The header was fine but the pixels are not (truncated or corrupt data).
      throw new MediaRejected('media.rejected.notImage', {}, { cause: err });
    });
  const copy = () => sharp()(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
  // Output sizes are worked out on the original's dimensions, as if each were cut from it.
  const resized = (w: number) => {
    const tall = (height * w) / width > MAX_OUTPUT_HEIGHT;
    const size = tall ? { width: Math.round((width * MAX_OUTPUT_HEIGHT) / height), height: MAX_OUTPUT_HEIGHT } : { width: w, height: Math.round((height * w) / width) };
    return copy().resize({ width: Math.max(1, size.width), height: Math.max(1, size.height), fit: 'fill' });
  };

  // One output at a time: peak memory stays at the copy and one pipeline.
  const outputs: ImageOutput[] = [];
  for (const w of widths) outputs.push(await render(resized(w), `w${w}`, 'webp'));
  outputs.push(await render(resized(fallbackWidth), 'fallback', 'jpeg'));
  const share = shareSize(width, height);
  const cover = () => copy().resize({ ...share, fit: 'cover', position: 'centre' });
  outputs.push(await render(cover(), 'share', 'webp'));
  outputs.push(await render(cover(), 'share-jpeg', 'jpeg'));
  return outputs;
}
