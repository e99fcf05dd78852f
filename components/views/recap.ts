// The whole lesson in one row: the shapes an image takes on its way through the model, and the answer at the end.
import {float32Text, probabilityText, shapeText} from "../pipeline/format.js";

export interface RecapData {
  /** The photo as a tensor: [height, width, 3]. */
  pixels: readonly number[];
  /** What the model is fed: [1, 224, 224, 3]. */
  input: readonly number[];
  /** What it gives back: [1, 1000]. */
  logits: readonly number[];
  /** The sum of all probabilities (1, give or take float rounding). */
  probabilitySum: number;
  /** The argmax: the class with the highest probability. */
  answer: {index: number; label: string; probability: number};
}

function step(className: string, title: string, shape: string, note: string): HTMLLIElement {
  const item = document.createElement("li");
  item.className = `recap-step ${className}`;
  const heading = document.createElement("span");
  heading.className = "recap-title";
  heading.textContent = title;
  const value = document.createElement("code");
  value.className = "recap-shape";
  value.textContent = shape;
  const detail = document.createElement("span");
  detail.className = "recap-note";
  detail.textContent = note;
  item.append(heading, value, detail);
  return item;
}

export function Recap(data: RecapData, {width = 640}: {width?: number} = {}): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "recap";
  figure.style.maxWidth = `${Math.max(width, 0)}px`;
  const list = document.createElement("ol");
  list.className = "recap-steps";
  const classes = data.logits[data.logits.length - 1] ?? 0;
  list.append(
    step("recap-pixels", "Pixels", shapeText(data.pixels), "height × width × red, green, blue; each 0–255"),
    step("recap-input", "Model input", shapeText(data.input), "a batch of one, resized and scaled"),
    step("recap-logits logit", "Logits", shapeText(data.logits), `${classes} raw scores, one per class`),
    step(
      "recap-probabilities probability",
      "Probabilities",
      shapeText(data.logits),
      `softmax of the logits; they add up to ${float32Text(data.probabilitySum)}`
    )
  );

  const answer = document.createElement("li");
  answer.className = "recap-step recap-answer";
  const title = document.createElement("span");
  title.className = "recap-title";
  title.textContent = "Answer (argmax)";
  const label = document.createElement("strong");
  label.className = "recap-answer-label";
  label.textContent = data.answer.label;
  const detail = document.createElement("span");
  detail.className = "recap-note";
  const probability = document.createElement("span");
  probability.className = "recap-answer-probability probability";
  probability.textContent = probabilityText(data.answer.probability);
  detail.append(`class ${data.answer.index}, probability `, probability);
  answer.append(title, label, detail);
  list.append(answer);

  const caption = document.createElement("figcaption");
  caption.textContent =
    "Your image on its way through the model: every shape and number above is read from live tensors.";
  caption.className = "recap-caption";
  figure.append(list, caption);
  return figure;
}
