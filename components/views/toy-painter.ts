// The "Cat or dog?" drawing to paint: a PaintGrid of the toy model's size that starts on a cat, with buttons to clear
// it, load a fresh cat or dog drawing (a new one each press), and invert it.
import {invertPixels, TOY_SIZE, toyExample, type ToyClass} from "../pipeline/toy-drawings.js";
import {PaintGrid} from "./paint-grid.js";

export function ToyPainter({width = 360}: {width?: number} = {}): PaintGrid {
  const shown: Record<ToyClass, number> = {cat: 0, dog: 0};
  const next = (kind: ToyClass) => toyExample(kind, shown[kind]++);
  return PaintGrid(next("cat"), {
    size: TOY_SIZE,
    width,
    actions: [
      {label: "Clear", apply: (pixels) => pixels.map(() => 0)},
      {label: "Cat example", apply: () => next("cat")},
      {label: "Dog example", apply: () => next("dog")},
      {label: "Invert", apply: invertPixels}
    ]
  });
}
