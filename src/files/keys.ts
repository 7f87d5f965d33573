import { randomBytes } from 'node:crypto';
import { StorageError } from './errors';

export type MediaFormat = 'webp' | 'jpeg' | 'pdf';

const EXTENSION: Record<MediaFormat, string> = { webp: 'webp', jpeg: 'jpg', pdf: 'pdf' };
const CONTENT_TYPE: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', pdf: 'application/pdf' };

/**
 * Every key is made by mediaKey(): `2026/11/<22 base64url chars>-<variant>.<ext>`. Nothing else is
 * accepted, so a key taken from a URL can never name a path outside the store.
 */
export const KEY_PATTERN = /^\d{4}\/(0[1-9]|1[0-2])\/[A-Za-z0-9_-]{22}-(w\d{1,5}|fallback|share|share-jpeg|original)\.(webp|jpg|pdf)$/;

export function isMediaKey(key: unknown): key is string {
  return typeof key === 'string' && KEY_PATTERN.test(key);
}

export function assertMediaKey(key: string): void {
  if (!isMediaKey(key)) throw new StorageError('invalid_key', String(key));
}

/** 128 random bits: unguessable, so a draft's photos cannot be found before it is published. */
export function newMediaId(): string {
  return randomBytes(16).toString('base64url');
}

export function mediaKey(id: string, variant: string, format: MediaFormat, now: Date = new Date()): string {
  const month = String(now.getUTCMonth() + 1).padStart(2, '0');
  const key = `${now.getUTCFullYear()}/${month}/${id}-${variant}.${EXTENSION[format]}`;
  assertMediaKey(key);
  return key;
}

export function contentTypeFor(key: string): string {
  assertMediaKey(key);
  return CONTENT_TYPE[key.slice(key.lastIndexOf('.') + 1)];
}
