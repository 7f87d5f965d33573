import path from 'node:path';
import type { Config } from '../config';
import { ROOT } from '../paths';
import { S3Storage } from './s3-storage';
import { LocalStorage, type MediaStorage } from './storage';

type MediaConfig = Pick<
  Config,
  'UPLOAD_DIR' | 'MEDIA_S3_BUCKET' | 'MEDIA_S3_ENDPOINT' | 'MEDIA_S3_REGION' | 'MEDIA_S3_ACCESS_KEY_ID' | 'MEDIA_S3_SECRET_ACCESS_KEY' | 'MEDIA_S3_FORCE_PATH_STYLE' | 'MEDIA_S3_PREFIX'
>;

/** The configured media store: the bucket when MEDIA_S3_BUCKET is set, else the local UPLOAD_DIR. */
export function storageFromConfig(config: MediaConfig): MediaStorage {
  const bucket = config.MEDIA_S3_BUCKET;
  if (!bucket) return new LocalStorage(config.UPLOAD_DIR);
  // loadConfig refuses a bucket without its keys; a hand-built config gets the same answer here.
  const accessKeyId = config.MEDIA_S3_ACCESS_KEY_ID;
  const secretAccessKey = config.MEDIA_S3_SECRET_ACCESS_KEY;
  if (!accessKeyId) throw new Error('MEDIA_S3_ACCESS_KEY_ID is required when MEDIA_S3_BUCKET is set');
  if (!secretAccessKey) throw new Error('MEDIA_S3_SECRET_ACCESS_KEY is required when MEDIA_S3_BUCKET is set');
  return new S3Storage({
    bucket,
    prefix: config.MEDIA_S3_PREFIX,
    region: config.MEDIA_S3_REGION ?? 'us-east-1',
    endpoint: config.MEDIA_S3_ENDPOINT,
    forcePathStyle: config.MEDIA_S3_FORCE_PATH_STYLE ?? Boolean(config.MEDIA_S3_ENDPOINT),
    credentials: { accessKeyId, secretAccessKey },
  });
}

/** Where the configured store keeps its bytes, for CLI output and logs (never the credentials). */
export function storageLabel(config: MediaConfig): string {
  if (!config.MEDIA_S3_BUCKET) return path.resolve(ROOT, config.UPLOAD_DIR);
  const where = `s3://${config.MEDIA_S3_BUCKET}/${config.MEDIA_S3_PREFIX ?? ''}`;
  return config.MEDIA_S3_ENDPOINT ? `${where} at ${new URL(config.MEDIA_S3_ENDPOINT).origin}` : where;
}
