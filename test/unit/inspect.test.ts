import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {
  formatShape,
  landmarkPixels,
  landmarkValues,
  readPixels,
  resizeEffect
} from "../../components/pipeline/inspect.js";
import {normalizePixels} from "../../components/pipeline/input.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

/** A 4 × 3 image whose pixel (x, y) is [10x + y, 100 + 10x + y, 200 + 10x + y]: easy to check by eye. */
function coordinateImage(): tf.Tensor3D {
  const values: number[] = [];
  for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) values.push(10 * x + y, 100 + 10 * x + y, 200 + 10 * x + y);
  return tf.tensor3d(values, [3, 4, 3], "int32");
}

describe("formatShape", () => {
  it("writes a shape as tfjs prints it", () => {
    expect(formatShape([1, 224, 224, 3])).toBe("[1, 224, 224, 3]");
    expect(formatShape([])).toBe("[]");
  });
});

describe("readPixels", () => {
  it("reads each tensor's values at (x, y), rows being y", async () => {
    const image = coordinateImage();
    const normalized = normalizePixels(image, [0, 1]);
    const before = tf.memory().numTensors;
    try {
      const [raw, scaled] = await readPixels(
        [image, normalized],
        [
          {x: 0, y: 0},
          {x: 3, y: 1},
          {x: 2, y: 2}
        ]
      );
      expect(raw).toEqual([
        [0, 100, 200],
        [31, 131, 231],
        [22, 122, 222]
      ]);
      expect(scaled![1]![0]).toBeCloseTo(31 / 255, 6);
      expect(scaled![2]![2]).toBeCloseTo(222 / 255, 6);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.dispose([image, normalized]);
    }
  });

  it("explains a position outside the image, and reads nothing for no positions", async () => {
    const image = coordinateImage();
    try {
      await expect(readPixels([image], [{x: 4, y: 0}])).rejects.toThrow(/outside the 4 × 3 image/);
      expect(await readPixels([image], [])).toEqual([[]]);
    } finally {
      image.dispose();
    }
  });
});

describe("landmarkPixels", () => {
  it("finds the corner, the centre, the darkest and the brightest pixel", async () => {
    const image = coordinateImage();
    const before = tf.memory().numTensors;
    try {
      const landmarks = await landmarkPixels(image);
      // (0, 0) is both the corner and the darkest; (3, 2) is the brightest.
      expect(landmarks).toEqual([
        {x: 0, y: 0, label: "top-left corner, darkest"},
        {x: 2, y: 1, label: "centre"},
        {x: 3, y: 2, label: "brightest"}
      ]);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      image.dispose();
    }
  });

  it("takes the first pixel in reading order on a tie", async () => {
    const image = tf.tidy(() => tf.fill([2, 3, 3], 7, "int32") as tf.Tensor3D);
    try {
      expect(await landmarkPixels(image)).toEqual([
        {x: 0, y: 0, label: "top-left corner, darkest, brightest"},
        {x: 1, y: 1, label: "centre"}
      ]);
    } finally {
      image.dispose();
    }
  });
});

describe("landmarkValues", () => {
  it("reads each landmark pixel from the image and from every normalised copy", async () => {
    const image = coordinateImage();
    const unit = normalizePixels(image, [0, 1]);
    const signed = normalizePixels(image, [-1, 1]);
    const before = tf.memory().numTensors;
    try {
      const rows = await landmarkValues(image, [unit, signed]);
      expect(rows.map(({x, y, label}) => ({x, y, label}))).toEqual(await landmarkPixels(image));
      const brightest = rows.at(-1)!;
      expect(brightest.rgb).toEqual([32, 132, 232]);
      expect(brightest.normalized).toHaveLength(2);
      expect(brightest.normalized[0]![2]).toBeCloseTo(232 / 255, 6);
      expect(brightest.normalized[1]![0]).toBeCloseTo((32 / 255) * 2 - 1, 6);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.dispose([image, unit, signed]);
    }
  });
});

describe("resizeEffect", () => {
  it("says a wide photo gets narrower, by the ratio of the two scales", () => {
    const effect = resizeEffect(512, 341);
    expect(effect.scaleX).toBeCloseTo(224 / 512, 12);
    expect(effect.scaleY).toBeCloseTo(224 / 341, 12);
    expect(effect.distorted).toBe(true);
    expect(effect.direction).toBe("narrower");
    expect(effect.squash).toBeCloseTo(512 / 341, 12);
    expect(effect.unchanged).toBe(false);
  });

  it("says a tall photo gets shorter", () => {
    const effect = resizeEffect(300, 600);
    expect(effect.direction).toBe("shorter");
    expect(effect.squash).toBeCloseTo(2, 12);
  });

  it("calls a square photo undistorted, and a 224×224 one unchanged", () => {
    expect(resizeEffect(1000, 1000)).toMatchObject({distorted: false, direction: "none", squash: 1, unchanged: false});
    expect(resizeEffect(1000, 1005)).toMatchObject({distorted: false, direction: "none"});
    expect(resizeEffect(224, 224)).toMatchObject({distorted: false, unchanged: true, scaleX: 1, scaleY: 1});
  });

  it("refuses an empty image", () => {
    expect(() => resizeEffect(0, 10)).toThrow(RangeError);
  });
});
