// The occlusion map: the photo the model saw, with each grid square tinted by how much greying it out changed a measure
// of the model's answer (a probability, or a logit). Magenta: the measure fell (the model needed that square); green:
// it rose. Colours are drawn over the (greyed) photo, so they are the same in light and dark mode.
import {
  gridCells,
  GROUP_SIZE,
  mostImportantCell,
  probabilityDrops,
  regionName,
  type OcclusionMeasure
} from "../pipeline/occlusion.js";
import {ChartFigure, ValuesTable} from "./chart-figure.js";
import {ChoiceInput} from "./choice-input.js";
import {logitText, pointsText, probabilityText, signedText} from "../pipeline/format.js";

export interface OcclusionMapData {
  /** The image the model saw, row by row, 3 values (0–255) per pixel. */
  pixels: ArrayLike<number>;
  width: number;
  height: number;
  gridSize: number;
  /** What was measured, in words that follow "the": “probability of “Egyptian cat””. */
  measured: string;
  /** A probability (written as a percentage, its changes in percentage points) or a logit. */
  kind: "probability" | "logit";
  /** The measure with nothing covered. */
  base: number;
  /** Per square, row by row: the measure with that square greyed out. */
  values: ArrayLike<number>;
}

/** How a measure of each kind is written: its value, a signed change, the change's unit, and a change that matters. */
const KINDS = {
  probability: {
    value: probabilityText,
    change: (d: number) => pointsText(d),
    unit: " percentage points",
    matters: 0.05
  },
  logit: {value: logitText, change: (d: number) => signedText(d, 2), unit: "", matters: 1}
} as const;

const FELL = [197, 27, 125]; // magenta (ColorBrewer PiYG): readable for red–green colour blindness
const ROSE = [77, 146, 33]; // green (PiYG)
const MAX_ALPHA = 0.8;

const tint = ([r, g, b]: number[], alpha: number) => `rgba(${r}, ${g}, ${b}, ${alpha.toFixed(3)})`;

export function OcclusionMap(data: OcclusionMapData, {width = 640}: {width?: number} = {}): HTMLElement {
  const {gridSize, base, measured} = data;
  const kind = KINDS[data.kind];
  const cells = gridCells(data.height, data.width, gridSize);
  const drops = probabilityDrops(base, data.values);
  const best = mostImportantCell(drops);
  const bestCell = cells[best]!;
  const where = (i: number) => {
    const c = cells[i]!;
    return `square in row ${c.row + 1}, column ${c.col + 1} of ${gridSize} (${regionName(c.row, c.col, gridSize)})`;
  };
  const values = Array.from(drops);
  const extent = Math.max(1e-6, ...values.map(Math.abs));
  const mattered = values.filter((d) => d > kind.matters).length;
  const summary =
    `Covering the ${where(best)} lowered the ${measured} the most: from ${kind.value(base)} to ` +
    `${kind.value(data.values[best]!)}. ${mattered} of ${cells.length} squares lowered it by more than ` +
    `${kind.change(kind.matters).replace("+", "")}${kind.unit}.`;

  const {figure, area} = ChartFigure("occlusion-map", summary);
  figure.dataset.bestRow = String(bestCell.row);
  figure.dataset.bestCol = String(bestCell.col);

  // Drawn at twice the model's resolution so the grid lines stay sharp; the photo itself is the model's 224 × 224.
  const scale = 2;
  const photo = document.createElement("canvas");
  photo.width = data.width;
  photo.height = data.height;
  // The photo in grey (its luminance), so that the tints stand out on any colours, a red rug included.
  const image = new ImageData(data.width, data.height);
  for (let i = 0, j = 0; i < data.width * data.height; i++, j += 3) {
    const grey = 0.299 * data.pixels[j]! + 0.587 * data.pixels[j + 1]! + 0.114 * data.pixels[j + 2]!;
    image.data.set([grey, grey, grey, 255], i * 4);
  }
  photo.getContext("2d")!.putImageData(image, 0, 0);

  const canvas = document.createElement("canvas");
  canvas.width = data.width * scale;
  canvas.height = data.height * scale;
  canvas.className = "occlusion-map-canvas";
  canvas.style.width = `${Math.min(width, data.width * scale)}px`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute(
    "aria-label",
    `The photo in grey with a ${gridSize} × ${gridSize} grid tinted by importance. ${summary}`
  );
  const context = canvas.getContext("2d")!;
  context.drawImage(photo, 0, 0, canvas.width, canvas.height);
  cells.forEach((cell, i) => {
    const drop = values[i]!;
    context.fillStyle = tint(drop >= 0 ? FELL : ROSE, (MAX_ALPHA * Math.abs(drop)) / extent);
    context.fillRect(
      cell.left * scale,
      cell.top * scale,
      (cell.right - cell.left) * scale,
      (cell.bottom - cell.top) * scale
    );
  });
  context.strokeStyle = "rgba(255, 255, 255, 0.35)";
  context.lineWidth = 1;
  for (const cell of cells) {
    context.strokeRect(
      cell.left * scale + 0.5,
      cell.top * scale + 0.5,
      (cell.right - cell.left) * scale - 1,
      (cell.bottom - cell.top) * scale - 1
    );
  }
  // The most important square: a white frame inside a black one, visible on any photo.
  const frame = (inset: number, color: string, lineWidth: number) => {
    context.strokeStyle = color;
    context.lineWidth = lineWidth;
    context.strokeRect(
      bestCell.left * scale + inset,
      bestCell.top * scale + inset,
      (bestCell.right - bestCell.left) * scale - 2 * inset,
      (bestCell.bottom - bestCell.top) * scale - 2 * inset
    );
  };
  frame(1.5, "#000", 3);
  frame(4, "#fff", 2);
  area.append(canvas);

  // What the pointer is over, in words (the table below has every square for keyboards and screen readers).
  const pointer = document.createElement("p");
  pointer.className = "occlusion-map-pointer";
  pointer.textContent = "Point at (or tap) a square to read its numbers.";
  const read = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * data.width;
    const y = ((event.clientY - box.top) / box.height) * data.height;
    const i = cells.findIndex((c) => y >= c.top && y < c.bottom && x >= c.left && x < c.right);
    if (i < 0) return;
    pointer.textContent = `The ${where(i)} greyed out: the ${measured} is ${kind.value(data.values[i]!)}, a change of ${kind.change(-values[i]!)}${kind.unit}.`;
  };
  canvas.addEventListener("pointermove", read);
  canvas.addEventListener("pointerdown", read); // a tap on a touch screen

  figure.append(Legend(data, extent), pointer);
  figure.append(
    ValuesTable(
      `Every square's fall in the ${measured}${kind.unit ? `, in${kind.unit}` : ""} (${gridSize} × ${gridSize})`,
      ["Row", ...Array.from({length: gridSize}, (_, c) => `Col ${c + 1}`)],
      Array.from({length: gridSize}, (_, r) => [
        r + 1,
        ...values.slice(r * gridSize, (r + 1) * gridSize).map(kind.change)
      ])
    )
  );
  return figure;
}

