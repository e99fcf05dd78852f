// What the model looks at, asked of calculus instead of by experiment: the gradient of a class's logit with respect to
// the input pixels says how fast the logit would change if each input number changed a little. "Vanilla" takes it at
// the photo itself; SmoothGrad (Smilkov et al., 2017) averages it over noisy copies of the photo, which washes out the
// speckle that one gradient shows. Needs every op's gradient registered (@tensorflow/tfjs does it; a page that loads
// tfjs-core alone calls loadGradients in components/browser/gradients.ts first).
import * as tf from "@tensorflow/tfjs-core";
import type {GraphModel} from "@tensorflow/tfjs-converter";
import {ensureDepthwiseInputGradient} from "./gradients.js";
import {outputOfClass} from "./last-layer.js";
import {seededNormals} from "./perturb.js";

/** The v1 0.25 graph's output node: [n, 1001] logits, output 0 “background”. */
export const LOGITS_NODE = "module_apply_default/MobilenetV1/Logits/SpatialSqueeze";

/** Class `classId`'s logit for each image of `input` [n, 224, 224, 3], added up over the batch: a scalar to differentiate. */
export function classLogit(graph: Pick<GraphModel, "execute">, input: tf.Tensor4D, classId: number): tf.Scalar {
  return tf.tidy(() => {
    const logits = graph.execute(input, LOGITS_NODE) as tf.Tensor2D;
    return tf.sum(tf.slice(logits, [0, outputOfClass(classId)], [-1, 1]));
  });
}

/** d(logit of `classId`) / d(input): one number per input number, [n, 224, 224, 3]. */
export function inputGradient(graph: Pick<GraphModel, "execute">, input: tf.Tensor4D, classId: number): tf.Tensor4D {
  ensureDepthwiseInputGradient();
  return tf.grad((x) => classLogit(graph, x as tf.Tensor4D, classId))(input) as tf.Tensor4D;
}

export interface SmoothGradOptions {
  /** Noisy copies to average over. */
  samples?: number;
  /** The noise's standard deviation, in the input's own units ([0, 1] for v1 0.25: 0.15 is 15 % of the range). */
  noise?: number;
  /** Picks the noise: the same seed gives the same map. */
  seed?: number;
  /** Called after each copy with the fraction done. */
  onProgress?: (fraction: number) => void;
  /** Stops between copies when aborted (the promise rejects with an AbortError). */
  signal?: AbortSignal;
}

/**
 * The mean of inputGradient over `samples` copies of `input` [1, 224, 224, 3], each with its own Gaussian noise. One
 * copy per model call, with a pause after each, so the page keeps drawing.
 */
export async function smoothGradient(
  graph: Pick<GraphModel, "execute">,
  input: tf.Tensor4D,
  classId: number,
  {samples = 20, noise = 0.15, seed = 1, onProgress, signal}: SmoothGradOptions = {}
): Promise<tf.Tensor4D> {
  if (!Number.isInteger(samples) || samples < 1)
    throw new RangeError(`SmoothGrad needs at least one sample, not ${samples}.`);
  let total = tf.zerosLike(input);
  try {
    for (let i = 0; i < samples; i++) {
      signal?.throwIfAborted();
      const next = tf.tidy(() => {
        const noisy = tf.add(input, tf.mul(tf.tensor(seededNormals(input.size, seed + i), input.shape), noise));
        return tf.add(total, inputGradient(graph, noisy as tf.Tensor4D, classId));
      });
      total.dispose();
      total = next as tf.Tensor4D;
      await total.data(); // wait for the work, so the pause below lets the page draw
      onProgress?.((i + 1) / samples);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return tf.tidy(() => tf.div(total, samples) as tf.Tensor4D);
  } finally {
    total.dispose();
  }
}

/** A gradient drawn as a map: per pixel, the largest |gradient| of its three colours (Simonyan et al., 2013). */
export interface SaliencyMap {
  width: number;
  height: number;
  /** width × height values ≥ 0, row by row. */
  values: Float32Array;
  /** The 99th percentile of the values: the map's colour scale tops out here, so a few extreme pixels don't wash it out. */
  top: number;
}

export async function saliencyMap(gradient: tf.Tensor4D): Promise<SaliencyMap> {
  if (gradient.shape[0] !== 1) throw new Error(`saliencyMap() draws one image's gradient, not ${gradient.shape[0]}.`);
  const [, height, width] = gradient.shape;
  const magnitude = tf.tidy(() => tf.max(tf.abs(gradient), -1));
  try {
    const values = (await magnitude.data()) as Float32Array;
    const sorted = Float32Array.from(values).sort();
    const top = sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]!;
    return {width, height, values, top};
  } finally {
    magnitude.dispose();
  }
}

/** Which share of the map's total lies in each cell of a gridSize × gridSize grid, row by row (they add up to 1). */
export function saliencyShares(map: SaliencyMap, gridSize: number): Float64Array {
  const shares = new Float64Array(gridSize * gridSize);
  let total = 0;
  for (let y = 0; y < map.height; y++) {
    const row = Math.min(gridSize - 1, Math.floor((y * gridSize) / map.height));
    for (let x = 0; x < map.width; x++) {
      const col = Math.min(gridSize - 1, Math.floor((x * gridSize) / map.width));
      const v = map.values[y * map.width + x]!;
      shares[row * gridSize + col] = shares[row * gridSize + col]! + v;
      total += v;
    }
  }
  if (total > 0) for (let i = 0; i < shares.length; i++) shares[i] = shares[i]! / total;
  return shares;
}
