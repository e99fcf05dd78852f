// Probabilities, drawn two ways: the top k classes as labelled bars, and all 1000 sorted from most to least likely
// (one filled step path with a cursor for the mouse and the arrow keys). Linear or log scale.
import * as d3 from "d3";
import type {RankedClass} from "../pipeline/output.js";
import {shortLabel} from "../pipeline/classes.js";
import {
  chartCursor,
  cursorKey,
  markClass,
  Tooltip,
  type CursorShape,
  type LinkOptions,
  type PointableChart
} from "./chart-cursor.js";
import {ChartFigure, ChartHint, HighlightNote, ValuesTable} from "./chart-figure.js";
import {
  axisWithoutLine,
  chartSvg,
  classAxis,
  decadeTicks,
  everyOtherTick,
  gridLinesX,
  gridLinesY
} from "./chart-svg.js";
import {logitText, probabilityText, probabilityTickText} from "../pipeline/format.js";

export type ProbabilityScale = "linear" | "log";

export interface ProbabilityChartOptions {
  width?: number;
  scale?: ProbabilityScale;
  /** A class to mark (e.g. from the URL's #class-281). */
  highlight?: number | null;
}

const describe = (c: RankedClass, rank: number, count: number) => [
  `class ${c.index}: ${c.label}`,
  `probability ${probabilityText(c.probability)}`,
  `logit ${logitText(c.logit)}`,
  `rank ${rank + 1} of ${count}`
];

/** The smallest power of ten at or below the smallest positive probability: where a log axis starts. */
function logFloor(probabilities: readonly number[]): number {
  const smallest = d3.min(probabilities, (p) => (p > 0 ? p : undefined)) ?? 1e-8;
  return 10 ** Math.floor(Math.log10(smallest));
}

/** Tick labels for a probability axis on `scale`. */
export function percentTick(scale: ProbabilityScale) {
  return (value: d3.NumberValue) => probabilityTickText(Number(value), scale);
}

/** `top`: the k most probable classes, best first (from topK). `total`: how many classes there are in all. */
export function TopProbabilitiesChart(
  top: readonly RankedClass[],
  {width = 640, scale = "linear", highlight = null, total = 1000}: ProbabilityChartOptions & {total?: number} = {}
): HTMLElement {
  const k = top.length;
  const share = d3.sum(top, (c) => c.probability);
  const {figure, area} = ChartFigure(
    "probability-top-chart",
    `The ${k} most probable of ${total} classes (${scale} scale). ` +
      (top[0] ? `${shortLabel(top[0].index)} leads with ${probabilityText(top[0].probability)}; ` : "") +
      `together the ${k} hold ${probabilityText(share)}.`
  );

  const narrow = width < 520;
  const labelWidth = Math.min(narrow ? 120 : 220, width * 0.36);
  const valueWidth = 58;
  const row = narrow ? 22 : 24;
  const margin = {top: 22, right: valueWidth, bottom: 6, left: labelWidth + 8};
  const height = margin.top + k * row + margin.bottom;
  const probabilities = top.map((c) => c.probability);
  const x =
    scale === "log"
      ? d3.scaleLog([logFloor(probabilities), 1], [margin.left, width - margin.right]).clamp(true)
      : d3.scaleLinear([0, d3.max(probabilities) ?? 1], [margin.left, width - margin.right]).nice();
  const base = x.range()[0]!;

  const svg = chartSvg(width, height);
  const ticks = scale === "log" ? decadeTicks(x) : x.ticks(narrow ? 3 : 5);
  const thinned = scale === "log" && narrow ? everyOtherTick(ticks) : ticks;
  gridLinesX(svg, x, thinned, {top: margin.top, bottom: height - margin.bottom});
  axisWithoutLine(svg, d3.axisTop(x).tickValues(thinned).tickFormat(percentTick(scale)).tickSizeOuter(0), [
    0,
    margin.top
  ]);

  const maxChars = Math.floor(labelWidth / 6.6);
  const list = svg.append("g").attr("role", "list").attr("aria-label", `The ${k} most probable classes`);
  const bars = list
    .selectAll("g")
    .data(top)
    .join("g")
    .attr("class", (c) => (c.index === highlight ? "probability-bar chart-highlighted" : "probability-bar"))
    .attr("role", "listitem")
    .attr("tabindex", 0)
    .attr("aria-label", (c, rank) => describe(c, rank, total).join(", "))
    .attr("transform", (_, rank) => `translate(0,${margin.top + rank * row})`);
  bars.append("rect").attr("class", "probability-bar-hit").attr("x", 0).attr("width", width).attr("height", row);
  bars
    .append("rect")
    .attr("x", base)
    .attr("y", 4)
    .attr("height", row - 8)
    .attr("width", (c) => Math.max(1, x(c.probability) - base))
    .attr("rx", 2)
    .style("fill", "var(--probability-color)");
  bars
    .append("text")
    .attr("class", "probability-bar-label")
    .attr("x", labelWidth)
    .attr("y", row / 2)
    .attr("dy", "0.32em")
    .attr("text-anchor", "end")
    .text((c) => {
      const name = shortLabel(c.index);
      return name.length > maxChars ? `${name.slice(0, maxChars - 1)}…` : name;
    });
  bars
    .append("text")
    .attr("class", "probability-bar-value")
    .attr("x", (c) => x(c.probability) + 4)
    .attr("y", row / 2)
    .attr("dy", "0.32em")
    .style("fill", "var(--probability-color)")
    .text((c) => probabilityText(c.probability));

  area.append(svg.node()!);
  const tooltip = Tooltip(area);
  const show = (event: Event, c: RankedClass) => {
    const rank = top.indexOf(c);
    tooltip.show(describe(c, rank, total), x(c.probability), margin.top + rank * row);
    void event;
  };
  bars.on("pointerenter focus", show).on("pointerleave blur", () => tooltip.hide());

  figure.append(
    ValuesTable(
      `The ${k} most probable classes as a table`,
      ["Rank", "Class id", "Label", "Probability", "Logit"],
      top.map((c, rank) => [rank + 1, c.index, c.label, probabilityText(c.probability), logitText(c.logit)])
    )
  );
  return figure;
}

