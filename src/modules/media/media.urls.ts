import type { SavedFile } from '../../files';

/** The public address of one stored file (served by serve.ts, which checks who may see it). */
export function mediaUrl(file: Pick<SavedFile, 'key'>): string {
  return `/media/${file.key}`;
}

export interface ImageSources {
  /** JPEG fallback, for `src`. */
  src: string;
  /** The WebP widths, for `srcset` (pair with `sizes`). */
  srcset: string;
  width: number;
  height: number;
  /** The smallest WebP, for thumbnails. */
  thumb: string;
  /** The 1200×630 JPEG, for og:image. */
  share: string | null;
}

const widths = (files: readonly SavedFile[]) => files.filter((f) => /^w\d+$/.test(f.variant) && f.format === 'webp').sort((a, b) => (a.width ?? 0) - (b.width ?? 0));

/**
 * What an `<img>` needs: `<img src="<%= s.src %>" srcset="<%= s.srcset %>" sizes="…" width height
 * loading="lazy" alt>`. Null for a PDF (or a row without image files).
 */
export function imageSources(files: readonly SavedFile[]): ImageSources | null {
  const webp = widths(files);
  const fallback = files.find((f) => f.variant === 'fallback') ?? webp[webp.length - 1];
  if (!fallback || webp.length === 0) return null;
  const share = files.find((f) => f.variant === 'share-jpeg');
  return {
    src: mediaUrl(fallback),
    srcset: webp.map((f) => `${mediaUrl(f)} ${f.width}w`).join(', '),
    width: fallback.width ?? webp[webp.length - 1].width ?? 0,
    height: fallback.height ?? webp[webp.length - 1].height ?? 0,
    thumb: mediaUrl(webp[0]),
    share: share ? mediaUrl(share) : null,
  };
}

/** The stored PDF's address, or null for an image. */
export function documentUrl(files: readonly SavedFile[]): string | null {
  const pdf = files.find((f) => f.format === 'pdf');
  return pdf ? mediaUrl(pdf) : null;
}

/** "850 KB", "1,2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}
