// The top classes as labelled bars: what `model.classify(image)` returns, drawn.
import {probabilityText} from "../pipeline/format.js";
import type {RankedClass} from "../pipeline/output.js";
import {appendBar, BarList} from "./bars.js";

export function TopClasses(top: readonly RankedClass[], {width = 640}: {width?: number} = {}): HTMLElement {
  const list = BarList("ol", "top-classes", "The model's top guesses with their probabilities", width);
  for (const entry of top)
    appendBar(list, entry.label, probabilityText(entry.probability), entry.probability).label.title =
      `class ${entry.index}`;
  return list;
}
