// All 1000 logits by class id: one filled step path (1000 SVG bars would be slow and thinner than a pixel), a zero
// line that the negative scores hang below, the largest few named, and a cursor for the mouse and the arrow keys.
import * as d3 from "d3";
import {classLabel, shortLabel} from "../pipeline/classes.js";
import {
  chartCursor,
  cursorKey,
  markClass,
  type CursorShape,
  type LinkOptions,
  type PointableChart
} from "./chart-cursor.js";
import {ChartFigure, ChartHint, HighlightNote, ValuesTable} from "./chart-figure.js";
import {axisWithoutLine, chartSvg, classAxis, gridLinesY} from "./chart-svg.js";
import {logitText} from "../pipeline/format.js";

export interface LogitsChartOptions extends LinkOptions {
  width?: number;
  /** "id": class 0 to 999 from left to right (the default); "value": largest logit first. */
  order?: "id" | "value";
  /** A class to mark and name (e.g. from the URL's #class-281). */
  highlight?: number | null;
  /** How many of the largest logits to label. */
  labelled?: number;
  /** What the logits are of, for the caption ("the cat photo"). */
  subject?: string;
}

const LABEL_ROW = 16;
const LABEL_FONT = 11;

/** The logits, one step per class (by id, or largest first); `logits[i]` belongs to class i. */
export function LogitsChart(
  logits: ArrayLike<number>,
  {
    width = 640,
    highlight = null,
    labelled = 5,
    subject = "your photo",
    order = "id",
    onPoint,
    onSelect
  }: LogitsChartOptions = {}
): PointableChart {
  const values = Array.from(logits);
  const count = values.length;
  const ranking = d3.range(count).sort((a, b) => values[b]! - values[a]! || a - b);
  // Where class i stands from the left, and which class stands at a position.
  const rankOf = new Int32Array(count);
  ranking.forEach((index, rank) => (rankOf[index] = rank));
  const slotOf = (i: number) => (order === "id" ? i : rankOf[i]!);
  const classAt = (slot: number) => (order === "id" ? slot : ranking[slot]!);
  const best = ranking[0]!;
  const negatives = values.filter((v) => v < 0).length;
  const [min = 0, max = 0] = d3.extent(values);

  const {figure, area} = ChartFigure(
    "logits-chart",
    `All ${count} logits for ${subject}, ${order === "id" ? "by class id" : "largest first"}. The largest is ${shortLabel(best)} (class ${best}) at ` +
      `${logitText(max)}; the smallest is ${logitText(min)}; ${negatives} of ${count} are below zero.`
  );

  const narrow = width < 520;
  const margin = {left: 40, right: 8, bottom: 32};
  const plotHeight = narrow ? 200 : 260;
  const x = d3.scaleLinear([0, count], [margin.left, width - margin.right]);
  const labels = layoutLabels(
    ranking.slice(0, labelled),
    values,
    (i) => x(slotOf(i) + 0.5),
    margin.left,
    width - margin.right
  );
  const top = labels.length ? 8 + LABEL_ROW + 16 : 8;
  const height = top + plotHeight + margin.bottom;
  const y = d3.scaleLinear([Math.min(0, min), Math.max(0, max)], [top + plotHeight, top]).nice();

  const svg = chartSvg(width, height);
  gridLinesY(svg, y, y.ticks(narrow ? 4 : 6), {left: margin.left, right: width - margin.right});
  axisWithoutLine(
    svg,
    d3
      .axisLeft(y)
      .ticks(narrow ? 4 : 6)
      .tickSizeOuter(0),
    [margin.left, 0]
  );
  classAxis(svg, x, {order, narrow, y: top + plotHeight});

  // One step per class from the zero line: negatives fall below it, positives rise above.
  const shown = order === "id" ? values : ranking.map((i) => values[i]!);
  const steps = [...shown, shown[count - 1] ?? 0];
  svg
    .append("path")
    .attr("class", "logits-area steps-area")
    .attr("aria-hidden", "true")
    .style("fill", "var(--logit-color)")
    .style("stroke", "var(--logit-color)")
    .attr(
      "d",
      d3
        .area<number>()
        .x((_, i) => x(i))
        .y0(y(0))
        .y1((v) => y(v))
        .curve(d3.curveStepAfter)(steps)
    );

  svg
    .append("line")
    .attr("class", "chart-zero")
    .attr("x1", margin.left)
    .attr("x2", width - margin.right)
    .attr("y1", y(0))
    .attr("y2", y(0));

  const center = (i: number) => x(slotOf(i) + 0.5);
  const named = svg.append("g").attr("class", "chart-labels").attr("aria-hidden", "true");
  const rowY = 8 + LABEL_ROW / 2;
  for (const label of labels) {
    // Names sit in one row in the same left-to-right order as their bars, so their leader lines never cross.
    named
      .append("path")
      .attr("d", `M${label.x},${rowY + 7}L${center(label.index)},${top - 2}V${y(values[label.index]!) - 2}`);
    named
      .append("text")
      .attr("x", label.x)
      .attr("y", rowY)
      .attr("dy", "0.32em")
      .attr("text-anchor", "middle")
      .attr("font-size", LABEL_FONT)
      .text(label.text);
  }

  // Where class i stands: a line down the plot, a dot on its logit (the tooltip stays above the zero line).
  const shape = (i: number): CursorShape => ({
    guides: [[center(i), top, center(i), top + plotHeight]],
    dot: [center(i), y(values[i]!)],
    tip: [center(i), Math.min(y(values[i]!), y(0))]
  });
  const marked = highlight !== null && highlight >= 0 && highlight < count ? highlight : null;
  if (marked !== null) markClass(svg, shape(marked), 4);

  const chart = chartCursor(figure, svg, area, {
    label: "Logit of each class: arrow keys move between classes",
    start: slotOf(marked ?? best),
    valueOf: classAt,
    min: 0,
    max: count - 1,
    classAt,
    positionOf: slotOf,
    describe: (slot) => {
      const i = classAt(slot);
      return [`class ${i}: ${classLabel(i)}`, `logit ${logitText(values[i]!)}`, `rank ${rankOf[i]! + 1} of ${count}`];
    },
    shape: (slot) => shape(classAt(slot)),
    radius: 3.5,
    under: ([px]) => Math.max(0, Math.min(count - 1, Math.floor(x.invert(px)))),
    // By class id, ↑ and ↓ follow the ranking; largest first, the ranking is the order, so they step along it.
    move: (key, shift, slot) =>
      order === "id"
        ? cursorKey(key, shift, slot, count, ranking)
        : cursorKey(key === "ArrowUp" ? "ArrowLeft" : key === "ArrowDown" ? "ArrowRight" : key, shift, slot, count),
    onPoint,
    onSelect
  });

  figure.append(
    ChartHint("Point at the chart, or focus it and use ← → (Shift: ten at a time); ↑ ↓ step through the ranking.")
  );
  if (marked !== null) {
    figure.append(
      HighlightNote(
        `Class ${marked}, ${shortLabel(marked)}: logit ${logitText(values[marked]!)}, rank ${rankOf[marked]! + 1} of ${count}.`
      )
    );
  }

  figure.append(
    ValuesTable(
      "The 10 largest logits as a table",
      ["Rank", "Class id", "Label", "Logit"],
      ranking.slice(0, 10).map((i, rank) => [rank + 1, i, classLabel(i), logitText(values[i]!)])
    )
  );
  return chart;
}

