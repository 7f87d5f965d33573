import { promisify } from 'node:util';
import zlib from 'node:zlib';

// Cached pages are compressed once, when stored, instead of on every hit: the hit then costs no
// more than sending bytes. Done on libuv's thread pool, after the miss has been answered.

export type Encoding = 'br' | 'gzip';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
/** Below this a compressed body saves too little to matter (the compression middleware's own default). */
const MIN_BYTES = 1024;

interface Compressible {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
}

// One entry at a time, in the order they were stored. A brotli encoder holds a few MB outside the
// JS heap while it works, and a publish makes every reader miss at once: fifty encoders side by side
// took the server from about 200 to 400 MB of RSS (scripts/soak/photos.ts).
const waiting: (() => Promise<void>)[] = [];
let busy = false;

function next(): void {
  const job = waiting.shift();
  if (!job) return void (busy = false);
  busy = true;
  void job().finally(next);
}

/**
 * Queues brotli and gzip of an entry's body, then reports the bytes added. `wanted` is asked when
 * its turn comes: an entry dropped from the cache meanwhile is not compressed. Failures leave it
 * identity-only. `done` is told when the entry has all the variants it will get (at once for a small one).
 */
export function compressInBackground(entry: Compressible, added: (bytes: number) => void, wanted: () => boolean = () => true, done: () => void = () => undefined): void {
  if (entry.body.length < MIN_BYTES) return done();
  waiting.push(() => compress(entry, added, wanted).finally(done));
  if (!busy) next();
}

async function compress(entry: Compressible, added: (bytes: number) => void, wanted: () => boolean): Promise<void> {
  if (!wanted()) return;
  const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length };
  const [br, gz] = await Promise.all([brotli(entry.body, { params }), gzip(entry.body, { level: 9 })]).catch(() => [null, null]);
  if (!br || !gz) return;
  let extra = 0;
  if (br.length < entry.body.length) {
    entry.br = br;
    extra += br.length;
  }
  if (gz.length < entry.body.length) {
    entry.gzip = gz;
    extra += gz.length;
  }
  added(extra);
}

// Accept-Encoding headers come in a handful of spellings (one per browser family): each is parsed once.
const parsed = new Map<string, Set<string>>();

function accepted(header: string): Set<string> {
  let set = parsed.get(header);
  if (!set) {
    set = new Set();
    for (const part of header.split(',')) {
      const [name, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
      if (name && (!q || Number(q[1]) > 0)) set.add(name);
    }
    if (parsed.size >= 64) parsed.clear();
    parsed.set(header, set);
  }
  return set;
}

/** The best encoding the client accepts among the variants an entry has; null for the plain body. */
export function preferredEncoding(header: string | undefined, entry: Compressible): Encoding | null {
  if (!header || (!entry.br && !entry.gzip)) return null;
  const ok = accepted(header);
  const any = ok.has('*');
  if (entry.br && (any || ok.has('br'))) return 'br';
  if (entry.gzip && (any || ok.has('gzip') || ok.has('x-gzip'))) return 'gzip';
  return null;
}
