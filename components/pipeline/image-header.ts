// What an image file says about itself in its first bytes: format, declared size, transparency, frames, orientation.
// Pure and platform-neutral, so the browser and the CLI both check a file BEFORE decoding it: a 100-byte PNG that
// claims to be 20000×20000 is refused here instead of asking the decoder for 1.6 GB.

/** The formats the lesson and the CLI accept, as a person would name them. */
export const ACCEPTED_FORMATS = ["JPEG", "PNG", "GIF", "WebP"] as const;

export type AcceptedFormat = (typeof ACCEPTED_FORMATS)[number];

/** ACCEPTED_FORMATS in a sentence. */
export const ACCEPTED_LIST = "JPEG, PNG, GIF or WebP";

/** The MIME type of each accepted format. */
export const MIME_TYPES: Record<AcceptedFormat, string> = {
  JPEG: "image/jpeg",
  PNG: "image/png",
  GIF: "image/gif",
  WebP: "image/webp"
};

/** Images larger than this (width × height) are refused before decoding: 40 megapixels, ≈ 160 MB as RGBA. */
export const MAX_PIXELS = 40_000_000;

export type ColourModel = "rgb" | "grey" | "indexed" | "cmyk";

export interface ImageHeader {
  format: AcceptedFormat;
  /** Width and height as stored, before any EXIF rotation. For a GIF, the largest of its screen and frame extents. */
  width: number;
  height: number;
  /** The file can hold see-through pixels (an alpha channel or a transparent colour); whether any pixel actually is
   * see-through takes decoding to know. */
  hasAlpha: boolean;
  /** Frames counted in the bytes (1 for a still image). */
  frames: number;
  /** EXIF orientation 1–8 (read from JPEG files; 1 when absent). */
  orientation: number;
  colour: ColourModel;
  /** Bits per channel as stored (8 for most files; 16 for deep PNGs; 1, 2 or 4 for small-palette PNGs). */
  bitDepth: number;
  /** Whether the file reaches its end marker (JPEG EOI after the image data, PNG IEND, GIF trailer, the length
   * WebP's RIFF header announces). false: the file was cut off, e.g. by an interrupted download. */
  complete: boolean;
}

/** The accepted format the first bytes announce, or undefined. The file name and MIME type may lie; these bytes don't. */
export function sniffFormat(bytes: Uint8Array): AcceptedFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "JPEG";
  if (startsWith(bytes, PNG_SIGNATURE)) return "PNG";
  if (startsWithText(bytes, "GIF87a") || startsWithText(bytes, "GIF89a")) return "GIF";
  if (startsWithText(bytes, "RIFF") && textAt(bytes, 8, 4) === "WEBP") return "WebP";
  return undefined;
}

/** The header of a JPEG, PNG, GIF or WebP file; undefined when the bytes are none of those or their header is cut
 * off or damaged (tell the two apart with sniffFormat). */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  const format = sniffFormat(bytes);
  const reader = new ByteReader(bytes);
  try {
    const header =
      format === "JPEG"
        ? readJpeg(reader)
        : format === "PNG"
          ? readPng(reader)
          : format === "GIF"
            ? readGif(reader)
            : format === "WebP"
              ? readWebp(reader)
              : undefined;
    return header && header.width > 0 && header.height > 0 ? header : undefined;
  } catch (error) {
    if (error instanceof OutOfBytes) return undefined;
    throw error;
  }
}

