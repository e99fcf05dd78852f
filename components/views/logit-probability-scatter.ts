// Every class as one dot: its logit across, its probability up. The dots trace softmax's exponential curve (a straight
// line on a log scale). All 1000 dots are one SVG path; the pointed-at and the selected class are drawn on top.
import * as d3 from "d3";
import {classLabel, shortLabel} from "../pipeline/classes.js";
import {
  axisWithoutLine,
  ChartFigure,
  chartSvg,
  cursorKey,
  decadeTicks,
  everyOtherTick,
  gridLinesY,
  SliderSvg
} from "./chart-kit.js";
import {logitText, probabilityText} from "../pipeline/format.js";
import {percentTick, type ProbabilityScale} from "./probability-chart.js";

export interface ScatterOptions {
  width?: number;
  scale?: ProbabilityScale;
  /** The class the reader selected (clicked, or Enter): ringed and named. */
  selected?: number | null;
  /** Called with the class the mouse or the arrow keys point at, and null when they leave. */
  onPoint?: (index: number | null) => void;
  /** Called when the reader clicks a dot or presses Enter on one. */
  onSelect?: (index: number) => void;
}

/** The figure, plus `point(i)`: show class i's dot as pointed at (null hides it) without calling onPoint. */
export type ScatterElement = HTMLElement & {point(index: number | null): void};

const DOT = 2.2;

export function LogitProbabilityScatter(
  logits: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  {width = 640, scale = "linear", selected = null, onPoint, onSelect}: ScatterOptions = {}
): ScatterElement {
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
  const element = figure as ScatterElement;

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
    const g = svg.append("g").attr("class", "chart-highlight").attr("aria-hidden", "true");
    g.append("circle").attr("cx", px(marked)).attr("cy", py(marked)).attr("r", 6);
    const right = px(marked) > width * 0.6;
    g.append("text")
      .attr("x", px(marked) + (right ? -10 : 10))
      .attr("y", py(marked) - 8)
      .attr("text-anchor", right ? "end" : "start")
      .attr("font-size", 11)
      .text(shortLabel(marked));
  }

  const cursor = svg.append("g").attr("class", "chart-cursor").attr("aria-hidden", "true").style("display", "none");
  const guideX = cursor.append("line");
  const guideY = cursor.append("line");
  const cursorDot = cursor.append("circle").attr("r", 4.5);

  const {node, tooltip} = SliderSvg(svg, area, {
    label: "Logit against probability for each class: arrow keys move from smaller to larger logits, Enter selects",
    min: 1,
    max: count
  });

  const describe = (i: number) => [
    `class ${i}: ${classLabel(i)}`,
    `logit ${logitText(l[i]!)}`,
    `probability ${probabilityText(p[i]!)}`
  ];
  let current = marked ?? best;
  const show = (i: number | null, withTooltip: boolean) => {
    element.dataset.pointed = i === null ? "" : String(i);
    if (i === null) {
      cursor.style("display", "none");
      tooltip.hide();
      return;
    }
    current = i;
    node.setAttribute("aria-valuenow", String(rankOf[i]! + 1));
    node.setAttribute("aria-valuetext", describe(i).join(", "));
    cursor.style("display", null);
    guideX
      .attr("x1", px(i))
      .attr("x2", px(i))
      .attr("y1", py(i))
      .attr("y2", height - margin.bottom);
    guideY.attr("x1", margin.left).attr("x2", px(i)).attr("y1", py(i)).attr("y2", py(i));
    cursorDot.attr("cx", px(i)).attr("cy", py(i));
    if (withTooltip) tooltip.show(describe(i), px(i), py(i));
    else tooltip.hide();
  };
  const point = (i: number | null) => {
    show(i, true);
    onPoint?.(i);
  };
  node.setAttribute("aria-valuenow", String(rankOf[current]! + 1));
  node.setAttribute("aria-valuetext", describe(current).join(", "));

  const finder = d3.Delaunay.from(d3.range(count), px, py);
  const nearest = (event: PointerEvent) => {
    const [mx, my] = d3.pointer(event, node);
    return finder.find(mx, my);
  };
  svg
    .on("pointermove", (event: PointerEvent) => point(nearest(event)))
    .on("pointerleave", () => point(document.activeElement === node ? current : null))
    .on("click", (event: PointerEvent) => onSelect?.(nearest(event)))
    .on("focus", () => point(current))
    .on("blur", () => point(null))
    .on("keydown", (event: KeyboardEvent) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        onSelect?.(current);
        return;
      }
      const next = cursorKey(event.key, event.shiftKey, rankOf[current]!, count);
      if (next === null) return;
      event.preventDefault();
      point(ascending[next]!);
    });

  element.point = (i) => show(i, false);
  return element;
}
