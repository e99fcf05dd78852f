// Temperature and shift: the slider's scale, and the measures the temperature page reads off softmax(logits / T)
// (which the page computes itself, with tf.softmax).

/** The temperature slider's range: 0.1 to 10, symmetric around 1 on a log scale. */
export const TEMPERATURE_RANGE = [0.1, 10] as const;

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

/**
 * The temperature for a log-scale slider whose value is log10(T), from −1 (T = 0.1) through 0 (T = 1, exactly) to 1
 * (T = 10): equal slider steps multiply T by equal factors, so 0.1–1 gets as much room as 1–10.
 */
export function temperatureAt(log10Temperature: number): number {
  const [low, high] = TEMPERATURE_RANGE;
  const exponent = Math.min(Math.log10(high), Math.max(Math.log10(low), log10Temperature));
  return 10 ** exponent;
}
