// Each sample photo, its right answers, and what each model guessed: right first time, right within its top 5, or
// wrong. The footer gives each model's top-1 and top-5 accuracy over the photos that have a right answer; a summary
// says the same in words.
import {shortLabel} from "../pipeline/classes.js";
import {rightAnswerRank} from "../pipeline/accuracy.js";
import {rateText, ratioText} from "../pipeline/format.js";
import {ErrorPanel} from "./panels.js";
import {appendColumnHeadings, ScrollRegion} from "./table.js";
import {TaskButton} from "./task-progress.js";

export interface LabelledPhoto {
  title: string;
  /** The class ids that count as right (none: not counted), and why. */
  truth: {classes: readonly number[]; why: string};
}

export interface ModelAccuracy {
  name: string;
  top1: {hits: number; counted: number};
  top5: {hits: number; counted: number};
}

export interface ScoredModel extends ModelAccuracy {
  /** Per photo, in the table's photo order: the model's classes, best first (its top 5). */
  answers: readonly (readonly {index: number}[])[];
}

const ordinal = (n: number) => (n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`);

export function AccuracyTable(photos: readonly LabelledPhoto[], models: readonly ScoredModel[]): HTMLElement {
  const scroller = ScrollRegion("accuracy-table", "Each sample photo and each model's answer");
  const table = document.createElement("table");
  appendColumnHeadings(table, ["Photo", "Right answers", ...models.map((m) => `${m.name}: best guess`)]);
  const body = table.createTBody();
  photos.forEach((photo, i) => {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = photo.title;
    tr.append(th);
    const truth = tr.insertCell();
    const counted = photo.truth.classes.length > 0;
    truth.textContent = counted ? photo.truth.classes.map(shortLabel).join(", ") : "none in ImageNet";
    const why = document.createElement("span");
    why.className = "accuracy-why";
    why.textContent = photo.truth.why;
    truth.append(why);
    for (const model of models) {
      const ranked = model.answers[i]!.map((c) => c.index);
      const rank = rightAnswerRank({truth: photo.truth.classes, ranked});
      const td = tr.insertCell();
      const verdict = document.createElement("span");
      if (!counted) {
        verdict.className = "accuracy-verdict accuracy-skip";
        verdict.textContent = "not counted";
      } else if (rank === 1) {
        verdict.className = "accuracy-verdict accuracy-right";
        verdict.textContent = "✓ right";
      } else if (rank !== null) {
        verdict.className = "accuracy-verdict accuracy-close";
        verdict.textContent = `✓ in top 5 (${ordinal(rank)})`;
      } else {
        verdict.className = "accuracy-verdict accuracy-wrong";
        verdict.textContent = "✗ not in top 5";
      }
      td.append(shortLabel(ranked[0]!), document.createElement("br"), verdict);
    }
  });
  const foot = table.createTFoot();
  for (const [label, key] of [
    ["Top-1 accuracy", "top1"],
    ["Top-5 accuracy", "top5"]
  ] as const) {
    const tr = foot.insertRow();
    tr.dataset.accuracy = key;
    const th = document.createElement("th");
    th.scope = "row";
    th.colSpan = 2;
    th.textContent = label;
    tr.append(th);
    for (const model of models) {
      const td = tr.insertCell();
      td.dataset.model = model.name;
      td.textContent = rateText(model[key]);
    }
  }
  scroller.append(table);
  return scroller;
}

/**
 * The scores of a small and a bigger model in words: how often each was right, and what the bigger one's extra
 * download (`downloadRatio`, bigger ÷ small) bought.
 */
export function AccuracySummary(
  [small, big]: readonly [ModelAccuracy, ModelAccuracy],
  {downloadRatio}: {downloadRatio: number}
): HTMLElement {
  const box = document.createElement("div");
  box.className = "models-verdict";
  const strong = (text: string) => Object.assign(document.createElement("strong"), {textContent: text});
  const scores = document.createElement("p");
  scores.append(
    `Best guess right: ${small.name} `,
    strong(rateText(small.top1)),
    `, ${big.name} `,
    strong(rateText(big.top1)),
    `. A right answer in the top 5: ${small.name} `,
    strong(rateText(small.top5)),
    `, ${big.name} `,
    strong(rateText(big.top5)),
    "."
  );
  const photos = (n: number) => `${n} ${n === 1 ? "photo" : "photos"}`;
  const smallMisses = small.top1.counted - small.top1.hits;
  const rescued = small.top5.hits - small.top1.hits;
  const gain = big.top1.hits - small.top1.hits;
  const pattern = document.createElement("p");
  pattern.textContent =
    (smallMisses
      ? `Of the ${photos(smallMisses)} ${small.name} got wrong, ${rescued === smallMisses ? "every one" : rescued} still had the right answer in its top 5. `
      : "") +
    (gain > 0
      ? `The bigger ${big.name}, for ${ratioText(downloadRatio)} the download, put the right answer first on ${photos(gain)} more.`
      : gain === 0
        ? "Here the bigger model was right first time no more often than the small one."
        : "Here the small model was right first time more often than the bigger one.");
  box.append(scores, pattern);
  return box;
}

/**
 * The button that runs the models on the sample photos, for `view()`: a TaskButton, whose every press starts a fresh
 * run with its own progress bar. A build without sample photos has nothing to score, and says so instead.
 */
export function ScoreButton(modelNames: readonly string[], photos: number, scorable: number): HTMLElement {
  if (photos === 0)
    return ErrorPanel(
      "No sample photos",
      "This site was built without its sample photos, so there is nothing to score."
    );
  const models = modelNames.join(" and ");
  const caption = modelNames.length === 2 ? "both models" : `${modelNames.length} models`;
  return TaskButton(
    `Run ${models} on the ${photos} sample photos (${scorable} scored)`,
    `Running ${caption} on ${photos} photos:`
  );
}
