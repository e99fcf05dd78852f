// Views for a two-class answer: the scores turned into probabilities, and what a single number would have said.
import {logitText, probabilityText} from "../pipeline/format.js";
import {FractionBar} from "./bars.js";

export interface ClassScore {
  label: string;
  logit: number;
  probability: number;
}

const svgNS = "http://www.w3.org/2000/svg";
const svg = <K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number> = {}) => {
  const element = document.createElementNS(svgNS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
};

/** One row per class: its logit (a raw score, any size, any sign), an arrow for softmax, then its probability as a bar. */
export function LogitsToProbabilities(rows: readonly ClassScore[], {width = 640}: {width?: number} = {}): HTMLElement {
  const table = document.createElement("table");
  table.className = "scores-table";
  table.style.maxWidth = `${width}px`;
  table.setAttribute("aria-label", "Each class's logit, and the probability softmax makes of it");
  const head = document.createElement("thead");
  head.innerHTML = `<tr><th scope="col">class</th><th scope="col" class="logit">logit</th><th scope="col" class="scores-arrow">softmax</th><th scope="col" class="probability">probability</th></tr>`;
  const body = document.createElement("tbody");
  for (const row of rows) {
    const tr = document.createElement("tr");
    const name = document.createElement("th");
    name.scope = "row";
    name.textContent = row.label;
    const logit = document.createElement("td");
    logit.className = "logit scores-number";
    logit.textContent = logitText(row.logit);
    logit.title = String(row.logit);
    const arrow = document.createElement("td");
    arrow.className = "scores-arrow";
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = "→";
    const probability = document.createElement("td");
    probability.className = "scores-probability";
    const value = document.createElement("span");
    value.className = "probability scores-number";
    value.textContent = probabilityText(row.probability);
    value.title = String(row.probability);
    probability.append(value, FractionBar("scores-bar", row.probability));
    tr.append(name, logit, arrow, probability);
    body.append(tr);
  }
  table.append(head, body);
  return table;
}

/**
 * A number line from 1 (the first class) to 2 (the second) with a mark at `value`: the answer of a model that may give
 * only one number.
 */
export function SingleNumberLine(
  value: number,
  {labels = ["cat", "dog"], width = 260}: {labels?: readonly [string, string]; width?: number} = {}
): SVGSVGElement {
  // A fixed drawing scaled to fit its box (up to `width` pixels), so the labels stay in proportion in a narrow card.
  const w = 200;
  const h = 56;
  const margin = 22;
  const x = (v: number) => margin + (v - 1) * (w - 2 * margin);
  const root = svg("svg", {class: "number-line", viewBox: `0 0 ${w} ${h}`, role: "img"});
  root.style.maxWidth = `${Math.max(160, width)}px`;
  root.setAttribute(
    "aria-label",
    `One number: ${value.toFixed(2)}, on a line from 1 (${labels[0]}) to 2 (${labels[1]}); 1.5 is half way between them.`
  );
  const axisY = 30;
  root.append(svg("line", {x1: x(1), x2: x(2), y1: axisY, y2: axisY, class: "number-line-axis"}));
  for (const [tick, text] of [
    [1, `1 ${labels[0]}`],
    [1.5, "1.5 ?"],
    [2, `2 ${labels[1]}`]
  ] as const) {
    root.append(svg("line", {x1: x(tick), x2: x(tick), y1: axisY - 4, y2: axisY + 4, class: "number-line-tick"}));
    const label = svg("text", {x: x(tick), y: axisY + 18, "text-anchor": "middle", class: "number-line-label"});
    label.textContent = text;
    root.append(label);
  }
  const clamped = Math.min(2, Math.max(1, value));
  root.append(svg("path", {d: `M${x(clamped)},${axisY - 2} l-5,-8 h10 z`, class: "number-line-mark"}));
  const shown = svg("text", {x: x(clamped), y: axisY - 13, "text-anchor": "middle", class: "number-line-value"});
  shown.textContent = value.toFixed(2);
  root.append(shown);
  return root;
}
