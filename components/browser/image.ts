// A reader's image (a sample URL, a file, a paste) → the pixels tensor the model takes, as the browser shows it.
import * as tf from "@tensorflow/tfjs";

export const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
export const ACCEPTED_DESCRIPTION = "JPEG, PNG, GIF or WebP";

/** A decoded image, drawn on white (so transparent areas are white, as the lesson says), upright per its EXIF. */
export interface LoadedImage {
  name: string;
  canvas: HTMLCanvasElement;
  width: number;
  height: number;
  notes: string[];
}

/** Thrown for an image the lesson can't use; the message is for the reader. */
export class ImageProblem extends Error {
  override name = "ImageProblem";
}

export async function loadImage(blob: Blob, name: string): Promise<LoadedImage> {
  if (blob.size === 0) throw new ImageProblem(`"${name}" is empty (0 bytes). Choose a ${ACCEPTED_DESCRIPTION} image.`);
  if (blob.type && !(ACCEPTED_TYPES as readonly string[]).includes(blob.type)) {
    throw new ImageProblem(`"${name}" is ${blob.type}, not an image the lesson takes. Choose a ${ACCEPTED_DESCRIPTION} image.`);
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, {imageOrientation: "from-image"});
  } catch {
    throw new ImageProblem(
      `"${name}" could not be read as an image: it may be damaged or not a picture. Choose a ${ACCEPTED_DESCRIPTION} image.`
    );
  }
  const canvas = document.createElement("canvas");
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext("2d", {willReadFrequently: true})!;
  context.fillStyle = "#fff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const notes = blob.type === "image/gif" ? ["An animated GIF shows the model its first frame only."] : [];
  return {name, canvas, width: canvas.width, height: canvas.height, notes};
}

/** The image as the [height, width, 3] int32 tensor `tf.browser.fromPixels` makes. The caller disposes it. */
export function toPixels(image: LoadedImage): tf.Tensor3D {
  return tf.browser.fromPixels(image.canvas, 3);
}
