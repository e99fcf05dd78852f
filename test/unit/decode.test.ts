// decodeImage on a corpus made here with sharp: every kind of file a reader might hand the CLI, and what should
// come out (pixels, or a message for a person).
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import {afterEach, beforeAll, beforeEach, describe, expect, it} from "vitest";
import {
  ACCEPTED_FORMATS,
  ImageDecodeError,
  MAX_PIXELS,
  decodeImage,
  sniffFormat
} from "../../components/node/decode.js";
import {
  animatedGif,
  bmp,
  bytesOf,
  corruptPng,
  exifRotatedJpeg,
  noise,
  pngClaiming,
  rgbaPng,
  solid,
  type Rgb
} from "../helpers/bad-images.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

// decodeImage returns one tensor, which each test disposes; nothing else may stay behind, even when it throws.
let tensorsBefore = 0;
beforeEach(() => {
  tensorsBefore = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(tensorsBefore);
});

/** Decodes, reads the pixels as plain numbers and frees the tensor. */
async function decode(bytes: Uint8Array, name = "test image") {
  const {pixels, ...rest} = await decodeImage(bytes, name);
  try {
    expect(pixels.dtype).toBe("int32");
    expect(pixels.shape).toEqual([rest.height, rest.width, 3]);
    const values = await pixels.data();
    const at = (x: number, y: number): Rgb => {
      const i = (y * rest.width + x) * 3;
      return [values[i]!, values[i + 1]!, values[i + 2]!];
    };
    return {...rest, at};
  } finally {
    pixels.dispose();
  }
}

