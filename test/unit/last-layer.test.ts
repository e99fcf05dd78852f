import * as tf from "@tensorflow/tfjs";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  allButTop,
  biggestContributions,
  byEffect,
  classContributions,
  keepMask,
  lastLayer,
  lastLayerLogits,
  LAST_LAYER_BIASES,
  LAST_LAYER_WEIGHTS,
  outputOfClass,
  type LastLayer
} from "../../components/pipeline/last-layer.js";
import {maxAbsDiff, seededRandom, startBackend} from "../helpers/tf.js";

const CHANNELS = 16;
const OUTPUTS = 1001;

let weights: tf.Tensor4D;
let biases: tf.Tensor1D;
let embedding: tf.Tensor2D;
let layer: LastLayer;

beforeAll(async () => {
  await startBackend();
  const random = seededRandom(7);
  const values = (n: number, scale: number) => Array.from({length: n}, () => (random() - 0.5) * scale);
  weights = tf.tensor4d(values(CHANNELS * OUTPUTS, 2), [1, 1, CHANNELS, OUTPUTS]);
  biases = tf.tensor1d(values(OUTPUTS, 1));
  // A ReLU6 network's pooled features are ≥ 0.
  embedding = tf.tensor2d(values(CHANNELS, 6).map(Math.abs), [1, CHANNELS]);
  layer = lastLayer({weights: {[LAST_LAYER_WEIGHTS]: [weights], [LAST_LAYER_BIASES]: [biases]}});
});

afterAll(() => {
  layer.dispose();
  tf.dispose([weights, biases, embedding]);
});

describe("the last layer", () => {
  it("is the weights as a [channels, 1001] matrix and the biases", () => {
    expect(layer.weights.shape).toEqual([CHANNELS, OUTPUTS]);
    expect(layer.biases.shape).toEqual([OUTPUTS]);
    expect(() => lastLayer({weights: {}})).toThrow(/v1 0\.25/);
  });

  it("gives the logits as the 1×1 convolution does: embedding × weights + bias, background dropped", async () => {
    const logits = lastLayerLogits(embedding, layer);
    // The layer as the graph runs it: a 1×1 convolution over a 1×1 map, then the bias.
    const convolved = tf.tidy(() =>
      tf.slice(
        tf.reshape(
          tf.add(tf.conv2d(tf.reshape(embedding, [1, 1, 1, CHANNELS]) as tf.Tensor4D, weights, 1, "same"), biases),
          [1, OUTPUTS]
        ),
        [0, 1],
        [1, 1000]
      )
    );
    expect(logits.shape).toEqual([1, 1000]);
    expect(maxAbsDiff(await logits.data(), await convolved.data())).toBeLessThanOrEqual(1e-4);
    tf.dispose([logits, convolved]);
  });

  it("maps class id i to output i + 1 (output 0 is background)", () => {
    expect(outputOfClass(0)).toBe(1);
    expect(outputOfClass(999)).toBe(1000);
    expect(() => outputOfClass(1000)).toThrow(RangeError);
    expect(() => outputOfClass(-1)).toThrow(RangeError);
  });
});

describe("one class's dot product", () => {
  it("lists f_k, w_k and f_k·w_k per channel, and their sum plus the bias is the logit", async () => {
    const classId = 281;
    const {contributions, bias, sum} = await classContributions(embedding, layer, classId);
    const [f, w, b] = [embedding.dataSync(), layer.weights.dataSync(), biases.dataSync()];
    expect(contributions).toHaveLength(CHANNELS);
    contributions.forEach((c, k) => {
      expect(c.channel).toBe(k);
      expect(c.feature).toBe(f[k]);
      expect(c.weight).toBe(w[k * OUTPUTS + classId + 1]);
      expect(c.product).toBe(Math.fround(f[k]! * w[k * OUTPUTS + classId + 1]!));
    });
    expect(bias).toBe(b[classId + 1]);
    const logits = lastLayerLogits(embedding, layer);
    expect(Math.abs(sum - logits.dataSync()[classId]!)).toBeLessThanOrEqual(1e-4);
    logits.dispose();
  });

  it("moves the logit by exactly a channel's product when that channel is switched off", async () => {
    const classId = 7;
    const {contributions} = await classContributions(embedding, layer, classId);
    const before = lastLayerLogits(embedding, layer);
    for (const channel of [0, 5, 15]) {
      const after = lastLayerLogits(embedding, layer, keepMask([channel], CHANNELS));
      const change = after.dataSync()[classId]! - before.dataSync()[classId]!;
      expect(Math.abs(change + contributions[channel]!.product)).toBeLessThanOrEqual(1e-5);
      after.dispose();
    }
    before.dispose();
  });

  it("ranks channels by effect either way, and finds the biggest pushes up and down", async () => {
    const {contributions} = await classContributions(embedding, layer, 3);
    const ranked = byEffect(contributions);
    for (let i = 1; i < ranked.length; i++)
      expect(Math.abs(ranked[i - 1]!.product)).toBeGreaterThanOrEqual(Math.abs(ranked[i]!.product));
    const {up, down} = biggestContributions(contributions, 3);
    expect(up.every((c) => c.product > 0)).toBe(true);
    expect(down.every((c) => c.product < 0)).toBe(true);
    expect(up[0]!.product).toBe(Math.max(...contributions.map((c) => c.product)));
    expect(down[0]!.product).toBe(Math.min(...contributions.map((c) => c.product)));
    expect(allButTop(contributions, 4)).toEqual(
      ranked
        .slice(4)
        .map((c) => c.channel)
        .sort((a, b) => a - b)
    );
    expect(allButTop(contributions, CHANNELS)).toEqual([]);
  });

  it("builds the on/off mask and refuses channels that don't exist", () => {
    expect(Array.from(keepMask([1, 3], 5))).toEqual([1, 0, 1, 0, 1]);
    expect(Array.from(keepMask([], 3))).toEqual([1, 1, 1]);
    expect(() => keepMask([5], 5)).toThrow(RangeError);
  });

  it("frees every tensor it makes", async () => {
    const before = tf.memory().numTensors;
    await classContributions(embedding, layer, 1);
    lastLayerLogits(embedding, layer, keepMask([2], CHANNELS)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
