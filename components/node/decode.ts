// Image file bytes → pixels [h, w, 3] int32 0–255, the "decode" box of the pipeline, in Node (sharp/libvips).
// It aims to give the pixels a browser would draw: EXIF orientation applied, transparency shown on white, colours in
// sRGB, 8 bits per channel, first frame of an animation. Anything it cannot do that way it refuses with a message for
// a person, never a stack trace.
import * as tf from "@tensorflow/tfjs-core";
import sharp, {type Metadata} from "sharp";
import {
  ACCEPTED_FORMATS,
  ACCEPTED_LIST,
  MAX_PIXELS,
  describeContent,
  readImageHeader,
  sniffFormat,
  type AcceptedFormat
} from "../pipeline/image-header.js";
import {errorMessage} from "../pipeline/errors.js";
import {megapixels, shareText} from "../pipeline/format.js";

export {ACCEPTED_FORMATS, MAX_PIXELS, sniffFormat, type AcceptedFormat};

export interface DecodedImage {
  /** [height, width, 3] int32 values 0–255, upright, sRGB. The caller disposes it. */
  pixels: tf.Tensor3D;
  width: number;
  height: number;
  format: AcceptedFormat;
  /** What was changed on the way to plain RGB (rotation, transparency, colour space…), one sentence each. */
  notes: string[];
}

export interface DecodeOptions {
  /** Refuse images with more pixels than this; defaults to MAX_PIXELS. */
  maxPixels?: number;
}

/** A file that is not an image this module can decode; `message` says what is wrong and what to try. */
export class ImageDecodeError extends Error {
  override name = "ImageDecodeError";
}

/**
 * Decodes a JPEG, PNG, GIF or WebP file. The image's size is checked from its header before any pixel is decoded,
 * so a small file that claims to be enormous is refused without using the memory it asks for.
 */
export async function decodeImage(
  bytes: Uint8Array,
  name?: string,
  options: DecodeOptions = {}
): Promise<DecodedImage> {
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  const subject = name ?? "The image";
  if (bytes.length === 0) {
    throw new ImageDecodeError(
      `${subject} is empty (0 bytes), so there is no image in it. Check that it was saved or copied completely.`
    );
  }
  // Checked before sharp sees the file: sharp would also open SVG, PDF, TIFF and more, which this tool does not promise.
  const format = sniffFormat(bytes);
  if (!format) {
    const kind = describeContent(bytes);
    throw new ImageDecodeError(
      (kind
        ? `${subject} is ${kind}, not an image this tool can read.`
        : `${subject} is not an image this tool can read: its first bytes match none of the formats it knows.`) +
        ` It accepts ${ACCEPTED_LIST} files: convert it to one of those (for example, export it as PNG) and try again.`
    );
  }
  // The same header reading the browser does, before any library sees the file; sharp's own reading follows.
  const header = readImageHeader(bytes);
  if (header) refuseIfTooLarge(subject, header.width, header.height, maxPixels);
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // Header only: cheap however large the image claims to be.
  let metadata: Metadata;
  try {
    metadata = await sharp(input, {limitInputPixels: false}).metadata(); // our own limit, below, names the size
  } catch (error) {
    throw damaged(subject, format, "header", error);
  }
  const {width, height} = metadata;
  if (!(width > 0 && height > 0)) {
    throw new ImageDecodeError(
      `${subject} has a ${format} header without a valid size. The file is damaged; try exporting it again.`
    );
  }
  refuseIfTooLarge(subject, width, height, maxPixels);

  const notes = describeConversions(metadata, format);
  let rgb: {data: Buffer; width: number; height: number};
  try {
    const decoded = await sharp(input, {failOn: "error", limitInputPixels: maxPixels, page: 0, pages: 1})
      .rotate() // EXIF orientation, as browsers apply it
      .toColourspace("srgb") // greyscale → 3 channels, CMYK → RGB (via an ICC profile), 16 bits → see raw() below
      .raw({depth: "uchar"})
      .toBuffer({resolveWithObject: true});
    const {channels} = decoded.info;
    if (channels !== 3 && channels !== 4) throw new Error(`decoded to ${channels} channels instead of 3 (RGB)`);
    rgb =
      channels === 4 ? await flattenOnWhite(decoded.data, decoded.info, notes) : {...decoded.info, data: decoded.data};
  } catch (error) {
    if (error instanceof ImageDecodeError) throw error;
    throw damaged(subject, format, "data", error);
  }
  const pixels = tf.tensor3d(new Int32Array(rgb.data), [rgb.height, rgb.width, 3], "int32");
  return {pixels, width: rgb.width, height: rgb.height, format, notes};
}

