import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {normalizePixel, normalizePixels, toModelInput, type InputRange} from "../../components/pipeline/input.js";
import {maxAbsDiff, seededRandom, startBackend} from "../helpers/tf.js";

function randomImage(height: number, width: number, seed: number): tf.Tensor3D {
  const random = seededRandom(seed);
  return tf.tensor3d(
    Int32Array.from({length: height * width * 3}, () => Math.floor(random() * 256)),
    [height, width, 3],
    "int32"
  );
}

beforeAll(async () => {
  await startBackend();
});

describe("normalizePixels", () => {
  for (const range of [
    [0, 1],
    [-1, 1]
  ] as InputRange[]) {
    it(`maps every 0–255 value as normalizePixel does, into [${range}], keeping the shape`, () => {
      const image = randomImage(7, 5, 31);
      const before = tf.memory().numTensors;
      const normalized = normalizePixels(image, range);
      try {
        expect(normalized.shape).toEqual([7, 5, 3]);
        expect(normalized.dtype).toBe("float32");
        const expected = Array.from(image.dataSync(), (v) => normalizePixel(v, range));
        expect(maxAbsDiff(normalized.dataSync(), expected)).toBeLessThanOrEqual(1e-6);
      } finally {
        normalized.dispose();
        expect(tf.memory().numTensors).toBe(before);
        image.dispose();
      }
    });

    it(`is toModelInput's first step: resizing its result gives toModelInput's numbers exactly, in [${range}]`, () => {
      const image = randomImage(30, 40, 32);
      const ours = tf.tidy(() =>
        tf.image.resizeBilinear(normalizePixels(image, range), [224, 224], true).reshape([1, 224, 224, 3])
      );
      const input = toModelInput(image, range);
      try {
        expect(maxAbsDiff(ours.dataSync(), input.dataSync())).toBe(0);
      } finally {
        tf.dispose([image, ours, input]);
      }
    });
  }

  it("leaves a 224×224 image's model input equal to its normalised pixels", () => {
    const image = randomImage(224, 224, 33);
    const normalized = normalizePixels(image, [0, 1]);
    const input = toModelInput(image, [0, 1]);
    try {
      expect(maxAbsDiff(normalized.dataSync(), input.dataSync())).toBe(0);
    } finally {
      tf.dispose([image, normalized, input]);
    }
  });
});
