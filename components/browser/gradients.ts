// tf.grad needs every op's gradient registered. The @tensorflow/tfjs bundle registers them all; the lesson's pages load
// tfjs-core alone, which registers none, so a page fetches them (≈140 KB) the first time it asks for a gradient.
let gradients: Promise<void> | undefined;

/** Registers tfjs-core's gradients, once per page. */
export function loadGradients(): Promise<void> {
  gradients ??= import("@tensorflow/tfjs-core/dist/register_all_gradients.js").then(() => undefined);
  gradients.catch(() => (gradients = undefined)); // a later call may retry, e.g. once the reader is back online
  return gradients;
}
