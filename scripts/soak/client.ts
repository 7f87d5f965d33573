// The soak's logged-in side: an operator session through the real login form, and products posted
// with a JPEG photo through the real multipart form (CSRF token in the action URL, as the form does).
import sharp from 'sharp';

export interface Session {
  base: string;
  cookie: string;
  csrf: string;
}

function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field in page');
  return m[1];
}

function sidOf(res: Response, previous = ''): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('pendopo.sid='));
  return set ? set.split(';')[0] : previous;
}

/** GET /masuk, then POST /masuk with its _csrf (and the cookie it came with): the session cookie and its CSRF token. */
export async function login(base: string, username: string, password: string): Promise<Session> {
  const page = await fetch(`${base}/masuk`);
  const first = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const body = new URLSearchParams({ _csrf: csrfFrom(await page.text()), username, password });
  const res = await fetch(`${base}/masuk`, { method: 'POST', body, headers: { Cookie: first }, redirect: 'manual' });
  if (res.status !== 302) throw new Error(`login answered ${res.status}`);
  const cookie = sidOf(res, first);
  const admin = await fetch(`${base}/admin`, { headers: { Cookie: cookie }, redirect: 'manual' });
  if (admin.status !== 200) throw new Error(`/admin answered ${admin.status} after login`);
  return { base, cookie, csrf: csrfFrom(await admin.text()) };
}

/** Photo-like JPEGs of 2-4 MP (blurred noise: about 0.5-1 MB each, decoding like a busy photo). */
export async function makePhotos(): Promise<Buffer[]> {
  const sizes = [
    [2048, 1536],
    [2448, 1632],
    [1920, 1080],
    [1632, 2448],
  ];
  return Promise.all(
    sizes.map(([width, height], i) =>
      sharp({ create: { width, height, channels: 3, background: '#6a8f4e', noise: { type: 'gaussian', mean: 100 + i * 20, sigma: 30 } } })
        .blur(0.7)
        .jpeg({ quality: 85 })
        .toBuffer(),
    ),
  );
}

let seq = 0;

/** Posts one published product with `photo` as its cover (null: none); true when the app answered 303. */
export async function postProduct(s: Session, photo: Buffer | null): Promise<boolean> {
  const n = ++seq;
  const form = new FormData();
  const fields: Record<string, string> = {
    title: `Produk soak ${n} keripik salak`,
    summary: `Ringkasan produk soak ${n}`,
    body_source: `Isi **produk ${n}** yang lengkap.`,
    cover_alt: `Foto produk ${n}`,
    price: 'Rp 25.000',
    unit: 'bungkus',
    seller_name: 'Bu Sri',
    whatsapp: '0812-3456-7890',
    category: 'makanan',
    availability: 'tersedia',
    intent: 'publish',
  };
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (photo) form.append('cover_file', new Blob([photo as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), `IMG_${String(n).padStart(4, '0')}.jpg`);
  const res = await fetch(`${s.base}/admin/produk?_csrf=${encodeURIComponent(s.csrf)}`, {
    method: 'POST',
    body: form,
    headers: { Cookie: s.cookie },
    redirect: 'manual',
    signal: AbortSignal.timeout(60_000),
  });
  await res.arrayBuffer();
  s.cookie = sidOf(res, s.cookie);
  return res.status === 303;
}
