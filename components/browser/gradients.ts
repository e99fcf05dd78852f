// tf.grad needs every op's gradient registered. The @tensorflow/tfjs bundle registers them all; the lesson's pages load
// tfjs-core alone, which registers none, so a page fetches them (≈140 KB) the first time it asks for a gradient. The
// WASM backend also lacks one gradient kernel MobileNet needs (see pipeline/gradients.ts), added here too.
import {ensureDepthwiseInputGradient} from "../pipeline/gradients.js";

let gradients: Promise<void> | undefined;

/** Makes tf.grad work on the page's backend (call it once the backend has started, e.g. after the model loads). */
export function loadGradients(): Promise<void> {
  gradients ??= import("@tensorflow/tfjs-core/dist/register_all_gradients.js").then(() => undefined);
  gradients.catch(() => (gradients = undefined)); // a later call may retry, e.g. once the reader is back online
  return gradients.then(ensureDepthwiseInputGradient);
}
