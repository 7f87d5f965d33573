// Times the upload pipeline on a 12-megapixel JPEG (4000x3000 noise, the hard case): npx tsx scripts/bench-media.ts
import sharp from 'sharp';
import { processImage } from '../src/files/images';
(async () => {
  const raw = Buffer.alloc(4000 * 3000 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(raw, { raw: { width: 4000, height: 3000, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  for (let r = 0; r < 3; r++) {
    const t0 = process.hrtime.bigint();
    const out = await processImage(jpeg);
    console.log(`run ${r + 1}: ${(Number(process.hrtime.bigint() - t0) / 1e6) | 0} ms, ${out.length} outputs, input ${(jpeg.length / 1e6).toFixed(1)} MB`);
  }
})();
