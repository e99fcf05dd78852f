// Damaged image files for property-based tests (fast-check): seeds (the gallery photos in data/photos,
// and small files made here in every accepted format), then mutations a reader's file could carry after a bad
// download, a buggy exporter or a hostile hand: cut off, bytes flipped, dimensions and chunk lengths forged, chunks
// repeated. The unit, integration and browser fuzz tests share them.
import {readdir, readFile} from "node:fs/promises";
import {join} from "node:path";
import {PROJECT_ROOT} from "../../components/node/assets/manifests.js";
import fc from "fast-check";
import sharp from "sharp";
import {sniffFormat, type AcceptedFormat} from "../../components/pipeline/image-header.js";
import {animatedGif, exifRotatedJpeg, noise, rgbaPng, solid} from "./bad-images.js";

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

/** Small files in every accepted format and in the variants decoders treat apart (progressive, palette, 16-bit,
 * animated, EXIF-rotated, CMYK, lossless, with alpha). */
export async function generatedSeeds(): Promise<Seed[]> {
  const picture = () => noise(24, 16);
  const animatedWebp = await sharp(
    await Promise.all([solid(6, 4, [255, 0, 0]), solid(6, 4, [0, 0, 255])].map((frame) => frame.png().toBuffer())),
    {join: {animated: true}}
  )
    .webp()
    .toBuffer();
  const files: [string, Promise<Uint8Array> | Uint8Array][] = [
    ["noise.png", picture().png().toBuffer()],
    ["interlaced.png", picture().png({progressive: true}).toBuffer()],
    ["palette.png", picture().png({palette: true, colours: 16}).toBuffer()],
    ["deep.png", solid(8, 8, [200, 30, 30]).toColourspace("rgb16").png().toBuffer()],
    ["transparent.png", rgbaPng()],
    ["noise.jpg", picture().jpeg().toBuffer()],
    ["progressive.jpg", picture().jpeg({progressive: true}).toBuffer()],
    ["grey.jpg", picture().toColourspace("b-w").jpeg().toBuffer()],
    ["cmyk.jpg", solid(8, 8, [200, 30, 30]).toColourspace("cmyk").jpeg().toBuffer()],
    ["rotated.jpg", exifRotatedJpeg()],
    ["noise.gif", picture().gif().toBuffer()],
    ["animated.gif", animatedGif()],
    ["lossy.webp", picture().webp().toBuffer()],
    ["lossless.webp", picture().webp({lossless: true}).toBuffer()],
    [
      "alpha.webp",
      sharp(await rgbaPng())
        .webp()
        .toBuffer()
    ],
    ["animated.webp", animatedWebp]
  ];
  return Promise.all(files.map(async ([name, bytes]) => ({name, bytes: new Uint8Array(await bytes)})));
}

/** The lesson's sample photos, from the project's own copy. */
export async function galleryPhotos(): Promise<Seed[]> {
  const folder = join(PROJECT_ROOT, "data", "photos");
  const names = (await readdir(folder)).filter((name) => /\.(png|jpe?g)$/i.test(name)).sort();
  return Promise.all(names.map(async (name) => ({name, bytes: new Uint8Array(await readFile(join(folder, name)))})));
}

// ---------------------------------------------------------------------------------------------------------------
// Where the structure is: the byte ranges a mutation aims at

interface Span {
  /** Where the chunk (segment, block) starts and ends, header included. */
  start: number;
  end: number;
  /** Where its length field is, how wide, and in which byte order; absent for blocks without one. */
  lengthAt?: number;
  lengthBytes?: 1 | 2 | 4;
  littleEndian?: boolean;
}

/** PNG chunks after the signature: length (4, big-endian), type, data, CRC. */
function pngChunks(bytes: Uint8Array): Span[] {
  const spans: Span[] = [];
  for (let offset = 8; offset + 12 <= bytes.length;) {
    const length = readUint(bytes, offset, 4, false);
    const end = offset + 12 + length;
    if (end > bytes.length) break;
    spans.push({start: offset, end, lengthAt: offset, lengthBytes: 4});
    offset = end;
  }
  return spans;
}

