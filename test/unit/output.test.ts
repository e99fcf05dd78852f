import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {classLabel} from "../../components/pipeline/classes.js";
import {formatTensor} from "../../components/pipeline/format.js";
import {summarize, topK} from "../../components/pipeline/output.js";
import {maxAbsDiff, seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

function randomLogits(seed: number, count = 1000): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({length: count}, () => random() * 24 - 12);
}

describe("topK", () => {
  const scores = [0.1, 0.4, 0.05, 0.3, 0.15];
  const logits = [1, 4, 0.5, 3, 1.5];

  it("returns the k highest probabilities, highest first, with their labels and logits", () => {
    expect(topK(logits, scores, 3)).toEqual([
      {index: 1, label: classLabel(1), logit: 4, probability: 0.4},
      {index: 3, label: classLabel(3), logit: 3, probability: 0.3},
      {index: 4, label: classLabel(4), logit: 1.5, probability: 0.15}
    ]);
  });

  it("puts the lower class id first when probabilities tie", () => {
    const tied = [0.2, 0.3, 0.2, 0.3, 0.0];
    expect(topK(tied, tied, 5).map((c) => c.index)).toEqual([1, 3, 0, 2, 4]);
  });

  it("returns nothing for k = 0 (or less) and everything for k past the length", () => {
    expect(topK(logits, scores, 0)).toEqual([]);
    expect(topK(logits, scores, -2)).toEqual([]);
    expect(topK(logits, scores, 50).map((c) => c.index)).toEqual([1, 3, 4, 0, 2]);
  });

  it("does not reorder its inputs", () => {
    const copy = scores.slice();
    topK(logits, scores, 3);
    expect(scores).toEqual(copy);
  });
});

describe("summarize", () => {
  it("gives tf.softmax's probabilities, which are in (0, 1) and sum to 1", async () => {
    const values = randomLogits(11);
    const logits = tf.tensor2d(values, [1, 1000]);
    const expected = tf.softmax(logits);
    try {
      const summary = await summarize(logits);
      expect(summary.shape).toEqual([1, 1000]);
      expect(summary.dtype).toBe("float32");
      expect(Array.from(summary.logits)).toEqual(Array.from(values));
      expect(summary.probabilities).toHaveLength(1000);
      expect(maxAbsDiff(summary.probabilities, expected.dataSync())).toBeLessThanOrEqual(1e-7);
      const sum = summary.probabilities.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-5);
      for (const p of summary.probabilities) {
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThan(1);
      }
    } finally {
      logits.dispose();
      expected.dispose();
    }
  });

  it("ranks the largest logit first and keeps k classes", async () => {
    const values = randomLogits(12);
    const logits = tf.tensor2d(values, [1, 1000]);
    try {
      const argmax = values.indexOf(Math.max(...values));
      const summary = await summarize(logits, 5);
      expect(summary.top).toHaveLength(5);
      expect(summary.top[0]!.index).toBe(argmax);
      expect(summary.top[0]!.label).toBe(classLabel(argmax));
      for (const c of summary.top) {
        expect(c.logit).toBe(values[c.index]);
        expect(c.probability).toBe(summary.probabilities[c.index]);
      }
      for (let i = 1; i < summary.top.length; i++) {
        expect(summary.top[i - 1]!.probability).toBeGreaterThanOrEqual(summary.top[i]!.probability);
        expect(summary.top[i - 1]!.logit).toBeGreaterThanOrEqual(summary.top[i]!.logit);
      }
      expect((await summarize(logits)).top).toHaveLength(3);
    } finally {
      logits.dispose();
    }
  });

  it("shows exactly the print() text of the logits and of their softmax", async () => {
    const logits = tf.tensor2d(randomLogits(13), [1, 1000]);
    const probabilities = tf.softmax(logits);
    try {
      const summary = await summarize(logits);
      expect(summary.logitsText).toBe(formatTensor(logits));
      expect(summary.probabilitiesText).toBe(formatTensor(probabilities));
      expect(summary.logitsText).toContain("...");
    } finally {
      logits.dispose();
      probabilities.dispose();
    }
  });

  it("frees every tensor it creates and leaves the logits alive", async () => {
    const logits = tf.tensor2d(randomLogits(14), [1, 1000]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) await summarize(logits);
    expect(tf.memory().numTensors).toBe(before);
    expect(logits.isDisposed).toBe(false);
    logits.dispose();
  });

  it("refuses a batch or a wrong width with an error that says what it expects", async () => {
    const batch = tf.zeros([2, 1000]) as tf.Tensor2D;
    const narrow = tf.zeros([1, 1001]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    try {
      await expect(summarize(batch)).rejects.toThrow(/\[1, 1000\].*\[2, 1000\]/);
      await expect(summarize(narrow)).rejects.toThrow(/\[1, 1001\]/);
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      batch.dispose();
      narrow.dispose();
    }
  });
});
