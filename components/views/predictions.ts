// The top classes as labelled bars: what `model.classify(image)` returns, drawn.
import {shortForm} from "../pipeline/classes.js";
import {probabilityText} from "../pipeline/format.js";
import type {ClassProbability} from "../pipeline/models.js";
import type {RankedClass} from "../pipeline/output.js";
import {appendBar, BarList} from "./bars.js";

/** One guess: as mobilenet's classify() gives it, or ranked by the lesson (which knows its class id too). */
export type Guess = ClassProbability | RankedClass;

/** Each guess under its short label (the full label and class id in its tooltip), with its probability as a bar. */
export function TopClasses(top: readonly Guess[], {width = 640}: {width?: number} = {}): HTMLElement {
  const list = BarList("ol", "top-classes", "The model's top guesses with their probabilities", width);
  for (const entry of top) {
    const label = "className" in entry ? entry.className : entry.label;
    appendBar(list, shortForm(label), probabilityText(entry.probability), entry.probability).label.title =
      "index" in entry ? `class ${entry.index}: ${label}` : label;
  }
  return list;
}

/** Several models' top classes side by side, one column each, headed "<name> says". */
export function ModelAnswers(
  answers: readonly {name: string; top: readonly Guess[]}[],
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