/** JPEG marker segments before the scan data: FF xx, length (2, big-endian, counting itself), data. */
function jpegSegments(bytes: Uint8Array): Span[] {
  const spans: Span[] = [];
  for (let offset = 2; offset + 4 <= bytes.length && bytes[offset] === 0xff;) {
    const marker = bytes[offset + 1]!;
    const length = readUint(bytes, offset + 2, 2, false);
    const end = offset + 2 + length;
    if (end > bytes.length) break;
    spans.push({start: offset, end, lengthAt: offset + 2, lengthBytes: 2});
    if (marker === 0xda) break; // start of scan: entropy-coded data follows
    offset = end;
  }
  return spans;
}

/** GIF blocks after the header and global colour table: extensions and images, each with its data sub-blocks (whose
 * first size byte is the length field aimed at). */
function gifBlocks(bytes: Uint8Array): Span[] {
  const spans: Span[] = [];
  const packed = bytes[10] ?? 0;
  let offset = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  while (offset < bytes.length && (bytes[offset] === 0x21 || bytes[offset] === 0x2c)) {
    const start = offset;
    if (bytes[offset] === 0x21) offset += 2;
    else {
      const local = bytes[offset + 9] ?? 0;
      offset += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0) + 1;
    }
    const lengthAt = offset;
    while (offset < bytes.length && bytes[offset] !== 0) offset += bytes[offset]! + 1;
    offset++;
    if (offset > bytes.length) break;
    spans.push({start, end: offset, lengthAt, lengthBytes: 1});
  }
  return spans;
}

/** RIFF chunks of a WebP after "RIFF size WEBP": fourCC, size (4, little-endian), data padded to even. */
function webpChunks(bytes: Uint8Array): Span[] {
  const spans: Span[] = [{start: 0, end: 12, lengthAt: 4, lengthBytes: 4, littleEndian: true}];
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const size = readUint(bytes, offset + 4, 4, true);
    const end = offset + 8 + size + (size & 1);
    if (end > bytes.length) break;
    spans.push({start: offset, end, lengthAt: offset + 4, lengthBytes: 4, littleEndian: true});
    offset = end;
  }
  return spans;
}

function spansOf(bytes: Uint8Array): Span[] {
  const format = sniffFormat(bytes);
  if (format === "PNG") return pngChunks(bytes);
  if (format === "JPEG") return jpegSegments(bytes);
  if (format === "GIF") return gifBlocks(bytes);
  if (format === "WebP") return webpChunks(bytes);
  return [];
}

/** Where each format keeps the image's width and height: [offset, bytes, little-endian]. */
function dimensionFields(bytes: Uint8Array): [number, 1 | 2 | 4, boolean][] {
  const format: AcceptedFormat | undefined = sniffFormat(bytes);
  if (format === "PNG")
    return [
      [16, 4, false],
      [20, 4, false]
    ];
  if (format === "GIF") {
    const image = gifBlocks(bytes).find((span) => bytes[span.start] === 0x2c);
    const frame: [number, 2, boolean][] = image
      ? [
          [image.start + 5, 2, true],
          [image.start + 7, 2, true],
          [image.start + 1, 2, true]
        ]
      : [];
    return [[6, 2, true], [8, 2, true], ...frame];
  }
  if (format === "JPEG") {
    const frame = jpegSegments(bytes).find((span) => [0xc0, 0xc1, 0xc2].includes(bytes[span.start + 1]!));
    return frame
      ? [
          [frame.start + 5, 2, false],
          [frame.start + 7, 2, false]
        ]
      : [];
  }
  if (format === "WebP") {
    const chunk = String.fromCharCode(...bytes.subarray(12, 16));
    if (chunk === "VP8X")
      return [
        [24, 2, true],
        [27, 2, true]
      ]; // the low bytes of the 24-bit canvas size - 1
    if (chunk === "VP8L")
      return [
        [21, 2, true],
        [23, 2, true]
      ]; // 14-bit fields packed from bit 0 of byte 21
    if (chunk === "VP8 ")
      return [
        [26, 2, true],
        [28, 2, true]
      ];
  }
  return [];
}

function readUint(bytes: Uint8Array, at: number, width: 1 | 2 | 4, littleEndian: boolean): number {
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (bytes[littleEndian ? at + width - 1 - i : at + i] ?? 0);
  return value;
}

