// Pictures of nothing the model knows: a flat colour, noise, a toy drawing. Each is [size, size, 3] int32 0–255,
// like tf.browser.fromPixels gives, so the model takes it as it takes a photo. Noise comes from a seeded generator,
// not tf.randomUniform: the same picture every time, in every browser (and tfjs's own random ops break in the site's
// bundle, whose seedrandom loses its exports).
import * as tf from "@tensorflow/tfjs-core";
import {IMAGE_SIZE} from "./input.js";
import {seededRandom, TOY_SIZE} from "./toy-drawings.js";

/** Every pixel the same grey level: 0 is black, 128 mid grey. */
export function flatImage(level: number, size = IMAGE_SIZE): tf.Tensor3D {
  return tf.fill([size, size, 3], level, "int32") as tf.Tensor3D;
}

/** Every channel of every pixel an independent random level 0–255, the same for the same seed. */
export function noiseImage(seed: number, size = IMAGE_SIZE): tf.Tensor3D {
  const random = seededRandom(seed);
  return tf.tensor3d(
    Int32Array.from({length: size * size * 3}, () => Math.floor(random() * 256)),
    [size, size, 3],
    "int32"
  );
}

/** A 10×10 toy drawing (grey levels, row by row) blown up to size × size, each pixel a sharp square, in grey. */
export function drawingImage(drawing: readonly number[], size = IMAGE_SIZE): tf.Tensor3D {
  if (drawing.length !== TOY_SIZE * TOY_SIZE) {
    throw new Error(`A toy drawing has ${TOY_SIZE * TOY_SIZE} pixels, not ${drawing.length}.`);
  }
  return tf.tidy(() => {
    const grey = tf.tensor3d([...drawing], [TOY_SIZE, TOY_SIZE, 1], "float32");
    const big = tf.image.resizeNearestNeighbor(grey, [size, size]);
    return tf.cast(tf.tile(big, [1, 1, 3]), "int32") as tf.Tensor3D;
  });
}
