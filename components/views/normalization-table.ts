// A few pixels before and after normalisation: their 0–255 values and the numbers each model gets for them.
import {inputValueText} from "../pipeline/format.js";
import {appendColumnHeadings} from "./table.js";

export interface NormalizedPixel {
  label: string;
  x: number;
  y: number;
  /** R, G, B, 0–255. */
  rgb: readonly number[];
  /** R, G, B as each model receives them, one triple per column of `columns`. */
  normalized: readonly (readonly number[])[];
}

export interface NormalizationColumn {
  /** e.g. "v1 0.25". */
  title: string;
  range: readonly [number, number];
}

const CHANNELS = ["R", "G", "B"] as const;

export function NormalizationTable(
  rows: readonly NormalizedPixel[],
  columns: readonly NormalizationColumn[]
): HTMLElement {
  const wrapper = document.createElement("div");
  wrapper.className = "normalization-table";
  const table = document.createElement("table");
  const caption = table.createCaption();
  caption.textContent = "Pixels of your photo before and after normalisation";
  appendColumnHeadings(table, [
    "Pixel",
    "Channel",
    "0–255",
    ...columns.map((c) => `${c.title} → [${c.range[0]}, ${c.range[1]}]`)
  ]);
  const body = table.createTBody();
  for (const pixel of rows) {
    CHANNELS.forEach((channel, c) => {
      const row = body.insertRow();
      if (c === 0) {
        const th = document.createElement("th");
        th.scope = "rowgroup";
        th.rowSpan = 3;
        const swatch = document.createElement("span");
        swatch.className = "pixel-grid-swatch";
        swatch.style.background = `rgb(${pixel.rgb.join(", ")})`;
        swatch.setAttribute("aria-hidden", "true");
        const position = document.createElement("span");
        position.className = "muted";
        position.textContent = `x ${pixel.x}, y ${pixel.y}`;
        th.append(swatch, pixel.label, document.createElement("br"), position);
        row.append(th);
      } else {
        row.className = "normalization-continued";
      }
      const name = document.createElement("th");
      name.scope = "row";
      name.textContent = channel;
      row.append(name);
      const byte = row.insertCell();
      byte.textContent = String(pixel.rgb[c]);
      for (const values of pixel.normalized) row.insertCell().textContent = inputValueText(values[c]!);
    });
  }
  wrapper.append(table);
  return wrapper;
}
