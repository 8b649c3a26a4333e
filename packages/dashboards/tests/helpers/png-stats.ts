import { inflateSync } from 'node:zlib';

/** Pixel statistics of an 8-bit RGB(A), non-interlaced PNG (what Chromium's screenshots are). */
export interface PngStats {
  width: number;
  height: number;
  /** Share of pixels that are not (near) white. */
  inked: number;
  /** Distinct colours, quantised to 5 bits per channel. */
  colors: number;
  /** Pixels in the map's yellow-to-red ramp (red high, blue low). */
  heat: number;
}

/** The pixels of a decoded PNG, row by row, `channels` bytes each (RGB or RGBA). */
export interface DecodedPng {
  width: number;
  height: number;
  channels: number;
  pixels: Buffer;
}

/** Decodes a PNG enough to tell a drawn page from a blank one. */
export function pngStats(png: Buffer): PngStats {
  const { width, height, channels, pixels } = decodePng(png);
  let inked = 0;
  let heat = 0;
  const colors = new Set<number>();
  for (let i = 0; i < pixels.length; i += channels) {
    const [r, g, b] = [pixels[i], pixels[i + 1], pixels[i + 2]];
    if (r < 245 || g < 245 || b < 245) inked++;
    if (isHeat(r, g, b)) heat++;
    colors.add(((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3));
  }
  return { width, height, inked: inked / (width * height), colors: colors.size, heat };
}

/** A pixel of the map's yellow-to-red ramp (red high, blue low). */
export function isHeat(r: number, _g: number, b: number): boolean {
  return r > 200 && b < 140 && r - b > 90;
}

/** Decodes an 8-bit RGB(A), non-interlaced PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): DecodedPng {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = data.subarray(8, 13);
      if (depth !== 8 || interlace !== 0 || (colorType !== 2 && colorType !== 6)) {
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}`);
      }
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      pixels[y * stride + x] = v & 0xff;
    }
  }
  return { width, height, channels, pixels };
}
