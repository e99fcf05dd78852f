import {readFile} from "node:fs/promises";
import sharp from "sharp";
import {describe, expect, it} from "vitest";
import {losslessWebp} from "../../components/node/data-loaders.js";
import {readImageHeader} from "../../components/pipeline/image-header.js";
import {photoPath} from "../helpers/tf.js";

describe("losslessWebp: the PNG samples the pages load as WebP", () => {
  it.each(["cat.png", "bird.png", "dragonfly.png", "grace_hopper.png"])(
    "%s: the same pixels in fewer bytes, an opaque WebP",
    async (name) => {
      const png = new Uint8Array(await readFile(photoPath(name)));
      const webp = await losslessWebp(png);
      const [before, after] = await Promise.all([png, webp].map((bytes) => sharp(bytes).raw().toBuffer()));
      expect(after!.equals(before!)).toBe(true);
      expect(webp.byteLength).toBeLessThan(png.byteLength);
      // Opaque, so the page draws it without its transparency pass.
      expect(readImageHeader(webp)).toMatchObject({format: "WebP", hasAlpha: false, frames: 1});
    }
  );

  it("refuses a file it cannot convert", async () => {
    await expect(losslessWebp(new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });
});
