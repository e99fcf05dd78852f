// What the maps of "Going further" share: one colour scale (viridis: dark purple for 0 through green to yellow for the
// top, readable in colour blindness and in print), and a map drawn over the photo the model saw, in grey so the
// colours stand out. Canvases draw their own colours, so they look the same in light and dark mode.
import {interpolateViridis, rgb} from "d3";

const LEVELS = 256;
let lookup: Uint8ClampedArray | undefined;

/** Where t in [0, 1] (clamped) sits in the colour table: r, g, b at this index and the next two. */
function level(t: number): number {
  if (!lookup) {
    lookup = new Uint8ClampedArray(LEVELS * 3);
    for (let i = 0; i < LEVELS; i++) {
      const {r, g, b} = rgb(interpolateViridis(i / (LEVELS - 1)));
      lookup.set([r, g, b], i * 3);
    }
  }
  return Math.round(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (LEVELS - 1)) * 3;
}

/** The scale's colour for t in [0, 1] (clamped), as [r, g, b]. */
export function heatColor(t: number): [number, number, number] {
  const i = level(t);
  return [lookup![i]!, lookup![i + 1]!, lookup![i + 2]!];
}

/** Writes the scale's colour for t, opaque, into `pixels` (RGBA bytes) at `offset`: no arrays made per pixel. */
export function writeHeatColor(pixels: Uint8ClampedArray, offset: number, t: number): void {
  const i = level(t);
  pixels[offset] = lookup![i]!;
  pixels[offset + 1] = lookup![i + 1]!;
  pixels[offset + 2] = lookup![i + 2]!;
  pixels[offset + 3] = 255;
}

/** The scale as a CSS gradient, for legends. */
export function heatGradient(): string {
  const stops = Array.from({length: 11}, (_, i) => `rgb(${heatColor(i / 10).join(", ")})`);
  return `linear-gradient(to right, ${stops.join(", ")})`;
}

/** A map (values row by row) as an image: each value's colour, 0 to `top` across the scale. */
export function heatImage(values: ArrayLike<number>, width: number, height: number, top: number): ImageData {
  const image = new ImageData(width, height);
  for (let i = 0; i < width * height; i++) writeHeatColor(image.data, i * 4, values[i]! / (top || 1));
  return image;
}

const greyPhotos = new WeakMap<ArrayLike<number>, HTMLCanvasElement>();

/**
 * The photo the model saw, as a canvas in grey (its luminance), so a map's colours read on any photo. Made once per
 * pixel array: every map of a page is drawn over the same photo.
 */
export function greyPhoto(pixels: ArrayLike<number>, width: number, height: number): HTMLCanvasElement {
  const made = greyPhotos.get(pixels);
  if (made?.width === width && made.height === height) return made;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const image = new ImageData(width, height);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    const grey = 0.299 * pixels[j]! + 0.587 * pixels[j + 1]! + 0.114 * pixels[j + 2]!;
    image.data.set([grey, grey, grey, 255], i * 4);
  }
  canvas.getContext("2d")!.putImageData(image, 0, 0);
  greyPhotos.set(pixels, canvas);
  return canvas;
}

/** The photo [224, 224, 3] and a map over it: what MapOverPhoto draws. */
export interface MapOverPhotoData {
  photo: {pixels: ArrayLike<number>; width: number; height: number};
  /** The map's values, row by row; any size (each value covers its share of the photo). */
  map: {values: ArrayLike<number>; width: number; height: number};
  /** The value drawn with the scale's strongest colour. */
  top: number;
}

/**
 * Draws `data`'s map over its grey photo on `canvas` (sized `size` pixels): each map value a block of the photo, tinted
 * more strongly the larger it is, so where the map is 0 the photo shows through. Smooth: blend neighbouring blocks.
 */
export function drawMapOverPhoto(
  canvas: HTMLCanvasElement,
  data: MapOverPhotoData,
  size: number,
  {smooth = false}: {smooth?: boolean} = {}
): void {
  const {photo, map, top} = data;
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext("2d")!;
  context.imageSmoothingEnabled = true;
  context.drawImage(greyPhoto(photo.pixels, photo.width, photo.height), 0, 0, size, size);
  const tint = document.createElement("canvas");
  tint.width = map.width;
  tint.height = map.height;
  const image = heatImage(map.values, map.width, map.height, top);
  for (let i = 0; i < map.width * map.height; i++) {
    const t = Math.min(1, Math.max(0, map.values[i]! / (top || 1)));
    image.data[i * 4 + 3] = Math.round(255 * 0.85 * t);
  }
  tint.getContext("2d")!.putImageData(image, 0, 0);
  context.imageSmoothingEnabled = smooth;
  context.drawImage(tint, 0, 0, size, size);
}

/** A colour bar from 0 to `top`, with what the colours mean. */
export function HeatLegend(title: string, top: string, {bottom = "0"}: {bottom?: string} = {}): HTMLElement {
  const legend = document.createElement("div");
  legend.className = "heat-legend";
  const heading = document.createElement("span");
  heading.className = "heat-legend-title";
  heading.textContent = title;
  const low = document.createElement("span");
  low.textContent = bottom;
  const bar = document.createElement("span");
  bar.className = "heat-legend-bar";
  bar.style.background = heatGradient();
  bar.setAttribute("aria-hidden", "true");
  const high = document.createElement("span");
  high.textContent = top;
  legend.append(heading, low, bar, high);
  return legend;
}
