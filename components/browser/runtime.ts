// tfjs in the reader's browser: one place picks the backend and loads each model from the site's own files.
import * as tf from "@tensorflow/tfjs-core";
// The package's default entry pulls in Node's `fs`; this bundle is the browser build of the same backend.
import {getThreadsCount, setWasmPaths} from "@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js";
import {chooseBackend, type BackendLoader} from "../pipeline/backend.js";
import {loadClassifier, MODELS, singleFileModel, type Classifier, type ModelId} from "../pipeline/models.js";
import {errorMessage} from "../pipeline/errors.js";
import {countParameters, type ParameterCount} from "../pipeline/parameters.js";
import {readWeightPlanes} from "../pipeline/weight-planes.js";

/** Where the site serves the WASM binaries (Framework hashes file names, so each is passed by URL). */
export interface WasmUrls {
  "tfjs-backend-wasm.wasm": string;
  "tfjs-backend-wasm-simd.wasm": string;
  "tfjs-backend-wasm-threaded-simd.wasm": string;
}

/** Backends to try, best first. WASM (SIMD) is fastest for these small models here; WebGL next; CPU always works. */
export const BACKEND_PREFERENCE = ["wasm", "webgl"] as const;

/** WebGL's code (≈360 KB) is fetched only on a browser where WASM fails. */
const BACKEND_LOADERS: Record<string, BackendLoader> = {webgl: () => import("@tensorflow/tfjs-backend-webgl")};

let backend: Promise<string> | undefined;

/** Starts tfjs once per page. `preference` lets a reader force a backend (e.g. ?backend=webgl). */
export function startBackend(wasm: WasmUrls, preference: readonly string[] = BACKEND_PREFERENCE): Promise<string> {
  if (!backend) {
    setWasmPaths({...wasm});
    backend = chooseBackend(preference, BACKEND_LOADERS);
  }
  return backend;
}

/**
 * The backend tfjs runs on, for the reader: "wasm", or "wasm (4 threads)" where the host makes the page cross-origin
 * isolated, which lets WebAssembly use several cores.
 */
export function backendName(): string {
  const name = tf.getBackend();
  const threads = name === "wasm" ? getThreadsCount() : 1;
  return threads > 1 ? `${name} (${threads} threads)` : name;
}

/** The reason a model could not be loaded, worded for the reader. */
export class ModelUnavailableError extends Error {
  override name = "ModelUnavailableError";
}

export interface ModelUrls {
  /** model.json rewritten by the data loader to name one weights file; or {"error": "..."} when the build had no model. */
  json: string;
  /** That one weights file as byte planes, gzipped (data/models/<slug>.weights; pipeline/weight-planes.ts). */
  weights: string;
}

export type LoadProgress = (fraction: number) => void;

const classifiers = new Map<ModelId, Promise<Classifier>>();

/**
 * What loading a model took from the site: the bytes of its model.json and of its weights as the model holds them
 * (float32; the file that brings them is smaller, see pipeline/weight-planes.ts).
 */
export interface ModelDownload {
  modelJsonBytes: number;
  weightsBytes: number;
}

const downloads = new Map<ModelId, ModelDownload>();

/** The bytes fetched to load model `id` on this page; undefined until it has loaded. */
export function modelDownload(id: ModelId): ModelDownload | undefined {
  return downloads.get(id);
}

/**
 * What a page can measure of a model it loaded: the bytes it received (model.json and weights, recorded while loading)
 * and its parameters, every weight tensor's size added up.
 */
export function measureModel(model: Classifier): {download: ModelDownload | undefined; count: ParameterCount} {
  return {download: modelDownload(model.spec.id), count: countParameters(model.weights())};
}

/** The model `id`, loaded once per page; `onProgress` sees the weights download go from 0 to 1. */
export function loadModel(
  id: ModelId,
  urls: ModelUrls,
  wasm: WasmUrls,
  onProgress?: LoadProgress
): Promise<Classifier> {
  let classifier = classifiers.get(id);
  if (!classifier) {
    classifier = (async () => {
      // model.json (small) downloads while the backend starts; the weights (MBs) only once it has started, when tfjs
      // asks for them, so that they don't slow down the backend's own WASM binary, which the page needs first.
      const [, {modelJson, bytes: modelJsonBytes}] = await Promise.all([
        startBackend(wasm),
        fetchModelJson(id, urls.json)
      ]);
      try {
        const loadWeights = async () => {
          const weights = await fetchWeights(urls.weights, onProgress);
          downloads.set(id, {modelJsonBytes, weightsBytes: weights.byteLength});
          return weights;
        };
        return await loadClassifier(id, singleFileModel(modelJson, loadWeights));
      } catch (error) {
        throw new ModelUnavailableError(
          `${MODELS[id].title} could not be loaded: ${errorMessage(error)}. ` +
            "Reload the page; if it happens again, rebuild the site (npm run build) from a complete copy of the project."
        );
      }
    })();
    classifier.catch(() => classifiers.delete(id)); // a later call may retry, e.g. once the reader is back online
    classifiers.set(id, classifier);
  }
  return classifier;
}

/** model.json as the build wrote it; the build writes {"error": …} instead when it found no model files. */
async function fetchModelJson(id: ModelId, url: string): Promise<{modelJson: tf.io.ModelJSON; bytes: number}> {
  const response = await fetchOrExplain(id, url);
  const bytes = await response.arrayBuffer(); // read as bytes to know its size (a page compares the models' downloads)
  const body = JSON.parse(new TextDecoder().decode(bytes)) as tf.io.ModelJSON & {error?: string};
  if (body.error) throw new ModelUnavailableError(body.error);
  return {modelJson: body, bytes: bytes.byteLength};
}

/** The weights' bytes from the site's byte-plane file (pipeline/weight-planes.ts), rebuilt as it downloads. */
async function fetchWeights(url: string, onProgress?: LoadProgress): Promise<ArrayBuffer> {
  const response = await fetchOrExplain(undefined, url);
  if (!response.body) throw new Error("the weights file came without a body");
  const total = Number(response.headers.get("content-length")) || 0;
  const progress = onProgress && total ? (received: number) => onProgress(Math.min(1, received / total)) : undefined;
  const weights = await readWeightPlanes(response.body, progress);
  return weights.buffer as ArrayBuffer;
}

async function fetchOrExplain(id: ModelId | undefined, url: string): Promise<Response> {
  const what = id ? MODELS[id].title : "The model's weights";
  let response: Response;
  try {
    response = await fetch(url);
  } catch {
    throw new ModelUnavailableError(
      `${what} could not be downloaded from this site. Check your connection and reload.`
    );
  }
  if (!response.ok) {
    throw new ModelUnavailableError(
      `${what} is missing from this site (HTTP ${response.status}). Rebuild it (npm run build) from a complete copy of the project.`
    );
  }
  return response;
}
