import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {
  argMax,
  compareTopTwo,
  entropy,
  maxAbsDifference,
  temperatureAt,
  temperedProbabilities,
  temperedSoftmax
} from "../../components/pipeline/temperature.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

function randomLogits(seed: number, count = 1000): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({length: count}, () => random() * 24 - 12);
}

describe("temperedSoftmax", () => {
  it("at T = 1 with no shift is exactly tf.softmax", () => {
    const logits = tf.tensor2d(randomLogits(1), [1, 1000]);
    const expected = tf.softmax(logits);
    const actual = temperedSoftmax(logits, 1);
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.dataSync()));
    expect(actual.shape).toEqual([1, 1000]);
    tf.dispose([logits, expected, actual]);
  });

  it("is softmax(logits / T) for other temperatures", () => {
    const values = randomLogits(2);
    const logits = tf.tensor1d(values);
    for (const t of [0.1, 0.5, 3, 10]) {
      const expected = tf.tidy(() => tf.softmax(tf.div(logits, t)));
      const actual = temperedSoftmax(logits, t);
      expect(maxAbsDifference(actual.dataSync(), expected.dataSync())).toBe(0);
      tf.dispose([expected, actual]);
    }
    logits.dispose();
  });

  it("leaves no tensors behind but its result", () => {
    const logits = tf.tensor1d(randomLogits(3));
    const before = tf.memory().numTensors;
    const result = temperedSoftmax(logits, 0.3, 5);
    expect(tf.memory().numTensors).toBe(before + 1);
    result.dispose();
    logits.dispose();
  });

  it("refuses temperatures softmax cannot divide by", () => {
    const logits = tf.tensor1d([1, 2, 3]);
    const before = tf.memory().numTensors;
    for (const t of [0, -1, Number.NaN, Infinity]) expect(() => temperedSoftmax(logits, t)).toThrow(/positive/);
    expect(tf.memory().numTensors).toBe(before);
    logits.dispose();
  });
});

describe("temperedProbabilities", () => {
  const logits = randomLogits(4);

  it("sums to 1 at any temperature and frees its tensors", () => {
    const before = tf.memory().numTensors;
    for (const t of [0.1, 1, 10]) {
      const p = temperedProbabilities(logits, t);
      expect(p).toHaveLength(1000);
      expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("sharpens below T = 1 and flattens above it (top-1 up, entropy down, and the reverse)", () => {
    const cold = temperedProbabilities(logits, 0.1);
    const warm = temperedProbabilities(logits, 1);
    const hot = temperedProbabilities(logits, 10);
    const top = argMax(logits);
    expect(cold[top]!).toBeGreaterThan(warm[top]!);
    expect(warm[top]!).toBeGreaterThan(hot[top]!);
    expect(entropy(cold)).toBeLessThan(entropy(warm));
    expect(entropy(warm)).toBeLessThan(entropy(hot));
  });

  it("keeps the ranking of the classes at every temperature", () => {
    const order = (values: Float32Array) => Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
    const expected = order(logits).slice(0, 20);
    for (const t of [0.5, 2, 8]) expect(order(temperedProbabilities(logits, t)).slice(0, 20)).toEqual(expected);
  });

  it("does not change when every logit moves by the same constant", () => {
    const plain = temperedProbabilities(logits, 1);
    for (const shift of [-20, 7.5, 50]) {
      expect(maxAbsDifference(temperedProbabilities(logits, 1, shift), plain)).toBeLessThan(1e-6);
    }
  });
});

describe("entropy", () => {
  it("is 0 for a certain outcome and log2(n) bits for n equal ones", () => {
    expect(entropy([0, 1, 0])).toBe(0);
    expect(entropy(new Float32Array(1000).fill(1 / 1000))).toBeCloseTo(Math.log2(1000), 4);
    expect(entropy([0.5, 0.5])).toBeCloseTo(1, 12);
  });

  it("in nats is the bits value times ln 2", () => {
    const p = [0.7, 0.2, 0.1];
    expect(entropy(p, "nats")).toBeCloseTo(entropy(p, "bits") * Math.LN2, 12);
  });
});

describe("compareTopTwo", () => {
  it("finds the two best classes and shows p1/p2 = e^(l1 − l2)", () => {
    const values = randomLogits(5);
    const logits = tf.tensor1d(values);
    const probabilities = tf.softmax(logits);
    const p = probabilities.dataSync();
    const result = compareTopTwo(values, p);
    const sorted = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]!);
    expect([result.first, result.second]).toEqual(sorted.slice(0, 2));
    expect(result.logitGap).toBeGreaterThan(0);
    expect(Math.abs(result.probabilityRatio / result.expGap - 1)).toBeLessThan(1e-5);
    tf.dispose([logits, probabilities]);
  });

  it("handles the best class at index 0", () => {
    expect(compareTopTwo([3, 1, 2], [0.6, 0.1, 0.3])).toMatchObject({first: 0, second: 2, logitGap: 1});
  });

  it("explains bad input", () => {
    expect(() => compareTopTwo([1], [1])).toThrow(/at least 2/);
  });
});

describe("temperatureAt", () => {
  it("maps a log10 slider to 0.1 … 1 … 10, exactly 1 in the middle", () => {
    expect(temperatureAt(-1)).toBeCloseTo(0.1, 12);
    expect(temperatureAt(0)).toBe(1);
    expect(temperatureAt(1)).toBe(10);
    expect(temperatureAt(-5)).toBeCloseTo(0.1, 12);
    expect(temperatureAt(3)).toBe(10);
  });
});

describe("maxAbsDifference", () => {
  it("is the largest gap and refuses lists of different length", () => {
    expect(maxAbsDifference([1, 2, 3], [1, 2.5, 2])).toBe(1);
    expect(() => maxAbsDifference([1], [1, 2])).toThrow();
  });
});
