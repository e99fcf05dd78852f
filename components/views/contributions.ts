// One class's logit as a dot product, Σ f_k · w_k + b: the channels that push it up and down most, each a bar on one
// D3 scale with its feature, weight and product written beside it, then the other channels, the bias, and the sum.
// Each listed channel has a switch, and a slider keeps only the channels that move the logit most; like an Observable
// input, `.value` is the channels switched off (sorted) and "input" is sent when it changes.
import * as d3 from "d3";
import {allButTop, biggestContributions, type ClassContributions, type Contribution} from "../pipeline/last-layer.js";
import {logitText, probabilityText} from "../pipeline/format.js";
import type {Classification} from "../pipeline/output.js";
import {TopClasses} from "./predictions.js";

/** A number in the dot product: two decimals, a real minus sign; `signed` writes + too. */
export const termText = (x: number, signed = false) => (signed && x >= 0 ? "+" : "") + logitText(x);

export interface ContributionsOptions {
  width?: number;
  /** The class's name, for the text. */
  label: string;
  /** How many of the biggest pushes up, and down, to list. */
  listed?: number;
}

export type ContributionSwitches = HTMLElement & {value: number[]; listed: Contribution[]};

export function ContributionsChart(
  {contributions, bias, sum}: ClassContributions,
  {width = 640, label, listed = 6}: ContributionsOptions
): ContributionSwitches {
  const {up, down} = biggestContributions(contributions, listed);
  const rows = [...up, ...down];
  const rest = contributions.filter((c) => !rows.includes(c));
  const restSum = rest.reduce((s, c) => s + c.product, 0);

  const root = document.createElement("fieldset") as unknown as ContributionSwitches;
  root.className = "contributions";
  root.style.maxWidth = `${width}px`;
  root.listed = rows;
  const legend = document.createElement("legend");
  legend.textContent = `Where the logit of “${label}” comes from: ${contributions.length} products f × w, plus the bias`;
  root.append(legend);

  // One scale for the listed channels and the bias; the other channels' total, often bigger, runs off the end (its
  // number is written beside it) with an arrowhead, so that the listed bars stay readable.
  const extent = Math.max(1e-6, ...rows.map((c) => Math.abs(c.product)), Math.abs(bias));
  const barWidth = Math.max(100, Math.min(260, width - 240));
  const x = d3
    .scaleLinear()
    .domain([-extent, extent])
    .range([4, barWidth - 10])
    .nice()
    .clamp(true);
  const bar = (value: number, className: string) => {
    const svg = d3
      .create("svg")
      .attr("width", barWidth)
      .attr("height", 18)
      .attr("class", "contribution-bar")
      .attr("aria-hidden", "true");
    const sign = value >= 0 ? "contribution-up" : "contribution-down";
    const [from, to] = [x(0), x(value)];
    svg
      .append("rect")
      .attr("class", `${className} ${sign}`)
      .attr("x", Math.min(from, to))
      .attr("width", Math.max(1, Math.abs(to - from)))
      .attr("y", 3)
      .attr("height", 12);
    const [low, high] = x.domain() as [number, number];
    if (value > high || value < low) {
      const tip = value > 0 ? to + 6 : to - 6;
      svg.append("path").attr("class", sign).attr("d", `M${to},1L${tip},9L${to},17Z`);
    }
    svg
      .append("line")
      .attr("class", "contribution-zero")
      .attr("x1", from)
      .attr("x2", from)
      .attr("y1", 0)
      .attr("y2", 18);
    return svg.node()!;
  };

  const table = document.createElement("div");
  table.className = "contributions-table";
  table.style.setProperty("--bar-width", `${barWidth}px`);
  const axis = d3.create("svg").attr("width", barWidth).attr("height", 22).attr("aria-hidden", "true");
  axis
    .append("g")
    .attr("class", "chart-axis")
    .attr("transform", "translate(0,20)")
    .call(
      d3
        .axisTop(x)
        .ticks(barWidth < 160 ? 2 : 5)
        .tickFormat((v) => Number(v).toFixed(1).replace("-", "−"))
        .tickSizeOuter(0)
    );
  const cell = (text: string, className = "") => {
    const span = document.createElement("span");
    span.className = className;
    span.textContent = text;
    return span;
  };
  table.append(cell("Channel", "contributions-head"), axis.node()!, cell("f × w = product", "contributions-head"));

  const switches = new Map<number, HTMLInputElement>();
  for (const c of rows) {
    const labelNode = document.createElement("label");
    labelNode.className = "contribution-channel";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = String(c.channel);
    box.dataset.product = String(c.product);
    box.setAttribute(
      "aria-label",
      `Channel ${c.channel} on: it ${c.product >= 0 ? "adds" : "takes away"} ${logitText(Math.abs(c.product))}`
    );
    switches.set(c.channel, box);
    labelNode.append(box, ` ${c.channel}`);
    const rowBar = bar(c.product, "contribution-rect");
    rowBar.dataset.channel = String(c.channel);
    table.append(
      labelNode,
      rowBar,
      cell(
        `${logitText(c.feature)} × ${termText(c.weight)} = ${termText(c.product, true)}`,
        "contribution-terms contribution-product"
      )
    );
  }
  table.append(
    cell(`other ${rest.length}`, "contribution-channel"),
    bar(restSum, "contribution-rect"),
    cell(`sum of their products = ${termText(restSum, true)}`, "contribution-terms"),
    cell("bias", "contribution-channel"),
    bar(bias, "contribution-rect"),
    cell(`b = ${termText(bias, true)}`, "contribution-terms"),
    cell("logit", "contribution-channel contribution-total"),
    cell("", ""),
    cell(`Σ f × w + b = ${termText(sum)}`, "contribution-terms contribution-total")
  );
  root.append(table);

  // "All but the top N": the channels that move the logit least go first.
  const keep = document.createElement("label");
  keep.className = "contributions-keep";
  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(contributions.length);
  slider.step = "1";
  slider.value = String(contributions.length);
  const kept = document.createElement("output");
  keep.append("Keep only the ", kept, " channels that move this logit most (either way)", slider);
  const status = document.createElement("p");
  status.className = "contributions-status";
  status.setAttribute("aria-live", "polite");
  root.append(keep, status);

  const update = () => {
    const n = Number(slider.value);
    kept.textContent = String(n);
    slider.setAttribute("aria-valuetext", `${n} of ${contributions.length} channels kept`);
    const off = new Set(allButTop(contributions, n));
    for (const [channel, box] of switches) if (!box.checked) off.add(channel);
    root.value = [...off].sort((a, b) => a - b);
    for (const node of table.querySelectorAll<SVGSVGElement>("svg[data-channel]"))
      node.classList.toggle("contribution-off", off.has(Number(node.dataset.channel)));
    const removed = contributions.filter((c) => off.has(c.channel)).reduce((s, c) => s + c.product, 0);
    status.textContent = off.size
      ? `${off.size} of ${contributions.length} channels off. Their products add up to ${termText(removed, true)}, so the logit should move by ${termText(-removed, true)}.`
      : `All ${contributions.length} channels on.`;
  };
  update();
  root.addEventListener("input", (event) => {
    if (event.target === root) return; // our own announcement, below
    event.stopPropagation();
    update();
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  return root;
}

export interface SwitchedOffData {
  classId: number;
  label: string;
  /** The logits, softmax and top classes with every channel on, and with the chosen ones off. */
  before: Classification;
  after: Classification;
  /** Minus the sum of the switched-off channels' products: what the dot product says the logit should move by. */
  expectedChange: number;
  /** How many channels are off. */
  off: number;
}

/** What switching channels off did: the class's logit and probability, before and after, and the top 5 both ways. */
export function SwitchedOffResult(data: SwitchedOffData, {width = 640}: {width?: number} = {}): HTMLElement {
  const {classId, label, before, after, expectedChange, off} = data;
  const [logitBefore, logitAfter] = [before.logits[classId]!, after.logits[classId]!];
  const root = document.createElement("div");
  root.className = "switched-off";
  root.dataset.logitBefore = String(logitBefore);
  root.dataset.logitAfter = String(logitAfter);
  root.dataset.expectedChange = String(expectedChange);
  const line = document.createElement("p");
  line.className = "switched-off-logit";
  line.append(
    off
      ? `With ${off} ${off === 1 ? "channel" : "channels"} off, the logit of “${label}” goes from `
      : `With every channel on, the logit of “${label}” is `
  );
  const strong = (text: string, className: string) =>
    Object.assign(document.createElement("strong"), {className, textContent: text});
  line.append(strong(logitText(logitBefore), "logit"));
  if (off) {
    line.append(
      " to ",
      strong(logitText(logitAfter), "logit"),
      ` (a change of ${termText(logitAfter - logitBefore, true)}; the products predicted ${termText(expectedChange, true)}). Its probability goes from `,
      strong(probabilityText(before.probabilities[classId]!), "probability"),
      " to ",
      strong(probabilityText(after.probabilities[classId]!), "probability"),
      "."
    );
  } else line.append(`, its probability `, strong(probabilityText(before.probabilities[classId]!), "probability"), ".");
  const column = (title: string, result: Classification) => {
    const box = document.createElement("div");
    const heading = document.createElement("h3");
    heading.textContent = title;
    box.append(heading, TopClasses(result.top, {width: Math.min(width, 400)}));
    return box;
  };
  const columns = document.createElement("div");
  columns.className = "grid grid-cols-2 switched-off-top";
  columns.append(
    column("Top 5, every channel on", before),
    column(off ? `Top 5, ${off} ${off === 1 ? "channel" : "channels"} off` : "Top 5, none off yet", after)
  );
  root.append(line, columns);
  return root;
}
