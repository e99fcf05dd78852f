// Softmax taken apart, step by step, as numbers for a table: the softmax page's teaching cell makes the step tensors
// (tf.max, tf.sub, tf.exp, tf.sum, tf.div) and this reads them, with the unshifted exp and tf.softmax to compare.
import * as tf from "@tensorflow/tfjs-core";

/** Softmax taken apart, each step's numbers as tfjs computed them. */
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

/** The step tensors as the page's teaching cell names them: x the logits [n], then each step of softmax. */
export interface SoftmaxStepTensors {
  x: tf.Tensor1D;
  max: tf.Scalar;
  shifted: tf.Tensor1D;
  exps: tf.Tensor1D;
  sum: tf.Scalar;
  p: tf.Tensor1D;
}

/** Every step's numbers, plus tf.exp(x) without the max subtracted and tf.softmax(x), to compare. Frees what it makes. */
export async function readSoftmaxSteps(steps: SoftmaxStepTensors): Promise<SoftmaxSteps> {
  const [naive, softmax] = tf.tidy(() => [tf.exp(steps.x), tf.softmax(steps.x)]);
  try {
    return {
      logits: await steps.x.array(),
      max: await steps.max.array(),
      shifted: await steps.shifted.array(),
      exps: await steps.exps.array(),
      sum: await steps.sum.array(),
      probabilities: await steps.p.array(),
      naiveExps: (await naive!.array()) as number[],
      softmax: (await softmax!.array()) as number[]
    };
  } finally {
    tf.dispose([naive!, softmax!]);
  }
}