interface PlacedLabel {
  index: number;
  text: string;
  /** Where the text is centred. */
  x: number;
}

/**
 * Names for the largest logits in one row above the plot, in the order of their bars, pushed apart where they would
 * overlap. When the row is too narrow the logits are left out of the names, then the least of the names.
 */
function layoutLabels(
  indices: readonly number[],
  values: readonly number[],
  at: (index: number) => number,
  left: number,
  right: number
): PlacedLabel[] {
  const gap = 6;
  const widthOf = (text: string) => text.length * LABEL_FONT * 0.56 + 4;
  for (let count = indices.length; count > 0; count--) {
    for (const withValue of [true, false]) {
      const items = indices
        .slice(0, count)
        .map((index) => {
          const text = withValue ? `${shortLabel(index)} ${logitText(values[index]!)}` : shortLabel(index);
          return {index, text, x: at(index), width: widthOf(text)};
        })
        .sort((a, b) => a.x - b.x);
      if (d3.sum(items, (item) => item.width + gap) - gap > right - left) continue;
      let end = left - gap;
      for (const item of items) {
        item.x = Math.max(item.x, end + gap + item.width / 2);
        end = item.x + item.width / 2;
      }
      let start = right + gap;
      for (const item of items.reverse()) {
        item.x = Math.min(item.x, start - gap - item.width / 2);
        start = item.x - item.width / 2;
      }
      return items.map(({index, text, x}) => ({index, text, x}));
    }
  }
  return [];
}