function writeUint(bytes: Uint8Array, at: number, width: 1 | 2 | 4, littleEndian: boolean, value: number): void {
  for (let i = 0; i < width && at + i < bytes.length; i++) {
    const shift = 8 * (littleEndian ? i : width - 1 - i);
    bytes[at + i] = Math.floor(value / 2 ** shift) & 0xff;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

/** One change to a file, described for a failure message. Positions and chunk numbers are taken modulo the file's
 * length (or its number of chunks), so that one mutation applies to any seed. */
export type Mutation =
  | {kind: "truncate"; at: number}
  | {kind: "flip"; at: number; xor: number}
  | {kind: "dimension"; field: number; value: number}
  | {kind: "chunk length"; chunk: number; value: number}
  | {kind: "repeat chunk"; chunk: number; times: number};

/** Sizes a forger would try: zero, one, edges of 8, 14, 16 and 32 bits, plausible sizes up to a few thousand pixels
 * (which pass the 40-megapixel check and make the decoder work), and anything. */
const forgedNumber = fc.oneof(
  fc.constantFrom(0, 1, 2, 0xff, 0x100, 0x3fff, 0x4000, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff),
  fc.integer({min: 1, max: 8000}),
  fc.nat({max: 0xffffffff})
);

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({kind: fc.constant("truncate" as const), at: fc.nat()}),
  fc.record({kind: fc.constant("flip" as const), at: fc.nat(), xor: fc.integer({min: 1, max: 255})}),
  fc.record({kind: fc.constant("dimension" as const), field: fc.nat({max: 4}), value: forgedNumber}),
  fc.record({kind: fc.constant("chunk length" as const), chunk: fc.nat(), value: forgedNumber}),
  fc.record({kind: fc.constant("repeat chunk" as const), chunk: fc.nat(), times: fc.integer({min: 1, max: 40})})
);

/** One to three mutations, applied in order. */
export const mutationsArbitrary = fc.array(mutationArbitrary, {minLength: 1, maxLength: 3});

export function mutate(seed: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  return mutations.reduce(applyMutation, seed);
}

function applyMutation(input: Uint8Array, mutation: Mutation): Uint8Array {
  const bytes = new Uint8Array(input);
  if (bytes.length === 0) return bytes;
  switch (mutation.kind) {
    case "truncate":
      return bytes.slice(0, mutation.at % bytes.length);
    case "flip": {
      bytes[mutation.at % bytes.length]! ^= mutation.xor;
      return bytes;
    }
    case "dimension": {
      const fields = dimensionFields(bytes);
      if (!fields.length) return bytes;
      const [at, width, littleEndian] = fields[mutation.field % fields.length]!;
      writeUint(bytes, at, width, littleEndian, mutation.value % 2 ** (8 * width));
      return bytes;
    }
    case "chunk length": {
      const spans = spansOf(bytes).filter((span) => span.lengthAt !== undefined);
      const span = spans[mutation.chunk % spans.length];
      if (!span) return bytes;
      writeUint(
        bytes,
        span.lengthAt!,
        span.lengthBytes!,
        span.littleEndian ?? false,
        mutation.value % 2 ** (8 * span.lengthBytes!)
      );
      return bytes;
    }
    case "repeat chunk": {
      const spans = spansOf(bytes);
      const span = spans[mutation.chunk % spans.length];
      if (!span) return bytes;
      const chunk = bytes.subarray(span.start, span.end);
      const copies = new Uint8Array(chunk.length * mutation.times);
      for (let i = 0; i < mutation.times; i++) copies.set(chunk, i * chunk.length);
      const out = new Uint8Array(bytes.length + copies.length);
      out.set(bytes.subarray(0, span.end));
      out.set(copies, span.end);
      out.set(bytes.subarray(span.end), span.end + copies.length);
      return out;
    }
  }
}

/** What a message for a person must not look like: a stack trace, an internal value, a bare library error. */
export function unclearMessage(message: string): string | undefined {
  if (/\n\s+at /.test(message)) return "has a stack trace";
  if (/\bundefined\b|\bNaN\b|\[object /.test(message)) return "shows an internal value";
  if (message.length < 40) return "is too short to say what happened and what to do";
  if (message.length > 800) return "is too long";
  return undefined;
}
