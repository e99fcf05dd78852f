import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  drawVariations,
  READY_MADE_CLASSES,
  READY_MADE_PER_CLASS,
  readyMadeExamples,
  variationsPerPhoto,
  vary,
  type Variation
} from "../../components/pipeline/augment.js";
import {maxAbsDiff, startBackend} from "../helpers/tf.js";

let tensorsBefore = 0;
beforeAll(async () => {
  await startBackend();
  tensorsBefore = tf.memory().numTensors;
});
afterAll(() => expect(tf.memory().numTensors).toBe(tensorsBefore));

/** A 224 × 224 test picture whose every pixel differs: red rises to the right, green downwards, blue is constant. */
const gradient = () =>
  tf.tidy(() => {
    const x = tf.tile(tf.reshape(tf.range(0, 224), [1, 224, 1]), [224, 1, 1]);
    const y = tf.tile(tf.reshape(tf.range(0, 224), [224, 1, 1]), [1, 224, 1]);
    return tf.cast(tf.concat([x, y, tf.fill([224, 224, 1], 100)], 2), "int32") as tf.Tensor3D;
  });

describe("drawVariations", () => {
  it("are the same for a seed, start with the photo's centre square as it is, and stay inside the photo", () => {
    const variations = drawVariations(30, 640, 480, 7);
    expect(drawVariations(30, 640, 480, 7)).toEqual(variations);
    expect(drawVariations(30, 640, 480, 8)).not.toEqual(variations);
    expect(variations[0]).toEqual({box: [0, 80 / 640, 1, 560 / 640], flip: false, gain: 1, offset: 0});
    for (const {box, gain, offset} of variations) {
      const [top, left, bottom, right] = box;
      expect(Math.min(...box)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...box)).toBeLessThanOrEqual(1);
      // Square in pixels, 60–100% of the short side.
      expect((bottom - top) * 480).toBeCloseTo((right - left) * 640, 6);
      expect((bottom - top) * 480).toBeGreaterThanOrEqual(0.6 * 480 - 1e-9);
      expect(gain).toBeGreaterThanOrEqual(0.7);
      expect(gain).toBeLessThanOrEqual(1.3);
      expect(Math.abs(offset)).toBeLessThanOrEqual(25);
    }
    const flips = variations.filter((v) => v.flip).length;
    expect(flips).toBeGreaterThan(5);
    expect(flips).toBeLessThan(25);
  });
});

describe("vary", () => {
  const whole: Variation = {box: [0, 0, 1, 1], flip: false, gain: 1, offset: 0};

  it("gives a batch [k, 224, 224, 3] with values 0–255", () => {
    const pixels = tf.tidy(() => tf.cast(tf.fill([300, 400, 3], 200), "int32") as tf.Tensor3D);
    const batch = vary(pixels, drawVariations(5, 400, 300, 1));
    expect(batch.shape).toEqual([5, 224, 224, 3]);
    const [min, max] = [tf.min(batch), tf.max(batch)];
    expect(min.dataSync()[0]).toBeGreaterThanOrEqual(0);
    expect(max.dataSync()[0]).toBeLessThanOrEqual(255);
    tf.dispose([pixels, batch, min, max]);
  });

  it("leaves a 224 × 224 photo as it is for the whole box, mirrors it for a flip, and changes its light", () => {
    const pixels = gradient();
    const batch = vary(pixels, [whole, {...whole, flip: true}, {...whole, gain: 0.5, offset: 10}]);
    const [same, flipped, darker] = tf.unstack(batch) as tf.Tensor3D[];
    expect(maxAbsDiff(same!.dataSync(), pixels.dataSync())).toBeLessThan(1e-3);
    const mirrored = tf.reverse(pixels, 1);
    expect(maxAbsDiff(flipped!.dataSync(), mirrored.dataSync())).toBeLessThan(1e-3);
    const expected = tf.tidy(() => tf.clipByValue(tf.add(tf.mul(tf.cast(pixels, "float32"), 0.5), 10), 0, 255));
    expect(maxAbsDiff(darker!.dataSync(), expected.dataSync())).toBeLessThan(1e-3);
    tf.dispose([pixels, batch, same!, flipped!, darker!, mirrored, expected]);
  });

  it("crops the box it is given: the top-left quarter of the photo", () => {
    const pixels = gradient();
    const batch = vary(pixels, [{...whole, box: [0, 0, 0.5, 0.5]}]);
    const [crop] = tf.unstack(batch) as tf.Tensor3D[];
    const values = crop!.dataSync();
    expect(values[0]).toBeCloseTo(0, 3); // top-left pixel: red 0
    const lastRed = values[(224 * 224 - 1) * 3]!; // bottom-right pixel of the crop: the photo's middle
    expect(lastRed).toBeGreaterThan(105);
    expect(lastRed).toBeLessThan(115);
    tf.dispose([pixels, batch, crop!]);
  });
});

describe("the ready-made set", () => {
  it("shares each class's examples among its photos", () => {
    expect(variationsPerPhoto(1)).toEqual([20]);
    expect(variationsPerPhoto(3)).toEqual([7, 7, 6]);
    for (const {photos} of READY_MADE_CLASSES)
      expect(variationsPerPhoto(photos.length).reduce((a, b) => a + b)).toBe(READY_MADE_PER_CLASS);
  });

  it("yields every class's examples, one embedding per picture, and frees what it made", async () => {
    const opened: string[] = [];
    const model = {
      // A stand-in for MobileNet: the mean of each colour channel, padded to 256 numbers.
      infer: (picture: tf.Tensor3D, embedding: boolean) => {
        expect(embedding).toBe(true);
        expect(picture.shape).toEqual([224, 224, 3]);
        return tf.tidy(() =>
          tf.pad(tf.reshape(tf.mean(tf.cast(picture, "float32"), [0, 1]), [1, 3]), [
            [0, 0],
            [0, 253]
          ])
        );
      }
    } as unknown as Parameters<typeof readyMadeExamples>[0];
    const openPhoto = async (name: string) => {
      opened.push(name);
      return tf.tidy(() => tf.cast(tf.fill([240, 320, 3], opened.length * 20), "int32") as tf.Tensor3D);
    };
    const labels: number[] = [];
    for await (const example of readyMadeExamples(model, openPhoto)) {
      expect(example.picture.shape).toEqual([224, 224, 3]);
      expect(example.picture.dtype).toBe("int32");
      expect(example.embedding).toHaveLength(256);
      labels.push(example.label);
      example.picture.dispose();
    }
    expect(opened).toEqual(READY_MADE_CLASSES.flatMap((c) => c.photos));
    expect(labels.filter((l) => l === 0)).toHaveLength(20);
    expect(labels.filter((l) => l === 1)).toHaveLength(20);
  });
});