/** What a file that is not an accepted image seems to be ("a PDF document"), for a refusal message; undefined if unknown. */
export function describeContent(bytes: Uint8Array): string | undefined {
  if (startsWithText(bytes, "%PDF")) return "a PDF document";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return "a ZIP archive (or a document stored as one, such as .docx)";
  if (startsWithText(bytes, "II*\0") || startsWithText(bytes, "MM\0*")) return "a TIFF image";
  if (startsWithText(bytes, "BM")) return "a BMP image";
  if (startsWith(bytes, [0, 0, 1, 0])) return "an icon file (.ico)";
  if (textAt(bytes, 4, 4) === "ftyp") {
    const brand = textAt(bytes, 8, 4);
    if (brand.startsWith("avi")) return "an AVIF image";
    if (brand.startsWith("he") || brand.startsWith("mif")) return "a HEIC/HEIF image";
    return "a video or other ISO media file";
  }
  if (isText(bytes, 4096)) {
    const head = new TextDecoder().decode(bytes.subarray(0, 4096)).trimStart().toLowerCase();
    if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "an SVG drawing";
    if (head.startsWith("<!doctype html") || head.startsWith("<html")) return "a web page (HTML)";
    return "a text file";
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Formats

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function readPng(reader: ByteReader): ImageHeader | undefined {
  if (reader.text(12, 4) !== "IHDR") return undefined;
  const width = reader.u32be(16);
  const height = reader.u32be(20);
  const bitDepth = reader.u8(24);
  const colourType = reader.u8(25);
  const colour: ColourModel = colourType === 0 || colourType === 4 ? "grey" : colourType === 3 ? "indexed" : "rgb";
  const header: ImageHeader = {
    format: "PNG",
    width,
    height,
    bitDepth,
    colour,
    hasAlpha: colourType === 4 || colourType === 6,
    frames: 1,
    orientation: 1,
    complete: false
  };
  // The chunks after IHDR: transparency (tRNS), animation (acTL), and whether the file reaches IEND.
  for (let offset = 8; offset + 8 <= reader.length;) {
    const length = reader.u32be(offset);
    const type = reader.text(offset + 4, 4);
    const end = offset + 12 + length;
    if (type === "tRNS") header.hasAlpha = true;
    if (type === "acTL" && offset + 12 <= reader.length) header.frames = Math.max(1, reader.u32be(offset + 8));
    if (type === "IEND") {
      header.complete = end <= reader.length;
      break;
    }
    offset = end;
  }
  return header;
}

// SOF0–SOF15 carry the frame's size, except C4 (DHT), C8 (reserved) and CC (DAC).
const JPEG_START_OF_FRAME = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function readJpeg(reader: ByteReader): ImageHeader | undefined {
  let orientation = 1;
  for (let offset = 2; ;) {
    // Markers are 0xFF then a code, possibly padded with more 0xFF; decoders skip stray bytes between segments too.
    while (reader.u8(offset) !== 0xff) offset++;
    while (reader.u8(offset) === 0xff) offset++;
    const marker = reader.u8(offset);
    offset++;
    if (marker === 0x01 || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7)) continue; // no length
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data before any frame header
    const length = reader.u16be(offset);
    if (length < 2) return undefined;
    if (marker === 0xe1 && reader.text(offset + 2, 6) === "Exif\0\0") {
      orientation = exifOrientation(reader, offset + 8, offset + length) ?? orientation;
    }
    if (JPEG_START_OF_FRAME.has(marker)) {
      const components = reader.u8(offset + 7);
      return {
        format: "JPEG",
        bitDepth: reader.u8(offset + 2),
        height: reader.u16be(offset + 3), // 0 means "given later by a DNL marker", which readImageHeader refuses
        width: reader.u16be(offset + 5),
        colour: components === 1 ? "grey" : components === 4 ? "cmyk" : "rgb",
        hasAlpha: false,
        frames: 1,
        orientation,
        complete: jpegEndsAfterScan(reader, offset + length)
      };
    }
    offset += length;
  }
}

/** Inside entropy-coded data every 0xFF is followed by 0x00 or a restart marker, so the first FF D9 after the frame
 * header is the real end of the image (embedded thumbnails live in APP segments, before it). */
function jpegEndsAfterScan(reader: ByteReader, from: number): boolean {
  const bytes = reader.bytes;
  for (let i = bytes.indexOf(0xff, from); i !== -1 && i + 1 < bytes.length; i = bytes.indexOf(0xff, i + 1)) {
    if (bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/** The Orientation tag (0x0112) of IFD0 in an EXIF block (a TIFF structure from `start`), or undefined. */
function exifOrientation(reader: ByteReader, start: number, end: number): number | undefined {
  const order = reader.text(start, 2);
  if (order !== "II" && order !== "MM") return undefined;
  const little = order === "II";
  const u16 = (at: number) => (at + 2 <= end ? (little ? reader.u16le(at) : reader.u16be(at)) : undefined);
  const u32 = (at: number) => (at + 4 <= end ? (little ? reader.u32le(at) : reader.u32be(at)) : undefined);
  const ifd = u32(start + 4);
  if (ifd === undefined) return undefined;
  const count = u16(start + ifd) ?? 0;
  for (let i = 0; i < count; i++) {
    const entry = start + ifd + 2 + i * 12;
    if (u16(entry) === 0x0112) {
      const value = u16(entry + 8);
      return value !== undefined && value >= 1 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

function readGif(reader: ByteReader): ImageHeader {
  let width = reader.u16le(6);
  let height = reader.u16le(8);
  const packed = reader.u8(10);
  const header: ImageHeader = {
    format: "GIF",
    width,
    height,
    hasAlpha: false,
    frames: 0,
    orientation: 1,
    colour: "indexed",
    bitDepth: 8,
    complete: false
  };
  let offset = 13 + (packed & 0x80 ? 3 * 2 ** ((packed & 7) + 1) : 0);
  try {
    for (;;) {
      const block = reader.u8(offset);
      if (block === 0x3b) {
        header.complete = true;
        break;
      }
      if (block === 0x21) {
        // Extension: a Graphic Control Extension (F9) may mark a colour transparent.
        if (reader.u8(offset + 1) === 0xf9 && reader.u8(offset + 3) & 1) header.hasAlpha = true;
        offset = skipSubBlocks(reader, offset + 2);
      } else if (block === 0x2c) {
        // A frame may reach beyond the logical screen, and decoders then grow the canvas: count its extent too.
        width = Math.max(width, reader.u16le(offset + 1) + reader.u16le(offset + 5));
        height = Math.max(height, reader.u16le(offset + 3) + reader.u16le(offset + 7));
        header.frames++;
        const local = reader.u8(offset + 9);
        offset += 10 + (local & 0x80 ? 3 * 2 ** ((local & 7) + 1) : 0);
        offset = skipSubBlocks(reader, offset + 1); // after the LZW minimum code size
      } else {
        break; // not a GIF block: damaged from here on
      }
    }
  } catch (error) {
    if (!(error instanceof OutOfBytes)) throw error;
  }
  return {...header, width, height, frames: Math.max(1, header.frames)};
}

/** Past a chain of GIF data sub-blocks (length byte, data) ending with a zero length. */
function skipSubBlocks(reader: ByteReader, offset: number): number {
  for (let size = reader.u8(offset); size !== 0; size = reader.u8(offset)) offset += size + 1;
  return offset + 1;
}

function readWebp(reader: ByteReader): ImageHeader | undefined {
  const complete = reader.length >= 8 + reader.u32le(4);
  const still = {format: "WebP", frames: 1, orientation: 1, colour: "rgb", bitDepth: 8, complete} as const;
  const chunk = reader.text(12, 4);
  const data = 20;
  if (chunk === "VP8 ") {
    if (reader.u8(data + 3) !== 0x9d || reader.u8(data + 4) !== 0x01 || reader.u8(data + 5) !== 0x2a) return undefined;
    return {...still, width: reader.u16le(data + 6) & 0x3fff, height: reader.u16le(data + 8) & 0x3fff, hasAlpha: false};
  }
  if (chunk === "VP8L") {
    if (reader.u8(data) !== 0x2f) return undefined;
    const bits = reader.u32le(data + 1);
    return {
      ...still,
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      hasAlpha: ((bits >>> 28) & 1) === 1
    };
  }
  if (chunk === "VP8X") {
    const flags = reader.u8(data);
    let frames = 0;
    if (flags & 0x02) {
      // Animated: count the ANMF chunks that follow (each chunk padded to an even length).
      for (let offset = data + reader.u32le(16) + (reader.u32le(16) & 1); offset + 8 <= reader.length;) {
        if (reader.text(offset, 4) === "ANMF") frames++;
        const size = reader.u32le(offset + 4);
        offset += 8 + size + (size & 1);
      }
    }
    return {
      ...still,
      width: reader.u24le(data + 4) + 1,
      height: reader.u24le(data + 7) + 1,
      hasAlpha: (flags & 0x10) !== 0,
      frames: Math.max(1, frames)
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Bytes

class OutOfBytes extends Error {}

/** Reads numbers at offsets, throwing OutOfBytes past the end (a cut-off header), which readImageHeader turns into
 * undefined. */
class ByteReader {
  constructor(readonly bytes: Uint8Array) {}
  get length(): number {
    return this.bytes.length;
  }
  u8(at: number): number {
    const value = this.bytes[at];
    if (value === undefined) throw new OutOfBytes();
    return value;
  }
  u16be(at: number): number {
    return (this.u8(at) << 8) | this.u8(at + 1);
  }
  u16le(at: number): number {
    return this.u8(at) | (this.u8(at + 1) << 8);
  }
  u24le(at: number): number {
    return this.u8(at) | (this.u8(at + 1) << 8) | (this.u8(at + 2) << 16);
  }
  u32be(at: number): number {
    return this.u8(at) * 0x1000000 + ((this.u8(at + 1) << 16) | (this.u8(at + 2) << 8) | this.u8(at + 3));
  }
  u32le(at: number): number {
    return this.u8(at + 3) * 0x1000000 + ((this.u8(at + 2) << 16) | (this.u8(at + 1) << 8) | this.u8(at));
  }
  text(at: number, length: number): string {
    let text = "";
    for (let i = 0; i < length; i++) text += String.fromCharCode(this.u8(at + i));
    return text;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function startsWithText(bytes: Uint8Array, prefix: string): boolean {
  return textAt(bytes, 0, prefix.length) === prefix;
}

/** `length` bytes at `at` as Latin-1 text (shorter if the bytes end first). */
function textAt(bytes: Uint8Array, at: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

/** Whether the first `limit` bytes are UTF-8 without control characters other than tab, newline, CR and form feed. */
function isText(bytes: Uint8Array, limit: number): boolean {
  // Cutting at `limit` may split a multi-byte character; that alone is no reason to call the file binary.
  const head = bytes.length > limit ? bytes.subarray(0, limit - 3) : bytes;
  let text: string;
  try {
    text = new TextDecoder("utf-8", {fatal: true}).decode(head);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this test looks for
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text);
}
