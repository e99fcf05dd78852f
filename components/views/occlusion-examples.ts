// A few of the occlusion experiment's images, each with one square greyed out, so the reader sees what the model is
// shown before the map says what it made of them.
import type {GridCell} from "../pipeline/occlusion.js";

export interface OcclusionExample {
  /** The image as RGBA bytes, `width` × `height` (what tf.browser.toPixels returns). */
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** The square greyed out in it. */
  cell: GridCell;
}

export function OcclusionExamples(examples: readonly OcclusionExample[]): HTMLElement {
  const strip = document.createElement("div");
  strip.className = "occlusion-examples";
  for (const {rgba, width, height, cell} of examples) {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    canvas.getContext("2d")!.putImageData(new ImageData(new Uint8ClampedArray(rgba), width, height), 0, 0);
    canvas.className = "occlusion-example";
    canvas.setAttribute("role", "img");
    canvas.setAttribute(
      "aria-label",
      `The model's view with the square at row ${cell.row + 1}, column ${cell.col + 1} greyed out`
    );
    const figure = document.createElement("figure");
    const caption = document.createElement("figcaption");
    caption.textContent = `Square ${cell.row + 1}, ${cell.col + 1} greyed out`;
    figure.append(canvas, caption);
    strip.append(figure);
  }
  return strip;
}
