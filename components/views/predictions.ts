// The top classes as labelled bars: what `model.classify(image)` returns, drawn.
import type {RankedClass} from "../pipeline/output.js";

export const percent = (p: number) => `${(p * 100).toFixed(p >= 0.1 ? 1 : 2)}%`;

export function TopClasses(top: readonly RankedClass[], {width = 640}: {width?: number} = {}): HTMLElement {
  const list = document.createElement("ol");
  list.className = "top-classes";
  list.style.maxWidth = `${width}px`;
  list.setAttribute("aria-label", "The model's top guesses with their probabilities");
  for (const entry of top) {
    const item = document.createElement("li");
    const label = document.createElement("span");
    label.className = "top-classes-label";
    label.textContent = entry.label;
    label.title = `class ${entry.index}`;
    const value = document.createElement("span");
    value.className = "top-classes-value";
    value.textContent = percent(entry.probability);
    const bar = document.createElement("span");
    bar.className = "top-classes-bar";
    bar.style.setProperty("--fraction", String(entry.probability));
    bar.setAttribute("aria-hidden", "true");
    item.append(label, value, bar);
    list.append(item);
  }
  return list;
}
