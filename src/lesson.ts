// What every page of the lesson shares: the files this site serves (model, WASM, sample photos), the reader's image
// and the model. Framework finds files by the literal FileAttachment calls below and serves them under hashed names.
//
// A page's setup is one cell for each thing it needs, each shown where it stands:
//
//   const loaded = view(ImageChooser({compact: true})); // the reader's photo, a LoadedImage
//   const model = view(ModelLoader());                  // MobileNet v1 0.25, a Classifier
//
// Each is an input, like a slider: cells that use `loaded` run when the photo has opened, and again for every new one;
// cells that use `model` run once it has loaded. So a cell that needs only the photo never waits for the model. The
// two speak for themselves: a choice that can't be opened keeps the last good photo with a note under the picker, and
// a model that can't be loaded leaves a note where its progress bar was, while the cells that need it wait quietly.
import {FileAttachment, Generators} from "observablehq:stdlib";
import {
  loadModel,
  startBackend,
  type LoadProgress,
  type ModelUrls,
  type WasmUrls
} from "./components/browser/runtime.js";
import {restoreChoice, saveChoice, type ImageChoice} from "./components/browser/choice.js";
import {ImageProblem, loadImage, type LoadedImage} from "./components/browser/image.js";
import {classFromHash} from "./components/pipeline/classes.js";
import {DEFAULT_MODEL, MODELS, type Classifier, type ModelId} from "./components/pipeline/models.js";
import {errorMessage} from "./components/pipeline/errors.js";
import {ErrorPanel, ProgressPanel} from "./components/views/panels.js";
import {ImagePicker, type Sample} from "./components/views/picker.js";
import {editableCells as addEditButtons} from "./components/browser/teaching-cells.js";
import {expectPageValues} from "./components/browser/page-scope.js";
import type {PublishedImport} from "./components/pipeline/cell-snippet.js";

export const wasmUrls: WasmUrls = {
  "tfjs-backend-wasm.wasm": FileAttachment("data/wasm/tfjs-backend-wasm.wasm").href,
  "tfjs-backend-wasm-simd.wasm": FileAttachment("data/wasm/tfjs-backend-wasm-simd.wasm").href,
  "tfjs-backend-wasm-threaded-simd.wasm": FileAttachment("data/wasm/tfjs-backend-wasm-threaded-simd.wasm").href
};

export const modelUrls: Record<ModelId, ModelUrls> = {
  "v1-0.25": {
    json: FileAttachment("data/models/mobilenet-v1-025.json").href,
    weights: FileAttachment("data/models/mobilenet-v1-025.weights").href
  },
  "v1-0.75": {
    json: FileAttachment("data/models/mobilenet-v1-075.json").href,
    weights: FileAttachment("data/models/mobilenet-v1-075.weights").href
  }
};

/**
 * Photos from google-coral/test_data (Apache-2.0), served by this site, each with a small copy for the picker. The PNGs
 * are served as lossless WebP copies (data/photos/<stem>.webp): the same pixels, so the same numbers, in fewer bytes.
 */
export const samples: readonly Sample[] = [
  {
    name: "cat.png",
    title: "Cat",
    url: FileAttachment("data/photos/cat.webp").href,
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
    url: FileAttachment("data/photos/bird.webp").href,
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
    url: FileAttachment("data/photos/dragonfly.webp").href,
    thumb: FileAttachment("data/thumbs/dragonfly.jpg").href
  },
  {
    name: "grace_hopper.png",
    title: "Grace Hopper",
    url: FileAttachment("data/photos/grace_hopper.webp").href,
    thumb: FileAttachment("data/thumbs/grace_hopper.jpg").href
  }
];

const isSample = (name: string) => samples.some((sample) => sample.name === name);

/** A sample photo with the ImageNet classes that count as right for it (none: ImageNet has no class for it), and why. */
export interface LabelledSample extends Sample {
  truth: {classes: number[]; why: string};
}

/** The samples this build has, each with its right answers from data/photos.json: what a page can score a model on. */
export async function labelledSamples(): Promise<LabelledSample[]> {
  type Listed = {name: string; available?: boolean; truth?: LabelledSample["truth"]};
  const listed = (await FileAttachment("data/photos.json").json()) as Listed[];
  return samples.flatMap((sample) => {
    const photo = listed.find((entry) => entry.name === sample.name);
    return photo?.available && photo.truth ? [{...sample, truth: photo.truth}] : [];
  });
}

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

/** Makes `choice` the reader's image on every page, once the browser has drawn this one: the reader sees it first. */
function keepForOtherPages(choice: ImageChoice): void {
  requestAnimationFrame(() => setTimeout(() => void saveChoice(choice), 0));
}

/**
 * Opens `choice` and makes it the reader's image on every page of the lesson. Throws ImageProblem, worded for the
 * reader, if it can't be opened; then nothing is saved.
 */
export async function useChoice(choice: ImageChoice): Promise<LoadedImage> {
  const image = await openChoice(choice);
  keepForOtherPages(choice);
  return image;
}

/** The picker with a note under it when a choice can't be used; its value is the image the page shows. */
export interface ImageChooser extends HTMLElement {
  /** The last choice that opened; undefined until one has. */
  value: LoadedImage | undefined;
  /** Chooses an image as if the reader had picked it (say, a picture the page took with the camera). */
  choose(choice: ImageChoice): void;
}