function describeConversions(metadata: Metadata, format: AcceptedFormat): string[] {
  const notes: string[] = [];
  if (metadata.orientation && metadata.orientation > 1) {
    notes.push(
      `EXIF orientation ${metadata.orientation} was applied: the pixels are upright, as a browser shows them.`
    );
  }
  if (metadata.pages && metadata.pages > 1) {
    notes.push(`Animated (${metadata.pages} frames): only the first frame is used.`);
  }
  if (metadata.space === "cmyk") notes.push("CMYK colours were converted to sRGB.");
  if (metadata.space === "b-w" || metadata.space === "grey16") {
    notes.push("Greyscale: its one channel was copied into red, green and blue.");
  }
  if (metadata.depth === "ushort" || (metadata.bitsPerSample ?? 0) > 8) {
    notes.push(`This ${format} has 16 bits per channel; they were reduced to 8 (values 0–255).`);
  }
  return notes;
}

/** RGBA → RGB on a white background, by sharp. Notes the compositing only if some pixel is actually see-through
 * (GIFs and many PNGs carry an alpha channel that is fully opaque). */
async function flattenOnWhite(
  rgba: Buffer,
  info: {width: number; height: number},
  notes: string[]
): Promise<{data: Buffer; width: number; height: number}> {
  let transparent = 0;
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i]! < 255) transparent++;
  const {data} = await sharp(rgba, {
    raw: {width: info.width, height: info.height, channels: 4},
    limitInputPixels: false
  })
    .flatten({background: {r: 255, g: 255, b: 255}})
    .raw()
    .toBuffer({resolveWithObject: true});
  if (transparent > 0) {
    notes.push(
      `Transparent pixels (${shareText(transparent / (info.width * info.height))} of the image) were composited on white.`
    );
  }
  return {data, width: info.width, height: info.height};
}

function damaged(subject: string, format: AcceptedFormat, part: "header" | "data", error: unknown): ImageDecodeError {
  const what = part === "header" ? `its ${format} header is damaged` : `its ${format} image data is damaged or cut off`;
  return new ImageDecodeError(
    `${subject} starts like a ${format} file, but ${what}, so it cannot be decoded (${libraryDetail(error)}). ` +
      "It may be an incomplete download or copy: open it in an image viewer, or get or export the file again."
  );
}

/** The first line of libvips' complaint, without its prefixes: short enough to read, precise enough to search. */
function libraryDetail(error: unknown): string {
  const message = errorMessage(error);
  const first = message.split("\n").find((line) => line.trim() !== "") ?? "unknown error";
  return (
    first.replace(/^Input (buffer|file) (has corrupt header|contains unsupported image format): ?/, "").trim() ||
    first.trim()
  );
}

function refuseIfTooLarge(subject: string, width: number, height: number, maxPixels: number): void {
  if (width * height <= maxPixels) return;
  throw new ImageDecodeError(
    `${subject} is ${width}×${height} pixels (${megapixels(width * height)} megapixels); this tool refuses images over ` +
      `${megapixels(maxPixels)} megapixels so that one file cannot exhaust the memory. The model only looks at 224×224 ` +
      "pixels, so scale the image down (for example, to 2000 pixels on the long side) and try again."
  );
}
