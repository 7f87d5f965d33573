import type { Ctx } from '../../domain/context';
import type { MediaStorage } from '../../files';
import { sharp } from '../../files/images';
import { createMedia } from '../../modules/media/media.service';

// Demo photos, drawn at run time: our own SVG (never an upload) rendered to PNG by sharp, then
// passed through createMedia like any phone photo, so they are real, processed, scoped media.

export type Motif = 'landscape' | 'river' | 'produce' | 'craft' | 'meeting' | 'office' | 'road' | 'building';

export interface PhotoSpec {
  motif: Motif;
  /** Base hue (0–360) of the picture. */
  hue: number;
  caption: string;
  /** Alt text stored with the media row. */
  alt: string;
  /** 0–100: draws the stage of a construction photo. */
  progress?: number;
}

// Scenes are drawn on an 800×600 canvas; DemoPhotos.width scales the picture (4:3).
const W = 800;
const H = 600;

/** Where the demo's photos go, and how wide they are drawn (800 px; the tests draw them smaller). */
export interface DemoPhotos {
  storage: MediaStorage;
  width: number;
}

const esc = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const hsl = (h: number, s: number, l: number, a = 1) => `hsla(${((h % 360) + 360) % 360},${s}%,${l}%,${a})`;

function sky(h: number): string {
  return `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(195 + (h % 25), 60, 68)}"/><stop offset="1" stop-color="${hsl(190 + (h % 20), 45, 90)}"/></linearGradient></defs>
<rect width="${W}" height="${H}" fill="url(#sky)"/><circle cx="640" cy="110" r="55" fill="${hsl(45, 95, 70, 0.9)}"/>`;
}

function hills(hue: number): string {
  const h = 80 + (hue % 60); // always a green
  return `<path d="M0 330 Q160 220 330 300 T800 270 V600 H0Z" fill="${hsl(h, 40, 42)}"/>
<path d="M0 400 Q220 320 420 390 T800 380 V600 H0Z" fill="${hsl(h + 10, 50, 34)}"/>`;
}

function trees(hue: number, y: number, count = 9): string {
  const h = 90 + (hue % 50);
  let out = '';
  for (let i = 0; i < count; i++) {
    const x = 40 + i * 90 + (i % 2) * 20;
    out += `<rect x="${x - 4}" y="${y}" width="8" height="38" fill="${hsl(30, 35, 28)}"/><circle cx="${x}" cy="${y - 8}" r="${26 + (i % 3) * 6}" fill="${hsl(h + (i % 3) * 12, 45, 30 + (i % 2) * 6)}"/>`;
  }
  return out;
}

