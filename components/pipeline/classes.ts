// The 1000 ImageNet classes in the order MobileNet's outputs use: logit i belongs to IMAGENET_CLASSES[i].
import {IMAGENET_CLASSES as TABLE} from "@tensorflow-models/mobilenet/dist/imagenet_classes.js";

export const CLASS_COUNT = 1000;

/** Every class as {index, label}, in output order (0 = tench … 999 = toilet tissue). */
export const IMAGENET_CLASSES: readonly {index: number; label: string}[] = Array.from(
  {length: CLASS_COUNT},
  (_, index) => {
    const label = (TABLE as Record<number, string>)[index];
    if (label === undefined) throw new Error(`The ImageNet class table has no label for class ${index}.`);
    return {index, label};
  }
);

/** The full label of class `index`, e.g. "toilet tissue, toilet paper, bathroom tissue". */
export function classLabel(index: number): string {
  const entry = IMAGENET_CLASSES[index];
  if (!entry) throw new RangeError(`There is no ImageNet class ${index}: ids run from 0 to ${CLASS_COUNT - 1}.`);
  return entry.label;
}

/** The first, everyday name of a class: "toilet tissue" for "toilet tissue, toilet paper, bathroom tissue". */
export function shortLabel(index: number): string {
  return shortForm(classLabel(index));
}

/** The first name of a full label, as shortLabel gives it: what a page shows for mobilenet's `className`. */
export function shortForm(label: string): string {
  return label.split(",")[0]!.trim();
}

/** The class id in a URL hash such as "#class-281" (a link to one class), or null when the hash names no class. */
export function classFromHash(hash: string): number | null {
  const match = /^#?class-(\d{1,4})$/.exec(hash);
  if (!match) return null;
  const id = Number(match[1]);
  return id < CLASS_COUNT ? id : null;
}
