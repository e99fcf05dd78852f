// What the temperature and shift knobs did to softmax, in four numbers: the top class's probability, the entropy,
// and how far the result moved from plain tf.softmax and from the unshifted logits.
import {shortLabel} from "../pipeline/classes.js";
import {probabilityText} from "../pipeline/format.js";

export interface TemperatureReading {
  temperature: number;
  shift: number;
  /** The most probable class at this temperature. */
  top: {index: number; probability: number};
  /** That class's probability from plain softmax (T = 1). */
  softmaxProbability: number;
  entropyBits: number;
  /** How many classes share the probability: the entropy is at most log₂ of it. */
  classCount: number;
  /** The largest change in any probability from plain softmax, and the largest the shift made. */
  fromSoftmax: number;
  fromShift: number;
}

export function TemperatureReadout(reading: TemperatureReading): HTMLElement {
  const box = document.createElement("dl");
  box.className = "temperature-readout";
  // The exact numbers, for anyone (or any test) that wants more digits than the text shows.
  Object.assign(box.dataset, {
    temperature: reading.temperature,
    shift: reading.shift,
    top1: reading.top.probability,
    top1Class: reading.top.index,
    softmaxTop1: reading.softmaxProbability,
    entropyBits: reading.entropyBits,
    diffSoftmax: reading.fromSoftmax,
    diffShift: reading.fromShift
  });
  const item = (term: string, ...details: (string | Node)[]) => {
    const div = document.createElement("div");
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.append(...details);
    div.append(dt, dd);
    box.append(div);
    return dd;
  };
  const muted = (text: string) =>
    Object.assign(document.createElement("span"), {className: "muted", textContent: text});
  const change = (difference: number) => (difference === 0 ? "0 (identical)" : difference.toExponential(2));
  item(
    "Top-1 probability",
    probabilityText(reading.top.probability),
    " ",
    muted(shortLabel(reading.top.index))
  ).className = "probability";
  item(
    "Entropy",
    `${reading.entropyBits.toFixed(3)} bits `,
    muted(`of at most ${Math.log2(reading.classCount).toFixed(3)}`)
  );
  item("Largest change from tf.softmax(logits)", change(reading.fromSoftmax));
  item("Largest change made by the shift c", change(reading.fromShift));
  return box;
}
