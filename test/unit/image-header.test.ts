// readImageHeader against files made by sharp (whose own metadata reading is the reference), hand-made headers that
// claim huge sizes, and cut or mutated bytes, which must give undefined or a header, never an exception.
import sharp from "sharp";
import {describe, expect, it} from "vitest";
import {
  describeContent,
  readImageHeader,
  sniffFormat,
  type ImageHeader
} from "../../components/pipeline/image-header.js";
import {megapixels} from "../../components/pipeline/format.js";
import {
  animatedGif,
  bmp,
  bytesOf,
  exifRotatedJpeg,
  noise,
  pngChunk,
  pngClaiming,
  rgbaPng,
  solid
} from "../helpers/bad-images.js";
import {seededRandom} from "../helpers/tf.js";

function header(bytes: Uint8Array): ImageHeader {
  const result = readImageHeader(bytes);
  if (!result) throw new Error("expected a header");
  return result;
}

/** Width and height as sharp reads them, for comparison. */
async function sharpSize(bytes: Uint8Array): Promise<[number, number]> {
  const {width, height} = await sharp(bytes).metadata();
  return [width, height];
}

describe("readImageHeader: JPEG", () => {
  it("reads the size from the frame header, as sharp does", async () => {
    for (const [width, height] of [
      [1, 1],
      [640, 480],
      [10000, 100],
      [33, 4097]
    ] as const) {
      const jpeg = await noise(width, height).jpeg().toBuffer();
      expect(header(jpeg)).toMatchObject({
        format: "JPEG",
        width,
        height,
        colour: "rgb",
        bitDepth: 8,
        frames: 1,
        complete: true
      });
      expect(await sharpSize(jpeg)).toEqual([width, height]);
    }
  });

  it("reads progressive JPEGs (SOF2)", async () => {
    const jpeg = await noise(120, 80).jpeg({progressive: true}).toBuffer();
    expect(header(jpeg)).toMatchObject({width: 120, height: 80, complete: true});
  });

  it("reads the EXIF orientation and keeps the stored (sideways) size", async () => {
    expect(header(await exifRotatedJpeg())).toMatchObject({width: 40, height: 20, orientation: 6});
    expect(header(await solid(4, 4, [0, 0, 0]).jpeg().toBuffer()).orientation).toBe(1);
  });

  it.each([1, 2, 3, 4, 5, 7, 8])("reads EXIF orientation %i", async (orientation) => {
    const jpeg = await solid(4, 2, [0, 0, 0]).jpeg().withMetadata({orientation}).toBuffer();
    expect(header(jpeg).orientation).toBe(orientation);
  });

  it("tells greyscale and CMYK from RGB", async () => {
    expect(header(await solid(4, 4, [90, 90, 90]).toColourspace("b-w").jpeg().toBuffer()).colour).toBe("grey");
    expect(header(await solid(4, 4, [200, 30, 30]).toColourspace("cmyk").jpeg().toBuffer()).colour).toBe("cmyk");
  });

  it("knows a JPEG cut in its image data is incomplete, and one cut in its header has no header", async () => {
    const jpeg = await noise(400, 300).jpeg().toBuffer();
    expect(header(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)))).toMatchObject({
      width: 400,
      height: 300,
      complete: false
    });
    expect(header(jpeg.subarray(0, jpeg.length - 2)).complete).toBe(false); // only the end marker missing
    expect(readImageHeader(jpeg.subarray(0, 20))).toBeUndefined();
  });

  it("refuses to guess a size a DNL marker would give later (height 0)", () => {
    const sof = [0xff, 0xc0, 0, 11, 8, 0, 0, 0, 16, 1, 1, 0x11, 0];
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, ...sof, 0xff, 0xd9]))).toBeUndefined();
  });
});

