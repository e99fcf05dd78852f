// The same photo through six input pipelines: for each, the 224×224 picture the model gets, its top 5, how the
// reference's best class's logit moved, and how far its probabilities are from the reference's (KL divergence).
import {shortLabel} from "../pipeline/classes.js";
import {bitsText, logitChangeText} from "../pipeline/format.js";
import type {RankedClass} from "../pipeline/output.js";
import {PictureCanvas} from "./picture.js";
import {TopClasses} from "./predictions.js";

export interface PreprocessingResult {
  id: string;
  title: string;
  how: string;
  /** The picture as drawn: size × size × 3 values 0–255. */
  rgb: ArrayLike<number>;
  size: number;
  top: readonly RankedClass[];
  /** The class the reference (the package's own preprocessing) puts first. */
  referenceClass: number;
  /** This pipeline's logit for referenceClass, minus the reference's. */
  logitChange: number;
  /** KL divergence of this pipeline's probabilities from the reference's, in bits. */
  klBits: number;
}

export function PreprocessingComparison(
  results: readonly PreprocessingResult[],
  {width = 640}: {width?: number} = {}
): HTMLElement {
  const root = document.createElement("div");
  root.className = "preprocessing-comparison";
  const columns = Math.max(1, Math.min(3, Math.floor((width + 16) / 256)));
  root.style.setProperty("--columns", String(columns));
  // Each card's picture, bars and numbers share its column's width (the picture scaled, pixel for pixel).
  const pictureSize = Math.min(320, Math.floor((width - 16 * (columns - 1)) / columns) - 2);
  for (const result of results) {
    const card = document.createElement("section");
    card.className = "preprocessing-card";
    card.dataset.preprocessing = result.id;
    card.dataset.klBits = String(result.klBits);
    card.dataset.logitChange = String(result.logitChange);
    card.dataset.top1 = String(result.top[0]?.index);
    const title = document.createElement("h3");
    title.textContent = result.title;
    const how = document.createElement("p");
    how.className = "muted preprocessing-how";
    how.textContent = result.how;
    const picture = PictureCanvas(
      result.rgb,
      result.size,
      `What the model sees with ${result.title.toLowerCase()}: ${result.size} × ${result.size} pixels.`,
      pictureSize
    );
    const facts = document.createElement("dl");
    facts.className = "preprocessing-facts";
    facts.style.maxWidth = `${pictureSize}px`;
    const fact = (term: string, value: string, className: string) => {
      const row = document.createElement("div");
      row.className = className;
      const dt = document.createElement("dt");
      dt.textContent = term;
      const dd = document.createElement("dd");
      dd.textContent = value;
      row.append(dt, dd);
      facts.append(row);
    };
    fact(`Logit of ${shortLabel(result.referenceClass)}`, logitChangeText(result.logitChange), "logit");
    fact("KL from the reference", bitsText(result.klBits), "kl");
    card.append(title, picture, how, TopClasses(result.top, {width: pictureSize}), facts);
    root.append(card);
  }
  return root;
}
