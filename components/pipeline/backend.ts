import * as tf from "@tensorflow/tfjs";

/**
 * Switches tfjs to the first backend in `preference` that initialises here and returns its name. Backends that fail
 * (no WebGL, no WebAssembly) are skipped; CPU always works, so it is the last resort.
 */
export async function chooseBackend(preference: readonly string[]): Promise<string> {
  for (const name of [...preference, "cpu"]) {
    if (!tf.findBackendFactory(name)) continue;
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // This backend cannot start here; try the next one.
    }
  }
  throw new Error("TensorFlow.js could not start any backend, not even the CPU one.");
}
