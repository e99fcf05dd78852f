// Softmax taken apart into the steps the lesson names, each one a tfjs op, so a page can show every number in between.
// The result is checked against tf.softmax itself: the steps explain the model's softmax, they don't replace it.
import * as tf from "@tensorflow/tfjs-core";

export interface SoftmaxSteps {
  /** The logits as float32 holds them. */
  logits: number[];
  /** tf.max(x): subtracted first so the largest exponent is exp(0) = 1 and nothing overflows. */
  max: number;
  /** tf.sub(x, max): every value ≤ 0. */
  shifted: number[];
  /** tf.exp(x − max): every value in (0, 1]. */
  exps: number[];
  /** tf.sum of the exps. */
  sum: number;
  /** tf.div(exps, sum): the probabilities. */
  probabilities: number[];
  /** tf.exp(x) without subtracting the max first: Infinity once x passes about 88 (float32's limit). */
  naiveExps: number[];
  /** tf.softmax(x), to compare with the steps. */
  softmax: number[];
}

/** Softmax of a small logit vector, step by step, with tfjs. Frees every tensor it makes. */
export function softmaxSteps(logits: readonly number[]): SoftmaxSteps {
  if (logits.length === 0) throw new Error("softmaxSteps needs at least one logit; got an empty list.");
  const bad = logits.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new Error(`Logit ${bad + 1} is ${String(logits[bad])}, not a number softmax can use. Enter a finite number.`);
  }
  return tf.tidy(() => {
    const x = tf.tensor1d(logits.slice());
    const max = tf.max(x);
    const shifted = tf.sub(x, max);
    const exps = tf.exp(shifted);
    const sum = tf.sum(exps);
    const probabilities = tf.div(exps, sum);
    const read = (t: tf.Tensor) => Array.from(t.dataSync());
    return {
      logits: read(x),
      max: max.dataSync()[0]!,
      shifted: read(shifted),
      exps: read(exps),
      sum: sum.dataSync()[0]!,
      probabilities: read(probabilities),
      naiveExps: read(tf.exp(x)),
      softmax: read(tf.softmax(x))
    };
  });
}
