// tfjs in Node: one place picks the backend and loads each model once. The CLI, the tests and the benchmark use it.
import "@tensorflow/tfjs-backend-wasm"; // registers the "wasm" backend (Node build: reads its .wasm files from disk)
import "@tensorflow/tfjs-backend-cpu"; // and "cpu", the fallback (and the benchmark's comparison)
import {chooseBackend} from "../pipeline/backend.js";
import {loadClassifier, singleFileModel, type Classifier, type ModelId} from "../pipeline/models.js";
import {loadModelFiles} from "./assets.js";

let backend: Promise<string> | undefined;

/** Starts tfjs on the WASM backend (≈20× faster than CPU here); `preference` overrides, e.g. ["cpu"] for a benchmark. */
export function initBackend(preference: readonly string[] = ["wasm"]): Promise<string> {
  backend ??= chooseBackend(preference);
  return backend;
}

const classifiers = new Map<ModelId, Promise<Classifier>>();

/** The model `id`, loaded once per process from the assets (see components/node/assets.ts). */
export function getClassifier(id: ModelId): Promise<Classifier> {
  let classifier = classifiers.get(id);
  if (!classifier) {
    classifier = (async () => {
      await initBackend();
      const files = await loadModelFiles(id);
      const {weights} = files;
      const weightData = weights.buffer.slice(
        weights.byteOffset,
        weights.byteOffset + weights.byteLength
      ) as ArrayBuffer;
      return loadClassifier(
        id,
        singleFileModel(files.modelJson, async () => weightData)
      );
    })();
    classifier.catch(() => classifiers.delete(id)); // a failed load may be retried after fixing the assets
    classifiers.set(id, classifier);
  }
  return classifier;
}
