// Draws Facteur's icon (blue rounded square, white envelope, yellow dot — same as icon.svg) as
// PNGs with nothing but zlib, since ImageMagick is not available everywhere. Run: node build/make-icon.mjs
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};

function pixel(x, y) {
  // Coordinates in the 512 design space.
  const inRounded = (x0, y0, x1, y1, r) => {
    const cx = Math.min(Math.max(x, x0 + r), x1 - r);
    const cy = Math.min(Math.max(y, y0 + r), y1 - r);
    return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const distToSegment = (ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
  };
  if ((x - 392) ** 2 + (y - 150) ** 2 <= 44 * 44) return [0xf2, 0xb7, 0x05, 255];
  if (inRounded(96, 150, 416, 362, 24)) {
    if (distToSegment(104, 166, 256, 282) <= 12 || distToSegment(256, 282, 408, 166) <= 12) return [0x1f, 0x5f, 0xbf, 255];
    return [255, 255, 255, 255];
  }
  if (inRounded(16, 16, 496, 496, 96)) return [0x1f, 0x5f, 0xbf, 255];
  return [0, 0, 0, 0];
}

function png(size) {
  const rows = [];
  const samples = 3; // 3x3 supersampling for smooth edges
  for (let y = 0; y < size; y += 1) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x += 1) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy += 1)
        for (let sx = 0; sx < samples; sx += 1) {
          const p = pixel(((x + (sx + 0.5) / samples) * 512) / size, ((y + (sy + 0.5) / samples) * 512) / size);
          for (let i = 0; i < 3; i += 1) acc[i] += p[i] * p[3];
          acc[3] += p[3];
        }
      const alpha = acc[3] / (samples * samples);
      for (let i = 0; i < 3; i += 1) row[1 + x * 4 + i] = acc[3] ? Math.round(acc[i] / acc[3]) : 0;
      row[1 + x * 4 + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), 'icons');
fs.mkdirSync(dir, { recursive: true });
for (const size of [16, 32, 48, 64, 128, 256, 512]) fs.writeFileSync(path.join(dir, `${size}x${size}.png`), png(size));
fs.copyFileSync(path.join(dir, '512x512.png'), path.join(dir, 'icon.png'));
