// Probabilities added up by category: ImageNet's classes are WordNet synsets, and WordNet says what each is a kind of
// (a tabby is a domestic cat, a cat, a feline, a carnivore, a mammal…). data/imagenet-hierarchy.json holds that tree,
// derived at build time (components/node/imagenet-hierarchy.ts); these functions only read it. The sums themselves are
// the categories page's own tfjs cells (tf.oneHot and tf.matMul; tf.gather and tf.sum).
import {CLASS_COUNT} from "./classes.js";

/** The shape of data/imagenet-hierarchy.json. */
export interface ImagenetHierarchy {
  about: string;
  wordnet: string;
  /** The 1000 classes in class order, then every synset above them. `parents` are indices into this list. */
  synsets: {wnid: string; name: string; parents: number[]}[];
  /** Everyday groups of classes; the last is "other things". `synsets`: the WordNet synsets each one gathers. */
  categories: {name: string; synsets: number[]}[];
  /** Each class's category: an index into `categories`. */
  categoryOfClass: number[];
}

/** The class ids under a synset by any path (a dog is a canine and a domestic animal), in class order. */
export function classesUnder(hierarchy: ImagenetHierarchy, synset: number): number[] {
  const isUnder = new Map<number, boolean>([[synset, true]]);
  const under = (index: number): boolean => {
    let known = isUnder.get(index);
    if (known === undefined) {
      known = hierarchy.synsets[index]!.parents.some(under);
      isUnder.set(index, known);
    }
    return known;
  };
  return Array.from({length: CLASS_COUNT}, (_, classId) => classId).filter(under);
}

/** One category with its share of the probability, for a view. */
export interface CategoryShare {
  index: number;
  name: string;
  probability: number;
  /** How many of the 1000 classes it gathers. */
  classCount: number;
}

/** Plain-number categories, largest first (ties: list order), from the summed probabilities of each category. */
export function rankCategories(sums: ArrayLike<number>, hierarchy: ImagenetHierarchy): CategoryShare[] {
  const counts = new Array<number>(hierarchy.categories.length).fill(0);
  for (const category of hierarchy.categoryOfClass) counts[category]!++;
  return hierarchy.categories
    .map(({name}, index) => ({index, name, probability: sums[index]!, classCount: counts[index]!}))
    .sort((a, b) => b.probability - a.probability || a.index - b.index);
}

/** Classes in a category, in class order. */
export function classesInCategory(hierarchy: ImagenetHierarchy, category: number): number[] {
  return hierarchy.categoryOfClass.flatMap((c, classId) => (c === category ? [classId] : []));
}
