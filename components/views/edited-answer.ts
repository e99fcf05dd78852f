// The edited photo's answer beside the unedited one's, on the "Change the image" page: the edited photo's top 5 and
// top logit, and how the unedited photo's best class fares after the edits.
import {shortLabel} from "../pipeline/classes.js";
import {logitText, probabilityText} from "../pipeline/format.js";
import type {RankedClass} from "../pipeline/output.js";
import {TopClasses} from "./predictions.js";

export interface EditedAnswerData {
  /** Every class for the edited photo, most probable first. */
  ranked: readonly RankedClass[];
  /** The unedited photo's best class. */
  answer: RankedClass;
  /** The edited photo's logits and probabilities, by class id. */
  logits: ArrayLike<number>;
  probabilities: ArrayLike<number>;
}

export function EditedAnswer(data: EditedAnswerData, {width = 640}: {width?: number} = {}): HTMLElement {
  const {ranked, answer} = data;
  const top = ranked[0]!;
  const grid = element("div", "grid grid-cols-2 perturb-results");

  const edited = document.createElement("div");
  // The top logit in words, and as data-top-logit for the page's browser test.
  const topLogit = element("p", "perturb-top-logit");
  topLogit.dataset.topLogit = String(top.logit);
  topLogit.dataset.topClass = String(top.index);
  topLogit.append("Top logit: ", element("strong", "logit", logitText(top.logit)), ` for ${shortLabel(top.index)}.`);
  edited.append(element("h3", "", "Top 5 for the edited photo"), TopClasses(ranked.slice(0, 5), {width}), topLogit);

  const unedited = document.createElement("div");
  const follow = element("p", "perturb-follow");
  const now = {logit: data.logits[answer.index]!, probability: data.probabilities[answer.index]!};
  follow.append(
    element("em", "", shortLabel(answer.index)),
    ` (class ${answer.index}) had a logit of `,
    element("strong", "logit", logitText(answer.logit)),
    " and a probability of ",
    element("strong", "probability", probabilityText(answer.probability)),
    ". After your edits: logit ",
    element("strong", "logit", logitText(now.logit)),
    ", probability ",
    element("strong", "probability", probabilityText(now.probability)),
    top.index === answer.index ? ", and it is still the top guess." : `; the top guess is now ${shortLabel(top.index)}.`
  );
  unedited.append(
    element("h3", "", "The unedited photo's answer"),
    follow,
    element("p", "status", "The marked line in the logits chart below is this class.")
  );

  grid.append(edited, unedited);
  return grid;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
