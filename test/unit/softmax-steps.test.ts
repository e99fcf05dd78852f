// The four-logit explorer on the softmax page: its sliders' range, how its table reads and writes each step's number.
// The steps themselves are the page's own tfjs cell (tf.max, tf.sub, tf.exp, tf.sum, tf.div); the browser test follows
// them.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {stepText} from "../../components/pipeline/format.js";
import {readSoftmaxSteps} from "../../components/pipeline/softmax-steps.js";
import {sliderRange} from "../../components/views/softmax-steps.js";
import {startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

describe("the four-logit explorer", () => {
  it("widens the slider range to hold the starting values", () => {
    expect(sliderRange([2, 1, 0.5, -1])).toEqual([-5, 10]);
    expect(sliderRange([14.1, 13.1, 12.7, 11.3])).toEqual([-5, 16]);
    expect(sliderRange([-8.2, 0])).toEqual([-10, 10]);
  });

  it("writes each step's number with its column's decimals, and typesets the exponents of the very large and small", () => {
    expect(stepText(0.36787944, 4)).toBe("0.3679");
    expect(stepText(-0.9997, 2)).toBe("−1.00");
    expect(stepText(14.1, 2)).toBe("14.10");
    expect(stepText(1329106.4, 4)).toBe("1.33 × 10⁶");
    expect(stepText(0.00002, 4)).toBe("2.00 × 10⁻⁵");
    expect(stepText(Infinity, 2)).toBe("Infinity");
    expect(stepText(0, 4)).toBe("0.0000");
  });
});

describe("readSoftmaxSteps", () => {
  it("reads each step, and adds the unshifted exp and tf.softmax without leaving a tensor behind", async () => {
    // The page's own steps, on logits big enough that exp without the max overflows float32.
    const steps = tf.tidy(() => {
      const x = tf.tensor1d([100, 99, 0]);
      const max = tf.max(x);
      const shifted = tf.sub(x, max);
      const exps = tf.exp(shifted);
      const sum = tf.sum(exps);
      return {x, max, shifted, exps, sum, p: tf.div(exps, sum)};
    });
    const before = tf.memory().numTensors;
    try {
      const read = await readSoftmaxSteps(steps as Parameters<typeof readSoftmaxSteps>[0]);
      expect(read.logits).toEqual([100, 99, 0]);
      expect(read.max).toBe(100);
      expect(read.shifted).toEqual([0, -1, -100]);
      expect(read.exps[1]).toBeCloseTo(Math.exp(-1), 6);
      expect(read.sum).toBeCloseTo(1 + Math.exp(-1), 6);
      expect(read.naiveExps[0]).toBe(Infinity);
      read.probabilities.forEach((p, i) => expect(read.softmax[i]).toBeCloseTo(p, 6));
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      tf.dispose(steps);
    }
  });
});
