// The home page's path to its first prediction, run by the lesson's own modules (the built site's files, not copies)
// in a bare page: no Framework page, runtime or cells around them. Timed beside the home page and the baseline, it
// splits the home page's extra time into what the lesson's code costs and what the page around it costs.
// Bundled at bench time with every import below left to the site's built file (siteModules in bench-pages.ts).
import {initialChoice, model, openChoice} from "../../../src/lesson.js";
import {toPixels} from "../../../components/browser/image.js";
import {summarize} from "../../../components/pipeline/output.js";
import {TopClasses} from "../../../components/views/predictions.js";
import {errorMessage} from "../../../components/pipeline/errors.js";

async function main(): Promise<void> {
  const [classifier, image] = await Promise.all([model(), initialChoice().then(openChoice)]);
  // The home page's four lines.
  const pixels = toPixels(image);
  const logits = classifier.infer(pixels);
  const result = await summarize(logits, 3);
  pixels.dispose();
  logits.dispose();
  document.body.append(TopClasses(result.top));
}

main().catch((error: unknown) => {
  document.body.append(`Error: ${errorMessage(error)}`);
  console.error(error);
});
