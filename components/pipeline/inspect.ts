// Reading an image tensor for display: a few named pixels, their values, and what resizing to 224×224 does to the
// picture's proportions. Pages hand the plain numbers these return to views.
import * as tf from "@tensorflow/tfjs-core";
import {IMAGE_SIZE} from "./input.js";

/** A shape as tfjs prints it: [1, 224, 224, 3]. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

export interface PixelPosition {
  x: number;
  y: number;
  /** Why this pixel is worth a look, e.g. "centre" or "brightest". */
  label: string;
}

/**
 * Pixels that tell something about an image [h, w, 3]: its top-left corner, its centre, and its darkest and brightest
 * pixel (by R + G + B; the first one in reading order on a tie). A pixel that is several of these is listed once.
 */
export async function landmarkPixels(pixels: tf.Tensor3D): Promise<PixelPosition[]> {
  const [height, width] = pixels.shape;
  const extremes = tf.tidy(() => {
    const brightness = tf.reshape(tf.sum(tf.cast(pixels, "float32"), 2), [-1]);
    return tf.stack([tf.argMin(brightness), tf.argMax(brightness)]);
  });
  const [darkest, brightest] = Array.from(await extremes.data());
  extremes.dispose();
  const at = (index: number, label: string): PixelPosition => ({x: index % width, y: Math.floor(index / width), label});
  const candidates: PixelPosition[] = [
    {x: 0, y: 0, label: "top-left corner"},
    {x: Math.floor(width / 2), y: Math.floor(height / 2), label: "centre"},
    at(darkest!, "darkest"),
    at(brightest!, "brightest")
  ];
  const merged: PixelPosition[] = [];
  for (const candidate of candidates) {
    const same = merged.find((p) => p.x === candidate.x && p.y === candidate.y);
    if (same) same.label += `, ${candidate.label}`;
    else merged.push({...candidate});
  }
  return merged;
}

/**
 * The values of each tensor [h, w, c] at `positions`, read in one go: result[t][p] is tensor t's c values at
 * position p. Only the requested pixels are copied out of the tensors.
 */
export async function readPixels(
  tensors: readonly tf.Tensor3D[],
  positions: readonly {x: number; y: number}[]
): Promise<number[][][]> {
  if (positions.length === 0) return tensors.map(() => []);
  for (const t of tensors) {
    const [height, width] = t.shape;
    for (const {x, y} of positions) {
      if (!(Number.isInteger(x) && Number.isInteger(y) && x >= 0 && y >= 0 && x < width && y < height)) {
        throw new RangeError(`Pixel (${x}, ${y}) is outside the ${width} × ${height} image.`);
      }
    }
  }
  const gathered = tf.tidy(() => {
    const indices = tf.tensor2d(
      positions.map(({x, y}) => [y, x]),
      [positions.length, 2],
      "int32"
    );
    return tensors.map((t) => tf.gatherND(t, indices));
  });
  try {
    return (await Promise.all(gathered.map((g) => g.array()))) as number[][][];
  } finally {
    tf.dispose(gathered);
  }
}

/** What squeezing a width × height image into IMAGE_SIZE × IMAGE_SIZE (the whole image, no cropping) does to it. */
export interface ResizeEffect {
  /** How much each axis is scaled: below 1 shrinks, above 1 stretches. */
  scaleX: number;
  scaleY: number;
  /** The image's width / height; 1 for a square. */
  aspectRatio: number;
  /** True when the two axes are scaled differently (more than 1% apart), so shapes in the picture change. */
  distorted: boolean;
  /**
   * How many times narrower (if the image was wider than tall) or shorter (if taller than wide) things look after the
   * resize: the larger of the two axis scales divided by the smaller. 1 when not distorted.
   */
  squash: number;
  /** Which way things get squeezed. */
  direction: "none" | "narrower" | "shorter";
  /** True when the image already is IMAGE_SIZE × IMAGE_SIZE, so the package does not resize it at all. */
  unchanged: boolean;
}

export function resizeEffect(width: number, height: number, size = IMAGE_SIZE): ResizeEffect {
  if (!(width > 0 && height > 0)) throw new RangeError(`An image has a positive size, not ${width} × ${height}.`);
  const scaleX = size / width;
  const scaleY = size / height;
  const squash = Math.max(scaleX, scaleY) / Math.min(scaleX, scaleY);
  const distorted = squash > 1.01;
  return {
    scaleX,
    scaleY,
    aspectRatio: width / height,
    distorted,
    squash: distorted ? squash : 1,
    direction: !distorted ? "none" : width > height ? "narrower" : "shorter",
    unchanged: width === size && height === size
  };
}

/** One landmark pixel of an image: its 0–255 values and, for each normalised copy, the numbers a model gets there. */
export interface LandmarkValues extends PixelPosition {
  /** R, G, B, 0–255. */
  rgb: number[];
  /** R, G, B in each normalised copy, in the order the copies were given. */
  normalized: number[][];
}

/** The landmark pixels of `pixels` (see landmarkPixels), read from it and from each normalised copy of it. */
export async function landmarkValues(
  pixels: tf.Tensor3D,
  normalizedCopies: readonly tf.Tensor3D[]
): Promise<LandmarkValues[]> {
  const landmarks = await landmarkPixels(pixels);
  const [raw, ...copies] = await readPixels([pixels, ...normalizedCopies], landmarks);
  return landmarks.map((position, i) => ({...position, rgb: raw![i]!, normalized: copies.map((copy) => copy[i]!)}));
}
