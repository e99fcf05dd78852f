// The figure every chart sits in, and the words around it: a caption (its text alternative), a hint on how to use it,
// a note on the marked class, and a table of its numbers for readers who can't see the chart.
import {appendColumnHeadings} from "./table.js";

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

/** How to use a chart from the mouse and the keyboard, under it. */
export function ChartHint(text: string): HTMLParagraphElement {
  const hint = document.createElement("p");
  hint.className = "chart-hint";
  hint.textContent = text;
  return hint;
}

/** What the chart's marked class (say, from a #class-281 link) is, beside a swatch of its mark. */
export function HighlightNote(text: string): HTMLParagraphElement {
  const note = document.createElement("p");
  note.className = "chart-highlight-note";
  const swatch = document.createElement("span");
  swatch.className = "chart-highlight-swatch";
  swatch.setAttribute("aria-hidden", "true");
  note.append(swatch, ` ${text}`);
  return note;
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
