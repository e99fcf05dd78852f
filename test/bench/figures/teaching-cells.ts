// Teaching cells edited in place (issue 16, which names figures but no budget): Edit → editor ready, cold and warm, and
// Run → the logits cell's output (teaching-cells.ts).
import {pageFigure} from "../page-figures.js";
import {benchTeachingCells} from "../teaching-cells.js";

export default pageFigure({
  name: "teaching-cells",
  issue: 16,
  async measure({siteDir, repetitions, log}) {
    const result = await benchTeachingCells({siteDir, repetitions, log});
    if (!result.measured) throw new Error(result.reason);
    return result;
  },
  budgets: [],
  report: (cells) => [
    `${cells.page}: Edit → editor ready p50 ${cells.editReadyColdMs.p50} ms cold (${Math.round(cells.editorScriptBytes / 1024)} KB ` +
      `of JavaScript fetched), ${cells.editReadyWarmMs.p50} ms warm; Run → output of the logits cell: first ` +
      `${cells.firstRunMs.p50} ms, then p50 ${cells.runMs.p50} ms, p95 ${cells.runMs.p95} ms`
  ]
});
