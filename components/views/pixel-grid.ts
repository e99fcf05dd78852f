// A zoomable grid of an image's pixels on one canvas (a 224×224 image is 50,176 pixels: far too many DOM nodes).
// Pointer or keyboard picks a pixel; a readout beside the grid gives its position, its 0–255 values and the numbers
// the model receives for it. Grid lines appear when zoomed in, and each pixel's values when zoomed in further.
import {inputValueText} from "../pipeline/format.js";
import {appendColumnHeadings} from "./table.js";

export interface PixelGridData {
  width: number;
  height: number;
  /** width × height × 3 values 0–255, row by row (what `tensor.data()` gives for [h, w, 3]). */
  rgb: ArrayLike<number>;
  /** The model's input for the same pixels, same layout (a [1, h, w, 3] tensor's data). */
  modelValues: ArrayLike<number>;
  /** The interval the model's values lie in, for the readout's heading. */
  range: readonly [number, number];
}

export interface PixelGridOptions {
  /** Space available, in CSS pixels; the grid is at most 448 wide (twice 224). */
  width?: number;
}

const CHANNELS = ["R", "G", "B"] as const;
const CHANNEL_NAMES = ["red", "green", "blue"] as const;
/** Screen pixels per image pixel from which grid lines, and then values, are drawn. */
const GRID_LINES_FROM = 8;
const NUMBERS_FROM = 40;
const ZOOMS = [4, 6, 8, 12, 16, 24, 32, 48, 64];

/** An image's pixels from RGB triples 0–255, row by row (what `tensor.data()` gives for [h, w, 3]), fully opaque. */
export function rgbImageData(rgb: ArrayLike<number>, width: number, height: number): ImageData {
  const image = new ImageData(width, height);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    image.data[j] = rgb[i]!;
    image.data[j + 1] = rgb[i + 1]!;
    image.data[j + 2] = rgb[i + 2]!;
    image.data[j + 3] = 255;
  }
  return image;
}

