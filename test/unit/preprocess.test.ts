// Each preprocessing against a reference worked out by hand on a 2×4 image, output 3×3. The image is
// 40·row + 10·column + channel, a plane: bilinear resizing (corners aligned) samples a plane exactly, so each output
// pixel is the plane at the point it samples — rows 0, ½, 1 and columns 0, 1½, 3.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {toModelInput} from "../../components/pipeline/input.js";
import {PREPROCESSINGS, preprocess, toDrawable, type PreprocessingId} from "../../components/pipeline/preprocess.js";
import {maxAbsDiff, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

const plane = (row: number, column: number, channel: number) => 40 * row + 10 * column + channel;
const image = () =>
  tf.tensor3d(
    Array.from({length: 2}, (_, r) => Array.from({length: 4}, (_, c) => [0, 1, 2].map((k) => plane(r, c, k)))),
    [2, 4, 3],
    "int32"
  );
/** A 3×3×3 picture whose pixel (i, j, k) is value(i, j, k). */
const picture = (value: (i: number, j: number, k: number) => number) =>
  Array.from({length: 3}, (_, i) => Array.from({length: 3}, (_, j) => [0, 1, 2].map((k) => value(i, j, k))));

const squashed = (i: number, j: number, k: number) => plane(i / 2, j * 1.5, k);

const references: Record<PreprocessingId, number[][][]> = {
  squash: picture(squashed),
  // The middle 2×2 (columns 1 and 2), resized: rows 0, ½, 1 and columns 1, 1½, 2.
  crop: picture((i, j, k) => plane(i / 2, 1 + j / 2, k)),
  // One black row above and below make it 4×4; 4 → 3 samples rows 0, 1½, 3 of that: black, between the photo's two
  // rows, black.
  pad: picture((i, j, k) => (i === 1 ? plane(0.5, j * 1.5, k) : 0)),
  range: picture((i, j, k) => 2 * squashed(i, j, k) - 255),
  bgr: picture((i, j, k) => squashed(i, j, 2 - k)),
  // Nearest with corners aligned rounds the sampled point: rows 0, ½ → 1, 1; columns 0, 1½ → 2, 3.
  nearest: picture((i, j, k) => plane([0, 1, 1][i]!, [0, 2, 3][j]!, k))
};

describe("preprocess", () => {
  for (const {id} of PREPROCESSINGS) {
    it(`${id} gives the hand-worked picture`, () => {
      const pixels = image();
      const before = tf.memory().numTensors;
      const result = preprocess(pixels, id, 3);
      expect(result.shape).toEqual([3, 3, 3]);
      expect(result.dtype).toBe("float32");
      expect(maxAbsDiff(result.dataSync(), references[id].flat(2))).toBeLessThan(1e-4);
      result.dispose();
      expect(tf.memory().numTensors).toBe(before);
      pixels.dispose();
    });
  }

  it("squash, divided by 255, is the package's own input (toModelInput) for a real-sized photo", () => {
    const pixels = tf.tidy(() => tf.cast(tf.mul(tf.randomUniform([300, 400, 3], 0, 1, "float32", 7), 255), "int32"));
    const ours = tf.tidy(() => tf.div(preprocess(pixels as tf.Tensor3D, "squash"), 255));
    const theirs = toModelInput(pixels as tf.Tensor3D, [0, 1]);
    expect(maxAbsDiff(ours.dataSync(), theirs.dataSync())).toBeLessThan(1e-5);
    tf.dispose([pixels, ours, theirs]);
  });

  it("draws what the model reads below black as black", () => {
    const pixels = tf.tensor3d([0, 0, 0, 200, 200, 200], [1, 2, 3], "int32");
    const drawable = tf.tidy(() => toDrawable(preprocess(pixels, "range", 2)));
    expect(drawable.dtype).toBe("int32");
    // Black is 2·0 − 255 = −255 to the model, drawn as 0; 200 becomes 2·200 − 255 = 145.
    expect(Array.from(drawable.dataSync())).toEqual([0, 0, 0, 145, 145, 145, 0, 0, 0, 145, 145, 145]);
    tf.dispose([pixels, drawable]);
  });
});
