// Gradients on the WASM backend (the page's): the depthwise-convolution gradient this lesson adds, checked against the
// CPU backend's own kernel, and the saliency maps built on it, checked on a small network with a known gradient.
import * as tf from "@tensorflow/tfjs";
import {beforeAll, describe, expect, it} from "vitest";
import {depthwiseInputGradient, ensureDepthwiseInputGradient} from "../../components/pipeline/gradients.js";
import {
  classLogit,
  inputGradient,
  LOGITS_NODE,
  saliencyMap,
  saliencyShares,
  smoothGradient
} from "../../components/pipeline/saliency.js";
import {maxAbsDiff, seededRandom, startBackend} from "../helpers/tf.js";

beforeAll(async () => {
  expect(await startBackend()).toBe("wasm");
});

/** A tensor of seeded random values in [−1, 1). */
function randomTensor(shape: number[], seed: number): tf.Tensor {
  const random = seededRandom(seed);
  return tf.tensor(
    Array.from({length: shape.reduce((a, b) => a * b, 1)}, () => random() * 2 - 1),
    shape
  );
}

/** The gradient of Σ(depthwiseConv2d(x) · dy) with respect to x, on `backend`. */
async function referenceGradient(
  backend: string,
  x: number[][][][],
  filter: number[][][][],
  dy: number[][][][],
  stride: number
): Promise<Float32Array> {
  await tf.setBackend(backend);
  try {
    const [xt, ft, dyt] = [tf.tensor4d(x), tf.tensor4d(filter), tf.tensor4d(dy)];
    const grad = tf.grad((input) => tf.sum(tf.mul(tf.depthwiseConv2d(input as tf.Tensor4D, ft, stride, "same"), dyt)))(
      xt
    );
    const values = (await grad.data()) as Float32Array;
    tf.dispose([xt, ft, dyt, grad]);
    return values;
  } finally {
    await tf.setBackend("wasm");
  }
}

describe("the depthwise convolution's input gradient", () => {
  for (const [size, stride, channels] of [
    [112, 2, 8],
    [56, 1, 16],
    [14, 2, 5],
    [13, 2, 3],
    [7, 1, 4]
  ] as const) {
    it(`matches tfjs's CPU kernel for ${size} × ${size} × ${channels}, stride ${stride}`, async () => {
      const x = randomTensor([1, size, size, channels], size) as tf.Tensor4D;
      const filter = randomTensor([3, 3, channels, 1], 2) as tf.Tensor4D;
      const out = Math.ceil(size / stride);
      const dy = randomTensor([1, out, out, channels], 3) as tf.Tensor4D;
      const expected = await referenceGradient(
        "cpu",
        (await x.array()) as number[][][][],
        (await filter.array()) as number[][][][],
        (await dy.array()) as number[][][][],
        stride
      );
      const before = tf.memory().numTensors;
      const mine = depthwiseInputGradient(dy, filter, x.shape, [stride, stride], "same");
      expect(mine.shape).toEqual(x.shape);
      expect(maxAbsDiff(await mine.data(), expected)).toBeLessThan(1e-5);
      mine.dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, filter, dy]);
    });
  }

  it("lets tf.grad through a depthwise convolution on WASM once registered", async () => {
    ensureDepthwiseInputGradient();
    ensureDepthwiseInputGradient(); // a second call changes nothing
    const x = randomTensor([1, 9, 9, 2], 4) as tf.Tensor4D;
    const filter = randomTensor([3, 3, 2, 1], 5) as tf.Tensor4D;
    const grad = tf.grad((input) => tf.sum(tf.depthwiseConv2d(input as tf.Tensor4D, filter, 2, "same")))(x);
    const ones = await referenceGradient(
      "cpu",
      (await x.array()) as number[][][][],
      (await filter.array()) as number[][][][],
      tf.tidy(() => tf.ones([1, 5, 5, 2]).arraySync() as number[][][][]),
      2
    );
    expect(maxAbsDiff(await grad.data(), ones)).toBeLessThan(1e-5);
    tf.dispose([x, filter, grad]);
  });
});