/**
 * `ranked`: every class, most probable first (topK with k = 1000). `k`: the top classes the other chart shows.
 * `order`: "value" draws them most probable first (the default); "id" draws them by class id, as the logits chart does.
 */
export function SortedProbabilitiesChart(
  ranked: readonly RankedClass[],
  {
    width = 640,
    scale = "linear",
    highlight = null,
    k = 0,
    order = "value",
    onPoint,
    onSelect
  }: ProbabilityChartOptions & LinkOptions & {k?: number; order?: "value" | "id"} = {}
): PointableChart {
  const count = ranked.length;
  const probabilities = ranked.map((c) => c.probability);
  // Left to right: `shown[position]`. Positions are ranks in "value" order, class ids (for all 1000) in "id" order.
  const shown = order === "id" ? ranked.slice().sort((a, b) => a.index - b.index) : ranked;
  const shownProbabilities = shown.map((c) => c.probability);
  const rankOf = new Map(ranked.map((c, rank) => [c.index, rank]));
  const topShare = d3.sum(probabilities.slice(0, k));
  const half = Math.max(1, d3.cumsum(probabilities).findIndex((total) => total >= 0.5) + 1);
  const {figure, area} = ChartFigure(
    "probability-sorted-chart",
    `All ${count} probabilities ${order === "id" ? "by class id" : "sorted from most to least likely"} (${scale} scale). ` +
      (half === 1
        ? "The most likely class alone holds half of the total; "
        : `The first ${half} classes hold half of the total; `) +
      `the least likely has ${probabilityText(probabilities[count - 1] ?? 0)}.`
  );

  const narrow = width < 520;
  const margin = {top: 10, right: 8, bottom: 32, left: narrow ? 48 : 56};
  const plotHeight = narrow ? 180 : 220;
  const height = margin.top + plotHeight + margin.bottom;
  const x = d3.scaleLinear([0, count], [margin.left, width - margin.right]);
  const y =
    scale === "log"
      ? d3.scaleLog([logFloor(probabilities), 1], [margin.top + plotHeight, margin.top]).clamp(true)
      : d3.scaleLinear([0, d3.max(probabilities) ?? 1], [margin.top + plotHeight, margin.top]).nice();
  const bottom = margin.top + plotHeight;

  const svg = chartSvg(width, height);
  const ticks = scale === "log" ? decadeTicks(y) : y.ticks(narrow ? 4 : 5);
  const thinned = scale === "log" && ticks.length > 6 ? everyOtherTick(ticks) : ticks;
  gridLinesY(svg, y, thinned, {left: margin.left, right: width - margin.right});
  axisWithoutLine(svg, d3.axisLeft(y).tickValues(thinned).tickFormat(percentTick(scale)).tickSizeOuter(0), [
    margin.left,
    0
  ]);
  classAxis(svg, x, {order, narrow, y: bottom});

  if (k > 0 && order === "value") {
    svg
      .append("rect")
      .attr("class", "chart-band")
      .attr("aria-hidden", "true")
      .attr("x", x(0))
      .attr("width", Math.max(0, x(k) - x(0))) // a chart laid out at ~0 px wide for a moment must not draw a negative width
      .attr("y", margin.top)
      .attr("height", plotHeight);
    svg
      .append("text")
      .attr("class", "chart-band-label")
      .attr("x", x(k) + 4)
      .attr("y", margin.top + 12)
      .text(`← the top ${k}: ${probabilityText(topShare)} of the total`);
  }

  const steps = [...shownProbabilities, shownProbabilities[count - 1] ?? 0];
  svg
    .append("path")
    .attr("class", "steps-area")
    .attr("aria-hidden", "true")
    .style("fill", "var(--probability-color)")
    .style("stroke", "var(--probability-color)")
    .attr(
      "d",
      d3
        .area<number>()
        .x((_, i) => x(i))
        .y0(bottom)
        .y1((p) => y(Math.max(p, y.domain()[0]!)))
        .curve(d3.curveStepAfter)(steps)
    );
  svg
    .append("line")
    .attr("class", "chart-zero")
    .attr("x1", margin.left)
    .attr("x2", width - margin.right)
    .attr("y1", bottom)
    .attr("y2", bottom);

  const center = (position: number) => x(position + 0.5);
  const level = (position: number) => y(Math.max(shownProbabilities[position]!, y.domain()[0]!));
  const positionOf = (index: number) => shown.findIndex((c) => c.index === index);
  // Where the class at a position stands: a line down the plot, a dot on its probability.
  const shape = (position: number): CursorShape => ({
    guides: [[center(position), margin.top, center(position), bottom]],
    dot: [center(position), level(position)]
  });
  const markedRank = highlight === null ? -1 : positionOf(highlight);
  if (markedRank >= 0) markClass(svg, shape(markedRank), 4);

  const positions = d3.range(count);
  const chart = chartCursor(figure, svg, area, {
    label:
      order === "id"
        ? "Probability of each class: arrow keys move between classes"
        : "Classes from most to least probable: arrow keys move along the ranking",
    start: Math.max(0, markedRank >= 0 ? markedRank : positionOf(ranked[0]?.index ?? 0)),
    valueOf: (position) => position + 1,
    min: 1,
    max: count,
    classAt: (position) => shown[position]!.index,
    positionOf,
    describe: (position) => describe(shown[position]!, rankOf.get(shown[position]!.index)!, count),
    shape,
    radius: 3.5,
    under: ([px]) => Math.max(0, Math.min(count - 1, Math.floor(x.invert(px)))),
    move: (key, shift, position) => cursorKey(key, shift, position, count, positions),
    onPoint,
    onSelect
  });

  figure.append(ChartHint("Point at the chart, or focus it and use ← → (Shift: ten at a time), Home and End."));
  if (markedRank >= 0) {
    const c = shown[markedRank]!;
    figure.append(
      HighlightNote(
        `Class ${c.index}, ${shortLabel(c.index)}: probability ${probabilityText(c.probability)}, logit ${logitText(c.logit)}, rank ${rankOf.get(c.index)! + 1} of ${count}.`
      )
    );
  }
  return chart;
}
