import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import { type MessageKey, t } from '../../i18n';

/** A refused multipart request (a multer limit); `message` is Indonesian, `status` 400 or 413. */
export class UploadRefused extends Error {
  override readonly name = 'UploadRefused';
  constructor(
    readonly code: string,
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadOptions {
  /** The file fields of the form and how many files each takes, e.g. [{ name: 'file', maxCount: 1 }]. */
  fields: { name: string; maxCount: number }[];
  /** UPLOAD_MAX_MB. */
  maxMb: number;
}

const refusals = new WeakMap<Request, UploadRefused>();

/** The refusal of this request's upload, if multer refused it (the route re-renders its form with it). */
export function uploadRefusal(req: Request): UploadRefused | null {
  return refusals.get(req) ?? null;
}

function toRefusal(err: MulterError, opts: UploadOptions): UploadRefused {
  const maxFiles = opts.fields.reduce((n, f) => n + f.maxCount, 0);
  const message = (key: MessageKey, vars?: Record<string, number>) => t(key, vars);
  switch (err.code) {
    case 'LIMIT_FILE_SIZE':
      return new UploadRefused(err.code, 413, message('mediaAdmin.limit.fileSize', { max: opts.maxMb }));
    case 'LIMIT_FILE_COUNT':
      return new UploadRefused(err.code, 400, message('mediaAdmin.limit.fileCount', { max: maxFiles }));
    case 'LIMIT_UNEXPECTED_FILE':
      // multer reports "too many files for this field" with the same code.
      return new UploadRefused(err.code, 400, message('mediaAdmin.limit.unexpectedFile'));
    default:
      return new UploadRefused(err.code, 400, message('mediaAdmin.limit.form'));
  }
}

/**
 * Multipart parsing for a form with file fields, every limit set, files held in memory (bounded by
 * maxMb × files). Mount it AFTER the rights check and after CSRF (the token travels in the action
 * URL's query), so nobody without both gets a byte read. A limit breach does not throw: the route
 * reads `uploadRefusal(req)` and re-renders its form with the Indonesian reason (whatever fields
 * arrived before the breach are in req.body). Other failures (the client hanging up) go to next(err).
 */
export function uploadFiles(opts: UploadOptions): RequestHandler {
  const maxFiles = opts.fields.reduce((n, f) => n + f.maxCount, 0);
  const parser = multer({
    storage: multer.memoryStorage(),
    // Phones send UTF-8 file names without declaring a charset.
    defParamCharset: 'utf8',
    limits: {
      fileSize: opts.maxMb * 1024 * 1024,
      files: maxFiles,
      fields: 60,
      fieldSize: 100 * 1024,
      parts: 80,
      fieldNameSize: 100,
      headerPairs: 200,
      fieldNestingDepth: 2,
      fieldArrayIndexLimit: 100,
    },
  }).fields(opts.fields);
  return (req: Request, res: Response, next: NextFunction) => {
    parser(req, res, (err?: unknown) => {
      if (err instanceof MulterError) {
        refusals.set(req, toRefusal(err, opts));
        return next();
      }
      if (err) return next(Object.assign(new UploadRefused('ABORTED', 400, t('mediaAdmin.limit.aborted')), { cause: err }));
      next();
    });
  };
}

/** The single upload middleware of a form with one file input. */
export function uploadOne(field: string, maxMb: number): RequestHandler {
  return uploadFiles({ fields: [{ name: field, maxCount: 1 }], maxMb });
}

/** The files multer accepted for `field` (never trust their originalname or mimetype). */
export function filesOf(req: Request, field: string): Express.Multer.File[] {
  const files = req.files as Record<string, Express.Multer.File[]> | undefined;
  return files?.[field] ?? [];
}
