import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError } from '../config';
import { LocalStorage } from '../files/storage';
import { causeOf } from './causes';

/**
 * The local media store's folder exists (or is made) and takes a file, so an unwritable UPLOAD_DIR
 * stops the start instead of failing the first upload. Nothing to check when media is in a bucket.
 */
export function checkUploadDir(config: Pick<Config, 'UPLOAD_DIR' | 'MEDIA_S3_BUCKET'>): void {
  if (config.MEDIA_S3_BUCKET) return;
  const dir = new LocalStorage(config.UPLOAD_DIR).root;
  const fail = (what: string, err: unknown) => {
    throw new ConfigError(`UPLOAD_DIR: ${what} (${causeOf(err)})`);
  };
  try {
    if (!fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    fail(`cannot create ${dir}`, err);
  }
  if (!fs.statSync(dir).isDirectory()) throw new ConfigError(`UPLOAD_DIR: ${dir} is a file, not a folder`);
  // A real write, as an upload makes: permission bits alone miss read-only mounts and ACLs.
  const probe = path.join(dir, `.write-check-${randomBytes(6).toString('hex')}.tmp`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx'));
  } catch (err) {
    fail(`cannot write in ${dir}`, err);
  } finally {
    fs.rmSync(probe, { force: true });
  }
}