/** A colour bar from "rose by extent" through 0 to "fell by extent", in the measure's units. */
function Legend({measured, kind}: OcclusionMapData, extent: number): HTMLElement {
  const legend = document.createElement("div");
  legend.className = "occlusion-legend";
  const title = document.createElement("p");
  title.className = "occlusion-legend-title";
  const unit = KINDS[kind].unit;
  title.textContent = `Fall in the ${measured} when a square is grey${unit ? `, in${unit}` : ""}`;
  const bar = document.createElement("div");
  bar.className = "occlusion-legend-bar";
  bar.setAttribute("aria-hidden", "true");
  // Over mid-grey, like the tints over the grey photo.
  bar.style.background = `linear-gradient(to right, ${tint(ROSE, MAX_ALPHA)}, ${tint(ROSE, 0)} 50%, ${tint(FELL, 0)} 50%, ${tint(FELL, MAX_ALPHA)}), rgb(150, 150, 150)`;
  const ticks = document.createElement("div");
  ticks.className = "occlusion-legend-ticks";
  for (const [value, note] of [
    [-extent, "went up"],
    [0, ""],
    [extent, "went down"]
  ] as const) {
    const tick = document.createElement("span");
    tick.textContent = note ? `${KINDS[kind].change(value)} (${note})` : "0";
    ticks.append(tick);
  }
  legend.append(title, bar, ticks);
  return legend;
}

export interface OcclusionRequest {
  gridSize: number;
  /** Counts presses of "Map again", so the same grid can be run again. */
  run: number;
}

/** The grid size radios and a "Map again" button; like an Observable input, `.value` is an OcclusionRequest. */
export function OcclusionControls(
  gridSizes: readonly number[],
  value: number
): HTMLElement & {value: OcclusionRequest} {
  const root = document.createElement("div") as unknown as HTMLElement & {value: OcclusionRequest};
  root.className = "occlusion-controls";
  const choice = ChoiceInput(
    "Grid",
    gridSizes.map((n) => ({value: n, text: `${n} × ${n}`})),
    value
  );
  let run = 0;
  const again = document.createElement("button");
  again.type = "button";
  again.textContent = "Map again";
  again.addEventListener("click", () => {
    run++;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  root.append(choice, again);
  Object.defineProperty(root, "value", {get: () => ({gridSize: choice.value, run})});
  return root;
}

/** The radios that choose the number the map shows; like an Observable input, `.value` is an OcclusionMeasure. */
export function OcclusionMeasureInput(): HTMLElement & {value: OcclusionMeasure} {
  const measures: {value: OcclusionMeasure; text: string}[] = [
    {value: "probability", text: "probability of the answer"},
    {value: "logit", text: "logit of the answer"},
    {value: "group", text: `top ${GROUP_SIZE} together`}
  ];
  return ChoiceInput("Measure", measures, "probability");
}
