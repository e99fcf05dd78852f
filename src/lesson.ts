// What every page of the lesson shares: the files this site serves (model, WASM, sample photos) and the reader's
// current image. Framework finds files by the literal FileAttachment calls below and serves them under hashed names.
import {FileAttachment} from "observablehq:stdlib";
import {loadModel, type LoadProgress, type ModelUrls, type WasmUrls} from "./components/browser/runtime.js";
import {restoreChoice, saveChoice, type ImageChoice} from "./components/browser/choice.js";
import {ImageProblem, loadImage, type LoadedImage} from "./components/browser/image.js";
import {DEFAULT_MODEL, type Classifier, type ModelId} from "./components/pipeline/models.js";
import {ErrorPanel, ProgressPanel} from "./components/views/panels.js";
import type {ImagePicker, Sample} from "./components/views/picker.js";
import {asError} from "./components/pipeline/errors.js";
import {editableCells as addEditButtons} from "./components/browser/teaching-cells.js";
import {setPageScope} from "./components/browser/page-scope.js";

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

/** Photos from google-coral/test_data (Apache-2.0), served by this site, each with a small copy for the picker. */
export const samples: readonly Sample[] = [
  {
    name: "cat.png",
    title: "Cat",
    url: FileAttachment("data/photos/cat.png").href,
    thumb: FileAttachment("data/thumbs/cat.jpg").href
  },
  {
    name: "hot_dog.jpg",
    title: "Hot dog",
    url: FileAttachment("data/photos/hot_dog.jpg").href,
    thumb: FileAttachment("data/thumbs/hot_dog.jpg").href
  },
  {
    name: "parrot.jpg",
    title: "Parrot",
    url: FileAttachment("data/photos/parrot.jpg").href,
    thumb: FileAttachment("data/thumbs/parrot.jpg").href
  },
  {
    name: "bird.png",
    title: "Bird",
    url: FileAttachment("data/photos/bird.png").href,
    thumb: FileAttachment("data/thumbs/bird.jpg").href
  },
  {
    name: "owl.jpg",
    title: "Owl",
    url: FileAttachment("data/photos/owl.jpg").href,
    thumb: FileAttachment("data/thumbs/owl.jpg").href
  },
  {
    name: "dragonfly.png",
    title: "Dragonfly",
    url: FileAttachment("data/photos/dragonfly.png").href,
    thumb: FileAttachment("data/thumbs/dragonfly.jpg").href
  },
  {
    name: "grace_hopper.png",
    title: "Grace Hopper",
    url: FileAttachment("data/photos/grace_hopper.png").href,
    thumb: FileAttachment("data/thumbs/grace_hopper.jpg").href
  }
];

const isSample = (name: string) => samples.some((sample) => sample.name === name);

/**
 * The image the reader chose last, on any page (the cat the first time). A sample starts downloading and decoding as
 * soon as it is known, alongside the model, rather than when the page first asks for its pixels.
 */
export async function initialChoice(): Promise<ImageChoice> {
  const choice = await restoreChoice({kind: "sample", name: "cat.png"}, isSample);
  if (choice.kind === "sample") prefetchSample(choice.name);
  return choice;
}

/** The chosen image, decoded and ready for `toPixels`; throws ImageProblem (worded for the reader) if it can't be. */
export async function openChoice(choice: ImageChoice): Promise<LoadedImage> {
  if (choice.kind === "upload") return loadImage(choice.blob, choice.name);
  const sample = samples.find((s) => s.name === choice.name) ?? samples[0]!;
  const early = prefetched.get(sample.name);
  prefetched.delete(sample.name); // each decoded copy is used once: a page may draw on its canvas
  return early ?? openSample(sample);
}

/** Samples opened early (see initialChoice), each taken by the first openChoice of that photo. */
const prefetched = new Map<string, Promise<LoadedImage>>();

function prefetchSample(name: string): void {
  const sample = samples.find((s) => s.name === name);
  if (!sample || prefetched.has(name)) return;
  const image = openSample(sample);
  image.catch(() => {}); // reported by openChoice, which returns it
  prefetched.set(name, image);
}

async function openSample(sample: Sample): Promise<LoadedImage> {
  let response: Response;
  try {
    // Framework names files by their content, so a cached copy is never stale: taking it keeps a sample that has
    // been seen once working offline.
    response = await fetch(sample.url, {cache: "force-cache"});
  } catch {
    throw new ImageProblem(
      `The photo “${sample.title}” could not be downloaded. Check your connection, or use your own photo.`
    );
  }
  const blob = response.ok ? await response.blob() : undefined;
  if (!blob?.size) {
    throw new ImageProblem(
      `The sample photo “${sample.title}” is missing from this site (it was built without it). Choose another sample, or use your own photo.`
    );
  }
  return loadImage(blob, sample.title);
}

/** Runs `task` once the browser has drawn the next frame: bookkeeping waits until the reader sees the result. */
function afterNextFrame(task: () => void): void {
  requestAnimationFrame(() => setTimeout(task, 0));
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
      afterNextFrame(() => void saveChoice(choice));
    }
    return {image, problem: null};
  } catch (error) {
    if (turn === latestTurn) picker?.showing(lastGood?.choice ?? null, choice);
    return {image: lastGood?.image ?? null, problem: asError(error)};
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

/**
 * A value that stays pending until the cell runs again: cells waiting on it (say, for a model the site doesn't have)
 * wait quietly instead of failing, while a panel explains. It settles on the cell's `invalidation`, because Framework
 * starts a cell's next run only once its previous value has settled: a promise that never settled would freeze it.
 */
export function pending<T>(invalidation: Promise<unknown>): Promise<T> {
  return new Promise<T>((resolve) => void invalidation.then(() => resolve(undefined as T)));
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
    (error: unknown): ModelState => ({error: asError(error)})
  );
  void loading.then(() => panel.remove());
  return {panel, loading};
}

/**
 * Edit, Run and Reset for every teaching cell (`js echo`) of the page, right where it stands, and "Copy the page's
 * code". Call it in a cell of its own with every page name the teaching cells read (test/unit/teaching-cells.test.ts
 * checks the list): that cell runs again whenever one changes, so an edited cell sees what the page's cells see now.
 * The editor and its code runner load only when the reader first asks for them.
 */
export function editableCells(scope: Record<string, unknown>): void {
  setPageScope(scope);
  addEditButtons({modelId: DEFAULT_MODEL, modelUrls: modelUrls[DEFAULT_MODEL], otherModels: modelUrls, wasmUrls});
}
