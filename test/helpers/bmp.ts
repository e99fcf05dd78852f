// BMP files for the asset tests: the coral photos are BMPs upstream, and the reader (components/node/bmp.ts) is tested
// against files written here byte by byte from the format description.
import sharp from "sharp";

/** A BMP file written byte by byte from the format description (BITMAPFILEHEADER + BITMAPINFOHEADER, BGR rows). */
export function encodeBmp(
  width: number,
  height: number,
  rgb: Uint8Array,
  {bitsPerPixel = 24, topDown = false} = {}
): Uint8Array {
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4;
  const pixelOffset = 14 + 40;
  const bytes = new Uint8Array(pixelOffset + stride * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // "B"
  bytes[1] = 0x4d; // "M"
  view.setUint32(2, bytes.byteLength, true);
  view.setUint32(10, pixelOffset, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, topDown ? -height : height, true);
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, bitsPerPixel, true);
  view.setUint32(30, 0, true); // BI_RGB
  view.setUint32(34, stride * height, true);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 3;
      const to = row + x * bytesPerPixel;
      bytes[to] = rgb[from + 2]!;
      bytes[to + 1] = rgb[from + 1]!;
      bytes[to + 2] = rgb[from]!;
      if (bytesPerPixel === 4) bytes[to + 3] = 0; // the unused byte: must not be read as transparency
    }
  }
  return bytes;
}

/** A PNG's or JPEG's pixels as RGB bytes, as sharp decodes them. */
export async function rawPixels(bytes: Uint8Array): Promise<{data: Buffer; width: number; height: number}> {
  const {data, info} = await sharp(bytes).removeAlpha().raw().toBuffer({resolveWithObject: true});
  return {data, width: info.width, height: info.height};
}
