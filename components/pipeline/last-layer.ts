// Where a logit comes from: after the global pool, MobileNet v1 is one matrix multiplication. The embedding (one
// number per channel, what `model.infer(image, true)` returns) times the last layer's weights, plus its biases, is the
// 1001 logits; each class's logit is a dot product, Σ f_k · w_k + b, whose terms say which channels pushed it up or down.
import * as tf from "@tensorflow/tfjs-core";
import type {GraphModel} from "@tensorflow/tfjs-converter";
import {CLASS_COUNT} from "./classes.js";

/** The last layer's tensors in the v1 0.25 graph model: weights [1, 1, 256, 1001] and biases [1001]. */
export const LAST_LAYER_WEIGHTS = "module/MobilenetV1/Logits/Conv2d_1c_1x1/weights";
export const LAST_LAYER_BIASES = "module/MobilenetV1/Logits/Conv2d_1c_1x1/biases";

/** The network's output for class id `classId`: output 0 of the 1001 is “background”, so class i is output i + 1. */
export function outputOfClass(classId: number): number {
  if (!Number.isInteger(classId) || classId < 0 || classId >= CLASS_COUNT)
    throw new RangeError(`Class ids run from 0 to ${CLASS_COUNT - 1}, not ${classId}.`);
  return classId + 1;
}

/** The model's own tensors (read them, never dispose them): weights [channels, outputs], biases [outputs]. */
export interface LastLayer {
  weights: tf.Tensor2D;
  biases: tf.Tensor1D;
  /** Frees the [channels, outputs] view of the weights (the model keeps its own). */
  dispose(): void;
}

/** The last layer of the graph model, its weights as a [channels, 1001] matrix. */
export function lastLayer(graph: Pick<GraphModel, "weights">): LastLayer {
  const weights = graph.weights[LAST_LAYER_WEIGHTS]?.[0];
  const biases = graph.weights[LAST_LAYER_BIASES]?.[0];
  if (!weights || !biases || weights.rank !== 4)
    throw new Error("This model has no MobileNet v1 last layer (Logits/Conv2d_1c_1x1): use v1 0.25.");
  const [, , channels, outputs] = weights.shape as [number, number, number, number];
  const matrix = tf.reshape(weights, [channels, outputs]) as tf.Tensor2D;
  return {weights: matrix, biases: biases as tf.Tensor1D, dispose: () => matrix.dispose()};
}

/**
 * The 1000 logits [n, 1000] from embeddings [n, channels]: embedding · weights + biases, background dropped. With
 * `keep` (one 0 or 1 per channel), a channel with 0 is switched off: its feature counts as 0.
 */
export function lastLayerLogits(
  embedding: tf.Tensor2D,
  layer: Pick<LastLayer, "weights" | "biases">,
  keep?: ArrayLike<number>
): tf.Tensor2D {
  return tf.tidy(() => {
    const features = keep ? tf.mul(embedding, tf.tensor2d(Array.from(keep), [1, keep.length])) : embedding;
    const all = tf.add(tf.matMul(features as tf.Tensor2D, layer.weights), layer.biases);
    return tf.slice(all, [0, 1], [-1, CLASS_COUNT]) as tf.Tensor2D;
  });
}

/** One channel's term in a class's dot product. */
export interface Contribution {
  channel: number;
  /** f_k: the embedding's value for the channel (the mean of its last map). */
  feature: number;
  /** w_k: the weight joining the channel to the class. */
  weight: number;
  /** f_k · w_k, as float32 (what the model multiplies). */
  product: number;
}

export interface ClassContributions {
  classId: number;
  /** One per channel, in channel order. */
  contributions: Contribution[];
  bias: number;
  /** Σ products + bias, added up in double precision: the logit, to float32 precision. */
  sum: number;
}

/** The terms of class `classId`'s dot product for one image's embedding [1, channels]. */
export async function classContributions(
  embedding: tf.Tensor2D,
  layer: Pick<LastLayer, "weights" | "biases">,
  classId: number
): Promise<ClassContributions> {
  const output = outputOfClass(classId);
  const [features, column, bias] = tf.tidy(() => [
    tf.reshape(embedding, [-1]),
    tf.reshape(tf.slice(layer.weights, [0, output], [-1, 1]), [-1]),
    tf.slice(layer.biases, [output], [1])
  ]);
  try {
    const [f, w, b] = (await Promise.all([features!.data(), column!.data(), bias!.data()])) as Float32Array[];
    if (f!.length !== w!.length)
      throw new Error(`The embedding has ${f!.length} numbers but the last layer expects ${w!.length}.`);
    const contributions = Array.from(f!, (feature, channel) => {
      const weight = w![channel]!;
      return {channel, feature, weight, product: Math.fround(feature * weight)};
    });
    const sum = contributions.reduce((total, c) => total + c.product, 0) + b![0]!;
    return {classId, contributions, bias: b![0]!, sum};
  } finally {
    tf.dispose([features!, column!, bias!]);
  }
}

/** The channels by how much they move the logit, either way: largest |f_k · w_k| first (ties: lower channel first). */
export function byEffect(contributions: readonly Contribution[]): Contribution[] {
  return [...contributions].sort((a, b) => Math.abs(b.product) - Math.abs(a.product) || a.channel - b.channel);
}

/** The `n` biggest pushes up (largest positive products) and down (most negative), biggest first. */
export function biggestContributions(
  contributions: readonly Contribution[],
  n: number
): {up: Contribution[]; down: Contribution[]} {
  const sorted = [...contributions].sort((a, b) => b.product - a.product || a.channel - b.channel);
  return {
    up: sorted.filter((c) => c.product > 0).slice(0, n),
    down: sorted
      .filter((c) => c.product < 0)
      .reverse()
      .slice(0, n)
  };
}

/** One number per channel: 0 for a channel in `off`, 1 for the rest (the `keep` of lastLayerLogits). */
export function keepMask(off: Iterable<number>, channels: number): Float32Array {
  const keep = new Float32Array(channels).fill(1);
  for (const channel of off) {
    if (!Number.isInteger(channel) || channel < 0 || channel >= channels)
      throw new RangeError(`Channels run from 0 to ${channels - 1}, not ${channel}.`);
    keep[channel] = 0;
  }
  return keep;
}

/** Every channel except the `n` with the biggest effect on the class (byEffect): "all but the top n" switched off. */
export function allButTop(contributions: readonly Contribution[], n: number): number[] {
  return byEffect(contributions)
    .slice(Math.max(0, n))
    .map((c) => c.channel)
    .sort((a, b) => a - b);
}
