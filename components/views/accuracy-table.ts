// Each sample photo, its right answers, and what each model guessed: right first time, right within its top 5, or
// wrong. The footer gives each model's top-1 and top-5 accuracy over the photos that have a right answer.
import {appendColumnHeadings, ScrollRegion} from "./table.js";

export interface PhotoScore {
  title: string;
  /** Short labels of the classes that count as right; empty: not counted. */
  truth: string[];
  why: string;
  /** One per model, in the table's model order: its best guess, and where its first right answer was (1–5) or null. */
  answers: {top1: string; rank: number | null}[];
}

export interface ModelAccuracy {
  name: string;
  top1: {hits: number; counted: number};
  top5: {hits: number; counted: number};
}

const ordinal = (n: number) => (n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`);

export function rateText({hits, counted}: {hits: number; counted: number}): string {
  return counted ? `${hits} of ${counted} (${Math.round((hits / counted) * 100)}%)` : "no photos counted";
}

export function AccuracyTable(photos: readonly PhotoScore[], models: readonly ModelAccuracy[]): HTMLElement {
  const scroller = ScrollRegion("accuracy-table", "Each sample photo and each model's answer");
  const table = document.createElement("table");
  appendColumnHeadings(table, ["Photo", "Right answers", ...models.map((m) => `${m.name}: best guess`)]);
  const body = table.createTBody();
  for (const photo of photos) {
    const tr = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = photo.title;
    tr.append(th);
    const truth = tr.insertCell();
    truth.textContent = photo.truth.length ? photo.truth.join(", ") : "none in ImageNet";
    const why = document.createElement("span");
    why.className = "accuracy-why";
    why.textContent = photo.why;
    truth.append(why);
    for (const answer of photo.answers) {
      const td = tr.insertCell();
      const verdict = document.createElement("span");
      if (!photo.truth.length) {
        verdict.className = "accuracy-verdict accuracy-skip";
        verdict.textContent = "not counted";
      } else if (answer.rank === 1) {
        verdict.className = "accuracy-verdict accuracy-right";
        verdict.textContent = "✓ right";
      } else if (answer.rank !== null) {
        verdict.className = "accuracy-verdict accuracy-close";
        verdict.textContent = `✓ in top 5 (${ordinal(answer.rank)})`;
      } else {
        verdict.className = "accuracy-verdict accuracy-wrong";
        verdict.textContent = "✗ not in top 5";
      }
      td.append(answer.top1, document.createElement("br"), verdict);
    }
  }
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
