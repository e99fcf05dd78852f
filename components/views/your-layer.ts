// What the page says about the reader's layer: how it was trained (or that there is none yet), and its answer for an
// image next to MobileNet's own.
import type {ClassProbability} from "../pipeline/models.js";
import type {HeadFile} from "../pipeline/head-file.js";
import {float32Text, probabilityText} from "../pipeline/format.js";
import {shortForm} from "../pipeline/classes.js";
import {ClassProbabilities} from "./class-probabilities.js";

/** One paragraph: the layer's classes, how it was trained and its honest score on the held-out examples. */
export function LayerSummary(layer: HeadFile | null): HTMLElement {
  const p = document.createElement("p");
  p.className = "layer-summary";
  if (!layer) {
    p.textContent = "No layer yet: train one, or load a layer file (section 4).";
    return p;
  }
  const strong = (text: string, className = "") =>
    Object.assign(document.createElement("strong"), {textContent: text, className});
  const t = layer.training;
  p.append("The layer for ", strong(layer.classNames.join(", ")));
  if (!t) {
    p.append(" came from a file without its training record.");
    return p;
  }
  p.append(
    ` learnt from ${t.trainExamples} examples over ${t.loss.length} epochs${t.stopped ? " (stopped early)" : ""}. ` +
      `On the ${t.heldOutTotal} held-out examples it never saw, it got `,
    strong(
      `${t.heldOutCorrect} of ${t.heldOutTotal} right (${probabilityText(t.heldOutCorrect / t.heldOutTotal)})`,
      "held-out-score"
    ),
    "."
  );
  return p;
}

export interface LayerAnswerData {
  classNames: readonly string[];
  shape: readonly number[];
  /** What `embedding.print()`, `logits.print()` and `tf.softmax(logits).print()` write. */
  embeddingText: string;
  logitsText: string;
  probabilitiesText: string;
  probabilities: ArrayLike<number>;
  /** MobileNet's own answer for the same image, `model.classify(image, 5)`. */
  mobilenetTop: readonly ClassProbability[];
}

/**
 * The image's embedding and the layer's logits and probabilities as print() writes them, the probabilities as bars,
 * and MobileNet's own top 5 beside them.
 */
export function LayerAnswer(answer: LayerAnswerData): HTMLElement {
  const grid = document.createElement("div");
  grid.className = "grid grid-cols-2 layer-answer";
  const section = (title: string, ...content: (Node | string)[]) => {
    const node = document.createElement("section");
    node.append(Object.assign(document.createElement("h3"), {textContent: title}), ...content);
    return node;
  };
  const printed = (className: string, label: string, text: string) => {
    const pre = Object.assign(document.createElement("pre"), {className, tabIndex: 0, textContent: text});
    pre.setAttribute("aria-label", label);
    return pre;
  };
  const code = (text: string, className = "") =>
    Object.assign(document.createElement("code"), {textContent: text, className});
  const line = (...content: (Node | string)[]) => {
    const p = document.createElement("p");
    p.append(...content);
    return p;
  };
  grid.append(
    section(
      "Your layer",
      line(code("embedding.print()"), ", the 256 numbers it reads:"),
      printed("layer-embedding", "The image's embedding, as print() writes it", answer.embeddingText),
      line(code("logits.print()"), ", shape ", code(`[${answer.shape.join(", ")}]`, "layer-logits-shape"), ":"),
      printed("logit layer-logits", "Your layer's logits, as print() writes them", answer.logitsText),
      line(code("tf.softmax(logits).print()"), ":"),
      printed("probability layer-probabilities", "Their softmax, as print() writes it", answer.probabilitiesText),
      ClassProbabilities(answer.classNames, answer.probabilities, {width: 320})
    ),
    section(
      "MobileNet's own top 5",
      ClassProbabilities(
        answer.mobilenetTop.map((c) => shortForm(c.className)), // "tabby", not "tabby, tabby cat"
        answer.mobilenetTop.map((c) => c.probability),
        {width: 320, name: "MobileNet's own top 5 classes"}
      )
    )
  );
  return grid;
}

/** The layer's answer for a photo of none of its classes: a probability for each class all the same, adding up to 1. */
export function StrangerAnswer(
  photo: string,
  classNames: readonly string[],
  {probabilities, sum}: {probabilities: readonly number[]; sum: number}
): HTMLElement {
  const p = document.createElement("p");
  p.className = "stranger";
  const span = (className: string, text: string) =>
    Object.assign(document.createElement("span"), {className, textContent: text});
  p.append(
    "The gallery's ",
    Object.assign(document.createElement("strong"), {textContent: photo}),
    " is none of your classes, yet your layer gives it ",
    span("stranger-answer", classNames.map((name, i) => `${probabilityText(probabilities[i]!)} ${name}`).join(", ")),
    ": together ",
    span("stranger-sum", float32Text(sum)),
    "."
  );
  return p;
}
