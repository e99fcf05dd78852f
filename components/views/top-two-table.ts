// The two most likely classes side by side, straight from the tensors: their logits and probabilities, and the two
// ratios softmax ties together, p₁ ⁄ p₂ = e^(l₁ − l₂).
import {shortLabel} from "../pipeline/classes.js";
import {float32Text} from "../pipeline/format.js";
import type {TopTwo} from "../pipeline/temperature.js";
import {appendColumnHeadings} from "./table.js";

export interface TopTwoSource {
  logits: ArrayLike<number>;
  probabilities: ArrayLike<number>;
  /** The photo's name, for the caption. */
  subject: string;
}

export function TopTwoTable(
  {first, second, logitGap, expGap, probabilityRatio}: TopTwo,
  {logits, probabilities, subject}: TopTwoSource
): HTMLTableElement {
  const table = document.createElement("table");
  table.className = "top-two";
  table.dataset.probabilityRatio = String(probabilityRatio);
  table.dataset.expGap = String(expGap);
  table.createCaption().textContent = `The two most likely classes for ${subject}, straight from the tensors.`;
  appendColumnHeadings(table, ["", "class", "logit", "probability"]);
  const body = table.createTBody();
  const ranked = [
    ["1st", first],
    ["2nd", second]
  ] as const;
  for (const [name, index] of ranked) {
    const row = body.insertRow();
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = name;
    row.append(th);
    row.insertCell().textContent = `${shortLabel(index)} (${index})`;
    Object.assign(row.insertCell(), {className: "logit", textContent: float32Text(logits[index]!)});
    Object.assign(row.insertCell(), {className: "probability", textContent: float32Text(probabilities[index]!)});
  }
  const gapRow = table.createTFoot().insertRow();
  gapRow.insertCell().textContent = "";
  gapRow.insertCell().textContent = "gap l₁ − l₂ and its exponential";
  Object.assign(gapRow.insertCell(), {
    className: "logit",
    textContent: `${float32Text(logitGap)} → e^gap = ${expGap.toPrecision(7)}`
  });
  Object.assign(gapRow.insertCell(), {
    className: "probability",
    textContent: `p₁ ⁄ p₂ = ${probabilityRatio.toPrecision(7)}`
  });
  return table;
}
