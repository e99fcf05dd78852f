// Other ways to turn a photo into the model's 224×224 input, beside the package's own (squash the whole photo,
// bilinear, corners aligned). Each is a mistake or a choice that other apps make, and each changes the answer.
// Every function returns the picture the model gets as [size, size, 3] float32 on the 0–255 scale: `model.infer()`
// then divides by 255 as it always does (its resize is skipped, the picture being 224×224 already), so the model sees
// exactly these values over 255.
import * as tf from "@tensorflow/tfjs-core";
import {IMAGE_SIZE} from "./input.js";

export type PreprocessingId = "squash" | "crop" | "pad" | "range" | "bgr" | "nearest";

export interface Preprocessing {
  id: PreprocessingId;
  title: string;
  /** What it does, in a sentence. */
  how: string;
}

export const PREPROCESSINGS: readonly Preprocessing[] = [
  {
    id: "squash",
    title: "Squash (the package's way)",
    how: "The whole photo, squeezed to 224×224 with bilinear resizing, whatever its shape: the reference."
  },
  {
    id: "crop",
    title: "Centre crop",
    how: "The largest square in the middle of the photo, resized: the edges are lost."
  },
  {
    id: "pad",
    title: "Pad to square",
    how: "Black bars added to make the photo square, then resized: nothing is lost or squashed, but it is smaller."
  },
  {
    id: "range",
    title: "Wrong range [−1, 1]",
    how: "Pixels scaled to −1…1, as other MobileNets want, fed to this model, which reads 0…1: the darker half goes below black."
  },
  {
    id: "bgr",
    title: "Channels swapped (BGR)",
    how: "Blue and red swapped, as OpenCV stores pixels: the same photo in the wrong colours."
  },
  {
    id: "nearest",
    title: "Nearest-neighbour resize",
    how: "Each output pixel copies one photo pixel instead of blending its neighbours: jagged edges, lost detail."
  }
];

/** The picture the model gets from `pixels` ([h, w, 3], 0–255) under preprocessing `id`. The caller disposes it. */
export function preprocess(pixels: tf.Tensor3D, id: PreprocessingId, size = IMAGE_SIZE): tf.Tensor3D {
  return tf.tidy(() => {
    const image = tf.cast(pixels, "float32") as tf.Tensor3D;
    switch (id) {
      case "squash":
        return squash(image, size);
      case "crop":
        return squash(centreSquare(image), size);
      case "pad":
        return squash(padToSquare(image), size);
      case "range":
        // [−1, 1] is p / 127.5 − 1; on the 0–255 scale the model divides by 255, that is 2p − 255.
        return tf.sub(tf.mul(squash(image, size), 2), 255);
      case "bgr":
        return tf.reverse(squash(image, size), -1);
      case "nearest":
        return tf.image.resizeNearestNeighbor(image, [size, size], true);
    }
  });
}

/** Bilinear, corners aligned: what @tensorflow-models/mobilenet's infer() does to any image that isn't 224×224. */
function squash(image: tf.Tensor3D, size: number): tf.Tensor3D {
  const [height, width] = image.shape;
  return height === size && width === size ? image : tf.image.resizeBilinear(image, [size, size], true);
}

/** The largest centred square (an odd pixel left over goes to the bottom or right edge). */
function centreSquare(image: tf.Tensor3D): tf.Tensor3D {
  const [height, width] = image.shape;
  const side = Math.min(height, width);
  const top = Math.floor((height - side) / 2);
  const left = Math.floor((width - side) / 2);
  return tf.slice(image, [top, left, 0], [side, side, 3]);
}

/** Black bars on the short sides, the photo centred (an odd pixel of bar goes to the bottom or right). */
function padToSquare(image: tf.Tensor3D): tf.Tensor3D {
  const [height, width] = image.shape;
  const side = Math.max(height, width);
  const top = Math.floor((side - height) / 2);
  const left = Math.floor((side - width) / 2);
  return tf.pad(image, [
    [top, side - height - top],
    [left, side - width - left],
    [0, 0]
  ]);
}

/** A picture from `preprocess` as 0–255 integers to draw: values the model reads as below black or above white clip. */
export function toDrawable(picture: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => tf.cast(tf.clipByValue(tf.round(picture), 0, 255), "int32"));
}