export function PixelGrid(data: PixelGridData, {width = 640}: PixelGridOptions = {}): HTMLElement {
  const {width: columns, height: rows, rgb, modelValues, range} = data;
  if (rgb.length !== columns * rows * 3 || modelValues.length !== rgb.length) {
    throw new Error(
      `PixelGrid needs ${columns * rows * 3} values per array, got ${rgb.length} and ${modelValues.length}.`
    );
  }
  const viewport = Math.max(160, Math.floor(Math.min(width, 448)));
  const fit = viewport / Math.max(columns, rows);
  const zooms = [fit, ...ZOOMS.filter((z) => z > fit * 1.2)];

  const source = document.createElement("canvas");
  source.width = columns;
  source.height = rows;
  source.getContext("2d")!.putImageData(rgbImageData(rgb, columns, rows), 0, 0);

  const root = document.createElement("figure");
  root.className = "pixel-grid";

  const controls = document.createElement("div");
  controls.className = "pixel-grid-controls";
  const zoomOut = button("−", "Zoom out");
  const zoomIn = button("+", "Zoom in");
  const slider = document.createElement("input");
  slider.type = "range";
  slider.min = "0";
  slider.max = String(zooms.length - 1);
  slider.step = "1";
  slider.value = "0";
  slider.setAttribute("aria-label", "Zoom");
  const zoomLabel = document.createElement("output");
  zoomLabel.className = "pixel-grid-zoom";
  const sliderLabel = document.createElement("span");
  sliderLabel.textContent = "Zoom";
  controls.append(sliderLabel, zoomOut, slider, zoomIn, zoomLabel);

  const body = document.createElement("div");
  body.className = "pixel-grid-body";
  const canvas = document.createElement("canvas");
  canvas.className = "pixel-grid-canvas";
  canvas.tabIndex = 0;
  canvas.setAttribute("role", "application");
  canvas.setAttribute("aria-roledescription", "pixel grid");
  canvas.setAttribute(
    "aria-label",
    `The ${columns} × ${rows} image the model sees, pixel by pixel. Arrow keys move the cursor (Shift: 10 pixels), ` +
      "plus and minus zoom. The values of the pixel under the cursor are read out beside the grid."
  );
  const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio || 1));
  canvas.width = viewport * ratio;
  canvas.height = viewport * ratio;
  canvas.style.width = `${viewport}px`;
  canvas.style.height = `${viewport}px`;
  const context = canvas.getContext("2d")!;

  const readout = document.createElement("div");
  readout.className = "pixel-grid-readout";
  readout.setAttribute("aria-live", "polite");
  body.append(canvas, readout);

  const caption = document.createElement("figcaption");
  // U+2060 (word joiner) keeps "0–255" on one line.
  caption.textContent =
    `The ${columns} × ${rows} pixels the model is given, one square each. The readout shows the pixel you point at: ` +
    "its colour values, 0–\u2060255, and the numbers the model receives.";
  root.append(controls, body, caption);

  let zoomIndex = 0;
  let cursor = {x: Math.floor(columns / 2), y: Math.floor(rows / 2)};
  let hover: {x: number; y: number} | null = null;
  let centre = {x: columns / 2, y: rows / 2};

  const scale = () => zooms[zoomIndex]!;
  /** The image coordinate at the canvas's top-left corner, with the view kept inside the image. */
  function origin() {
    const span = viewport / scale();
    const clamp = (c: number, size: number) =>
      span >= size ? size / 2 : Math.min(Math.max(c, span / 2), size - span / 2);
    centre = {x: clamp(centre.x, columns), y: clamp(centre.y, rows)};
    return {left: centre.x - span / 2, top: centre.y - span / 2};
  }

  function draw() {
    const s = scale();
    const {left, top} = origin();
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.imageSmoothingEnabled = false;
    context.setTransform(ratio * s, 0, 0, ratio * s, -left * s * ratio, -top * s * ratio);
    context.drawImage(source, 0, 0);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    const first = {x: Math.max(0, Math.floor(left)), y: Math.max(0, Math.floor(top))};
    const last = {
      x: Math.min(columns, Math.ceil(left + viewport / s)),
      y: Math.min(rows, Math.ceil(top + viewport / s))
    };
    const screen = (x: number, y: number) => ({x: (x - left) * s, y: (y - top) * s});
    if (s >= GRID_LINES_FROM) {
      context.beginPath();
      for (let x = first.x; x <= last.x; x++) {
        const p = screen(x, 0).x;
        context.moveTo(p, 0);
        context.lineTo(p, viewport);
      }
      for (let y = first.y; y <= last.y; y++) {
        const p = screen(0, y).y;
        context.moveTo(0, p);
        context.lineTo(viewport, p);
      }
      context.strokeStyle = "rgba(128, 128, 128, 0.6)";
      context.lineWidth = 1 / ratio;
      context.stroke();
    }
    if (s >= NUMBERS_FROM) {
      const size = Math.floor(s / 4.2);
      context.font = `${size}px ui-monospace, monospace`;
      context.textAlign = "center";
      context.textBaseline = "middle";
      for (let y = first.y; y < last.y; y++) {
        for (let x = first.x; x < last.x; x++) {
          const i = (y * columns + x) * 3;
          const luminance = 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
          context.fillStyle = luminance > 140 ? "#000" : "#fff";
          const p = screen(x + 0.5, y + 0.5);
          for (let c = 0; c < 3; c++) context.fillText(String(rgb[i + c]), p.x, p.y + (c - 1) * size * 1.1);
        }
      }
    }
    outline(cursor, 2.5, screen, s);
    if (hover && (hover.x !== cursor.x || hover.y !== cursor.y)) outline(hover, 1.5, screen, s);
  }

  function outline(
    pixel: {x: number; y: number},
    weight: number,
    screen: (x: number, y: number) => {x: number; y: number},
    s: number
  ) {
    const p = screen(pixel.x, pixel.y);
    const side = Math.max(s, 6);
    const offset = (side - s) / 2;
    // Black inside white: visible on any colour.
    context.lineWidth = weight + 2;
    context.strokeStyle = "#fff";
    context.strokeRect(p.x - offset, p.y - offset, side, side);
    context.lineWidth = weight;
    context.strokeStyle = "#000";
    context.strokeRect(p.x - offset, p.y - offset, side, side);
  }

  function showReadout() {
    const pixel = hover ?? cursor;
    const i = (pixel.y * columns + pixel.x) * 3;
    readout.replaceChildren();
    const heading = document.createElement("p");
    heading.className = "pixel-grid-position";
    const swatch = document.createElement("span");
    swatch.className = "pixel-grid-swatch";
    swatch.style.background = `rgb(${rgb[i]}, ${rgb[i + 1]}, ${rgb[i + 2]})`;
    swatch.setAttribute("aria-hidden", "true");
    heading.append(swatch, `Pixel x ${pixel.x}, y ${pixel.y}`);
    const table = document.createElement("table");
    appendColumnHeadings(table, ["Channel", "0–255", `model input [${range[0]}, ${range[1]}]`]);
    const tbody = table.createTBody();
    CHANNELS.forEach((channel, c) => {
      const row = tbody.insertRow();
      row.dataset.channel = channel;
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = channel;
      th.title = CHANNEL_NAMES[c]!;
      const byte = row.insertCell();
      byte.className = "pixel-grid-byte";
      byte.textContent = String(rgb[i + c]);
      const model = row.insertCell();
      model.className = "pixel-grid-model";
      model.textContent = inputValueText(modelValues[i + c]!);
      row.prepend(th);
    });
    readout.append(heading, table);
  }

  function update() {
    zoomLabel.textContent = zoomIndex === 0 ? "whole image" : `${scale()}× (${scale()} screen pixels per pixel)`;
    slider.value = String(zoomIndex);
    slider.setAttribute("aria-valuetext", zoomLabel.textContent);
    zoomOut.disabled = zoomIndex === 0;
    zoomIn.disabled = zoomIndex === zooms.length - 1;
    canvas.style.touchAction = zoomIndex === 0 ? "auto" : "none";
    canvas.style.cursor = zoomIndex === 0 ? "crosshair" : "grab";
    draw();
    showReadout();
  }

  function zoomTo(index: number) {
    zoomIndex = Math.min(Math.max(index, 0), zooms.length - 1);
    centre = {x: cursor.x + 0.5, y: cursor.y + 0.5};
    update();
  }

  function moveCursor(dx: number, dy: number) {
    cursor = {x: Math.min(Math.max(cursor.x + dx, 0), columns - 1), y: Math.min(Math.max(cursor.y + dy, 0), rows - 1)};
    hover = null;
    // Keep the cursor in view: pan just enough.
    const span = viewport / scale();
    const {left, top} = origin();
    if (cursor.x < left) centre.x -= left - cursor.x;
    if (cursor.x + 1 > left + span) centre.x += cursor.x + 1 - (left + span);
    if (cursor.y < top) centre.y -= top - cursor.y;
    if (cursor.y + 1 > top + span) centre.y += cursor.y + 1 - (top + span);
    update();
  }

  function pixelAt(event: PointerEvent): {x: number; y: number} | null {
    const box = canvas.getBoundingClientRect();
    const s = scale() * (box.width / viewport);
    const {left, top} = origin();
    const x = Math.floor(left + (event.clientX - box.left) / s);
    const y = Math.floor(top + (event.clientY - box.top) / s);
    return x >= 0 && y >= 0 && x < columns && y < rows ? {x, y} : null;
  }

  let drag: {x: number; y: number; centre: {x: number; y: number}; moved: boolean} | null = null;
  canvas.addEventListener("pointerdown", (event) => {
    drag = {x: event.clientX, y: event.clientY, centre: {...centre}, moved: false};
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (drag && zoomIndex > 0) {
      const dx = event.clientX - drag.x;
      const dy = event.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
      if (drag.moved) {
        const s = scale() * (canvas.getBoundingClientRect().width / viewport);
        centre = {x: drag.centre.x - dx / s, y: drag.centre.y - dy / s};
        canvas.style.cursor = "grabbing";
      }
    }
    hover = pixelAt(event);
    draw();
    showReadout();
  });
  canvas.addEventListener("pointerup", (event) => {
    const target = pixelAt(event);
    if (drag && !drag.moved && target) cursor = target;
    drag = null;
    update();
  });
  canvas.addEventListener("pointercancel", () => (drag = null));
  canvas.addEventListener("pointerleave", () => {
    if (drag) return;
    hover = null;
    draw();
    showReadout();
  });
  canvas.addEventListener("keydown", (event) => {
    const step = event.shiftKey ? 10 : 1;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step]
    };
    const move = moves[event.key];
    if (move) moveCursor(...move);
    else if (event.key === "+" || event.key === "=") zoomTo(zoomIndex + 1);
    else if (event.key === "-" || event.key === "_") zoomTo(zoomIndex - 1);
    else return;
    event.preventDefault();
  });
  slider.addEventListener("input", () => zoomTo(Number(slider.value)));
  zoomIn.addEventListener("click", () => zoomTo(zoomIndex + 1));
  zoomOut.addEventListener("click", () => zoomTo(zoomIndex - 1));

  update();
  return root;
}

function button(text: string, label: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.textContent = text;
  element.setAttribute("aria-label", label);
  return element;
}
