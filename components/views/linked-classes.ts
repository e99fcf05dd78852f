// The same 1000 classes three ways, linked: the logits chart, the probability chart and the logit → probability
// scatter. Pointing at a class in one shows it in all three; clicking (or Enter) selects it until another is chosen.
import {shortLabel} from "../pipeline/classes.js";
import type {RankedClass} from "../pipeline/output.js";
import type {PointableChart} from "./chart-cursor.js";
import {logitText, probabilityText} from "../pipeline/format.js";
import {LogitsChart} from "./logits-chart.js";
import {LogitProbabilityScatter} from "./logit-probability-scatter.js";
import {SortedProbabilitiesChart, type ProbabilityScale} from "./probability-chart.js";

export interface LinkedClassesData {
  logits: Float32Array;
  probabilities: Float32Array;
  /** Every class, most probable first (topK with k = all). */
  ranked: readonly RankedClass[];
}

export interface LinkedClassesOptions {
  width?: number;
  /** "id": by class id; "value": largest first (the same order in both charts: softmax keeps the ranking). */
  order?: "id" | "value";
  scale?: ProbabilityScale;
  /** What the numbers are of, for the captions ("the cat photo"). */
  subject?: string;
}

export function LinkedClasses(
  {logits, probabilities, ranked}: LinkedClassesData,
  {width = 640, order = "id", scale = "linear", subject}: LinkedClassesOptions = {}
): HTMLElement {
  const root = document.createElement("div");
  root.className = "linked-classes";
  const best = ranked[0]?.index ?? 0;

  // What the pointer or the keys point at now, and what was clicked: the read-out shows the first of them there is.
  const readout = document.createElement("p");
  readout.className = "linked-readout";
  readout.setAttribute("aria-live", "polite");
  let selected: number | null = null;
  let charts: PointableChart[] = [];

  const describe = (index: number | null) => {
    const shown = index ?? selected ?? best;
    const why = index !== null ? "Pointing at" : selected !== null ? "Selected" : "Top class";
    readout.dataset.class = String(shown);
    readout.dataset.logit = String(logits[shown]);
    readout.dataset.probability = String(probabilities[shown]);
    const logit = document.createElement("span");
    logit.className = "logit";
    logit.textContent = `logit ${logitText(logits[shown]!)}`;
    const probability = document.createElement("span");
    probability.className = "probability";
    probability.textContent = `probability ${probabilityText(probabilities[shown]!)}`;
    readout.replaceChildren(`${why}: class ${shown}, ${shortLabel(shown)}. `, logit, " → ", probability);
  };

  const point = (source: PointableChart | null) => (index: number | null) => {
    for (const chart of charts) if (chart !== source) chart.point(index);
    describe(index);
  };
  const select = (index: number) => {
    // Redrawing replaces the charts: a keyboard reader keeps focus on the chart they were in.
    const focused =
      document.activeElement instanceof Element ? document.activeElement.closest<HTMLElement>("[data-view]") : null;
    const view = focused && area.contains(focused) ? focused.dataset.view : undefined;
    selected = selected === index ? null : index;
    draw();
    describe(null);
    if (view) area.querySelector<SVGSVGElement>(`[data-view="${view}"] svg[tabindex]`)?.focus();
  };

  const area = document.createElement("div");
  area.className = "linked-classes-charts";

  function draw() {
    // Each chart reports to the others; `self` is filled in once the chart exists.
    const linked = <T extends PointableChart>(make: (onPoint: (index: number | null) => void) => T): T => {
      const ref: {chart: PointableChart | null} = {chart: null};
      const chart = make((index) => point(ref.chart)(index));
      ref.chart = chart;
      return chart;
    };
    const logitsChart = linked((onPoint) =>
      LogitsChart(logits, {
        width,
        order,
        highlight: selected,
        labelled: width < 520 ? 3 : 5,
        subject,
        onPoint,
        onSelect: select
      })
    );
    const probabilityChart = linked((onPoint) =>
      SortedProbabilitiesChart(ranked, {
        width,
        scale,
        order: order === "id" ? "id" : "value",
        highlight: selected,
        onPoint,
        onSelect: select
      })
    );
    const scatter = linked((onPoint) =>
      LogitProbabilityScatter(logits, probabilities, {width, scale, selected, onPoint, onSelect: select})
    );
    logitsChart.dataset.view = "logits";
    probabilityChart.dataset.view = "probabilities";
    scatter.dataset.view = "scatter";
    charts = [logitsChart, probabilityChart, scatter];
    area.replaceChildren(...charts);
  }

  draw();
  describe(null);
  root.append(readout, area);
  return root;
}
