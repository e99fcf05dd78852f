// Images → examples: each picture goes through MobileNet once, `model.infer(pixels, true)`, for its 256-number
// embedding, and is shrunk to a thumbnail. One picture at a time, with a frame between them, so that adding many
// (a folder of photos, the ready-made set) never freezes the page.
import * as tf from "@tensorflow/tfjs-core";
import {READY_MADE_CLASSES, READY_MADE_PER_CLASS, readyMadeExamples} from "../pipeline/augment.js";
import {errorMessage} from "../pipeline/errors.js";
import {newId, type Example, type ExampleSet} from "../pipeline/example-set.js";
import type {Classifier} from "../pipeline/models.js";
import type {Camera} from "./camera.js";
import {loadImage, toPixels, type LoadedImage} from "./image.js";

/** Thumbnails are this many pixels square (shown at half that, sharp on high-density screens). */
const THUMBNAIL_SIZE = 96;
/**
 * A photo is shrunk to this many pixels on its long side before MobileNet sees it: the model resizes it to 224 × 224
 * anyway, and reading a 12-megapixel photo into a tensor would hold up the page for a long frame.
 */
const MAX_SIDE = 448;

/** An example from pixels [h, w, 3] 0–255: MobileNet's embedding of them and a thumbnail. Does not dispose `pixels`. */
export async function exampleFromPixels(model: Classifier, pixels: tf.Tensor3D, source: string): Promise<Example> {
  const embedding = tf.tidy(() => model.infer(pixels, true));
  try {
    const [values, thumbnail] = await Promise.all([embedding.data() as Promise<Float32Array>, thumbnailOf(pixels)]);
    return {id: newId(), embedding: values, thumbnail, source};
  } finally {
    embedding.dispose();
  }
}

/** The centre square of the pixels, THUMBNAIL_SIZE pixels wide, as a JPEG. */
async function thumbnailOf(pixels: tf.Tensor3D): Promise<Blob> {
  const full = document.createElement("canvas");
  await tf.browser.toPixels(pixels, full);
  const side = Math.min(full.width, full.height);
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = THUMBNAIL_SIZE;
  const context = canvas.getContext("2d")!;
  context.drawImage(
    full,
    (full.width - side) / 2,
    (full.height - side) / 2,
    side,
    side,
    0,
    0,
    THUMBNAIL_SIZE,
    THUMBNAIL_SIZE
  );
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  if (!blob) throw new Error("the browser could not make a thumbnail");
  return blob;
}

/** The image's pixels, shrunk to MAX_SIDE on its long side if it is larger. The caller disposes them. */
function smallPixels(image: LoadedImage): tf.Tensor3D {
  const scale = Math.min(1, MAX_SIDE / Math.max(image.width, image.height));
  if (scale === 1) return toPixels(image);
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(image.width * scale));
  canvas.height = Math.max(1, Math.round(image.height * scale));
  canvas.getContext("2d")!.drawImage(image.canvas, 0, 0, canvas.width, canvas.height);
  return tf.browser.fromPixels(canvas, 3);
}

/** Examples from files (upload, drop or paste): those that can't be used are named in `problems`, worded for people. */
export async function examplesFromFiles(
  model: Classifier,
  files: readonly File[],
  onExample: (example: Example) => void
): Promise<{problems: string[]}> {
  const problems: string[] = [];
  for (const file of files) {
    try {
      const image = await loadImage(file, file.name || "pasted image");
      const pixels = smallPixels(image);
      try {
        onExample(await exampleFromPixels(model, pixels, image.name));
      } finally {
        pixels.dispose();
      }
    } catch (error) {
      problems.push(errorMessage(error));
    }
    await tf.nextFrame();
  }
  return {problems};
}

/** One example from the camera's current picture. */
export async function exampleFromCamera(model: Classifier, camera: Camera): Promise<Example> {
  const frame = await camera.capture();
  try {
    return await exampleFromPixels(model, frame, "camera");
  } finally {
    frame.dispose();
  }
}

/**
 * The ready-made set (cat and bird, from the gallery photos), shown as it grows: `onProgress` gets the set so far and
 * the share done. Stops early, keeping what it made, when `signal` is aborted.
 */
export async function makeReadyMadeSet(
  model: Classifier,
  openPhoto: (name: string) => Promise<LoadedImage>,
  {onProgress, signal}: {onProgress: (set: ExampleSet, fraction: number) => void; signal?: AbortSignal}
): Promise<ExampleSet> {
  const set: ExampleSet = {classes: READY_MADE_CLASSES.map(({name}) => ({id: newId(), name, examples: []}))};
  const total = READY_MADE_CLASSES.length * READY_MADE_PER_CLASS;
  let made = 0;
  const open = async (name: string) => toPixels(await openPhoto(name));
  for await (const {label, photo, picture, embedding} of readyMadeExamples(model, open)) {
    try {
      const thumbnail = await thumbnailOf(picture);
      const example: Example = {id: newId(), embedding, thumbnail, source: photo};
      set.classes = set.classes.map((c, i) => (i === label ? {...c, examples: [...c.examples, example]} : c));
    } finally {
      picture.dispose();
    }
    onProgress({classes: set.classes}, ++made / total);
    if (signal?.aborted) break;
    await tf.nextFrame();
  }
  return set;
}
