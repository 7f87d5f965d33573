// Test inputs, generated at test time (no binary fixtures in the repository).
import zlib from 'node:zlib';
import sharp from 'sharp';

export const PHP = "<?php system($_GET['c']); ?>";

const xmp = (text: string) =>
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  `<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description><![CDATA[${text}]]></dc:description>` +
  '</rdf:Description></rdf:RDF></x:xmpmeta>';

export function solid(width: number, height: number, background = '#2e7d32', channels: 3 | 4 = 3) {
  return sharp({ create: { width, height, channels, background } });
}

/** A photo-like JPEG (noise compresses and decodes like a busy real photo, slightly worse). */
export function photoJpeg(width = 4000, height = 3000): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Insert a JPEG COM segment right after SOI. */
export function withJpegComment(jpeg: Buffer, comment: string): Buffer {
  const text = Buffer.from(comment, 'latin1');
  const header = Buffer.from([0xff, 0xfe, 0, 0]);
  header.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, text, jpeg.subarray(2)]);
}

/** A camera-like JPEG: GPS position of Klampok, the PHP payload in ImageDescription, UserComment, XMP and a COM segment. */
export async function jpegWithPayload(): Promise<Buffer> {
  const jpeg = await solid(800, 600, '#8d6e63')
    .jpeg()
    .withExif({
      IFD0: { Make: 'Xiaomi', Model: 'Redmi 9A', ImageDescription: PHP },
      IFD2: { UserComment: PHP, DateTimeOriginal: '2026:11:02 08:15:00' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '7/1 25/1 3/1', GPSLongitudeRef: 'E', GPSLongitude: '109/1 30/1 41/1' },
    })
    .withXmp(xmp(PHP))
    .toBuffer();
  return withJpegComment(jpeg, PHP);
}

/** A JPEG stored 1600×800, red left half and blue right half, with EXIF orientation `orientation`. */
export function orientedJpeg(orientation: number): Promise<Buffer> {
  return solid(1600, 800, '#ff0000')
    .composite([{ input: { create: { width: 800, height: 800, channels: 3, background: '#0000ff' } }, left: 800, top: 0 }])
    .jpeg({ quality: 95 })
    .withMetadata({ orientation })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Add a tEXt chunk right after IHDR. */
export function withPngText(png: Buffer, keyword: string, text: string): Buffer {
  const afterIhdr = 8 + 25;
  return Buffer.concat([png.subarray(0, afterIhdr), pngChunk('tEXt', Buffer.from(`${keyword}\0${text}`, 'latin1')), png.subarray(afterIhdr)]);
}

/**
 * A valid 1-bit PNG of width×height pixels, all black, built by hand with zlib: 20000×20000 is 400 MP
 * (1.2 GB decoded as RGB) in about 50 KB. Having sharp encode it takes ~25 s, this takes ~0.2 s.
 */
export function bombPng(width = 20000, height = 20000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth 1, colour type 0 (grey), deflate, no filter, no interlace
  const raw = Buffer.alloc(height * (1 + Math.ceil(width / 8))); // every row: filter 0, black pixels
  return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(raw, { level: 9 })), pngChunk('IEND', Buffer.alloc(0))]);
}

export const HTML_AS_JPG = Buffer.from('<html><script>fetch("/admin/pengguna",{method:"POST"})</script></html>');
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(1)</script><rect width="100" height="100" fill="red"/></svg>');

export function pdfBytes(body = 'BT /F1 12 Tf 72 720 Td (Perdes 2026) Tj ET'): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${body}\ntrailer << /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

/** The EXIF tags present, as `ifd0:010e`, `exif:9286`, `gps:0002` …, read from sharp's metadata().exif. */
export function exifTags(exif: Buffer): Set<string> {
  const tiff = exif.subarray(exif.indexOf('Exif\0\0', 0, 'latin1') + 6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const tags = new Set<string>();
  const walk = (name: string, offset: number) => {
    for (let i = 0, n = u16(offset); i < n; i++) {
      const entry = offset + 2 + i * 12;
      const tag = u16(entry);
      tags.add(`${name}:${tag.toString(16).padStart(4, '0')}`);
      if (tag === 0x8769) walk('exif', u32(entry + 8));
      if (tag === 0x8825) walk('gps', u32(entry + 8));
    }
  };
  walk('ifd0', u32(4));
  return tags;
}
