// The "Going further" pages (issue 13): navigation → all maps drawn, and Inside MobileNet's stage switch (further-bench.ts).
import {benchFurther, furtherReport, STAGE_SWITCH_P95_MS} from "../further-bench.js";
import {pageFigure} from "../page-figures.js";

export default pageFigure({
  name: "further",
  issue: 13,
  async measure({siteDir, repetitions, log}) {
    const result = await benchFurther({siteDir, repetitions, log});
    if (!result.measured) throw new Error(result.reason);
    return result;
  },
  budgets: [
    {
      what: "Inside MobileNet: stage switch, input → new maps laid out (p95)",
      limit: STAGE_SWITCH_P95_MS,
      unit: " ms",
      value: (result) => result.stageSwitchMs.p95
    }
  ],
  report: furtherReport
});
