// How often a model is right on labelled photos: top-1 (its best guess is a right answer) and top-k (a right answer is
// among its k best guesses). A photo whose subject ImageNet has no class for has no right answer and is not counted.

export interface LabelledAnswer {
  /** The class ids that count as right; empty: ImageNet has no class for this photo, so it is left out. */
  truth: readonly number[];
  /** The model's class ids, best first (at least k of them). */
  ranked: readonly number[];
}

/** Where the first right answer is in `ranked` (1 = top guess), or null when none of them is right. */
export function rightAnswerRank(answer: LabelledAnswer): number | null {
  const index = answer.ranked.findIndex((id) => answer.truth.includes(id));
  return index < 0 ? null : index + 1;
}

export interface Accuracy {
  k: number;
  /** Photos with a right answer among the top k. */
  hits: number;
  /** Photos counted: those with at least one right answer. */
  counted: number;
  /** hits / counted; NaN when nothing was counted. */
  rate: number;
}

/** Top-k accuracy over the photos that have a right answer. */
export function topKAccuracy(answers: readonly LabelledAnswer[], k: number): Accuracy {
  const counted = answers.filter((answer) => answer.truth.length > 0);
  if (counted.some((answer) => answer.ranked.length < k)) {
    throw new Error(`topKAccuracy(…, ${k}) needs each answer's best ${k} classes; rank more classes before scoring.`);
  }
  const hits = counted.filter((answer) => {
    const rank = rightAnswerRank(answer);
    return rank !== null && rank <= k;
  }).length;
  return {k, hits, counted: counted.length, rate: counted.length ? hits / counted.length : NaN};
}

/** A model's answers on labelled photos, scored: each photo's answer (with its class id as `index`) and the accuracy. */
export interface ScoredAnswers<T> {
  name: string;
  answers: (T & {index: number})[][];
  top1: Accuracy;
  top5: Accuracy;
}

/** Scores a model's five best classes for each photo (answers[i] for photos[i]) against the photo's right answers. */
export function scoreModel<T extends {classId: number}>(
  name: string,
  photos: readonly {truth: {classes: readonly number[]}}[],
  answers: readonly (readonly T[])[]
): ScoredAnswers<T> {
  const labelled = answers.map((top, i) => ({truth: photos[i]!.truth.classes, ranked: top.map((c) => c.classId)}));
  return {
    name,
    answers: answers.map((top) => top.map((c) => ({...c, index: c.classId}))),
    top1: topKAccuracy(labelled, 1),
    top5: topKAccuracy(labelled, 5)
  };
}