function house(x: number, y: number, w: number, h: number, hue: number): string {
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${hsl(hue, 25, 88)}"/>
<path d="M${x - 20} ${y} L${x + w / 2} ${y - h * 0.55} L${x + w + 20} ${y}Z" fill="${hsl(12, 60, 42)}"/>
<rect x="${x + w / 2 - 22}" y="${y + h - 70}" width="44" height="70" fill="${hsl(25, 45, 35)}"/>
<rect x="${x + 24}" y="${y + 30}" width="50" height="40" fill="${hsl(200, 40, 70)}"/><rect x="${x + w - 74}" y="${y + 30}" width="50" height="40" fill="${hsl(200, 40, 70)}"/>`;
}

function scene(spec: PhotoSpec): string {
  const h = spec.hue;
  switch (spec.motif) {
    case 'landscape':
      return sky(h) + hills(h) + trees(h, 440);
    case 'river':
      return `${sky(h)}${hills(h)}<path d="M0 470 Q200 430 400 470 T800 460 V540 Q600 520 400 545 T0 530Z" fill="${hsl(205, 55, 55)}"/>${trees(h, 380, 4)}`;
    case 'produce': {
      let fruit = '';
      for (let i = 0; i < 14; i++) fruit += `<circle cx="${150 + (i % 7) * 80}" cy="${330 + Math.floor(i / 7) * 70}" r="36" fill="${hsl(h + (i % 3) * 8, 55, 30 + (i % 4) * 5)}"/>`;
      return `<rect width="${W}" height="${H}" fill="${hsl(h + 30, 35, 82)}"/><rect y="380" width="${W}" height="220" fill="${hsl(30, 40, 45)}"/><ellipse cx="400" cy="400" rx="330" ry="90" fill="${hsl(40, 45, 62)}"/>${fruit}`;
    }
    case 'craft': {
      let pots = '';
      for (let i = 0; i < 5; i++) {
        const x = 110 + i * 145;
        pots += `<path d="M${x - 40} 300 Q${x - 70} 390 ${x - 35} 460 H${x + 35} Q${x + 70} 390 ${x + 40} 300Z" fill="${hsl(h + i * 9, 50, 38 + i * 4)}"/><rect x="${x - 30}" y="282" width="60" height="20" rx="6" fill="${hsl(h, 45, 30)}"/>`;
      }
      return `<rect width="${W}" height="${H}" fill="${hsl(h + 20, 30, 86)}"/><rect y="460" width="${W}" height="140" fill="${hsl(28, 35, 40)}"/>${pots}`;
    }
    case 'meeting': {
      let people = '';
      for (let i = 0; i < 12; i++) {
        const x = 90 + (i % 6) * 125;
        const y = 330 + Math.floor(i / 6) * 110;
        people += `<circle cx="${x}" cy="${y}" r="24" fill="${hsl(25, 35, 40)}"/><rect x="${x - 34}" y="${y + 26}" width="68" height="70" rx="18" fill="${hsl(h + i * 25, 45, 45)}"/>`;
      }
      return `<rect width="${W}" height="${H}" fill="${hsl(h, 20, 84)}"/><rect x="200" y="70" width="400" height="150" fill="${hsl(h + 180, 30, 35)}"/><rect x="220" y="90" width="360" height="16" fill="#fff"/><rect x="220" y="120" width="240" height="12" fill="#ddd"/>${people}`;
    }
    case 'office':
    case 'building':
      return `${sky(h)}<rect y="430" width="${W}" height="170" fill="${hsl(h + 80, 35, 45)}"/>${house(210, 280, 380, 190, h)}<rect x="90" y="300" width="8" height="180" fill="#666"/><rect x="98" y="300" width="70" height="24" fill="#d32f2f"/><rect x="98" y="324" width="70" height="24" fill="#fff"/>`;
    case 'road': {
      // The dirt road narrows towards the horizon; the paved part grows from the front with progress.
      const p = Math.max(0, Math.min(100, spec.progress ?? 100));
      const top = 600 - (p / 100) * 270;
      const half = 70 + ((top - 330) / 270) * 230;
      const paved = p > 0 ? `<path d="M${400 - half} ${top} L${400 + half} ${top} L700 600 L100 600Z" fill="${hsl(0, 0, 62)}"/>` : '';
      return `${sky(h)}${hills(h + 60)}<path d="M330 330 L470 330 L700 600 L100 600Z" fill="${hsl(30, 30, 45)}"/>${paved}
<rect x="560" y="470" width="110" height="60" fill="${hsl(48, 90, 50)}"/><circle cx="585" cy="540" r="16" fill="#333"/><circle cx="645" cy="540" r="16" fill="#333"/>`;
    }
  }
}

/** A 4:3 PNG of the motif with a caption bar, `width` pixels wide. */
export async function drawPhoto(spec: PhotoSpec, width = W): Promise<Buffer> {
  const caption = spec.caption.length > 42 ? `${spec.caption.slice(0, 41)}…` : spec.caption;
  const label =
    spec.progress === undefined
      ? ''
      : `<rect x="24" y="24" width="150" height="64" rx="10" fill="rgba(0,0,0,0.55)"/><text x="99" y="70" text-anchor="middle" font-family="DejaVu Sans, sans-serif" font-size="38" font-weight="bold" fill="#fff">${spec.progress}%</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round((width * H) / W)}" viewBox="0 0 ${W} ${H}">${scene(spec)}${label}
<rect y="${H - 70}" width="${W}" height="70" fill="rgba(0,0,0,0.5)"/><text x="28" y="${H - 24}" font-family="DejaVu Sans, sans-serif" font-size="30" fill="#fff">${esc(caption)}</text></svg>`;
  return sharp()(Buffer.from(svg)).png({ compressionLevel: 2 }).toBuffer();
}

/** Draws a photo and stores it through createMedia for the caller's (or the named) village. */
export async function addPhoto(ctx: Ctx, photos: DemoPhotos, spec: PhotoSpec, villageId?: number | null): Promise<number> {
  const buffer = await drawPhoto(spec, photos.width);
  const name = `${
    spec.caption
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'foto'
  }.png`;
  const media = await createMedia(ctx, photos.storage, { buffer, originalName: name, alt: spec.alt, villageId });
  return media.id;
}
