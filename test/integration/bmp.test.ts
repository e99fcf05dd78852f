// The BMP reader (components/node/bmp.ts): the coral photos are BMPs upstream, turned into PNGs on download.
import {describe, expect, it} from "vitest";
import {decodeBmp} from "../../components/node/bmp.js";
import {encodeBmp} from "../helpers/bmp.js";

describe("BMP reader", () => {
  it("reads a hand-assembled 2×2 bitmap: bottom-up rows, blue-green-red bytes, rows padded to 4 bytes", () => {
    // Pixel rows as stored: the bottom row first. Each 2-pixel row is 6 bytes of BGR plus 2 bytes of padding.
    const header = [
      0x42,
      0x4d,
      70,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      54,
      0,
      0,
      0, // file header: "BM", size 70, pixels at 54
      40,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      1,
      0,
      24,
      0,
      0,
      0,
      0,
      0,
      16,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0
    ];
    const bottomRow = [0xff, 0, 0, /* blue */ 0xff, 0xff, 0xff, /* white */ 0, 0];
    const topRow = [0, 0, 0xff, /* red */ 0, 0xff, 0, /* green */ 0, 0];
    const image = decodeBmp(Uint8Array.from([...header, ...bottomRow, ...topRow]));
    expect([image.width, image.height]).toEqual([2, 2]);
    expect(Array.from(image.data)).toEqual([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
  });

  it.each([
    {bitsPerPixel: 24, topDown: false},
    {bitsPerPixel: 24, topDown: true},
    {bitsPerPixel: 32, topDown: false},
    {bitsPerPixel: 32, topDown: true}
  ])("round-trips random pixels at $bitsPerPixel bits, top-down: $topDown", ({bitsPerPixel, topDown}) => {
    const width = 7; // odd, so 24-bit rows need padding
    const height = 5;
    const rgb = Uint8Array.from({length: width * height * 3}, (_, i) => (i * 97 + 13) % 256);
    const image = decodeBmp(encodeBmp(width, height, rgb, {bitsPerPixel, topDown}));
    expect([image.width, image.height]).toEqual([width, height]);
    expect(Array.from(image.data)).toEqual(Array.from(rgb));
  });

  it("explains what it cannot read", () => {
    const good = encodeBmp(4, 4, new Uint8Array(48));
    const compressed = good.slice();
    new DataView(compressed.buffer).setUint32(30, 1, true); // BI_RLE8
    expect(() => decodeBmp(compressed, "x.bmp")).toThrow(/x\.bmp .*compressed.*BI_RGB/);
    expect(() => decodeBmp(good.subarray(0, good.byteLength - 10), "x.bmp")).toThrow(/truncated/);
    expect(() => decodeBmp(new TextEncoder().encode("<html>not found</html>".padEnd(80)), "x.bmp")).toThrow(/"BM"/);
  });
});
