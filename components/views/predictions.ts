// The top classes as labelled bars: what `model.classify(image)` returns, drawn.
import type {RankedClass} from "../pipeline/output.js";
import {appendBar, BarList} from "./bars.js";

export const percent = (p: number) => `${(p * 100).toFixed(p >= 0.1 ? 1 : 2)}%`;

export function TopClasses(top: readonly RankedClass[], {width = 640}: {width?: number} = {}): HTMLElement {
  const list = BarList("ol", "top-classes", "The model's top guesses with their probabilities", width);
  for (const entry of top) appendBar(list, entry.label, percent(entry.probability), entry.probability).label.title = `class ${entry.index}`;
  return list;
}
