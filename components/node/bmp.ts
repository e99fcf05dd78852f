// A small BMP reader: the upstream copies of the sample PNGs are Windows bitmaps, which browsers show but `sharp`
// cannot read. Only what those files use is supported: uncompressed (BI_RGB) 24- and 32-bit pixels.

export interface RgbImage {
  width: number;
  height: number;
  /** RGB bytes, 3 per pixel, rows top to bottom. */
  data: Uint8Array;
}

const FILE_HEADER_SIZE = 14;
const BI_RGB = 0;

export class BmpFormatError extends Error {
  override name = "BmpFormatError";
}

/** Decodes an uncompressed 24- or 32-bit BMP (bottom-up or top-down rows) into RGB bytes. */
export function decodeBmp(bytes: Uint8Array, label = "BMP file"): RgbImage {
  const fail = (what: string): never => {
    throw new BmpFormatError(`${label} cannot be read as a BMP: ${what}`);
  };
  if (bytes.byteLength < FILE_HEADER_SIZE + 40) fail(`it is only ${bytes.byteLength} bytes long`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== 0x42 || view.getUint8(1) !== 0x4d) fail('it does not start with "BM"');

  const pixelOffset = view.getUint32(10, true);
  const infoSize = view.getUint32(14, true);
  if (infoSize < 40) fail(`its info header is ${infoSize} bytes (OS/2 bitmaps are not supported)`);
  const width = view.getInt32(18, true);
  const signedHeight = view.getInt32(22, true);
  const bitsPerPixel = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  if (compression !== BI_RGB) fail(`its pixels are compressed (compression ${compression}); only BI_RGB is supported`);
  if (bitsPerPixel !== 24 && bitsPerPixel !== 32)
    fail(`it has ${bitsPerPixel} bits per pixel; only 24 and 32 are supported`);
  if (width <= 0 || signedHeight === 0) fail(`its size is ${width}×${signedHeight}`);

  // A positive height means the rows are stored bottom-up, the usual BMP order.
  const bottomUp = signedHeight > 0;
  const height = Math.abs(signedHeight);
  const bytesPerPixel = bitsPerPixel / 8;
  const stride = Math.ceil((width * bytesPerPixel) / 4) * 4; // every row is padded to a multiple of 4 bytes
  const needed = pixelOffset + stride * (height - 1) + width * bytesPerPixel;
  if (bytes.byteLength < needed)
    fail(`it is truncated: ${width}×${height} pixels need ${needed} bytes, the file has ${bytes.byteLength}`);

  const data = new Uint8Array(width * height * 3);
  for (let row = 0; row < height; row++) {
    const sourceRow = bottomUp ? height - 1 - row : row;
    let from = pixelOffset + sourceRow * stride;
    let to = row * width * 3;
    for (let column = 0; column < width; column++, from += bytesPerPixel, to += 3) {
      // Stored as blue, green, red (and, at 32 bits, an unused byte).
      data[to] = bytes[from + 2]!;
      data[to + 1] = bytes[from + 1]!;
      data[to + 2] = bytes[from]!;
    }
  }
  return {width, height, data};
}