describe("saliency", () => {
  // A stand-in for the graph model: logits = mean over the image of (x · colour weights), 1001 outputs. The gradient of
  // class c's logit is then colour weight (c + 1) / (h × w) at every pixel: known in advance.
  const size = 8;
  let colourWeights: tf.Tensor2D;
  beforeAll(() => {
    colourWeights = tf.tensor2d(
      Array.from({length: 3 * 1001}, (_, i) => ((i % 7) - 3) / 3),
      [3, 1001]
    );
  });
  const graph = {
    execute: (input: tf.Tensor, node: string | string[]) => {
      expect(node).toBe(LOGITS_NODE);
      return tf.tidy(() => tf.matMul(tf.mean(input, [1, 2]) as tf.Tensor2D, colourWeights));
    }
  } as unknown as Parameters<typeof inputGradient>[0];

  it("takes the class's logit (output class id + 1) and its gradient with respect to every input number", async () => {
    const input = randomTensor([1, size, size, 3], 9) as tf.Tensor4D;
    const classId = 10;
    const logit = classLogit(graph, input, classId);
    const expected = tf.tidy(() =>
      tf.slice(graph.execute(input, LOGITS_NODE) as tf.Tensor2D, [0, classId + 1], [1, 1])
    );
    expect(logit.dataSync()[0]).toBeCloseTo(expected.dataSync()[0]!, 6);
    const gradient = inputGradient(graph, input, classId);
    expect(gradient.shape).toEqual([1, size, size, 3]);
    const w = colourWeights.dataSync();
    const perPixel = [0, 1, 2].map((c) => w[c * 1001 + classId + 1]! / (size * size));
    const values = await gradient.data();
    for (let i = 0; i < values.length; i++) expect(values[i]).toBeCloseTo(perPixel[i % 3]!, 6);
    tf.dispose([input, logit, expected, gradient]);
  });

  it("SmoothGrad averages noisy gradients: repeatable for a seed, and reports progress", async () => {
    const input = randomTensor([1, size, size, 3], 11) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const progress: number[] = [];
    const first = await smoothGradient(graph, input, 3, {samples: 4, seed: 5, onProgress: (f) => progress.push(f)});
    const again = await smoothGradient(graph, input, 3, {samples: 4, seed: 5});
    expect(progress).toEqual([0.25, 0.5, 0.75, 1]);
    expect(maxAbsDiff(await first.data(), await again.data())).toBe(0);
    // This stand-in is linear, so noise changes nothing: the average is the plain gradient.
    const plain = inputGradient(graph, input, 3);
    expect(maxAbsDiff(await first.data(), await plain.data())).toBeLessThan(1e-6);
    tf.dispose([first, again, plain]);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });

  it("stops between samples when cancelled, leaving no tensors behind", async () => {
    const input = randomTensor([1, size, size, 3], 12) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = smoothGradient(graph, input, 3, {
      samples: 10,
      signal: controller.signal,
      onProgress: (f) => f >= 0.2 && controller.abort()
    });
    await expect(run).rejects.toThrow(/abort/i);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });

  it("draws the largest |gradient| of the three colours per pixel, scaled to the 99th percentile", async () => {
    const gradient = tf.tensor4d([1, -3, 2, 0, 0, -0.5, 4, 4, -4, 0.25, 0, 0], [1, 2, 2, 3]);
    const map = await saliencyMap(gradient);
    expect(map).toMatchObject({width: 2, height: 2});
    expect(Array.from(map.values)).toEqual([3, 0.5, 4, 0.25]);
    expect(map.top).toBe(4);
    const shares = saliencyShares(map, 2);
    expect(Array.from(shares)).toEqual([3 / 7.75, 0.5 / 7.75, 4 / 7.75, 0.25 / 7.75]);
    gradient.dispose();
  });
});
