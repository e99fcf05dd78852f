// The photo as it is beside the 224×224 picture the model gets, at the same height, so a squashed photo looks squashed.
import {percentText} from "../pipeline/format.js";
import {IMAGE_SIZE} from "../pipeline/input.js";
import type {ResizeEffect} from "../pipeline/inspect.js";
import {rgbImageData} from "./pixel-grid.js";

export interface ResizeComparisonData {
  /** The decoded photo at its own size. */
  original: CanvasImageSource;
  originalWidth: number;
  originalHeight: number;
  /** The resized image: size × size × 3 values 0–255, row by row. */
  rgb: ArrayLike<number>;
  size: number;
}

export function ResizeComparison(data: ResizeComparisonData, {width = 640}: {width?: number} = {}): HTMLElement {
  const {original, originalWidth, originalHeight, rgb, size} = data;
  if (rgb.length !== size * size * 3)
    throw new Error(`ResizeComparison needs ${size * size * 3} values, got ${rgb.length}.`);
  const ratio = originalWidth / originalHeight;
  const gap = 16;
  // Same height for both; as tall as fits side by side, within sensible bounds (they wrap on narrow screens).
  const height = Math.round(Math.min(300, Math.max(120, Math.floor((width - gap - 2) / (ratio + 1)))));
  const dpr = Math.max(1, globalThis.devicePixelRatio || 1);

  const root = document.createElement("div");
  root.className = "resize-comparison";

  const before = document.createElement("canvas");
  const beforeWidth = Math.min(Math.floor(height * ratio), Math.floor(width));
  const beforeHeight = Math.round(beforeWidth / ratio);
  before.width = Math.round(beforeWidth * dpr);
  before.height = Math.round(beforeHeight * dpr);
  before.style.width = `${beforeWidth}px`;
  before.style.height = `${beforeHeight}px`;
  const context = before.getContext("2d")!;
  context.imageSmoothingQuality = "high";
  context.drawImage(original, 0, 0, before.width, before.height);
  before.setAttribute("role", "img");
  before.setAttribute("aria-label", `The photo at its own proportions, ${originalWidth} × ${originalHeight} pixels.`);

  const after = document.createElement("canvas");
  after.width = size;
  after.height = size;
  after.style.width = `${height}px`;
  after.style.height = `${height}px`;
  after.getContext("2d")!.putImageData(rgbImageData(rgb, size, size), 0, 0);
  after.setAttribute("role", "img");
  after.setAttribute("aria-label", `The same photo resized to ${size} × ${size} pixels, as the model sees it.`);

  root.append(
    figure(before, `Original: ${originalWidth}\u00a0×\u00a0${originalHeight}`),
    figure(after, `What the model sees: ${size}\u00a0×\u00a0${size}`)
  );
  return root;
}

function figure(canvas: HTMLCanvasElement, text: string): HTMLElement {
  const element = document.createElement("figure");
  const caption = document.createElement("figcaption");
  caption.textContent = text;
  element.append(canvas, caption);
  return element;
}

/** A sentence under the comparison: what squeezing the photo into the model's square did to its shape. */
export function ResizeNote(effect: ResizeEffect): HTMLElement {
  const note = document.createElement("p");
  note.className = "resize-note";
  if (effect.unchanged) {
    note.textContent = `Your image is already ${IMAGE_SIZE} × ${IMAGE_SIZE}, so the package leaves it exactly as it is.`;
  } else if (!effect.distorted) {
    note.textContent = `Your photo is square, so only its size changes (to ${percentText(effect.scaleX)}), not its shape.`;
  } else {
    const wider = effect.direction === "narrower";
    const heading = document.createElement("strong");
    heading.textContent = "The proportions changed. ";
    const training =
      effect.squash <= 4 / 3
        ? "to a square, so this much squeezing is within what it learned from."
        : `to a square; this is more than that, so it sees a ${wider ? "thinner" : "flatter"} world than it learned from.`;
    note.className = "note resize-note";
    note.append(
      heading,
      `Your photo is ${wider ? "wider than it is tall" : "taller than it is wide"}, so squeezing it into a square makes ` +
        `everything in it ${effect.squash.toFixed(2)}× ${effect.direction}: the width is scaled to ` +
        `${percentText(effect.scaleX)}, the height to ${percentText(effect.scaleY)}. In training, MobileNet saw crops ` +
        `stretched by up to about 4:3 on their way ${training}`
    );
  }
  return note;
}
