import { MediaRejected } from './errors';
import type { MediaOutput } from './images';

// Readers look for the end-of-file marker in the last 1024 bytes; some writers add trailing whitespace or junk.
const EOF_WINDOW = 1024;

/**
 * Accept a PDF by its bytes alone: `%PDF-x.y` at byte 0 and `%%EOF` near the end. The file is kept
 * as uploaded and must always be served as an attachment (Content-Disposition, nosniff).
 */
export function checkPdf(input: Buffer): MediaOutput {
  if (input.length === 0) throw new MediaRejected('media.rejected.empty');
  const head = input.subarray(0, 8).toString('latin1');
  const tail = input.subarray(Math.max(0, input.length - EOF_WINDOW)).toString('latin1');
  if (!/^%PDF-[12]\.\d/.test(head) || !tail.includes('%%EOF')) throw new MediaRejected('media.rejected.notPdf');
  return { variant: 'original', format: 'pdf', buffer: input, bytes: input.length };
}
