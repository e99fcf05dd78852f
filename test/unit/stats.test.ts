import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {tensorStats} from "../../components/pipeline/stats.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

describe("tensorStats", () => {
  it("gives the sum, min, max and the number of negatives", async () => {
    const t = tf.tensor2d([[3, -1.5, 0, -2, 4.25]]);
    try {
      expect(await tensorStats(t)).toEqual({sum: 3.75, min: -2, max: 4.25, negatives: 2, count: 5});
    } finally {
      t.dispose();
    }
  });

  it("agrees with a plain loop over 1000 logits", async () => {
    const random = seededRandom(4);
    const values = Float32Array.from({length: 1000}, () => random() * 24 - 12);
    const t = tf.tensor2d(values, [1, 1000]);
    try {
      const stats = await tensorStats(t);
      expect(stats.min).toBe(Math.min(...values));
      expect(stats.max).toBe(Math.max(...values));
      expect(stats.negatives).toBe(values.filter((v) => v < 0).length);
      expect(stats.sum).toBeCloseTo(
        values.reduce((a, b) => a + b, 0),
        2
      );
      expect(stats.count).toBe(1000);
    } finally {
      t.dispose();
    }
  });

  it("frees what it makes and leaves its input alive", async () => {
    const t = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await tensorStats(t);
    expect(tf.memory().numTensors).toBe(before);
    expect(t.isDisposed).toBe(false);
    t.dispose();
  });

  it("refuses an empty tensor", async () => {
    const t = tf.tensor1d([]);
    try {
      await expect(tensorStats(t)).rejects.toThrow(/shape \[0\]/);
    } finally {
      t.dispose();
    }
  });
});
