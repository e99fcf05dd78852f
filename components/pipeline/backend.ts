import * as tf from "@tensorflow/tfjs-core";

/** Loads a backend's code on demand; the package registers the backend when it is imported. */
export type BackendLoader = () => Promise<unknown>;

/** The last resort, plain JavaScript that works everywhere: its code (≈120 KB) is fetched only if it is needed. */
const loadCpu: BackendLoader = () => import("@tensorflow/tfjs-backend-cpu");

/**
 * Switches tfjs to the first backend in `preference` that initialises here and returns its name. A backend not yet
 * registered is loaded first if `loaders` has it (say, WebGL, needed only where WASM fails). Backends that fail (no
 * WebGL, no WebAssembly) are skipped; CPU always works, so it is the last resort.
 */
export async function chooseBackend(
  preference: readonly string[],
  loaders: Readonly<Record<string, BackendLoader>> = {}
): Promise<string> {
  const load: Record<string, BackendLoader> = {cpu: loadCpu, ...loaders};
  for (const name of [...preference, "cpu"]) {
    try {
      if (!tf.findBackendFactory(name)) await load[name]?.();
      if (!tf.findBackendFactory(name)) continue;
      if (await tf.setBackend(name)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // This backend cannot start (or its code cannot be loaded) here; try the next one.
    }
  }
  throw new Error("TensorFlow.js could not start any backend, not even the CPU one.");
}
