// A minimal PNG decoder (node's zlib only) for checking screenshots: 8-bit greyscale,
// RGB, grey+alpha or RGBA, not interlaced, which is what Chromium writes.
import { inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const CHANNELS = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes a PNG buffer to { width, height, channels, data } (data: Uint8Array, row-major). */
export function decodePng(buffer) {
  if (!buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0, height = 0, channels = 0, interlace = 0;
  const idat = [];
  for (let at = 8; at < buffer.length;) {
    const length = buffer.readUInt32BE(at);
    const type = buffer.toString('latin1', at + 4, at + 8);
    const body = buffer.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const depth = body[8], colour = body[9];
      interlace = body[12];
      channels = CHANNELS[colour];
      if (depth !== 8 || !channels) throw new Error(`unsupported PNG: bit depth ${depth}, colour type ${colour}`);
      if (interlace !== 0) throw new Error('unsupported PNG: interlaced');
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      break;
    }
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const data = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? data[out + x - channels] : 0;
      const b = y > 0 ? data[out - stride + x] : 0;
      const c = x >= channels && y > 0 ? data[out - stride + x - channels] : 0;
      let v = line[x];
      switch (filter) {
        case 0: break;
        case 1: v += a; break;
        case 2: v += b; break;
        case 3: v += (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`bad PNG filter ${filter} on row ${y}`);
      }
      data[out + x] = v & 255;
    }
  }
  return { width, height, channels, data };
}

/**
 * Colour statistics of a decoded image: how many distinct RGB colours it has, the most
 * common one, and the fraction of pixels that differ from it.
 */
export function colourStats({ width, height, channels, data }) {
  const counts = new Map();
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    const key = channels >= 3 ? (data[o] << 16) | (data[o + 1] << 8) | data[o + 2] : data[o] * 0x010101;
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let dominant = 0, dominantCount = 0;
  for (const [key, n] of counts) if (n > dominantCount) { dominant = key; dominantCount = n; }
  const hex = '#' + dominant.toString(16).padStart(6, '0');
  return { distinct: counts.size, dominant: hex, otherFraction: 1 - dominantCount / (width * height) };
}
