import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {softmaxSteps} from "../../components/pipeline/softmax-steps.js";
import {stepText} from "../../components/pipeline/format.js";
import {sliderRange} from "../../components/views/softmax-steps.js";
import {maxAbsDiff, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  await startBackend();
});

describe("softmaxSteps", () => {
  it("subtracts the max, exponentiates, sums and divides, matching tf.softmax", () => {
    const steps = softmaxSteps([2, 1, 0.5, -1]);
    expect(steps.logits).toEqual([2, 1, 0.5, -1]);
    expect(steps.max).toBe(2);
    expect(steps.shifted).toEqual([0, -1, -1.5, -3]);
    expect(maxAbsDiff(steps.exps, [1, Math.exp(-1), Math.exp(-1.5), Math.exp(-3)])).toBeLessThan(1e-6);
    expect(steps.sum).toBeCloseTo(1 + Math.exp(-1) + Math.exp(-1.5) + Math.exp(-3), 5);
    expect(
      maxAbsDiff(
        steps.probabilities,
        steps.exps.map((e) => e / steps.sum)
      )
    ).toBeLessThan(1e-7);
    expect(maxAbsDiff(steps.probabilities, steps.softmax)).toBeLessThan(1e-6);
    expect(steps.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it("keeps the largest exponent at exp(0) = 1, so large logits do not overflow as exp(x) does", () => {
    const steps = softmaxSteps([100, 99, 0]);
    expect(steps.naiveExps[0]).toBe(Infinity);
    expect(Math.max(...steps.exps)).toBe(1);
    expect(steps.probabilities.every(Number.isFinite)).toBe(true);
    expect(steps.probabilities[0]! / steps.probabilities[1]!).toBeCloseTo(Math.E, 4);
    expect(maxAbsDiff(steps.probabilities, steps.softmax)).toBeLessThan(1e-6);
  });

  it("gives equal logits equal shares, and one logit all of it", () => {
    expect(softmaxSteps([3, 3, 3, 3]).probabilities).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(softmaxSteps([-4]).probabilities).toEqual([1]);
  });

  it("does not change its input and frees every tensor", () => {
    const input = [1.5, -2, 7];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) softmaxSteps(input);
    expect(tf.memory().numTensors).toBe(before);
    expect(input).toEqual([1.5, -2, 7]);
  });

  it("refuses an empty vector or a value that is not a finite number, saying which", () => {
    const before = tf.memory().numTensors;
    expect(() => softmaxSteps([])).toThrow(/at least one logit/);
    expect(() => softmaxSteps([1, NaN])).toThrow(/Logit 2 is NaN/);
    expect(() => softmaxSteps([Infinity])).toThrow(/Logit 1 is Infinity/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("the four-logit explorer", () => {
  it("widens the slider range to hold the starting values", () => {
    expect(sliderRange([2, 1, 0.5, -1])).toEqual([-5, 10]);
    expect(sliderRange([14.1, 13.1, 12.7, 11.3])).toEqual([-5, 16]);
    expect(sliderRange([-8.2, 0])).toEqual([-10, 10]);
  });

  it("writes each step's number short", () => {
    expect(stepText(0.36787944)).toBe("0.3679");
    expect(stepText(-0.9997)).toBe("−0.9997");
    expect(stepText(1329106.4)).toBe("1.33e+6");
    expect(stepText(0.00012)).toBe("1.20e-4");
    expect(stepText(Infinity)).toBe("Infinity");
    expect(stepText(0)).toBe("0");
  });
});
