// The cursor every class chart shares. The chart's SVG becomes a keyboard slider over its marks: the mouse and the
// arrow keys point at a mark (a cursor and a tooltip show it, the slider's aria-valuetext says it), a click or Enter
// selects it, and other views point at a class through the chart's `point(i)`. Each chart says only where its marks
// are and what they mean.
import * as d3 from "d3";
import type {ChartSvg} from "./chart-svg.js";

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

/** Where a mark stands, in the SVG's pixels: its dot, and guide lines [x1, y1, x2, y2] that lead the eye to it. */
export interface MarkShape {
  dot: [number, number];
  guides: [number, number, number, number][];
}

/** A mark's shape for the cursor: the tooltip points at `tip`, or at the dot when it isn't given. */
export interface CursorShape extends MarkShape {
  tip?: [number, number];
}

/** Draws the chart's marked class (say, from a #class-281 link): its guides and a dot of `radius`, under the cursor. */
export function markClass(svg: ChartSvg, {dot, guides}: MarkShape, radius: number) {
  const g = svg.append("g").attr("class", "chart-highlight").attr("aria-hidden", "true");
  for (const [x1, y1, x2, y2] of guides) g.append("line").attr("x1", x1).attr("x2", x2).attr("y1", y1).attr("y2", y2);
  g.append("circle").attr("cx", dot[0]).attr("cy", dot[1]).attr("r", radius);
  return g;
}

/** A chart's marks, at positions 0 … count − 1, as the cursor needs them. */
export interface CursorMarks extends LinkOptions {
  /** The slider's name: what the keys do. */
  label: string;
  /** The position pointed at when the chart gets focus before anything was pointed at. */
  start: number;
  /** The slider's value for a position (aria-valuenow), and its range. */
  valueOf(position: number): number;
  min: number;
  max: number;
  /** The class at a position, and the position of a class (−1 when the chart doesn't show it). */
  classAt(position: number): number;
  positionOf(index: number): number;
  /** The mark in words, a line each: the tooltip, and the slider's aria-valuetext. */
  describe(position: number): string[];
  /** Where the cursor goes, with a dot of `radius`. */
  shape(position: number): CursorShape;
  radius: number;
  /** The position under the pointer, in the SVG's pixels. */
  under(pointer: [number, number]): number;
  /** Where a key moves the cursor from `position`; null for a key the chart doesn't use. */
  move(key: string, shift: boolean, position: number): number | null;
}

/**
 * Puts `svg` into `area` as a keyboard slider over `marks` with a cursor, a tooltip and the pointer and key handlers,
 * and makes `figure` a PointableChart. Call it after drawing the marks: the cursor is drawn over them.
 */
export function chartCursor(figure: HTMLElement, svg: ChartSvg, area: HTMLElement, marks: CursorMarks): PointableChart {
  const {onPoint, onSelect} = marks;
  const chart = figure as PointableChart;
  const cursor = svg.append("g").attr("class", "chart-cursor").attr("aria-hidden", "true").style("display", "none");
  const guides = cursor.append("g");
  const dot = cursor.append("circle").attr("r", marks.radius);

  const node = svg.node()!;
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "slider");
  node.setAttribute("aria-label", marks.label);
  node.setAttribute("aria-valuemin", String(marks.min));
  node.setAttribute("aria-valuemax", String(marks.max));
  area.append(node);
  const tooltip = Tooltip(area);

  let current = marks.start;
  const tell = (position: number) => {
    node.setAttribute("aria-valuenow", String(marks.valueOf(position)));
    node.setAttribute("aria-valuetext", marks.describe(position).join(", "));
  };
  const show = (position: number, withTooltip: boolean) => {
    current = position;
    chart.dataset.pointed = String(marks.classAt(position));
    tell(position);
    const shape = marks.shape(position);
    cursor.style("display", null);
    guides
      .selectAll("line")
      .data(shape.guides)
      .join("line")
      .attr("x1", (d) => d[0])
      .attr("y1", (d) => d[1])
      .attr("x2", (d) => d[2])
      .attr("y2", (d) => d[3]);
    dot.attr("cx", shape.dot[0]).attr("cy", shape.dot[1]);
    const [tipX, tipY] = shape.tip ?? shape.dot;
    if (withTooltip) tooltip.show(marks.describe(position), tipX, tipY);
    else tooltip.hide();
  };
  const hide = () => {
    chart.dataset.pointed = "";
    cursor.style("display", "none");
    tooltip.hide();
  };
  const point = (position: number) => {
    show(position, true);
    onPoint?.(marks.classAt(position));
  };
  const leave = () => {
    hide();
    onPoint?.(null);
  };
  chart.point = (index) => {
    const position = index === null ? -1 : marks.positionOf(index);
    if (position < 0) hide();
    else show(position, false);
  };
  tell(current);

  const under = (event: PointerEvent) => marks.under(d3.pointer(event, node));
  svg
    .on("pointermove", (event: PointerEvent) => point(under(event)))
    .on("pointerleave", () => (document.activeElement === node ? point(current) : leave()))
    .on("click", (event: PointerEvent) => onSelect?.(marks.classAt(under(event))))
    .on("focus", () => point(current))
    .on("blur", leave)
    .on("keydown", (event: KeyboardEvent) => {
      if (onSelect && (event.key === "Enter" || event.key === " ")) {
        event.preventDefault();
        onSelect(marks.classAt(current));
        return;
      }
      const next = marks.move(event.key, event.shiftKey, current);
      if (next === null) return;
      event.preventDefault();
      point(next);
    });
  return chart;
}
