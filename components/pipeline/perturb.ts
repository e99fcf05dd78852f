// Edits a photo the way a camera or a photo app might, so a reader can watch the model's numbers respond. Each edit
// takes pixels [h, w, 3] with values 0–255 and returns a new int32 tensor of the same shape, rounded and clipped to
// 0–255: every step yields a real image, as if it had been saved and reopened. The caller disposes the result.
import * as tf from "@tensorflow/tfjs-core";

/** Mid-grey: what rotation fills the uncovered corners with, and what the occlusion patch is painted with. */
export const GREY = 128;

export interface Perturbation {
  /** Added to every channel value (0: unchanged). */
  brightness: number;
  /** Stretch of every value away from the image's mean (1: unchanged, 0: a flat grey, 2: twice as far). */
  contrast: number;
  /** Turn about the image's centre, in degrees. */
  rotation: number;
  /** Magnification (1: the whole image, 2: the middle half of each side blown up to full size). */
  zoom: number;
  /** Where the zoomed window sits, −1 (left/top edge) … 1 (right/bottom edge); 0 is centred. */
  panX: number;
  panY: number;
  /** Standard deviation of added Gaussian noise, in 0–255 units (0: none). */
  noise: number;
  /** Picks the noise pattern: the same seed gives the same noise, so a result can be reproduced. */
  seed: number;
}

export const NEUTRAL_PERTURBATION: Readonly<Perturbation> = Object.freeze({
  brightness: 0,
  contrast: 1,
  rotation: 0,
  zoom: 1,
  panX: 0,
  panY: 0,
  noise: 0,
  seed: 1
});

/** Rounds and clips to valid pixel values, as an int32 tensor. */
function toPixelValues(values: tf.Tensor3D): tf.Tensor3D {
  return tf.cast(tf.clipByValue(tf.round(values), 0, 255), "int32");
}

export function brighten(pixels: tf.Tensor3D, amount: number): tf.Tensor3D {
  return tf.tidy(() => toPixelValues(tf.add(tf.cast(pixels, "float32"), amount)));
}

/** Contrast about the image's own mean value, so a contrast change alone does not make the image brighter or darker. */
export function scaleContrast(pixels: tf.Tensor3D, factor: number): tf.Tensor3D {
  return tf.tidy(() => {
    const values = tf.cast(pixels, "float32");
    const mean = tf.mean(values);
    return toPixelValues(tf.add(tf.mul(tf.sub(values, mean), factor), mean));
  });
}

/** Turns the image about its centre; corners that turn in from outside the photo are mid-grey. */
export function rotate(pixels: tf.Tensor3D, degrees: number, fill = GREY): tf.Tensor3D {
  return tf.tidy(() => {
    const [height, width] = pixels.shape;
    if (degrees % 360 === 0) return toPixelValues(tf.cast(pixels, "float32"));
    // tfjs takes the centre as a fraction of the size; (size − 1) / 2 is the middle of the pixel grid, so a half turn
    // maps the image exactly onto itself, mirrored.
    const center: [number, number] = [(width - 1) / (2 * width), (height - 1) / (2 * height)];
    const batch = tf.expandDims(tf.cast(pixels, "float32"), 0) as tf.Tensor4D;
    const turned = tf.image.rotateWithOffset(batch, (degrees * Math.PI) / 180, fill, center);
    return toPixelValues(tf.squeeze(turned, [0]));
  });
}

/** Crops a window 1/zoom of each side (placed by panX, panY) and scales it back up to the image's size. */
export function zoomIn(pixels: tf.Tensor3D, zoom: number, panX = 0, panY = 0): tf.Tensor3D {
  if (!(zoom >= 1)) throw new RangeError(`zoom must be 1 or more (1 shows the whole image), not ${zoom}.`);
  return tf.tidy(() => {
    const [height, width] = pixels.shape;
    if (zoom === 1) return toPixelValues(tf.cast(pixels, "float32"));
    const side = 1 / zoom;
    const clamp = (pan: number) => Math.max(-1, Math.min(1, pan));
    const centerY = 0.5 + (clamp(panY) * (1 - side)) / 2;
    const centerX = 0.5 + (clamp(panX) * (1 - side)) / 2;
    const box = [centerY - side / 2, centerX - side / 2, centerY + side / 2, centerX + side / 2];
    const batch = tf.expandDims(tf.cast(pixels, "float32"), 0) as tf.Tensor4D;
    const crop = tf.image.cropAndResize(batch, [box], [0], [height, width], "bilinear");
    return toPixelValues(tf.squeeze(crop, [0]));
  });
}

/**
 * `count` standard normal numbers from a seeded generator (mulberry32, then Box–Muller): the same seed gives the same
 * numbers on every machine. (tf.randomNormal takes a seed too, but its generator does not survive the site's bundling.)
 */
export function seededNormals(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297; // in (0, 1): never 0, so the log below is finite
  };
  const normals = new Float32Array(count);
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(uniform()));
    const angle = 2 * Math.PI * uniform();
    normals[i] = radius * Math.cos(angle);
    if (i + 1 < count) normals[i + 1] = radius * Math.sin(angle);
  }
  return normals;
}

// Dragging the noise slider changes only the strength, so the last pattern is kept and rescaled.
let lastNoise: {count: number; seed: number; normals: Float32Array} | undefined;

function noisePattern(count: number, seed: number): Float32Array {
  if (lastNoise?.count !== count || lastNoise.seed !== seed)
    lastNoise = {count, seed, normals: seededNormals(count, seed)};
  return lastNoise.normals;
}

/** Adds Gaussian noise of standard deviation `deviation`; `seed` fixes the pattern, so the same call gives the same image. */
export function addNoise(pixels: tf.Tensor3D, deviation: number, seed: number): tf.Tensor3D {
  return tf.tidy(() => {
    const values = tf.cast(pixels, "float32");
    if (deviation === 0) return toPixelValues(values);
    const noise = tf.tensor3d(noisePattern(pixels.size, seed), pixels.shape, "float32");
    return toPixelValues(tf.add(values, tf.mul(noise, deviation)));
  });
}

/** All the edits in the order a camera would apply them: framing (zoom, rotation), then tone, then sensor noise. */
export function perturb(pixels: tf.Tensor3D, settings: Partial<Perturbation> = {}): tf.Tensor3D {
  const s = {...NEUTRAL_PERTURBATION, ...settings};
  return tf.tidy(() => {
    let image = zoomIn(pixels, s.zoom, s.panX, s.panY);
    image = rotate(image, s.rotation);
    image = scaleContrast(image, s.contrast);
    image = brighten(image, s.brightness);
    return addNoise(image, s.noise, s.seed);
  });
}

/**
 * The photo shrunk (bilinear, like the model's own resize) so its longer side is at most `maxSide`, keeping live
 * edits quick on big uploads; a photo that already fits comes back as an unchanged copy.
 */
export function limitSize(pixels: tf.Tensor3D, maxSide: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [height, width] = pixels.shape;
    const scale = maxSide / Math.max(height, width);
    if (scale >= 1) return toPixelValues(tf.cast(pixels, "float32"));
    const size: [number, number] = [Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale))];
    return toPixelValues(tf.image.resizeBilinear(tf.cast(pixels, "float32") as tf.Tensor3D, size, true));
  });
}
