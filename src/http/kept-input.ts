import type { Request } from 'express';
import multer from 'multer';

// When a form could not be saved (the database was down or full, or its CSRF token had expired),
// what the user typed is shown back to them. A urlencoded body is already parsed; a multipart one
// (a form with photos) is read here for its text fields only, the files' bytes being read and dropped.

const dropFiles: multer.StorageEngine = {
  _handleFile(_req, file, cb) {
    file.stream.on('end', () => cb(null, {})).resume();
  },
  _removeFile(_req, _file, cb) {
    cb(null);
  },
};

const readText = multer({ storage: dropFiles, limits: { fields: 200, fieldSize: 200 * 1024, files: 20, parts: 240 } }).any();

/** The text fields of a multipart form (every value, repeated names as arrays), its files read and dropped. */
export async function multipartText(req: Request): Promise<Record<string, unknown>> {
  if (req.is('multipart/form-data') && !req.readableEnded && !req.body) {
    await new Promise<void>((resolve) => readText(req, {} as never, () => resolve()));
  }
  return (req.body as Record<string, unknown> | undefined) ?? {};
}

/** A password is never written into a page, not even back to the person who typed it. */
const shown = (name: string) => name !== '_csrf' && !name.includes('password');

/** The text fields of a refused form (without its CSRF token or passwords), or null when there are none. */
export async function typedFields(req: Request): Promise<Record<string, string> | null> {
  if (req.method !== 'POST') return null;
  if (req.is('multipart/form-data') && !req.readableEnded && !req.body) {
    await new Promise<void>((resolve) => readText(req, {} as never, () => resolve()));
  }
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return null;
  const fields = Object.entries(body).filter((e): e is [string, string] => shown(e[0]) && typeof e[1] === 'string' && e[1].trim() !== '');
  return fields.length ? Object.fromEntries(fields) : null;
}

/**
 * The POST came from a page of this site (its Origin, else its Referer): a form that was open too
 * long, not one forged elsewhere, which must not come back ready to be sent with a valid token.
 */
export function fromThisSite(req: Request): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (typeof source !== 'string') return false;
  try {
    const url = new URL(source);
    return url.host === req.headers.host || url.hostname === req.hostname;
  } catch {
    return false;
  }
}
