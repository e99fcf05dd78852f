// A ready-made set of examples, made from the gallery photos: each photo becomes several slightly different pictures
// (a crop, sometimes flipped, lighter or darker), the way a camera would see the same thing from a little further or
// nearer, in other light. Nothing is downloaded and nothing is invented: every picture is a photo's own pixels.
import * as tf from "@tensorflow/tfjs-core";
import {IMAGE_SIZE} from "./input.js";
import {seededRandom} from "./random.js";

/** One variation of a photo. */
export interface Variation {
  /** The crop, as fractions of the photo: [top, left, bottom, right] (what tf.image.cropAndResize takes). */
  box: [number, number, number, number];
  /** Mirror it left to right. */
  flip: boolean;
  /** New value = old × gain + offset, kept within 0–255: below 1 darker, above 1 lighter. */
  gain: number;
  offset: number;
}

/**
 * `count` variations for a photo `width` × `height` pixels, the same for the same seed. The first is the whole photo's
 * centre square, as it is; the others are squares 60–100% of the short side anywhere in the photo, half of them
 * mirrored, with gain 0.7–1.3 and offset −25 to +25.
 */
export function drawVariations(count: number, width: number, height: number, seed: number): Variation[] {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const short = Math.min(width, height);
  return Array.from({length: count}, (_, i) => {
    const side = i === 0 ? short : short * between(0.6, 1);
    const top = i === 0 ? (height - side) / 2 : between(0, height - side);
    const left = i === 0 ? (width - side) / 2 : between(0, width - side);
    return {
      box: [top / height, left / width, (top + side) / height, (left + side) / width],
      flip: i !== 0 && random() < 0.5,
      gain: i === 0 ? 1 : between(0.7, 1.3),
      offset: i === 0 ? 0 : between(-25, 25)
    };
  });
}

/**
 * The variations of one photo, pixels [height, width, 3] with values 0–255, as a batch [count, 224, 224, 3] of values
 * 0–255 (float32): what `model.infer(batch, true)` takes. The caller disposes it.
 */
export function vary(pixels: tf.Tensor3D, variations: readonly Variation[], size = IMAGE_SIZE): tf.Tensor4D {
  return tf.tidy(() => {
    const image = tf.expandDims(tf.cast(pixels, "float32"), 0) as tf.Tensor4D;
    const boxes = tf.tensor2d(
      variations.map((v) => v.box),
      [variations.length, 4]
    );
    const crops = tf.image.cropAndResize(image, boxes, new Array<number>(variations.length).fill(0), [size, size]);
    const mirrored = tf.image.flipLeftRight(crops);
    const flips = tf.tensor4d(
      variations.map((v) => (v.flip ? 1 : 0)),
      [variations.length, 1, 1, 1]
    );
    const oriented = tf.add(tf.mul(mirrored, flips), tf.mul(crops, tf.sub(1, flips)));
    const gains = tf.tensor4d(
      variations.map((v) => v.gain),
      [variations.length, 1, 1, 1]
    );
    const offsets = tf.tensor4d(
      variations.map((v) => v.offset),
      [variations.length, 1, 1, 1]
    );
    return tf.clipByValue(tf.add(tf.mul(oriented, gains), offsets), 0, 255) as tf.Tensor4D;
  });
}

/** The ready-made set: two subjects of the gallery that look nothing alike, each from its own photos. */
export const READY_MADE_CLASSES: readonly {name: string; photos: readonly string[]}[] = [
  {name: "cat", photos: ["cat.png"]},
  {name: "bird", photos: ["bird.png", "parrot.jpg", "owl.jpg"]}
];

export const READY_MADE_PER_CLASS = 20;

/** How many variations of each photo of a class make up its READY_MADE_PER_CLASS examples (the first photos get any extra). */
export function variationsPerPhoto(photos: number, perClass = READY_MADE_PER_CLASS): number[] {
  return Array.from({length: photos}, (_, i) => Math.floor(perClass / photos) + (i < perClass % photos ? 1 : 0));
}

/** One example of the ready-made set: the picture the model saw and its embedding. */
export interface ReadyMadeExample {
  /** Index into READY_MADE_CLASSES. */
  label: number;
  photo: string;
  /** [224, 224, 3] int32 0–255. The receiver disposes it. */
  picture: tf.Tensor3D;
  embedding: Float32Array;
}

/**
 * The ready-made set, one example at a time (so a page can draw between them): each photo of each class, opened by
 * `openPhoto` as pixels [h, w, 3] 0–255, varied, and each variation run through `model.infer(picture, true)`.
 */
export async function* readyMadeExamples(
  model: {infer(pixels: tf.Tensor3D, embedding: boolean): tf.Tensor2D},
  openPhoto: (name: string) => Promise<tf.Tensor3D>,
  seed = 1
): AsyncGenerator<ReadyMadeExample> {
  for (const [label, {photos}] of READY_MADE_CLASSES.entries()) {
    const counts = variationsPerPhoto(photos.length);
    for (const [p, photo] of photos.entries()) {
      const pixels = await openPhoto(photo);
      try {
        const [height, width] = pixels.shape;
        // One variation at a time: each step is one crop and one run of the model, short enough not to hold up a frame.
        for (const variation of drawVariations(counts[p]!, width, height, seed + 100 * label + p)) {
          const picture = tf.tidy(() =>
            tf.cast(tf.round(tf.squeeze(vary(pixels, [variation]), [0])), "int32")
          ) as tf.Tensor3D;
          const embedding = tf.tidy(() => model.infer(picture, true));
          const values = (await embedding.data()) as Float32Array;
          embedding.dispose();
          yield {label, photo, picture, embedding: values};
        }
      } finally {
        pixels.dispose();
      }
    }
  }
}
