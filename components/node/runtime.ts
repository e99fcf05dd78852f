// tfjs in Node: one place picks the backend and loads each model once. The CLI, the tests and the benchmark use it.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-wasm"; // registers the "wasm" backend (Node build: reads its .wasm files from disk)
import {chooseBackend} from "../pipeline/backend.js";
import {loadClassifier, type Classifier, type ModelId} from "../pipeline/models.js";
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
      return loadClassifier(id, memoryHandler(files.modelJson, files.weights));
    })();
    classifier.catch(() => classifiers.delete(id)); // a failed load may be retried after fixing the assets
    classifiers.set(id, classifier);
  }
  return classifier;
}

/** An IOHandler over model.json and its (single, merged) weights file held in memory. */
export function memoryHandler(modelJson: tf.io.ModelJSON, weights: Uint8Array): tf.io.IOHandler {
  const weightData = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  return tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
    signature: modelJson.signature,
    userDefinedMetadata: modelJson.userDefinedMetadata,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData
  });
}
