// A reader's image (a sample, a file, a paste) → the pixels tensor the model takes, as the browser shows it.
// The file is checked from its own bytes before the browser decodes it: its real format (the name and the MIME type
// may lie), whether it is whole, and the size it claims, so a small file cannot ask for gigabytes.
import * as tf from "@tensorflow/tfjs-core";
import {
  ACCEPTED_LIST,
  MAX_PIXELS,
  MIME_TYPES,
  describeContent,
  megapixels,
  readImageHeader,
  sniffFormat,
  type ImageHeader
} from "../pipeline/image-header.js";

export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
export const ACCEPTED_DESCRIPTION = ACCEPTED_LIST;

/** Files larger than this are refused before they are read into memory (a 40-megapixel photo is far smaller). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Canvases wider or taller than this fail in Chrome and Firefox. */
const MAX_CANVAS_SIDE = 32_767;

/** A decoded image, drawn on white (so transparent areas are white, as the lesson says), upright per its EXIF. */
export interface LoadedImage {
  name: string;
  canvas: HTMLCanvasElement;
  width: number;
  height: number;
  /** What was changed on the way to plain RGB (transparency, rotation, frames…), one sentence each. */
  notes: string[];
}

/** Thrown for an image the lesson can't use; the message says what is wrong and what to try. */
export class ImageProblem extends Error {
  override name = "ImageProblem";
}

const TRY_ANOTHER = `Choose a ${ACCEPTED_LIST} image.`;

/** Decodes a file the reader chose. Throws ImageProblem (with a message for the reader) for anything unusable. */
export async function loadImage(blob: Blob, name: string): Promise<LoadedImage> {
  const subject = `“${name}”`;
  if (blob.size === 0)
    throw new ImageProblem(`${subject} is empty (0 bytes), so there is no image in it. ${TRY_ANOTHER}`);
  if (blob.size > MAX_FILE_BYTES) {
    throw new ImageProblem(
      `${subject} is ${Math.round(blob.size / 1024 / 1024)} MB, more than the ${MAX_FILE_BYTES / 1024 / 1024} MB this page reads. ` +
        "Export a smaller copy (the model only looks at 224×224 pixels) and try again."
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await blob.arrayBuffer());
  } catch {
    throw new ImageProblem(
      `${subject} could not be read from your device. Check that the file is still there and choose it again.`
    );
  }
  const header = checkHeader(bytes, subject);

  let bitmap: ImageBitmap;
  try {
    // The browser sniffs the bytes as well; the type just keeps it from guessing from a misleading one.
    bitmap = await createImageBitmap(blob.slice(0, blob.size, MIME_TYPES[header.format]), {
      imageOrientation: "from-image"
    });
  } catch {
    throw new ImageProblem(
      `${subject} starts like a ${header.format} file, but the browser could not decode its image data: the file is damaged. ` +
        `Open it in an image viewer, or export it again. ${TRY_ANOTHER}`
    );
  }
  try {
    const notes = describeConversions(header, bitmap);
    const canvas = drawOnWhite(bitmap, bitmap.width, bitmap.height, header.hasAlpha, notes, subject);
    return {name, canvas, width: canvas.width, height: canvas.height, notes};
  } finally {
    bitmap.close();
  }
}

/** The image as the [height, width, 3] int32 tensor `tf.browser.fromPixels` makes. The caller disposes it. */
export function toPixels(image: LoadedImage): tf.Tensor3D {
  return tf.browser.fromPixels(image.canvas, 3);
}

/**
 * Each image of a batch [n, height, width, 3] of 0–255 values (floats allowed) as RGBA bytes to draw, rounded to whole
 * numbers first: tf.browser.toPixels reads floats as 0–1. Frees what it makes; the caller keeps `batch`.
 */
export async function batchToRgba(batch: tf.Tensor4D): Promise<Uint8ClampedArray[]> {
  const images = tf.tidy(() => tf.unstack(tf.cast(tf.round(batch), "int32")) as tf.Tensor3D[]);
  try {
    return await Promise.all(images.map((image) => tf.browser.toPixels(image)));
  } finally {
    tf.dispose(images);
  }
}

