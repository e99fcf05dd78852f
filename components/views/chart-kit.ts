// What the logits and probability charts share: the class named in the URL (#class-281), a cursor the
// arrow keys move, a tooltip, a table of the values for readers who can't see the chart, and the SVG with its grid
// lines and axes.
import * as d3 from "d3";
import {CLASS_COUNT} from "../pipeline/classes.js";
import {appendColumnHeadings} from "./table.js";

/** The class id in a URL hash such as "#class-281", or null when the hash names no class. */
export function classFromHash(hash: string): number | null {
  const match = /^#?class-(\d{1,4})$/.exec(hash);
  if (!match) return null;
  const id = Number(match[1]);
  return id < CLASS_COUNT ? id : null;
}

/**
 * Where the arrow keys take a cursor over `count` marks: ←/→ one, with Shift ten, PageUp/PageDown a hundred, Home/End
 * the ends. ↑/↓ follow `ranking` (indices, best first) to the next better or worse one, when given. Null: not our key.
 */
export function cursorKey(
  key: string,
  shift: boolean,
  index: number,
  count: number,
  ranking?: readonly number[]
): number | null {
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case "ArrowRight":
      return clamp(index + (shift ? 10 : 1));
    case "ArrowLeft":
      return clamp(index - (shift ? 10 : 1));
    case "PageDown":
      return clamp(index + 100);
    case "PageUp":
      return clamp(index - 100);
    case "Home":
      return 0;
    case "End":
      return count - 1;
    case "ArrowUp":
    case "ArrowDown": {
      if (!ranking) return clamp(index + (key === "ArrowUp" ? 1 : -1));
      const rank = ranking.indexOf(index);
      const next = rank < 0 ? 0 : rank + (key === "ArrowUp" ? -1 : 1);
      return ranking[Math.max(0, Math.min(ranking.length - 1, next))]!;
    }
    default:
      return null;
  }
}

/** A tooltip inside `container` (which must be position: relative); `show` places it near (x, y) in its pixels. */
export function Tooltip(container: HTMLElement): {show(lines: string[], x: number, y: number): void; hide(): void} {
  const tip = document.createElement("div");
  tip.className = "chart-tooltip";
  tip.setAttribute("aria-hidden", "true"); // the slider's aria-valuetext says the same to screen readers
  tip.hidden = true;
  container.append(tip);
  return {
    show(lines, x, y) {
      tip.replaceChildren(
        ...lines.map((line, i) => {
          const row = document.createElement(i === 0 ? "strong" : "span");
          row.textContent = line;
          return row;
        })
      );
      tip.hidden = false;
      const room = container.clientWidth;
      const left = Math.max(0, Math.min(room - tip.offsetWidth, x + 12));
      const flip = x + 12 + tip.offsetWidth > room && x - 12 - tip.offsetWidth >= 0;
      tip.style.left = `${flip ? x - 12 - tip.offsetWidth : left}px`;
      tip.style.top = `${Math.max(0, y - tip.offsetHeight - 8)}px`;
    },
    hide() {
      tip.hidden = true;
    }
  };
}

/**
 * Puts a chart's svg into `area` as a keyboard slider over the chart's points, `min` to `max` (`label` says what the
 * keys do), and adds the tooltip that follows the cursor.
 */
export function SliderSvg(
  svg: ChartSvg,
  area: HTMLElement,
  {label, min, max}: {label: string; min: number; max: number}
): {node: SVGSVGElement; tooltip: ReturnType<typeof Tooltip>} {
  const node = svg.node()!;
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "slider");
  node.setAttribute("aria-label", label);
  node.setAttribute("aria-valuemin", String(min));
  node.setAttribute("aria-valuemax", String(max));
  area.append(node);
  return {node, tooltip: Tooltip(area)};
}

/** The chart's numbers as a table in a <details>, for screen readers and for anyone who wants the exact values. */
export function ValuesTable(summary: string, head: string[], rows: (string | number)[][]): HTMLDetailsElement {
  const details = document.createElement("details");
  details.className = "chart-table";
  const title = document.createElement("summary");
  title.textContent = summary;
  const table = document.createElement("table");
  appendColumnHeadings(table, head);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = String(cell);
  }
  details.append(title, table);
  return details;
}

/** The figure every chart sits in: a caption (its text alternative), the chart area and what follows it. */
export function ChartFigure(className: string, caption: string): {figure: HTMLElement; area: HTMLDivElement} {
  const figure = document.createElement("figure");
  figure.className = `chart ${className}`;
  const area = document.createElement("div");
  area.className = "chart-area";
  const figcaption = document.createElement("figcaption");
  figcaption.textContent = caption;
  figure.append(figcaption, area);
  return {figure, area};
}

let choiceCount = 0;

/** Radio buttons that behave like an Observable input: `.value` is the chosen option's value, "input" on change. */
export function ChoiceInput<T extends string | number>(
  legend: string,
  options: readonly {value: T; text: string}[],
  value: T
): HTMLFormElement & {value: T} {
  const form = document.createElement("form") as HTMLFormElement & {value: T};
  form.className = "choice-input";
  form.addEventListener("submit", (event) => event.preventDefault());
  const fieldset = document.createElement("fieldset");
  const title = document.createElement("legend");
  title.textContent = legend;
  fieldset.append(title);
  const name = `choice-${++choiceCount}`;
  for (const option of options) {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = name;
    radio.value = String(option.value);
    radio.checked = option.value === value;
    // The radio's own "input" runs before the event bubbles to the form, so readers of the form see the new value.
    radio.addEventListener("input", () => {
      form.value = option.value;
    });
    label.append(radio, ` ${option.text}`);
    fieldset.append(label);
  }
  form.append(fieldset);
  form.value = value;
  return form;
}

/**
 * A chart other views can link to: `point(i)` shows class i as pointed at (null hides the cursor) without calling the
 * chart's own onPoint, so two charts that point at each other don't loop. `data-pointed` names the class for tests.
 */
export type PointableChart = HTMLElement & {point(index: number | null): void};

/** Options that link a chart to others: it reports what the reader points at and selects. */
export interface LinkOptions {
  /** Called with the class the mouse or the arrow keys point at, and null when they leave. */
  onPoint?: (index: number | null) => void;
  /** Called when the reader clicks a class or presses Enter on it. */
  onSelect?: (index: number) => void;
}

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
