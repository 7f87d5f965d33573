import { mediaMessage, type MediaMessageKey, type MessageVars } from './messages';

/** The upload itself is unacceptable (not an image, SVG, too many pixels, not a PDF). Show `message` to the user. */
export class MediaRejected extends Error {
  override readonly name = 'MediaRejected';
  constructor(
    readonly messageKey: MediaMessageKey,
    readonly vars: MessageVars = {},
    options?: { cause?: unknown },
  ) {
    super(mediaMessage(messageKey, vars), options);
  }
}

export type StorageFailure = 'invalid_key' | 'not_found' | 'no_space' | 'permission' | 'io';

const STORAGE_MESSAGE: Record<StorageFailure, MediaMessageKey> = {
  invalid_key: 'media.storage.notFound',
  not_found: 'media.storage.notFound',
  no_space: 'media.storage.full',
  permission: 'media.storage.unavailable',
  io: 'media.storage.unavailable',
};

/**
 * The store failed. `invalid_key` and `not_found` are a 404 for the HTTP layer; the others are the
 * server's fault (503 with `message`, the upload form re-rendered), never a bare 500.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly messageKey: MediaMessageKey;
  constructor(
    readonly reason: StorageFailure,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    const messageKey = STORAGE_MESSAGE[reason];
    super(mediaMessage(messageKey), options);
    this.messageKey = messageKey;
  }
}

const ERRNO_REASON: Record<string, StorageFailure> = {
  ENOENT: 'not_found',
  ENOSPC: 'no_space',
  EDQUOT: 'no_space',
  EACCES: 'permission',
  EPERM: 'permission',
  EROFS: 'permission',
};

export function toStorageError(err: unknown, key: string): StorageError {
  if (err instanceof StorageError) return err;
  const code = (err as NodeJS.ErrnoException | null)?.code ?? '';
  return new StorageError(ERRNO_REASON[code] ?? 'io', key, { cause: err });
}