/**
 * The reader's image, as an input for `view()`: `const loaded = view(ImageChooser({compact: true}))`. It starts from
 * the image chosen last, on any page. A choice that opens becomes `loaded` (and is saved for the other pages); one
 * that can't be opened leaves the last good image in place, with a note saying why, and cells using `loaded` run again
 * with it. Until an image has opened, cells using `loaded` wait. `loaded` is ready for `toPixels`: tfjs's backend has
 * started. `compact`: see ImagePicker.
 */
export function ImageChooser({compact = false}: {compact?: boolean} = {}): ImageChooser {
  const root = document.createElement("div") as unknown as ImageChooser;
  root.className = "image-chooser";
  const problem = document.createElement("div");
  root.append(problem);
  let kept: {choice: ImageChoice; image: LoadedImage} | null = null;
  let latestTurn = 0;

  async function show(picker: ImagePicker, choice: ImageChoice): Promise<void> {
    const turn = ++latestTurn;
    try {
      const image = await openChoice(choice);
      await startBackend(wasmUrls); // so that the image is ready for toPixels (the model starts the same backend)
      if (turn !== latestTurn) return; // the reader has chosen again since
      keepForOtherPages(choice);
      kept = {choice, image};
      picker.showing(choice);
      problem.replaceChildren();
    } catch (error) {
      if (turn !== latestTurn) return;
      picker.showing(kept?.choice ?? null, choice);
      const still = kept ? ` The page still shows ${kept.image.name}.` : "";
      problem.replaceChildren(ErrorPanel("That image can't be used", errorMessage(error) + still));
      if (!kept) return;
    }
    root.value = kept.image;
    root.dispatchEvent(new Event("input"));
  }

  let picker: ImagePicker | undefined;
  let chosenBeforePicker: ImageChoice | undefined;
  root.choose = (choice) => {
    if (picker) picker.choose(choice);
    else chosenBeforePicker = choice;
  };
  void initialChoice().then((saved) => {
    const choice = chosenBeforePicker ?? saved;
    picker = ImagePicker(samples, {value: choice, compact});
    // The picker's own events (its choice, its file field's) stop here: this element's "input" means a new image.
    picker.addEventListener("input", (event) => {
      event.stopPropagation();
      if (picker && event.target === picker) void show(picker, picker.value);
    });
    root.prepend(picker);
    void show(picker, choice);
  });
  return root;
}

/**
 * A value that stays pending until the cell runs again: cells waiting on it wait quietly instead of failing. It
 * settles on the cell's `invalidation`, because Framework starts a cell's next run only once its previous value has
 * settled: a promise that never settled would freeze it.
 */
export function pending<T>(invalidation: Promise<unknown>): Promise<T> {
  return new Promise<T>((resolve) => void invalidation.then(() => resolve(undefined as T)));
}

/** A model of the lesson (MobileNet v1 0.25 unless told otherwise), loaded once per page. */
export function model(id: ModelId = DEFAULT_MODEL, onProgress?: LoadProgress): Promise<Classifier> {
  return loadModel(id, modelUrls[id], wasmUrls, onProgress);
}

/** A progress bar while a model downloads, or a note why it can't be loaded; its value is the loaded model. */
export interface ModelLoader extends HTMLElement {
  /** Undefined until the model has loaded. */
  value: Classifier | undefined;
}

/**
 * A model of the lesson, as an input for `view()`: `const model = view(ModelLoader())`. It shows a progress bar while
 * the model downloads, and goes once the model is there; cells using `model` wait until then. If the model can't be
 * loaded it says why in its place, and those cells wait quietly while the rest of the page works.
 */
export function ModelLoader(id: ModelId = DEFAULT_MODEL): ModelLoader {
  const root = document.createElement("div") as unknown as ModelLoader;
  const progress = ProgressPanel(`Loading MobileNet ${MODELS[id].name}…`);
  root.append(progress);
  model(id, (fraction) => progress.update(fraction)).then(
    (classifier) => {
      root.value = classifier;
      root.remove(); // nothing left to say: the page closes up where the bar was
      root.dispatchEvent(new Event("input"));
    },
    (error: unknown) => root.replaceChildren(ErrorPanel("The model could not be loaded", errorMessage(error)))
  );
  return root;
}

/**
 * The class a link such as /logits#class-281 names (the classes page links each class so), or null; a page's charts
 * mark it. It follows the URL's hash as it changes.
 */
export function linkedClass(): AsyncGenerator<number | null> {
  return Generators.observe<number | null>((change) => {
    const update = () => change(classFromHash(location.hash));
    update();
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  });
}

/**
 * Edit, Run and Reset for every teaching cell (`js echo`) of the page, right where it stands, and "Copy the page's
 * code". `names` are the page names those cells read; the page hands over each value with sharePageValue, in a cell of
 * its own that Framework runs again whenever the value changes, so an edited cell sees what the page's cells see now.
 * `imports` are the names those cells read that the page imports from a published package, which the copied code
 * imports the same way. No page writes these cells: scripts/editable-cells.ts adds them to every page that has
 * teaching cells. The editor and its code runner load only when the reader first asks for them.
 */
export function editableCells(names: string[], imports: Record<string, PublishedImport> = {}): void {
  expectPageValues(names);
  addEditButtons(
    {modelId: DEFAULT_MODEL, modelUrls: modelUrls[DEFAULT_MODEL], otherModels: modelUrls, wasmUrls},
    document.body,
    imports
  );
}

export {sharePageValue} from "./components/browser/page-scope.js";
