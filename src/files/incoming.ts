import path from 'node:path';
import type { UploadKind } from './save';

// What an upload is taken to be before it is processed: its kind by its bytes, its name for display.

/**
 * The client's file name, for display only: its last path segment (either slash), without control
 * or bidirectional-override characters, at most 200 characters. Never used to build a path.
 */
export function sanitizeOriginalName(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  const base = path.posix.basename(raw.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  const name = clean === '.' || clean === '..' ? '' : clean;
  return Array.from(name).slice(0, 200).join('');
}

/** Decided by the bytes, never by the name or the declared type: a PDF signature, otherwise an image (which sharp then proves). */
export function kindOf(buffer: Buffer): UploadKind {
  return buffer.subarray(0, 5).toString('latin1') === '%PDF-' ? 'pdf' : 'image';
}