describe("readImageHeader: PNG", () => {
  it("reads size, colour and bit depth from IHDR", async () => {
    expect(header(await solid(7, 3, [1, 2, 3]).png().toBuffer())).toMatchObject({
      format: "PNG",
      width: 7,
      height: 3,
      colour: "rgb",
      bitDepth: 8,
      hasAlpha: false,
      frames: 1,
      complete: true
    });
    expect(header(await solid(4, 4, [200, 30, 30]).toColourspace("rgb16").png().toBuffer())).toMatchObject({
      bitDepth: 16
    });
    expect(header(await solid(4, 2, [100, 100, 100]).toColourspace("b-w").png().toBuffer())).toMatchObject({
      colour: "grey"
    });
  });

  it("knows which PNGs can hold transparency: an alpha channel or a tRNS chunk", async () => {
    expect(header(await rgbaPng()).hasAlpha).toBe(true);
    const palette = await sharp(await rgbaPng())
      .png({palette: true})
      .toBuffer();
    expect(header(palette)).toMatchObject({colour: "indexed", hasAlpha: true});
    expect(header(await solid(2, 2, [0, 0, 0]).png({palette: true}).toBuffer()).hasAlpha).toBe(false);
  });

  it("reads the size a decompression bomb claims, from 70 bytes", () => {
    const bomb = pngClaiming(20000, 20000);
    expect(header(bomb)).toMatchObject({width: 20000, height: 20000, complete: true});
    expect(megapixels(20000 * 20000)).toBe("400");
  });

  it("counts the frames of an animated PNG (acTL)", async () => {
    const png = await solid(2, 2, [0, 0, 0]).png().toBuffer();
    const actl = Buffer.alloc(8);
    actl.writeUInt32BE(3, 0);
    const apng = Buffer.concat([png.subarray(0, 33), pngChunk("acTL", actl), png.subarray(33)]); // after IHDR
    expect(header(apng).frames).toBe(3);
  });

  it("knows a cut PNG is incomplete, and one cut inside IHDR has no header", async () => {
    const png = await noise(100, 100).png().toBuffer();
    expect(header(png.subarray(0, png.length - 6))).toMatchObject({width: 100, complete: false});
    expect(readImageHeader(png.subarray(0, 20))).toBeUndefined();
  });
});

/** A GIF89a with a 1×1 logical screen and one frame placed at (left, top) of the given size: decoders grow the
 * canvas to hold it. */
function gifWithFrame(left: number, top: number, width: number, height: number): Uint8Array {
  const u16 = (n: number) => [n & 0xff, n >> 8];
  return Uint8Array.from([
    ...bytesOf("GIF89a"),
    ...u16(1),
    ...u16(1),
    0x80,
    0,
    0, // logical screen 1×1, 2-colour global table
    0,
    0,
    0,
    255,
    255,
    255,
    0x2c,
    ...u16(left),
    ...u16(top),
    ...u16(width),
    ...u16(height),
    0, // image descriptor
    2,
    2,
    0x4c,
    0x01,
    0, // LZW minimum code size, one tiny sub-block, terminator
    0x3b
  ]);
}

describe("readImageHeader: GIF", () => {
  it("reads the logical screen and counts frames", async () => {
    expect(header(await animatedGif())).toMatchObject({format: "GIF", width: 6, height: 4, frames: 2, complete: true});
    expect(header(await solid(5, 3, [1, 2, 3]).gif().toBuffer())).toMatchObject({width: 5, height: 3, frames: 1});
  });

  it("knows a GIF with a transparent colour can hold transparency", async () => {
    const gif = await sharp(await rgbaPng())
      .gif()
      .toBuffer();
    expect(header(gif).hasAlpha).toBe(true);
  });

  it("counts a frame larger than the logical screen: a small screen cannot hide a huge frame", () => {
    expect(header(gifWithFrame(0, 0, 60000, 60000))).toMatchObject({width: 60000, height: 60000, frames: 1});
    expect(header(gifWithFrame(65000, 10, 500, 2))).toMatchObject({width: 65500, height: 12});
  });

  it("knows a cut GIF is incomplete", async () => {
    const gif = await animatedGif();
    expect(header(gif.subarray(0, gif.length - 1)).complete).toBe(false);
  });
});

