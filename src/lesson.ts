// What every page of the lesson shares: the files this site serves (model, WASM, sample photos) and the reader's
// current image. Framework finds files by the literal FileAttachment calls below and serves them under hashed names.
import {FileAttachment} from "observablehq:stdlib";
import {loadModel, type LoadProgress, type ModelUrls, type WasmUrls} from "./components/browser/runtime.js";
import {restoreChoice, type ImageChoice} from "./components/browser/choice.js";
import {loadImage, type LoadedImage} from "./components/browser/image.js";
import {DEFAULT_MODEL, type ModelId} from "./components/pipeline/models.js";
import type {Classifier} from "./components/pipeline/models.js";
import {ProgressPanel} from "./components/views/panels.js";
import type {Sample} from "./components/views/picker.js";

export const wasmUrls: WasmUrls = {
  "tfjs-backend-wasm.wasm": FileAttachment("data/wasm/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("data/wasm/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("data/wasm/tfjs-backend-wasm-threaded-simd.wasm").href
};

const modelUrls: Record<ModelId, ModelUrls> = {
  "v1-0.25": {
    json: FileAttachment("data/models/mobilenet-v1-025.json").href,
    weights: FileAttachment("data/models/mobilenet-v1-025.bin").href
  },
  "v1-0.75": {
    json: FileAttachment("data/models/mobilenet-v1-075.json").href,
    weights: FileAttachment("data/models/mobilenet-v1-075.bin").href
  }
};

/** Photos from google-coral/test_data (Apache-2.0), served by this site. */
export const samples: readonly Sample[] = [
  {name: "cat.png", title: "Cat", url: FileAttachment("data/photos/cat.png").href},
  {name: "hot_dog.jpg", title: "Hot dog", url: FileAttachment("data/photos/hot_dog.jpg").href},
  {name: "parrot.jpg", title: "Parrot", url: FileAttachment("data/photos/parrot.jpg").href},
  {name: "bird.png", title: "Bird", url: FileAttachment("data/photos/bird.png").href},
  {name: "owl.jpg", title: "Owl", url: FileAttachment("data/photos/owl.jpg").href},
  {name: "dragonfly.png", title: "Dragonfly", url: FileAttachment("data/photos/dragonfly.png").href},
  {name: "grace_hopper.png", title: "Grace Hopper", url: FileAttachment("data/photos/grace_hopper.png").href}
];

const isSample = (name: string) => samples.some((sample) => sample.name === name);

/** The image the reader chose last, on any page (the cat the first time). */
export function initialChoice(): Promise<ImageChoice> {
  return restoreChoice({kind: "sample", name: "cat.png"}, isSample);
}

/** The chosen image, decoded and ready for `toPixels`. */
export async function openChoice(choice: ImageChoice): Promise<LoadedImage> {
  if (choice.kind === "upload") return loadImage(choice.blob, choice.name);
  const sample = samples.find((s) => s.name === choice.name) ?? samples[0]!;
  const response = await fetch(sample.url);
  return loadImage(await response.blob(), sample.title);
}

/** A model of the lesson (MobileNet v1 0.25 unless told otherwise), loaded once per page. */
export function model(id: ModelId = DEFAULT_MODEL, onProgress?: LoadProgress): Promise<Classifier> {
  return loadModel(id, modelUrls[id], wasmUrls, onProgress);
}

export type ModelState = {classifier: Classifier; error?: undefined} | {classifier?: undefined; error: Error};

/**
 * The model with a progress bar for its download: display `panel`, then use `loading`, which settles to
 * {classifier} or {error} (so a page can explain a missing model instead of failing).
 */
export function modelWithProgress(id: ModelId = DEFAULT_MODEL): {panel: HTMLElement; loading: Promise<ModelState>} {
  const panel = ProgressPanel("Loading MobileNet…");
  const loading = model(id, (fraction) => panel.update(fraction)).then(
    (classifier): ModelState => ({classifier}),
    (error: unknown): ModelState => ({error: error instanceof Error ? error : new Error(String(error))})
  );
  void loading.then(() => panel.remove());
  return {panel, loading};
}
