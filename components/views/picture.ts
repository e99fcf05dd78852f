// Small pictures drawn from plain numbers: what the model is given, as a canvas with a text alternative.
import {rgbImageData} from "./pixel-grid.js";

/**
 * A size × size picture (rgb: size·size·3 values 0–255, row by row) on a canvas `display` CSS pixels wide, drawn
 * pixel for pixel (no smoothing, so a nearest-neighbour picture looks as jagged as it is). `label` describes it.
 */
export function PictureCanvas(rgb: ArrayLike<number>, size: number, label: string, display = size): HTMLCanvasElement {
  if (rgb.length !== size * size * 3)
    throw new Error(`PictureCanvas needs ${size * size * 3} values, got ${rgb.length}.`);
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  canvas.className = "picture-canvas";
  canvas.style.width = `${display}px`;
  canvas.style.height = `${display}px`;
  canvas.getContext("2d")!.putImageData(rgbImageData(rgb, size, size), 0, 0);
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", label);
  return canvas;
}

/**
 * A printed page photographed close up: a few lines of dark text on off-white paper, drawn on a canvas in the
 * browser (nothing downloaded). The model's classes include no "text": a picture of nothing it knows.
 */
export function TextPhoto(size = 224): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d")!;
  context.fillStyle = "#f3efe6";
  context.fillRect(0, 0, size, size);
  context.fillStyle = "#26231f";
  const lines = [
    "The model has 1000 classes",
    "and none of them is text.",
    "Softmax still shares out",
    "all of the probability,",
    "so some class must win:",
    "it cannot say that it",
    "sees nothing it knows.",
    "A threshold can say so."
  ];
  const lineHeight = size / (lines.length + 1.5);
  context.font = `${Math.round(lineHeight * 0.62)}px Georgia, "Times New Roman", serif`;
  context.textBaseline = "middle";
  lines.forEach((line, i) => context.fillText(line, size * 0.07, lineHeight * (i + 1.25), size * 0.86));
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", `A photo of a printed page: ${lines.join(" ")}`);
  return canvas;
}

/** Pictures side by side, each with its caption. */
export function PictureRow(items: readonly {caption: string; picture: HTMLElement}[], className: string): HTMLElement {
  const row = document.createElement("div");
  row.className = `picture-row ${className}`;
  for (const {caption, picture} of items) {
    const figure = document.createElement("figure");
    const text = document.createElement("figcaption");
    text.textContent = caption;
    figure.append(picture, text);
    row.append(figure);
  }
  return row;
}
