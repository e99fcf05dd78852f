import type * as tf from "@tensorflow/tfjs-core";

/**
 * The text `t.print()` writes to the console, as a string: tfjs's own formatting (padding, precision, and "..." for
 * long axes), so a page can show exactly what a reader would see in their console.
 */
export function formatTensor(t: tf.Tensor, verbose = false): string {
  return t.toString(verbose);
}
