// Property-based tests (fast-check) of the two defences every file passes before a model sees it: the header sniffer
// (components/pipeline/image-header.ts, shared by the page and the CLI) and the CLI's decoding
// (components/node/decode.ts). Seeds: small files of every format made here, and the gallery photos (data/photos);
// each case cuts, flips, forges and repeats (test/helpers/image-fuzz.ts). Whatever the bytes:
// no exception escapes the sniffer, nothing takes over 2 s, and decoding gives upright RGB pixels or an
// ImageDecodeError with a message for a person. A failing case prints its seed and mutations; fast-check's seed and
// path (in the failure message) replay it.
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs-core";
import {beforeAll, describe, expect, test} from "vitest";
import {decodeImage, ImageDecodeError} from "../../components/node/decode.js";
import {
  describeContent,
  MAX_PIXELS,
  readImageHeader,
  sniffFormat,
  type ImageHeader
} from "../../components/pipeline/image-header.js";
import {
  galleryPhotos,
  generatedSeeds,
  mutate,
  mutationsArbitrary,
  unclearMessage,
  type Mutation,
  type Seed
} from "../helpers/image-fuzz.js";
import {startBackend} from "../helpers/tf.js";

const HANG_MS = 2000;

let generated: Seed[];
let gallery: Seed[];
beforeAll(async () => {
  [generated, gallery] = await Promise.all([generatedSeeds(), galleryPhotos(), startBackend()]);
}, 60_000);

const describeCase = (seed: Seed, mutations: readonly Mutation[]) => `${seed.name} + ${JSON.stringify(mutations)}`;

function checkHeader(header: ImageHeader, where: string): void {
  expect(Number.isInteger(header.width) && header.width > 0, where).toBe(true);
  expect(Number.isInteger(header.height) && header.height > 0, where).toBe(true);
  expect(Number.isInteger(header.frames) && header.frames >= 1, where).toBe(true);
  expect(header.orientation >= 1 && header.orientation <= 8, where).toBe(true);
  expect(Number.isInteger(header.bitDepth) && header.bitDepth >= 0, where).toBe(true);
}

describe("the header sniffer under fuzz", () => {
  test("never throws, never takes 2 s, and reads a sane header or none, for 2,000 damaged files", () => {
    const seeds = [...generated, ...gallery];
    fc.assert(
      fc.property(fc.nat(), mutationsArbitrary, (index, mutations) => {
        const seed = seeds[index % seeds.length]!;
        const bytes = mutate(seed.bytes, mutations);
        const where = describeCase(seed, mutations);
        const started = performance.now();
        const header = readImageHeader(bytes);
        sniffFormat(bytes);
        describeContent(bytes);
        expect(performance.now() - started, where).toBeLessThan(HANG_MS);
        if (header) checkHeader(header, where);
      }),
      {numRuns: 2000}
    );
  });

  test("reads every seed whole: the mutations start from files it understands", () => {
    for (const seed of [...generated, ...gallery]) {
      const header = readImageHeader(seed.bytes);
      expect(header, seed.name).toBeDefined();
      expect(header!.complete, seed.name).toBe(true);
    }
  });
});

/** Time allowed to decode: 2 s, and 0.25 s more per megapixel decoded. A 500-byte JPEG whose header claims
 * 6000×6000 pixels is decoded as a browser would (libjpeg fills what the data lacks): bounded work, as for a real photo
 * of that size, never more than MAX_PIXELS allows. A hang is what has no bound. */
const allowedMs = (pixels: number) => HANG_MS + (250 * pixels) / 1e6;

/** Decodes, giving up after the longest time any outcome is allowed. */
async function decodeWithin(bytes: Uint8Array, name: string) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    const limit = allowedMs(MAX_PIXELS);
    timer = setTimeout(() => reject(new Error(`decoding took over ${limit} ms`)), limit);
  });
  try {
    return await Promise.race([decodeImage(bytes, `“${name}”`), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Pixels the model can take, or an ImageDecodeError that names the file and says what to do; in time. */
async function checkDecoding(seed: Seed, mutations: readonly Mutation[]): Promise<void> {
  const where = describeCase(seed, mutations);
  const name = `fuzzed-${seed.name}`;
  const started = performance.now();
  try {
    const {pixels, width, height} = await decodeWithin(mutate(seed.bytes, mutations), name);
    try {
      expect(performance.now() - started, where).toBeLessThan(allowedMs(width * height));
      expect(pixels.shape, where).toEqual([height, width, 3]);
      expect(pixels.dtype, where).toBe("int32");
      expect(width * height, where).toBeLessThanOrEqual(MAX_PIXELS);
    } finally {
      pixels.dispose();
    }
  } catch (error) {
    if (!(error instanceof ImageDecodeError))
      throw new Error(`${where}: not a clear error: ${String(error)}`, {cause: error});
    expect(performance.now() - started, where).toBeLessThan(HANG_MS);
    expect(unclearMessage(error.message), `${where}: ${error.message}`).toBeUndefined();
    expect(error.message, where).toContain(`“${name}”`);
  }
}

describe("the CLI's decoding under fuzz", () => {
  test("1,000 damaged small files: pixels or a clear error, in time, no tensor left", {timeout: 180_000}, async () => {
    const before = tf.memory().numTensors;
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutationsArbitrary, (index, mutations) =>
        checkDecoding(generated[index % generated.length]!, mutations)
      ),
      {numRuns: 1000}
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  test("40 damaged gallery photos: pixels or a clear error, in time", {timeout: 120_000}, async () => {
    expect(gallery).toHaveLength(7);
    await fc.assert(
      fc.asyncProperty(fc.nat(), mutationsArbitrary, (index, mutations) =>
        checkDecoding(gallery[index % gallery.length]!, mutations)
      ),
      {numRuns: 40}
    );
  });
});
