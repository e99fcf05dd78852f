// The SVG every chart draws in, and its furniture: grid lines, axes without their lines, tick choices, and the axis of
// a chart that puts every class side by side.
import * as d3 from "d3";

/** A chart's SVG, drawn in its own pixels (width × height). */
export type ChartSvg = d3.Selection<SVGSVGElement, undefined, null, undefined>;

export function chartSvg(width: number, height: number): ChartSvg {
  return d3
    .create("svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", [0, 0, width, height])
    .attr("class", "chart-svg");
}

/** Horizontal grid lines at the `ticks` of `y`, from `left` to `right`. */
export function gridLinesY(
  svg: ChartSvg,
  y: (value: number) => number,
  ticks: readonly number[],
  {left, right}: {left: number; right: number}
): void {
  gridLines(svg, ticks)
    .attr("x1", left)
    .attr("x2", right)
    .attr("y1", (d) => y(d))
    .attr("y2", (d) => y(d));
}

/** Vertical grid lines at the `ticks` of `x`, from `top` to `bottom`. */
export function gridLinesX(
  svg: ChartSvg,
  x: (value: number) => number,
  ticks: readonly number[],
  {top, bottom}: {top: number; bottom: number}
): void {
  gridLines(svg, ticks)
    .attr("x1", (d) => x(d))
    .attr("x2", (d) => x(d))
    .attr("y1", top)
    .attr("y2", bottom);
}

function gridLines(svg: ChartSvg, ticks: readonly number[]) {
  return svg.append("g").attr("class", "chart-grid").selectAll("line").data(ticks).join("line");
}

/** An axis moved to (x, y), without its line: the grid lines already span the chart. */
export function axisWithoutLine(svg: ChartSvg, axis: d3.Axis<d3.NumberValue>, [x, y]: [number, number]) {
  return svg
    .append("g")
    .attr("class", "chart-axis")
    .attr("transform", `translate(${x},${y})`)
    .call(axis)
    .call((g) => g.select(".domain").remove());
}

/** The powers of ten among a log scale's ticks (1, 0.1, 0.01, …): the only ones a log axis labels. */
export function decadeTicks(scale: {ticks(): number[]}): number[] {
  return scale.ticks().filter((t) => Number.isInteger(Math.log10(t)));
}

/** Every other tick, always keeping the last (the largest), for an axis too short to label them all. */
export function everyOtherTick(ticks: readonly number[]): number[] {
  return ticks.filter((_, i, all) => (all.length - 1 - i) % 2 === 0);
}

/**
 * The axis under a chart of every class side by side on `x` (domain [0, class count]): class ids, or ranks from 1 when
 * the classes stand largest first. Its name sits at the right end.
 */
export function classAxis(
  svg: ChartSvg,
  x: d3.ScaleLinear<number, number>,
  {order, narrow, y}: {order: "id" | "value"; narrow: boolean; y: number}
): void {
  const [, count = 0] = x.domain();
  const [, right = 0] = x.range();
  const step = narrow ? 250 : 100;
  svg
    .append("g")
    .attr("class", "chart-axis")
    .attr("transform", `translate(0,${y})`)
    .call(
      order === "id"
        ? d3
            .axisBottom(x)
            .tickValues(d3.range(0, count, step))
            .tickSizeOuter(0)
        : d3
            .axisBottom(x)
            .tickValues([0, ...d3.range(step, count, step)])
            .tickFormat((r) => String(Number(r) + 1))
            .tickSizeOuter(0)
    )
    .call((g) =>
      g
        .append("text")
        .attr("x", right)
        .attr("y", 28)
        .attr("text-anchor", "end")
        .attr("fill", "currentColor")
        .text(order === "id" ? "class id →" : "rank →")
    );
}
