import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {entropy, maxAbsDifference, temperatureAt} from "../../components/pipeline/temperature.js";
import {seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

function randomLogits(seed: number, count = 1000): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({length: count}, () => random() * 24 - 12);
}

/** The temperature page's teaching cell: softmax((logits + c) / T), read as plain numbers. */
function tempered(logits: Float32Array, temperature: number, shift = 0): Float32Array {
  return tf.tidy(() => tf.softmax(tf.div(tf.add(logits, shift), temperature)).dataSync() as Float32Array);
}

const order = (values: Float32Array) => Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);

describe("softmax(logits / T), as the temperature page computes it", () => {
  const logits = randomLogits(4);

  it("at T = 1 with no shift is exactly tf.softmax of the [1, 1000] logits", () => {
    const expected = tf.tidy(() => tf.softmax(tf.tensor2d(logits, [1, 1000])).dataSync());
    expect(maxAbsDifference(tempered(logits, 1), expected)).toBe(0);
  });

  it("sums to 1 at any temperature and frees its tensors", () => {
    const before = tf.memory().numTensors;
    for (const t of [0.1, 1, 10]) {
      const p = tempered(logits, t);
      expect(p).toHaveLength(1000);
      expect(Math.abs(p.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it("sharpens below T = 1 and flattens above it (top-1 up, entropy down, and the reverse)", () => {
    const cold = tempered(logits, 0.1);
    const warm = tempered(logits, 1);
    const hot = tempered(logits, 10);
    const top = order(logits)[0]!;
    expect(cold[top]!).toBeGreaterThan(warm[top]!);
    expect(warm[top]!).toBeGreaterThan(hot[top]!);
    expect(entropy(cold)).toBeLessThan(entropy(warm));
    expect(entropy(warm)).toBeLessThan(entropy(hot));
  });

  it("keeps the ranking of the classes at every temperature", () => {
    const expected = order(logits).slice(0, 20);
    for (const t of [0.5, 2, 8]) expect(order(tempered(logits, t)).slice(0, 20)).toEqual(expected);
  });

  it("does not change when every logit moves by the same constant", () => {
    const plain = tempered(logits, 1);
    for (const shift of [-20, 7.5, 50]) {
      expect(maxAbsDifference(tempered(logits, 1, shift), plain)).toBeLessThan(1e-6);
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
