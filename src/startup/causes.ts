/** Plain words for the system errors a start can meet, for the one line an operator reads. */
const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder',
  EEXIST: 'a file of that name exists',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available on this machine',
};

/** The error's code (Node sets it on system errors; an AggregateError of several tries carries it on its parts). */
export function errorCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; errors?: unknown[] };
  if (typeof e.code === 'string') return e.code;
  return Array.isArray(e.errors) ? errorCode(e.errors[0]) : undefined;
}

/** "permission denied", "connection refused", …; else the first line of the message, else the code. */
export function causeOf(err: unknown): string {
  const code = errorCode(err);
  if (code && CAUSES[code]) return CAUSES[code];
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0].trim();
  return message || code || 'unknown error';
}
