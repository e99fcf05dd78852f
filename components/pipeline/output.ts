// Logits → probabilities → the top classes. Softmax is tfjs's own (tf.softmax): the lesson shows the model's numbers,
// never a second implementation of them.
import * as tf from "@tensorflow/tfjs-core";
import {CLASS_COUNT, classLabel} from "./classes.js";
import {formatTensor} from "./format.js";

export interface RankedClass {
  index: number;
  label: string;
  logit: number;
  probability: number;
}

/** What one image produced, as plain numbers a view can draw. */
export interface Classification {
  shape: number[];
  dtype: string;
  logits: Float32Array;
  probabilities: Float32Array;
  /** Exactly what `logits.print()` and `tf.softmax(logits).print()` write. */
  logitsText: string;
  probabilitiesText: string;
  top: RankedClass[];
}

/** The k classes with the highest scores, highest first (ties: lower class id first). */
export function topK(logits: ArrayLike<number>, probabilities: ArrayLike<number>, k: number): RankedClass[] {
  const order = Array.from({length: probabilities.length}, (_, i) => i);
  order.sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  return order.slice(0, Math.max(0, k)).map((index) => ({
    index,
    label: classLabel(index),
    logit: logits[index]!,
    probability: probabilities[index]!
  }));
}

/** Reads a [1, 1000] logits tensor into plain numbers, with its softmax and top k. Does not dispose `logits`. */
export async function summarize(logits: tf.Tensor2D, k = 3): Promise<Classification> {
  if (logits.shape[0] !== 1 || logits.shape[1] !== CLASS_COUNT) {
    // A batch would otherwise be ranked as one long row, mixing images (and naming classes past 999).
    throw new Error(
      `summarize() reads one image's logits, shape [1, ${CLASS_COUNT}], but got [${logits.shape.join(", ")}]. ` +
        "For a batch, summarize each row: tf.slice(logits, [i, 0], [1, -1])."
    );
  }
  const probabilities = tf.softmax(logits);
  try {
    const [logitValues, probabilityValues] = (await Promise.all([
      logits.data(),
      probabilities.data()
    ])) as Float32Array[];
    return {
      shape: logits.shape.slice(),
      dtype: logits.dtype,
      logits: logitValues!,
      probabilities: probabilityValues!,
      logitsText: formatTensor(logits),
      probabilitiesText: formatTensor(probabilities),
      top: topK(logitValues!, probabilityValues!, k)
    };
  } finally {
    probabilities.dispose();
  }
}
