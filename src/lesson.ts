// What every page of the lesson shares: the files this site serves (model, WASM, sample photos) and the reader's
// current image. Framework finds files by the literal FileAttachment calls below and serves them under hashed names.
import {FileAttachment} from "observablehq:stdlib";
import {loadModel, type LoadProgress, type ModelUrls, type WasmUrls} from "./components/browser/runtime.js";
import {restoreChoice, saveChoice, type ImageChoice} from "./components/browser/choice.js";
import {ImageProblem, loadImage, type LoadedImage} from "./components/browser/image.js";
import {DEFAULT_MODEL, type ModelId} from "./components/pipeline/models.js";
import type {Classifier} from "./components/pipeline/models.js";
import {ErrorPanel, ProgressPanel} from "./components/views/panels.js";
import type {ImagePicker, Sample} from "./components/views/picker.js";

export const wasmUrls: WasmUrls = {
  "tfjs-backend-wasm.wasm": FileAttachment("data/wasm/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("data/wasm/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("data/wasm/tfjs-backend-wasm-threaded-simd.wasm").href
};

export const modelUrls: Record<ModelId, ModelUrls> = {
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

/** The chosen image, decoded and ready for `toPixels`; throws ImageProblem (worded for the reader) if it can't be. */
export async function openChoice(choice: ImageChoice): Promise<LoadedImage> {
  if (choice.kind === "upload") return loadImage(choice.blob, choice.name);
  return openSample(samples.find((s) => s.name === choice.name) ?? samples[0]!);
}

async function openSample(sample: Sample): Promise<LoadedImage> {
  let response: Response;
  try {
    // Framework names files by their content, so a cached copy is never stale: taking it keeps the samples working
    // offline once the picker's thumbnails (the same files) have loaded.
    response = await fetch(sample.url, {cache: "force-cache"});
  } catch {
    throw new ImageProblem(`The photo “${sample.title}” could not be downloaded. Check your connection, or use your own photo.`);
  }
  const blob = response.ok ? await response.blob() : undefined;
  if (!blob?.size) {
    throw new ImageProblem(
      `The sample photo “${sample.title}” is missing from this site (it was built without it). Choose another sample, or use your own photo.`
    );
  }
  return loadImage(blob, sample.title);
}

/** What a page shows for the reader's choice. */
export interface ShownImage {
  /** The chosen image; if it could not be opened, the last one that could (null before any could). */
  image: LoadedImage | null;
  /** Why the choice could not be opened; null when it was. */
  problem: Error | null;
}

let lastGood: {choice: ImageChoice; image: LoadedImage} | null = null;
let latestTurn = 0;

/**
 * Opens the reader's choice. Only a choice that opens is saved for the other pages; one that fails leaves the last
 * good image (and so the results) in place, with the problem to explain beside it (see problemPanel). Tells `picker`,
 * if given, what is shown, so it doesn't claim a file the page refused.
 */
export async function showChoice(choice: ImageChoice, picker?: Pick<ImagePicker, "showing">): Promise<ShownImage> {
  const turn = ++latestTurn;
  try {
    const image = await openChoice(choice);
    if (turn === latestTurn) {
      lastGood = {choice, image};
      picker?.showing(choice);
      void saveChoice(choice);
    }
    return {image, problem: null};
  } catch (error) {
    if (turn === latestTurn) picker?.showing(lastGood?.choice ?? null, choice);
    return {image: lastGood?.image ?? null, problem: error instanceof Error ? error : new Error(String(error))};
  }
}

/**
 * Why the reader's choice can't be used, as a panel, or nothing ("") when it can. Draw it inline, as
 * `<div>${problemPanel(shown)}</div>`: an inline expression redraws every time, so the next good choice clears it (a
 * block that stops calling display() would keep its last output).
 */
export function problemPanel(shown: ShownImage): HTMLElement | "" {
  if (!shown.problem) return "";
  const kept = shown.image ? ` The page still shows ${shown.image.name}.` : "";
  return ErrorPanel("That image can't be used", shown.problem.message + kept);
}

/** A value that never arrives: a cell waiting on it (say, for a model the site doesn't have) waits quietly instead
 * of failing, while a panel explains. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
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
