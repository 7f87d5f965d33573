import type * as S3 from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { onFirstUse } from '../lib/on-first-use';
import { StorageError, type StorageFailure } from './errors';
import { assertMediaKey, isMediaKey } from './keys';
import type { MediaStorage, StoredObject } from './storage';

// The SDK takes about a fifth of a second to load: only a process that makes a bucket store loads
// it (src/lib/on-first-use.ts).
const sdk = onFirstUse<typeof S3>('@aws-sdk/client-s3');

export interface S3StorageOptions {
  bucket: string;
  /** Prepended to every key, e.g. `pendopo/` (a missing trailing slash is added). */
  prefix?: string;
  region?: string;
  /** An S3-compatible server (MinIO, Ceph, Garage, …); unset = AWS itself. */
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** A ready client (tests, custom set-ups); the connection options above are then ignored. */
  client?: S3.S3Client;
  /** Objects per ListObjectsV2 page (S3's maximum and default: 1000). */
  listPageSize?: number;
}

// SDK error names (or S3 error codes) that say what went wrong. A 404 without one of these is a
// missing object; NoSuchBucket is a misconfigured store, the server's fault rather than a 404.
const PERMISSION = ['AccessDenied', 'Forbidden', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'AllAccessDisabled', 'ExpiredToken', 'InvalidToken'];
const NO_SPACE = ['QuotaExceeded', 'XMinioStorageFull', 'XMinioAdminBucketQuotaExceeded'];
const CODE_REASON = new Map<string, StorageFailure>([
  ['NoSuchKey', 'not_found'],
  ['NotFound', 'not_found'],
  ['NoSuchBucket', 'io'],
  ...PERMISSION.map((c) => [c, 'permission'] as const),
  ...NO_SPACE.map((c) => [c, 'no_space'] as const),
]);

interface SdkError {
  name?: string;
  Code?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function reasonOf(err: SdkError): StorageFailure {
  const known = CODE_REASON.get(err.Code ?? err.name ?? '');
  if (known) return known;
  const status = err.$metadata?.httpStatusCode;
  if (status === 404) return 'not_found';
  if (status === 401 || status === 403) return 'permission';
  if (status === 507) return 'no_space';
  return 'io'; // network errors, timeouts, 5xx, anything unexpected
}

/**
 * An SDK failure as a StorageError. The cause is a summary (code, HTTP status, request id), not
 * the SDK error itself: that one carries the parsed response, which may echo the access key id.
 */
export function s3StorageError(err: unknown, key: string): StorageError {
  if (err instanceof StorageError) return err;
  const e = (err ?? {}) as SdkError;
  const code = e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error';
  const status = e.$metadata?.httpStatusCode;
  const detail = [`S3 ${code}`, status ? `HTTP ${status}` : '', e.$metadata?.requestId ? `request ${e.$metadata.requestId}` : ''].filter(Boolean).join(', ');
  const message = typeof e.message === 'string' && e.message !== code ? `${detail}: ${e.message.slice(0, 200)}` : detail;
  return new StorageError(reasonOf(e), key, { cause: new Error(message) });
}

export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return trimmed ? `${trimmed}/` : '';
}

/** MediaStorage on an S3-compatible bucket. Keys are checked before any request is made. */
export class S3Storage implements MediaStorage {
  readonly bucket: string;
  readonly prefix: string;
  private readonly pageSize: number | undefined;
  // A true private field: util.inspect, JSON and loggers never walk into the client and its credentials.
  readonly #client: S3.S3Client;

  constructor(opts: S3StorageOptions) {
    this.bucket = opts.bucket;
    this.prefix = normalizePrefix(opts.prefix);
    this.pageSize = opts.listPageSize;
    this.#client =
      opts.client ??
      new (sdk().S3Client)({
        region: opts.region ?? 'us-east-1',
        endpoint: opts.endpoint,
        forcePathStyle: opts.forcePathStyle ?? Boolean(opts.endpoint),
        credentials: opts.credentials,
        // Many S3-compatible servers reject the newer default checksum headers and trailers.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
        // Each /media download holds a socket while it streams to a (often slow) phone: allow many.
        requestHandler: { connectionTimeout: 5000, httpAgent: { maxSockets: 256 }, httpsAgent: { maxSockets: 256 } },
      });
  }

  /** For logs and CLI output: where the bytes go, never the credentials. */
  toString(): string {
    return `s3://${this.bucket}/${this.prefix}`;
  }

  /** The object key in the bucket, after checking that `key` is one of ours. */
  objectKey(key: string): string {
    assertMediaKey(key);
    return this.prefix + key;
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.#client.send(new (sdk().PutObjectCommand)({ Bucket: this.bucket, Key, Body: data, ContentType: contentType, ContentLength: data.length }));
    } catch (err) {
      throw s3StorageError(err, key);
    }
  }

  async get(key: string): Promise<Buffer> {
    const { body } = await this.stream(key);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
    } catch (err) {
      throw s3StorageError(err, key);
    }
    return Buffer.concat(chunks);
  }

  // The response body is handed on as it arrives: a large PDF is never held in memory whole.
  async stream(key: string): Promise<{ body: Readable; bytes: number }> {
    const Key = this.objectKey(key);
    try {
      const out = await this.#client.send(new (sdk().GetObjectCommand)({ Bucket: this.bucket, Key }));
      const body = out.Body;
      if (!body) throw new StorageError('io', key);
      // Node's HTTP handler gives a Readable; a fetch-based handler (a custom client) a web stream.
      const readable = body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as WebReadableStream);
      return { body: readable, bytes: out.ContentLength ?? 0 };
    } catch (err) {
      throw s3StorageError(err, key);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.#client.send(new (sdk().DeleteObjectCommand)({ Bucket: this.bucket, Key }));
    } catch (err) {
      const storageError = s3StorageError(err, key);
      if (storageError.reason !== 'not_found') throw storageError;
    }
  }

  async exists(key: string): Promise<boolean> {
    const Key = this.objectKey(key);
    try {
      await this.#client.send(new (sdk().HeadObjectCommand)({ Bucket: this.bucket, Key }));
      return true;
    } catch (err) {
      const storageError = s3StorageError(err, key);
      if (storageError.reason === 'not_found') return false;
      throw storageError;
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    let token: string | undefined;
    do {
      let page: S3.ListObjectsV2CommandOutput;
      try {
        page = await this.#client.send(new (sdk().ListObjectsV2Command)({ Bucket: this.bucket, Prefix: this.prefix || undefined, MaxKeys: this.pageSize, ContinuationToken: token }));
      } catch (err) {
        throw s3StorageError(err, this.toString());
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key?.startsWith(this.prefix) ? object.Key.slice(this.prefix.length) : undefined;
        if (!isMediaKey(key)) continue;
        // No date counts as new, so a sweep never takes it for an old orphan.
        yield { key, bytes: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date() };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}