describe("readImageHeader: WebP", () => {
  it("reads lossy (VP8), lossless (VP8L) and extended (VP8X) files", async () => {
    const base = noise(31, 17);
    expect(header(await base.clone().webp().toBuffer())).toMatchObject({
      format: "WebP",
      width: 31,
      height: 17,
      hasAlpha: false
    });
    expect(header(await base.clone().webp({lossless: true}).toBuffer())).toMatchObject({width: 31, height: 17});
    const alpha = await sharp(await rgbaPng())
      .resize(9, 9)
      .webp()
      .toBuffer();
    expect(header(alpha)).toMatchObject({width: 9, height: 9, hasAlpha: true, complete: true});
  });

  it("counts the frames of an animated WebP", async () => {
    const webp = await sharp(await animatedGif(), {animated: true})
      .webp()
      .toBuffer();
    expect((await sharp(webp).metadata()).pages).toBe(2);
    expect(header(webp)).toMatchObject({width: 6, height: 4, frames: 2});
  });

  it("reads the canvas a VP8X header claims, up to 16 million pixels a side", () => {
    const vp8x = Buffer.alloc(30);
    vp8x.write("RIFF", 0, "latin1");
    vp8x.writeUInt32LE(22, 4);
    vp8x.write("WEBPVP8X", 8, "latin1");
    vp8x.writeUInt32LE(10, 16);
    vp8x.writeUIntLE(16383, 24, 3);
    vp8x.writeUIntLE(99999, 27, 3);
    expect(header(vp8x)).toMatchObject({width: 16384, height: 100000, complete: true});
  });

  it("knows a cut WebP is incomplete", async () => {
    const webp = await noise(64, 64).webp().toBuffer();
    expect(header(webp.subarray(0, webp.length - 10))).toMatchObject({width: 64, complete: false});
  });
});

describe("readImageHeader: what is not an accepted image", () => {
  it("returns undefined for other formats and for nothing", async () => {
    expect(readImageHeader(new Uint8Array(0))).toBeUndefined();
    expect(readImageHeader(bmp(2, 2, [0, 0, 0]))).toBeUndefined();
    expect(readImageHeader(await solid(2, 2, [0, 0, 0]).tiff().toBuffer())).toBeUndefined();
    expect(readImageHeader(bytesOf("GIF89a"))).toBeUndefined();
  });

  it("never throws on cut or mutated files: a header or undefined", async () => {
    const random = seededRandom(7);
    const files = [
      await noise(50, 40).jpeg().toBuffer(),
      await exifRotatedJpeg(),
      await noise(50, 40).png().toBuffer(),
      await animatedGif(),
      await noise(50, 40).webp().toBuffer(),
      await sharp(await animatedGif(), {animated: true})
        .webp()
        .toBuffer()
    ];
    for (const file of files) {
      for (let length = 0; length <= Math.min(file.length, 400); length++) readImageHeader(file.subarray(0, length));
      for (let trial = 0; trial < 300; trial++) {
        const mutated = Uint8Array.from(file);
        for (let flips = 1 + Math.floor(random() * 8); flips > 0; flips--) {
          mutated[Math.floor(random() * Math.min(mutated.length, 600))] = Math.floor(random() * 256);
        }
        const result = readImageHeader(mutated);
        if (result) expect(result.width > 0 && result.height > 0 && result.frames >= 1).toBe(true);
      }
    }
  });
});

describe("sniffFormat and describeContent", () => {
  it("name the format by the bytes, not the name", async () => {
    expect(sniffFormat(await solid(2, 2, [0, 0, 0]).png().toBuffer())).toBe("PNG");
    expect(sniffFormat(await solid(2, 2, [0, 0, 0]).webp().toBuffer())).toBe("WebP");
    expect(sniffFormat(bytesOf("RIFF\0\0\0\0WAVE"))).toBeUndefined();
  });

  it.each([
    ["%PDF-1.7\n", "a PDF document"],
    ["PK\u0003\u0004", "a ZIP archive (or a document stored as one, such as .docx)"],
    ["II*\u0000", "a TIFF image"],
    ["MM\u0000*", "a TIFF image"],
    ["BM6\u0000", "a BMP image"],
    ["\u0000\u0000\u0000\u001cftypavif", "an AVIF image"],
    ["\u0000\u0000\u0000\u0018ftypheic", "a HEIC/HEIF image"],
    ['<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>', "an SVG drawing"],
    ["<!DOCTYPE html><title>x</title>", "a web page (HTML)"],
    ["cat,dog\n1,2\n", "a text file"],
    ["\u0000\u0001\u0002\u00ff", undefined]
  ])("%j is %s", (content, expected) => {
    expect(describeContent(bytesOf(content))).toBe(expected);
  });
});
