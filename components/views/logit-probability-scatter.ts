// Every class as one dot: its logit across, its probability up. The dots trace softmax's exponential curve (a straight
// line on a log scale). All 1000 dots are one SVG path; the pointed-at and the selected class are drawn on top.
import * as d3 from "d3";
import {classLabel, shortLabel} from "../pipeline/classes.js";
import {chartCursor, cursorKey, markClass, type LinkOptions, type PointableChart} from "./chart-cursor.js";
import {ChartFigure} from "./chart-figure.js";
import {axisWithoutLine, chartSvg, decadeTicks, everyOtherTick, gridLinesY} from "./chart-svg.js";
import {logitText, probabilityText} from "../pipeline/format.js";
import {percentTick, type ProbabilityScale} from "./probability-chart.js";

export interface ScatterOptions extends LinkOptions {
  width?: number;
  scale?: ProbabilityScale;
  /** The class the reader selected (clicked, or Enter): ringed and named. */
  selected?: number | null;
}

const DOT = 2.2;

export function LogitProbabilityScatter(
  logits: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  {width = 640, scale = "linear", selected = null, onPoint, onSelect}: ScatterOptions = {}
): PointableChart {
  const count = logits.length;
  const l = Array.from(logits);
  const p = Array.from(probabilities);
  const ascending = d3.range(count).sort((a, b) => l[a]! - l[b]! || a - b);
  const rankOf = new Int32Array(count);
  ascending.forEach((index, position) => (rankOf[index] = position));
  const best = ascending[count - 1]!;

  const {figure, area} = ChartFigure(
    "scatter-chart",
    `Each of the ${count} classes as a dot: logit across, probability up (${scale} scale). The dots lie on one ` +
      `${scale === "log" ? "straight line" : "curve that climbs steeply at the right"}: ${shortLabel(best)}, ` +
      `the largest logit (${logitText(l[best]!)}), gets ${probabilityText(p[best]!)}.`
  );

  const narrow = width < 520;
  const margin = {top: 28, right: 12, bottom: 36, left: narrow ? 48 : 56};
  const height = Math.round(Math.min(narrow ? 240 : 300, width * 0.6)) + margin.top + margin.bottom;
  const x = d3.scaleLinear(d3.extent(l) as [number, number], [margin.left, width - margin.right]).nice();
  const smallest = d3.min(p, (v) => (v > 0 ? v : undefined)) ?? 1e-12;
  const y =
    scale === "log"
      ? d3.scaleLog([10 ** Math.floor(Math.log10(smallest)), 1], [height - margin.bottom, margin.top]).clamp(true)
      : d3.scaleLinear([0, d3.max(p) ?? 1], [height - margin.bottom, margin.top]).nice();
  const px = (i: number) => x(l[i]!);
  const py = (i: number) => y(scale === "log" ? Math.max(p[i]!, y.domain()[0]!) : p[i]!);

  const svg = chartSvg(width, height);
  const yTicks = scale === "log" ? decadeTicks(y) : y.ticks(narrow ? 4 : 5);
  const yShown = yTicks.length > 6 ? everyOtherTick(yTicks) : yTicks;
  gridLinesY(svg, y, yShown, {left: margin.left, right: width - margin.right});
  axisWithoutLine(svg, d3.axisLeft(y).tickValues(yShown).tickFormat(percentTick(scale)).tickSizeOuter(0), [
    margin.left,
    0
  ])
    .append("text")
    .attr("x", -margin.left + 2)
    .attr("y", margin.top - 16)
    .attr("text-anchor", "start")
    .style("fill", "var(--probability-color)")
    .text("↑ probability");
  svg
    .append("g")
    .attr("class", "chart-axis")
    .attr("transform", `translate(0,${height - margin.bottom})`)
    .call(
      d3
        .axisBottom(x)
        .ticks(narrow ? 5 : 10)
        .tickFormat((v) => logitText(Number(v)).replace(/\.00$/, ""))
        .tickSizeOuter(0)
    )
    .call((g) =>
      g
        .append("text")
        .attr("x", width - margin.right)
        .attr("y", 30)
        .attr("text-anchor", "end")
        .style("fill", "var(--logit-color)")
        .text("logit →")
    );

  // One path of 1000 small circles: far cheaper than 1000 elements, and its colour follows the theme's CSS variable.
  const dots = d3.path();
  for (let i = 0; i < count; i++) {
    const cx = px(i);
    const cy = py(i);
    dots.moveTo(cx + DOT, cy);
    dots.arc(cx, cy, DOT, 0, 2 * Math.PI);
  }
  svg
    .append("path")
    .attr("class", "scatter-dots")
    .attr("aria-hidden", "true")
    .attr("d", dots.toString())
    .style("fill", "var(--probability-color)");

  const marked = selected !== null && selected >= 0 && selected < count ? selected : null;
  if (marked !== null) {
    const right = px(marked) > width * 0.6;
    markClass(svg, {dot: [px(marked), py(marked)], guides: []}, 6)
      .append("text")
      .attr("x", px(marked) + (right ? -10 : 10))
      .attr("y", py(marked) - 8)
      .attr("text-anchor", right ? "end" : "start")
      .attr("font-size", 11)
      .text(shortLabel(marked));
  }

  // The cursor walks the dots from the smallest logit to the largest: position = rank from the left.
  const finder = d3.Delaunay.from(d3.range(count), px, py);
  return chartCursor(figure, svg, area, {
    label: "Logit against probability for each class: arrow keys move from smaller to larger logits, Enter selects",
    start: rankOf[marked ?? best]!,
    valueOf: (position) => position + 1,
    min: 1,
    max: count,
    classAt: (position) => ascending[position]!,
    positionOf: (i) => rankOf[i]!,
    describe: (position) => {
      const i = ascending[position]!;
      return [`class ${i}: ${classLabel(i)}`, `logit ${logitText(l[i]!)}`, `probability ${probabilityText(p[i]!)}`];
    },
    // Guides from the dot down to the logit axis and across to the probability axis.
    shape: (position) => {
      const i = ascending[position]!;
      return {
        dot: [px(i), py(i)],
        guides: [
          [px(i), py(i), px(i), height - margin.bottom],
          [margin.left, py(i), px(i), py(i)]
        ]
      };
    },
    radius: 4.5,
    under: ([mx, my]) => rankOf[finder.find(mx, my)]!,
    move: (key, shift, position) => cursorKey(key, shift, position, count),
    onPoint,
    onSelect
  });
}
