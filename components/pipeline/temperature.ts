// Temperature and shift: what softmax does to logits when they are all divided by T, or all moved by the same
// constant. The softmax is tfjs's own (tf.softmax), as everywhere in the lesson; these functions only change its input.
import * as tf from "@tensorflow/tfjs-core";

/** The temperature slider's range: 0.1 to 10, symmetric around 1 on a log scale. */
export const TEMPERATURE_RANGE = [0.1, 10] as const;

/** softmax(logits / T) as a tensor; `shift` is added to every logit first. The caller disposes the result. */
export function temperedSoftmax(logits: tf.Tensor, temperature: number, shift = 0): tf.Tensor {
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(
      `The temperature must be a positive number, not ${temperature}: softmax divides the logits by it.`
    );
  }
  return tf.tidy(() => {
    // Skipping no-op steps keeps T = 1, shift = 0 bit-for-bit equal to tf.softmax(logits).
    let scaled = shift === 0 ? logits : tf.add(logits, shift);
    if (temperature !== 1) scaled = tf.div(scaled, temperature);
    return tf.softmax(scaled);
  });
}

/** The same, on plain numbers in and out (one row of logits), for views that redraw on every slider move. */
export function temperedProbabilities(logits: Float32Array, temperature: number, shift = 0): Float32Array {
  const row = tf.tensor1d(logits, "float32");
  try {
    const probabilities = temperedSoftmax(row, temperature, shift);
    try {
      return probabilities.dataSync() as Float32Array;
    } finally {
      probabilities.dispose();
    }
  } finally {
    row.dispose();
  }
}

export type EntropyUnit = "bits" | "nats";

/**
 * How spread out a distribution is: −Σ p·log p. In bits, 0 means one class has it all and log2(1000) ≈ 9.97 means
 * all 1000 classes are equally likely. Zero probabilities add nothing (p·log p → 0).
 */
export function entropy(probabilities: ArrayLike<number>, unit: EntropyUnit = "bits"): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (p > 0) sum -= p * Math.log(p);
  }
  return unit === "bits" ? sum / Math.LN2 : sum;
}

/** The largest |a[i] − b[i]|: how far apart two equally long lists of numbers are. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Cannot compare ${a.length} numbers with ${b.length}.`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** The index of the largest value (the first one on ties). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** The two best classes and how their logit gap turns into a probability ratio: p1 / p2 = e^(l1 − l2). */
export interface TopTwo {
  first: number;
  second: number;
  logitGap: number;
  probabilityRatio: number;
  /** e^(logit gap), computed from the logits alone. */
  expGap: number;
}

export function compareTopTwo(logits: ArrayLike<number>, probabilities: ArrayLike<number>): TopTwo {
  if (logits.length < 2 || logits.length !== probabilities.length) {
    throw new Error(
      `compareTopTwo needs two equally long lists of at least 2 numbers, got ${logits.length} and ${probabilities.length}.`
    );
  }
  const first = argMax(logits);
  let second = first === 0 ? 1 : 0;
  for (let i = 0; i < logits.length; i++) if (i !== first && logits[i]! > logits[second]!) second = i;
  const logitGap = logits[first]! - logits[second]!;
  return {
    first,
    second,
    logitGap,
    probabilityRatio: probabilities[first]! / probabilities[second]!,
    expGap: Math.exp(logitGap)
  };
}

/**
 * The temperature for a log-scale slider whose value is log10(T), from −1 (T = 0.1) through 0 (T = 1, exactly) to 1
 * (T = 10): equal slider steps multiply T by equal factors, so 0.1–1 gets as much room as 1–10.
 */
export function temperatureAt(log10Temperature: number): number {
  const [low, high] = TEMPERATURE_RANGE;
  const exponent = Math.min(Math.log10(high), Math.max(Math.log10(low), log10Temperature));
  return 10 ** exponent;
}
