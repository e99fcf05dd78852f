// Classes with their probabilities, as labelled bars styled like the top classes: the new layer's answer for one image
// (each of the reader's classes), or MobileNet's own top 5 beside it.
import {probabilityText} from "../pipeline/format.js";
import {appendBar, BarList} from "./bars.js";

export function ClassProbabilities(
  classNames: readonly string[],
  probabilities: ArrayLike<number>,
  {width = 640, name = "Your layer's probabilities for each class"}: {width?: number; name?: string} = {}
): HTMLElement {
  const list = BarList("ol", "top-classes", name, width);
  classNames.forEach((className, i) =>
    appendBar(list, className, probabilityText(probabilities[i]!), probabilities[i]!)
  );
  return list;
}