/** The header of an accepted, whole, not-too-large image; otherwise an ImageProblem saying which of those it isn't. */
function checkHeader(bytes: Uint8Array, subject: string): ImageHeader {
  const format = sniffFormat(bytes);
  if (!format) {
    const kind = describeContent(bytes);
    throw new ImageProblem(
      (kind
        ? `${subject} is ${kind}, not an image this page can use.`
        : `${subject} is not an image this page can use.`) +
        ` It accepts ${ACCEPTED_LIST} files: convert it to one of those (for example, export it as PNG) and try again.`
    );
  }
  const header = readImageHeader(bytes);
  if (!header) {
    throw new ImageProblem(
      `${subject} starts like a ${format} file, but its header is damaged or cut off, so its size is unknown. ` +
        "It may be an incomplete download or copy: get or export the file again."
    );
  }
  const {width, height} = header;
  if (width * height > MAX_PIXELS) {
    throw new ImageProblem(
      `${subject} says it is ${width}×${height} pixels (${megapixels(width * height)} megapixels). This page refuses images over ` +
        `${megapixels(MAX_PIXELS)} megapixels, so that one file cannot use up your browser's memory. The model only looks at ` +
        "224×224 pixels: scale the image down (for example, to 2000 pixels on the long side) and try again."
    );
  }
  if (Math.max(width, height) > MAX_CANVAS_SIDE) {
    throw new ImageProblem(
      `${subject} is ${width}×${height} pixels: a side longer than ${MAX_CANVAS_SIDE.toLocaleString("en-US")} pixels is more ` +
        "than a browser can draw. Crop or scale it down and try again."
    );
  }
  if (!header.complete) {
    throw new ImageProblem(
      `${subject} starts like a ${format} file, but it is cut off: the file ends before the image does. ` +
        "It may be an incomplete download or copy: get or export the file again."
    );
  }
  return header;
}

function describeConversions(header: ImageHeader, bitmap: ImageBitmap): string[] {
  const notes: string[] = [];
  if (header.orientation > 1) {
    const turned = bitmap.width === header.height && bitmap.height === header.width && header.width !== header.height;
    notes.push(
      `Its EXIF orientation (${header.orientation}) was applied${turned ? ", turning it" : ""}: the model sees it upright, as you do.`
    );
  }
  if (header.frames > 1) notes.push(`It is animated (${header.frames} frames): the model sees the first frame only.`);
  if (header.colour === "cmyk") notes.push("Its CMYK colours were converted to RGB by your browser.");
  if (header.colour === "grey") notes.push("It is greyscale: its one channel is copied into red, green and blue.");
  if (header.bitDepth > 8)
    notes.push(`It has ${header.bitDepth} bits per channel; the browser reduces them to 8 (values 0–255).`);
  return notes;
}

/** Draws `source` on a canvas over white. When the image may be see-through, it is first drawn alone to count the
 * pixels that are, so the note appears only when transparency actually changed something. */
function drawOnWhite(
  source: CanvasImageSource,
  width: number,
  height: number,
  mayBeTransparent: boolean,
  notes: string[],
  subject: string
): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", {willReadFrequently: true});
  if (!context || canvas.width !== width || canvas.height !== height) {
    throw new ImageProblem(
      `${subject} (${width}×${height} pixels) is too large for this browser to draw. Scale it down and try again.`
    );
  }
  if (mayBeTransparent) {
    context.drawImage(source, 0, 0);
    const {data} = context.getImageData(0, 0, width, height);
    let transparent = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! < 255) transparent++;
    if (transparent > 0) {
      const share = (100 * transparent) / (width * height);
      notes.push(
        `It has transparent pixels (${share < 0.1 ? "<0.1" : share.toFixed(1)}% of it), shown on white: the model takes ` +
          "no transparency, and white is what it sees there."
      );
    }
    context.globalCompositeOperation = "destination-over"; // white goes behind what is drawn
  }
  context.fillStyle = "#fff";
  context.fillRect(0, 0, width, height);
  if (!mayBeTransparent) context.drawImage(source, 0, 0);
  context.globalCompositeOperation = "source-over";
  return canvas;
}
