// Image → model input, exactly as @tensorflow-models/mobilenet's infer() does it: cast to float, map 0–255 onto the
// model's input range, then (if the image is not already 224×224) resize the whole image bilinearly with aligned
// corners, and add a batch axis. Pages show each of these steps; the layers model runs through this function.
import * as tf from "@tensorflow/tfjs-core";

export const IMAGE_SIZE = 224;

/** The interval a model expects its pixel values in: [0, 1] for the TF-Hub graph model, [-1, 1] for the layers model. */
export type InputRange = readonly [min: number, max: number];

/** Pixel value v (0–255) as the model sees it. */
export function normalizePixel(value: number, [min, max]: InputRange): number {
  return value * ((max - min) / 255) + min;
}

/** [h, w, 3] (or a batch [n, h, w, 3]) of 0–255 values → [n, 224, 224, 3] float32 in the model's input range. */
export function toModelInput(pixels: tf.Tensor3D | tf.Tensor4D, [min, max]: InputRange): tf.Tensor4D {
  return tf.tidy(() => {
    const normalized = tf.add(tf.mul(tf.cast(pixels, "float32"), (max - min) / 255), min) as tf.Tensor3D | tf.Tensor4D;
    const [height, width] = pixels.rank === 3 ? pixels.shape : pixels.shape.slice(1);
    const resized =
      height === IMAGE_SIZE && width === IMAGE_SIZE
        ? normalized
        : tf.image.resizeBilinear(normalized, [IMAGE_SIZE, IMAGE_SIZE], true);
    return tf.reshape(resized, [-1, IMAGE_SIZE, IMAGE_SIZE, 3]);
  });
}

/** The 224×224 image the model sees, back in 0–255 (int32), for drawing: resized exactly as toModelInput resizes. */
export function toModelView(pixels: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [height, width] = pixels.shape;
    if (height === IMAGE_SIZE && width === IMAGE_SIZE) return tf.cast(pixels, "int32");
    const resized = tf.image.resizeBilinear(tf.cast(pixels, "float32") as tf.Tensor3D, [IMAGE_SIZE, IMAGE_SIZE], true);
    return tf.cast(tf.clipByValue(tf.round(resized), 0, 255), "int32");
  });
}

/**
 * The normalisation step of toModelInput on its own, at the image's own size: [h, w, 3] 0–255 → float32 in `range`.
 * Same arithmetic as toModelInput, so a page can show the values before the resize blends neighbouring pixels.
 */
export function normalizePixels(pixels: tf.Tensor3D, [min, max]: InputRange): tf.Tensor3D {
  return tf.tidy(() => tf.add(tf.mul(tf.cast(pixels, "float32"), (max - min) / 255), min));
}
