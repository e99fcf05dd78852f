// The toy model's drawings: 10×10 black-and-white cats and dogs that this code draws itself, repeatable from a seed.
// Plain numbers, no tfjs, so a page can show a drawing without loading the toy model's training code (components/
// pipeline/toy.ts, which re-exports all of this).

/** The drawings are TOY_SIZE × TOY_SIZE pixels, stored row by row: 0 is black, 255 is white. */
export const TOY_SIZE = 10;
export const TOY_PIXELS = TOY_SIZE * TOY_SIZE;
export const BLACK = 0;
export const WHITE = 255;

/** The classes, in the order of the model's outputs: logit 0 is the cat score, logit 1 the dog score. */
export const TOY_CLASSES = ["cat", "dog"] as const;
export type ToyClass = (typeof TOY_CLASSES)[number];

/** A repeatable stream of numbers in [0, 1) (the mulberry32 generator): the same seed draws the same animals. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

export interface DrawOptions {
  /** The chance that any one pixel is flipped afterwards, so no two drawings are alike (0 = a clean drawing). */
  noise?: number;
}

/**
 * One drawing of a cat or a dog, white lines on black. Both have a head; a cat has pointed ears on top and whiskers
 * sticking out sideways, a dog has ears hanging down beside its head and a snout below it. Size and position vary.
 */
export function drawAnimal(kind: ToyClass, random: () => number, {noise = 0.03}: DrawOptions = {}): number[] {
  const pixels = new Array<number>(TOY_PIXELS).fill(BLACK);
  const paint = (x: number, y: number) => {
    if (x >= 0 && x < TOY_SIZE && y >= 0 && y < TOY_SIZE) pixels[y * TOY_SIZE + x] = WHITE;
  };

  // The head: a box with its bottom corners cut, 5–6 wide and 4–5 tall, somewhere near the middle.
  const width = pick(random, 5, 6);
  const height = pick(random, 4, 5);
  const left = pick(random, 2, TOY_SIZE - 2 - width);
  const right = left + width - 1;
  const top = pick(random, 2, 3);
  const bottom = top + height - 1;
  for (let x = left; x <= right; x++) paint(x, top);
  for (let x = left + 1; x < right; x++) paint(x, bottom);
  for (let y = top; y < bottom; y++) {
    paint(left, y);
    paint(right, y);
  }

  if (kind === "cat") {
    // Pointed ears: a small triangle standing on each top corner, its tip straight above the corner.
    for (const [corner, inward] of [
      [left, 1],
      [right, -1]
    ] as const) {
      paint(corner, top - 1);
      paint(corner + inward, top - 1);
      paint(corner, top - 2);
    }
    // Whiskers: one or two lines on each side of the cheeks, 1–2 pixels long.
    const whiskers = pick(random, 1, 2);
    const length = pick(random, 1, 2);
    for (let w = 0; w < whiskers; w++) {
      const y = top + 2 + w;
      for (let d = 1; d <= length; d++) {
        paint(left - d, y);
        paint(right + d, y);
      }
    }
  } else {
    // Floppy ears: hanging from the top corners down beside the head, sometimes flaring outwards at the tip.
    const earLength = pick(random, 2, 4);
    const flare = random() < 0.5;
    for (const [side, outward] of [
      [left - 1, -1],
      [right + 1, 1]
    ] as const) {
      for (let y = top; y < top + earLength; y++) paint(side, y);
      if (flare) paint(side + outward, top + earLength - 1);
    }
    // A snout under the head with a nose at its tip.
    const middle = Math.floor((left + right) / 2);
    const snoutWidth = width === 6 ? 2 : pick(random, 1, 2);
    for (let x = middle; x < middle + snoutWidth; x++) paint(x, bottom + 1);
    if (random() < 0.6) for (let x = middle; x < middle + snoutWidth; x++) paint(x, bottom + 2);
  }

  for (let i = 0; i < TOY_PIXELS; i++) if (random() < noise) pixels[i] = pixels[i] === WHITE ? BLACK : WHITE;
  return pixels;
}

/** The `n`th clean example of a class (no noise): what the page's "cat example" and "dog example" buttons load. */
export function toyExample(kind: ToyClass, n = 0): number[] {
  return drawAnimal(kind, seededRandom(1000 + 2 * n + (kind === "dog" ? 1 : 0)), {noise: 0});
}

/** Black ↔ white: 255 − value for every pixel. */
export function invertPixels(pixels: readonly number[]): number[] {
  return pixels.map((value) => WHITE - value);
}
