// Two models' answers for the same photo, in words: do they agree on the best class, and do they rank the same three
// classes highest? The models page says this under the two top-5 lists.
import {shortLabel} from "./classes.js";
import {probabilityText} from "./format.js";

/** One of a model's best classes, as classify() gives them, with the class id. */
export interface ClassAnswer {
  classId: number;
  probability: number;
}

/** A model's name and its best classes for the photo, most probable first (at least three). */
export interface NamedAnswer {
  name: string;
  top: readonly ClassAnswer[];
}

/**
 * The two answers compared in a sentence or two: agreement (and which model is surer) or disagreement on the best
 * class; then, when the bigger model's top three are the smaller one's, how much probability those three hold in each.
 */
export function twoAnswersText(small: NamedAnswer, big: NamedAnswer): string {
  const [smallTop, bigTop] = [small.top[0]!, big.top[0]!];
  const verdict =
    smallTop.classId === bigTop.classId
      ? `They agree on ${shortLabel(smallTop.classId)}. The bigger model is ${bigTop.probability > smallTop.probability ? "more" : "less"} sure of it: ${probabilityText(bigTop.probability)} against ${probabilityText(smallTop.probability)}.`
      : `They disagree: ${small.name} says ${shortLabel(smallTop.classId)}, ${big.name} says ${shortLabel(bigTop.classId)}.`;
  // The small model's top three, and how much of each model's probability they hold together.
  const sharedIds = small.top.slice(0, 3).map((c) => c.classId);
  const [smallShare, bigShare] = [small, big].map(({top}) =>
    top.filter((c) => sharedIds.includes(c.classId)).reduce((total, c) => total + c.probability, 0)
  );
  if (!big.top.slice(0, 3).every((c) => sharedIds.includes(c.classId))) return verdict;
  const surer =
    bigShare! > smallShare! && bigTop.probability < smallTop.probability
      ? ": the bigger model is surer that the answer is one of these three, and less sure which one."
      : ".";
  return `${verdict} Both rank the same three classes highest (${sharedIds.map(shortLabel).join(", ")}), and together those three hold ${probabilityText(bigShare!)} of ${big.name}'s probability against ${probabilityText(smallShare!)} of ${small.name}'s${surer}`;
}
