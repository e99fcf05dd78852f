// Files a reader might hand the lesson or the CLI, made here with sharp (and by hand where sharp can't write the
// format): images that should work however odd they are, and files that must be refused with a message.
import {deflateSync} from "node:zlib";
import sharp, {type Sharp} from "sharp";

export type Rgb = [number, number, number];

export function solid(width: number, height: number, [r, g, b]: Rgb): Sharp {
  return sharp({create: {width, height, channels: 3, background: {r, g, b}}});
}

export function noise(width: number, height: number): Sharp {
  return sharp({
    create: {width, height, channels: 3, background: "#808080", noise: {type: "gaussian", mean: 128, sigma: 40}}
  });
}

export function bytesOf(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0) & 0xff);
}

/** A valid little PNG whose IHDR claims width×height RGB pixels, with one tiny IDAT: the classic decompression bomb
 * shape (header says huge, file is small). */
export function pngClaiming(width: number, height: number): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.alloc(16))),
    pngChunk("IEND", Buffer.alloc(0))
  ]);
}

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** CRC-32 as PNG defines it (ISO 3309, polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A 24-bit BMP, written by hand (sharp reads BMP but does not write it). */
export function bmp(width: number, height: number, [r, g, b]: Rgb): Uint8Array {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowSize * height);
  file.write("BM", 0, "latin1");
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(rowSize * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) file.set([b, g, r], 54 + y * rowSize + x * 3);
  }
  return file;
}

/** 40×20 stored sideways, red on the left, blue on the right, with EXIF orientation 6 ("turn 90° clockwise to view"):
 * viewed upright it is 20×40, red at the top and blue at the bottom. */
export async function exifRotatedJpeg(): Promise<Uint8Array> {
  const raw = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) {
    for (let x = 0; x < 40; x++) raw.set(x < 20 ? [255, 0, 0] : [0, 0, 255], (y * 40 + x) * 3);
  }
  return sharp(raw, {raw: {width: 40, height: 20, channels: 3}})
    .jpeg({quality: 95})
    .withMetadata({orientation: 6})
    .toBuffer();
}

/** 2×2 RGBA: transparent red, opaque green, half-transparent blue, opaque (10, 20, 30). */
export function rgbaPng(): Promise<Buffer> {
  const rgba = Buffer.from([255, 0, 0, 0, /**/ 0, 255, 0, 255, /**/ 0, 0, 255, 128, /**/ 10, 20, 30, 255]);
  return sharp(rgba, {raw: {width: 2, height: 2, channels: 4}})
    .png()
    .toBuffer();
}

/** A 6×4 GIF of two frames: red, then blue. */
export async function animatedGif(): Promise<Buffer> {
  const frames = [solid(6, 4, [255, 0, 0]), solid(6, 4, [0, 0, 255])].map((frame) => frame.png().toBuffer());
  return sharp(await Promise.all(frames), {join: {animated: true}})
    .gif()
    .toBuffer();
}

/** A PNG whose header and end are intact but whose image data is not compressed pixels at all. */
export async function corruptPng(): Promise<Uint8Array> {
  const real = await noise(16, 16).png().toBuffer();
  return Buffer.concat([
    real.subarray(0, 33), // signature and IHDR
    pngChunk("IDAT", bytesOf("these bytes are not a zlib stream of pixels")),
    pngChunk("IEND", Buffer.alloc(0))
  ]);
}

export interface CorpusFile {
  /** A file name as a reader's system would give it. */
  name: string;
  /** The MIME type a browser would report for that name ("" when it would not know). */
  mimeType: string;
  bytes: Uint8Array;
}

/** Every kind of file the robustness tests hand over, by case. */
export async function imageCorpus(): Promise<Record<CorpusCase, CorpusFile>> {
  const jpeg400 = await noise(400, 300).jpeg().toBuffer();
  const png400 = await noise(400, 300).png().toBuffer();
  const file = (name: string, mimeType: string, bytes: Uint8Array): CorpusFile => ({
    name,
    mimeType,
    bytes: new Uint8Array(bytes)
  });
  return {
    text: file("notes.txt", "text/plain", bytesOf("cat,dog\n1,2\n")),
    pdf: file(
      "report.pdf",
      "application/pdf",
      bytesOf("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< >>\nendobj\n")
    ),
    zip: file("photos.zip", "application/zip", bytesOf("PK\u0003\u0004\u0014\u0000\u0000\u0000\u0008\u0000")),
    empty: file("empty.png", "image/png", new Uint8Array(0)),
    truncatedJpeg: file("cut.jpg", "image/jpeg", jpeg400.subarray(0, Math.floor(jpeg400.length * 0.6))),
    truncatedPng: file("cut.png", "image/png", png400.subarray(0, Math.floor(png400.length * 0.6))),
    corruptPng: file("garbled.png", "image/png", await corruptPng()),
    bmp: file("photo.bmp", "image/bmp", bmp(8, 6, [200, 30, 30])),
    tiff: file("photo.tiff", "image/tiff", await solid(8, 6, [200, 30, 30]).tiff().toBuffer()),
    bomb: file("bomb.png", "image/png", pngClaiming(20000, 20000)),
    tiny: file("tiny.png", "image/png", await solid(1, 1, [9, 99, 199]).png().toBuffer()),
    wide: file("wide.jpg", "image/jpeg", await noise(10000, 100).jpeg().toBuffer()),
    greyscale: file("grey.png", "image/png", await solid(4, 2, [100, 100, 100]).toColourspace("b-w").png().toBuffer()),
    rgba: file("transparent.png", "image/png", await rgbaPng()),
    cmyk: file(
      "cmyk.jpg",
      "image/jpeg",
      await solid(8, 8, [200, 30, 30]).toColourspace("cmyk").jpeg({quality: 100}).toBuffer()
    ),
    png16: file("deep.png", "image/png", await solid(4, 4, [200, 30, 30]).toColourspace("rgb16").png().toBuffer()),
    exifRotated: file("rotated.jpg", "image/jpeg", await exifRotatedJpeg()),
    animatedGif: file("animated.gif", "image/gif", await animatedGif()),
    webp: file("photo.webp", "image/webp", await solid(5, 5, [0, 128, 255]).webp({lossless: true}).toBuffer()),
    misnamed: file("really-a-png.jpg", "image/jpeg", await solid(3, 3, [0, 200, 0]).png().toBuffer()),
    hostileName: file("<img src=x onerror=alert(1)>.png", "image/png", await solid(3, 3, [0, 0, 200]).png().toBuffer())
  };
}

export type CorpusCase =
  | "text"
  | "pdf"
  | "zip"
  | "empty"
  | "truncatedJpeg"
  | "truncatedPng"
  | "corruptPng"
  | "bmp"
  | "tiff"
  | "bomb"
  | "tiny"
  | "wide"
  | "greyscale"
  | "rgba"
  | "cmyk"
  | "png16"
  | "exifRotated"
  | "animatedGif"
  | "webp"
  | "misnamed"
  | "hostileName";
