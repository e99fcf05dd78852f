// The reader's classes and their examples, as plain data: each example is kept as MobileNet's embedding of it (so an
// image is run through the model once, when it is added) and a small picture to show. Changes return a new set.
import {MAX_CLASSES, MIN_CLASSES, type LabelledEmbedding} from "./head.js";
import {seededRandom, shuffled} from "./random.js";

export interface Example {
  id: string;
  /** MobileNet's embedding of the image: `model.infer(image, true)`, 256 numbers for v1 0.25. */
  embedding: Float32Array;
  /** A small copy of the image, for the thumbnails. */
  thumbnail: Blob;
  /** Where it came from, in words: "camera", a file's name, or a gallery photo's. */
  source: string;
}

export interface ExampleClass {
  id: string;
  name: string;
  examples: Example[];
}

export interface ExampleSet {
  classes: ExampleClass[];
}

export const MAX_NAME_LENGTH = 40;
/** One example to learn from and one to hold out, at least. */
export const MIN_EXAMPLES_PER_CLASS = 2;
/** The share of each class's examples kept out of training, to test the layer on images it has not seen. */
export const HELD_OUT_SHARE = 0.2;

let idCount = 0;

/** An id unique on this page and unlikely to repeat one saved earlier. */
export function newId(): string {
  return `${Date.now().toString(36)}-${(idCount++).toString(36)}`;
}

/** Two empty classes, named "class 1" and "class 2": where a reader starts. */
export function emptySet(): ExampleSet {
  return {
    classes: Array.from({length: MIN_CLASSES}, (_, i) => ({id: newId(), name: `class ${i + 1}`, examples: []}))
  };
}

/** Why `name` can't name a class next to `others` (in words), or null when it can. */
export function classNameProblem(name: string, others: readonly string[]): string | null {
  const trimmed = name.trim();
  if (!trimmed) return "A class needs a name.";
  if (trimmed.length > MAX_NAME_LENGTH) return `Keep a class's name to ${MAX_NAME_LENGTH} characters.`;
  if (others.some((other) => other.trim().toLowerCase() === trimmed.toLowerCase()))
    return `Another class is already called “${trimmed}”.`;
  return null;
}

/** A name for a new class that no class has yet: "class 3", "class 4", … */
function freshName(set: ExampleSet): string {
  const taken = new Set(set.classes.map((c) => c.name.toLowerCase()));
  for (let n = set.classes.length + 1; ; n++) if (!taken.has(`class ${n}`)) return `class ${n}`;
}

export function addClass(set: ExampleSet): ExampleSet {
  if (set.classes.length >= MAX_CLASSES) return set;
  return {classes: [...set.classes, {id: newId(), name: freshName(set), examples: []}]};
}

export function removeClass(set: ExampleSet, classId: string): ExampleSet {
  if (set.classes.length <= MIN_CLASSES) return set;
  return {classes: set.classes.filter((c) => c.id !== classId)};
}

/** The set with class `classId` renamed, if the name is allowed (see classNameProblem); otherwise unchanged. */
export function renameClass(set: ExampleSet, classId: string, name: string): ExampleSet {
  const others = set.classes.filter((c) => c.id !== classId).map((c) => c.name);
  if (classNameProblem(name, others)) return set;
  return {classes: set.classes.map((c) => (c.id === classId ? {...c, name: name.trim()} : c))};
}

export function addExamples(set: ExampleSet, classId: string, examples: readonly Example[]): ExampleSet {
  return {classes: set.classes.map((c) => (c.id === classId ? {...c, examples: [...c.examples, ...examples]} : c))};
}

export function removeExample(set: ExampleSet, classId: string, exampleId: string): ExampleSet {
  return {
    classes: set.classes.map((c) =>
      c.id === classId ? {...c, examples: c.examples.filter((e) => e.id !== exampleId)} : c
    )
  };
}

/** Why the set can't be trained on yet (in words), or null when it can. */
export function trainingProblem(set: ExampleSet): string | null {
  const short = set.classes.filter((c) => c.examples.length < MIN_EXAMPLES_PER_CLASS);
  if (!short.length) return null;
  const names = short.map((c) => `“${c.name}” has ${c.examples.length}`).join(", ");
  return `Each class needs at least ${MIN_EXAMPLES_PER_CLASS} examples, one to learn from and one to test on: ${names}.`;
}

export interface Split {
  classNames: string[];
  train: LabelledEmbedding[];
  heldOut: LabelledEmbedding[];
}

/**
 * The examples split for training: from each class, about `heldOutShare` of its examples (at least one, never all)
 * are held out, chosen by a seeded shuffle, so the same set always splits the same way.
 */
export function splitExamples(set: ExampleSet, {heldOutShare = HELD_OUT_SHARE, seed = 1} = {}): Split {
  const split: Split = {classNames: set.classes.map((c) => c.name), train: [], heldOut: []};
  set.classes.forEach(({examples}, label) => {
    const order = shuffled(examples, seededRandom(seed + label));
    const held =
      order.length < 2 ? 0 : Math.min(order.length - 1, Math.max(1, Math.round(order.length * heldOutShare)));
    order.forEach(({embedding}, i) => (i < held ? split.heldOut : split.train).push({embedding, label}));
  });
  return split;
}

/** The first of `photos` that none of the set's examples came from; the first photo when every one was used. */
export function unusedPhoto<T extends {name: string}>(set: ExampleSet, photos: readonly T[]): T | undefined {
  const sources = new Set(set.classes.flatMap((c) => c.examples.map((e) => e.source)));
  return photos.find((photo) => !sources.has(photo.name)) ?? photos[0];
}
