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

/** Several models' top classes side by side, one column each, headed "<name> says". */
export function ModelAnswers(
  answers: readonly {name: string; top: readonly RankedClass[]}[],
  {width = 640}: {width?: number} = {}
): HTMLElement {
  const grid = document.createElement("div");
  grid.className = `grid grid-cols-${answers.length} models-answers`;
  for (const {name, top} of answers) {
    const column = document.createElement("div");
    column.dataset.model = name;
    const heading = document.createElement("h3");
    heading.textContent = `${name} says`;
    column.append(heading, TopClasses(top, {width}));
    grid.append(column);
  }
  return grid;
}
