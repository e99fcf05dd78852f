// How sure is the model, and how far apart are two answers? Measures computed from the logits with tfjs's own
// tf.logSoftmax and tf.logSumExp (stable where a plain log(softmax) would underflow to log 0).
import * as tf from "@tensorflow/tfjs-core";
import {shortLabel} from "./classes.js";
import {bitsText, logitText, probabilityText} from "./format.js";

/** Entropy −Σ p·log₂ p of softmax(logits), in bits, per row: 0 for a certain answer, log₂ 1000 ≈ 9.97 for no idea. */
export function entropyBits(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const logP = tf.logSoftmax(logits);
    return tf.div(tf.neg(tf.sum(tf.mul(tf.exp(logP), logP), -1)), Math.LN2);
  });
}

/**
 * Energy −log Σ e^logit, per row: softmax's denominator, on a log scale and negated. Unlike the probabilities it
 * keeps the logits' size: when every logit is low (nothing in the picture excites any class) the energy is high,
 * even if softmax still makes one class the winner.
 */
export function energy(logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.neg(tf.logSumExp(logits, -1)));
}

/** The three measures of how sure the model is, for one image, as plain numbers. */
export interface Confidence {
  topClass: number;
  topProbability: number;
  entropyBits: number;
  energy: number;
}

/** Reads the three measures from one image's logits, [1, 1000] or [1000]. Does not dispose `logits`. */
export async function readConfidence(logits: tf.Tensor): Promise<Confidence> {
  const [top, topProbability, bits, e] = tf.tidy(() => {
    const row = tf.reshape(logits, [-1]);
    return [tf.argMax(row), tf.max(tf.softmax(row)), entropyBits(row), energy(row)];
  });
  try {
    const [topClass, probability, entropy, energyValue] = await Promise.all(
      [top, topProbability, bits, e].map(async (t) => (await t!.data())[0]!)
    );
    return {topClass: topClass!, topProbability: probability!, entropyBits: entropy!, energy: energyValue!};
  } finally {
    tf.dispose([top!, topProbability!, bits!, e!]);
  }
}

export type MeasureId = "topProbability" | "entropyBits" | "energy";

export interface Measure {
  id: MeasureId;
  title: string;
  /** Which way "unsure" lies: a top probability below the threshold, an entropy or an energy above it. */
  unsureWhen: "below" | "above";
}

export const MEASURES: readonly Measure[] = [
  {id: "topProbability", title: "top probability", unsureWhen: "below"},
  {id: "entropyBits", title: "entropy", unsureWhen: "above"},
  {id: "energy", title: "energy", unsureWhen: "above"}
];

/** Whether a classifier that answers only when sure enough says "I don't know" to this image. */
export function saysUnsure(confidence: Confidence, measure: Measure, threshold: number): boolean {
  const value = confidence[measure.id];
  return measure.unsureWhen === "below" ? value < threshold : value > threshold;
}

/** A measure's value as the pages write it: a percentage, bits, or energy as a logit (it is −logsumexp of them). */
export function measureText(measure: Measure, value: number): string {
  if (measure.id === "topProbability") return probabilityText(value);
  if (measure.id === "entropyBits") return bitsText(value);
  return logitText(value);
}

/**
 * The threshold slider for a measure: top probability and entropy have fixed ranges (0–100%, 0–10 bits); energy's
 * depends on the model, so its slider spans `values`, the pictures' energies, with a quarter of their spread to spare
 * on each side (room for a reader's photo a little beyond them), and starts halfway.
 */
export function thresholdRange(
  measure: Measure,
  values: readonly number[]
): {min: number; max: number; step: number; value: number} {
  if (measure.id === "topProbability") return {min: 0, max: 1, step: 0.01, value: 0.5};
  if (measure.id === "entropyBits") return {min: 0, max: 10, step: 0.05, value: 5};
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const spare = (high - low) / 4;
  return {
    min: Math.floor(low - spare),
    max: Math.ceil(high + spare),
    step: 0.1,
    value: Math.round((low + high) / 2)
  };
}

/**
 * Why the classifier that may say "I don't know" gives one image the answer it gives, in words: `because` ("its top
 * probability is 8.1%, below the threshold of 50%") and `answer` ("says “I don't know”" or "answers tabby").
 */
export function verdict(
  confidence: Confidence,
  measure: Measure,
  threshold: number
): {unsure: boolean; because: string; answer: string} {
  const unsure = saysUnsure(confidence, measure, threshold);
  const side = `${unsure ? "" : "not "}${measure.unsureWhen}`;
  const value = measureText(measure, confidence[measure.id]);
  return {
    unsure,
    because: `its ${measure.title} is ${value}, ${side} the threshold of ${measureText(measure, threshold)}`,
    answer: unsure ? "says “I don't know”" : `answers ${shortLabel(confidence.topClass)}`
  };
}
