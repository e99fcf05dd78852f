// Facts about a tensor a page states in its prose (sum, smallest, largest, how many below zero), computed by tfjs on
// the tensor itself rather than by hand on a copy, so the reader sees the same ops they would call.
import * as tf from "@tensorflow/tfjs-core";

export interface TensorStats {
  /** tf.sum over every element. */
  sum: number;
  /** tf.min. */
  min: number;
  /** tf.max. */
  max: number;
  /** How many elements are below zero. */
  negatives: number;
  /** How many elements there are. */
  count: number;
}

/** Sum, min, max and the count of negatives of `t`. Does not dispose `t`; frees what it makes. */
export async function tensorStats(t: tf.Tensor): Promise<TensorStats> {
  if (t.size === 0)
    throw new Error(`tensorStats needs a tensor with values; this one has shape [${t.shape.join(", ")}].`);
  const parts = tf.tidy(() => [tf.sum(t), tf.min(t), tf.max(t), tf.sum(tf.cast(tf.less(t, 0), "int32"))]);
  try {
    const [sum, min, max, negatives] = await Promise.all(parts.map(async (part) => (await part.data())[0]!));
    return {sum: sum!, min: min!, max: max!, negatives: negatives!, count: t.size};
  } finally {
    for (const part of parts) part.dispose();
  }
}
