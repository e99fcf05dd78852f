// "Your own classes": the ready-made set, and training a new last layer on 2 classes × 20 examples (your-classes.ts).
import {pageFigure} from "../page-figures.js";
import {benchYourClasses} from "../your-classes.js";

export default pageFigure({
  name: "your-classes",
  issue: 14,
  measure: ({siteDir, log}) => benchYourClasses({siteDir, log}),
  budgets: [
    {
      what: "Your own classes: training 2 classes × 20 examples, press → done (p95)",
      limit: 2000,
      unit: " ms",
      value: (classes) => classes.trainMs.p95
    }
  ],
  report: (classes) => [
    `${classes.page}: ready-made set of 40 examples ${classes.readyMadeMs} ms (${classes.msPerExample} ms each, ` +
      `longest task ${classes.readyMadeLongestTaskMs} ms); training 2 × 20 examples, 50 epochs, press → done ` +
      `p50 ${classes.trainMs.p50} ms, p95 ${classes.trainMs.p95} ms (${classes.trainMs.runs} runs, longest task ` +
      `${classes.trainLongestTaskMs} ms); held out: ${classes.heldOut}`
  ]
});