/** The ImageDecodeError decodeImage throws for these bytes. */
async function refusal(bytes: Uint8Array, name = "photo.xyz"): Promise<ImageDecodeError> {
  const error = await decodeImage(bytes, name).then(
    () => undefined,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(ImageDecodeError);
  const message = (error as Error).message;
  expect(message).toContain(name);
  expect(message).not.toMatch(/\n|\bat .*:\d+:\d+/); // one readable line, no stack trace
  return error as ImageDecodeError;
}

function close(actual: Rgb, expected: Rgb, tolerance: number): void {
  actual.forEach((value, i) =>
    expect(Math.abs(value - expected[i]!), `channel ${i}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance)
  );
}

describe("decodeImage: images it accepts", () => {
  it("reads an RGB PNG exactly, pixel for pixel", async () => {
    const raw = Buffer.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const png = await sharp(raw, {raw: {width: 3, height: 2, channels: 3}})
      .png()
      .toBuffer();
    const image = await decode(png);
    expect([image.width, image.height, image.format, image.notes]).toEqual([3, 2, "PNG", []]);
    expect([image.at(0, 0), image.at(1, 0), image.at(2, 0), image.at(2, 1)]).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [70, 80, 90]
    ]);
  });

  it("copies a greyscale image's one channel into R, G and B", async () => {
    const png = await solid(4, 2, [100, 100, 100]).toColourspace("b-w").png().toBuffer();
    expect((await sharp(png).metadata()).channels).toBe(1);
    const image = await decode(png);
    expect(image.at(3, 1)).toEqual([100, 100, 100]);
    expect(image.notes.join(" ")).toMatch(/greyscale/i);
  });

  it("composites transparency on white and says so", async () => {
    const image = await decode(await rgbaPng());
    expect(image.at(0, 0)).toEqual([255, 255, 255]); // fully transparent red: only the white shows
    expect(image.at(1, 0)).toEqual([0, 255, 0]);
    close(image.at(0, 1), [127, 127, 255], 1); // half-transparent blue over white
    expect(image.at(1, 1)).toEqual([10, 20, 30]);
    expect(image.notes.join(" ")).toMatch(/transparent.*white/i);
  });

  it("says nothing about transparency when the alpha channel is fully opaque", async () => {
    const png = await solid(3, 3, [1, 2, 3]).ensureAlpha(1).png().toBuffer();
    expect((await sharp(png).metadata()).hasAlpha).toBe(true);
    const image = await decode(png);
    expect(image.at(2, 2)).toEqual([1, 2, 3]);
    expect(image.notes).toEqual([]);
  });

  it("converts a CMYK JPEG to sRGB", async () => {
    const jpeg = await solid(8, 8, [200, 30, 30]).toColourspace("cmyk").jpeg({quality: 100}).toBuffer();
    expect((await sharp(jpeg).metadata()).space).toBe("cmyk");
    const image = await decode(jpeg);
    close(image.at(4, 4), [200, 30, 30], 30); // through an ICC profile and back: near, not exact
    expect(image.notes.join(" ")).toMatch(/CMYK/);
  });

  it("reduces a 16-bit PNG to 8 bits per channel", async () => {
    const png = await solid(4, 4, [200, 30, 30]).toColourspace("rgb16").png().toBuffer();
    expect((await sharp(png).metadata()).depth).toBe("ushort");
    const image = await decode(png);
    expect(image.at(0, 0)).toEqual([200, 30, 30]);
    expect(image.notes.join(" ")).toMatch(/16 bits/);
  });

  it("applies EXIF orientation 6 like a browser: upright, width and height swapped", async () => {
    const jpeg = await exifRotatedJpeg(); // 40×20 stored sideways, red left, blue right; orientation 6
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const image = await decode(jpeg);
    expect([image.width, image.height]).toEqual([20, 40]);
    close(image.at(10, 5), [255, 0, 0], 40);
    close(image.at(10, 34), [0, 0, 255], 40);
    expect(image.notes.join(" ")).toMatch(/orientation 6/);
  });

  it("takes the first frame of an animated GIF and says so", async () => {
    const gif = await animatedGif(); // red, then blue
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = await decode(gif);
    expect([image.width, image.height, image.format]).toEqual([6, 4, "GIF"]);
    expect(image.at(5, 3)).toEqual([255, 0, 0]);
    expect(image.notes.join(" ")).toMatch(/2 frames.*first frame/);
    expect(image.notes.join(" ")).not.toMatch(/transparent/i); // GIFs always carry alpha; this one is opaque
  });

  it("reads WebP", async () => {
    const webp = await solid(5, 5, [0, 128, 255]).webp({lossless: true}).toBuffer();
    const image = await decode(webp);
    expect([image.format, image.at(2, 2)]).toEqual(["WebP", [0, 128, 255]]);
  });

  it("reads a 1×1 image", async () => {
    const image = await decode(await solid(1, 1, [9, 99, 199]).png().toBuffer());
    expect([image.width, image.height, image.at(0, 0)]).toEqual([1, 1, [9, 99, 199]]);
  });

  it("reads a 10000×100 image", async () => {
    const image = await decode(await noise(10000, 100).jpeg().toBuffer());
    expect([image.width, image.height]).toEqual([10000, 100]);
  });
});

describe("decodeImage: files it refuses, with a message for a person", () => {
  it("refuses an empty file", async () => {
    expect((await refusal(new Uint8Array(0))).message).toMatch(/empty \(0 bytes\)/);
  });

  it("refuses text, naming the formats it accepts", async () => {
    const {message} = await refusal(new TextEncoder().encode("cat,dog\n1,2\n"), "notes.csv");
    expect(message).toMatch(/notes\.csv is a text file/);
    for (const format of ACCEPTED_FORMATS) expect(message).toContain(format);
  });

  it.each([
    ["a PDF", "%PDF-1.7\n%âãÏÓ\n1 0 obj", /PDF document/],
    ["a ZIP", "PK\u0003\u0004\u0014\u0000\u0000\u0000", /ZIP archive/],
    ["a BMP", "BM\u0036\u0000\u0000\u0000\u0000\u0000", /BMP image/],
    ["a TIFF", "II*\u0000\u0008\u0000\u0000\u0000", /TIFF image/],
    ["an SVG", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', /SVG drawing/],
    ["unknown binary", "\u0000\u0001\u0002\u0003\u00fe\u00ff", /match none of the formats/]
  ])("refuses %s and says what it seems to be", async (_, content, pattern) => {
    expect((await refusal(bytesOf(content))).message).toMatch(pattern);
  });

  it("refuses a whole BMP file, naming the formats it accepts", async () => {
    const {message} = await refusal(bmp(8, 6, [200, 30, 30]), "photo.bmp");
    expect(message).toMatch(/photo\.bmp is a BMP image/);
    for (const format of ACCEPTED_FORMATS) expect(message).toContain(format);
  });

  it("refuses a truncated JPEG", async () => {
    const jpeg = await noise(400, 300).jpeg().toBuffer();
    const {message} = await refusal(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), "cut.jpg");
    expect(message).toMatch(/JPEG image data is damaged or cut off.*premature end/);
    expect(message).toMatch(/get or export the file again/);
  });

  it("refuses a JPEG cut inside its header", async () => {
    const jpeg = await noise(40, 30).jpeg().toBuffer();
    expect((await refusal(jpeg.subarray(0, 20), "cut.jpg")).message).toMatch(/JPEG header is damaged/);
  });

  it("refuses a truncated PNG", async () => {
    const png = await noise(400, 300).png().toBuffer();
    expect((await refusal(png.subarray(0, Math.floor(png.length * 0.6)), "cut.png")).message).toMatch(
      /PNG image data is damaged or cut off/
    );
  });

  it("refuses a PNG whose header and end are intact but whose image data is garbage", async () => {
    expect((await refusal(await corruptPng(), "garbled.png")).message).toMatch(/PNG image data is damaged or cut off/);
  });

  it("refuses a decompression bomb from its header alone, quickly", async () => {
    const bomb = pngClaiming(20000, 20000);
    expect(bomb.length).toBeLessThan(100);
    const started = performance.now();
    const {message} = await refusal(bomb, "bomb.png");
    expect(performance.now() - started).toBeLessThan(1000); // decoding 400 megapixels would take far longer (and 1.2 GB)
    expect(message).toMatch(/20000×20000 pixels \(400 megapixels\).*over 40 megapixels/);
    expect(MAX_PIXELS).toBe(40_000_000);
  });

  it("accepts an image just under the limit it is given and refuses one just over", async () => {
    const png = await solid(100, 50, [0, 0, 0]).png().toBuffer();
    const {pixels} = await decodeImage(png, "ok.png", {maxPixels: 5000});
    pixels.dispose();
    await expect(decodeImage(png, "big.png", {maxPixels: 4999})).rejects.toThrow(/100×50 pixels/);
  });
});

describe("sniffFormat", () => {
  it("knows the four accepted formats by their first bytes", async () => {
    const base = solid(2, 2, [0, 0, 0]);
    expect(sniffFormat(await base.clone().jpeg().toBuffer())).toBe("JPEG");
    expect(sniffFormat(await base.clone().png().toBuffer())).toBe("PNG");
    expect(sniffFormat(await base.clone().gif().toBuffer())).toBe("GIF");
    expect(sniffFormat(await base.clone().webp().toBuffer())).toBe("WebP");
    expect(sniffFormat(await base.clone().tiff().toBuffer())).toBeUndefined();
  });
});
