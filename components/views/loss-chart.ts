// The loss per epoch while a layer trains, drawn as it comes in: the training examples' loss and the held-out
// examples' (which training never sees). `update(epochs)` redraws both lines; the caption and a table of every value
// say the same in words.
import * as d3 from "d3";
import type {EpochLoss} from "../pipeline/head.js";
import {ChartFigure, ValuesTable} from "./chart-figure.js";
import {axisWithoutLine, chartSvg, gridLinesY} from "./chart-svg.js";
import type {TaskProgress} from "./task-progress.js";

export interface LossChart extends HTMLElement {
  /** Draws these epochs (none: an empty chart). */
  update(epochs: readonly EpochLoss[]): void;
  /** For a new training run: starts the chart afresh and returns the run's onEpoch, which draws each epoch and moves `progress`. */
  follow(progress: Pick<TaskProgress, "update">): (epoch: EpochLoss) => void;
}

const lossText = (loss: number | null) => (loss === null ? "–" : loss.toFixed(4));

export function LossChart(epochCount: number, {width = 640}: {width?: number} = {}): LossChart {
  const {figure, area} = ChartFigure("loss-chart", "");
  const chart = figure as unknown as LossChart;
  const caption = figure.querySelector("figcaption")!;
  const narrow = width < 520;
  const margin = {top: 24, right: 12, bottom: 36, left: 48};
  const height = (narrow ? 200 : 240) + margin.top + margin.bottom;
  const x = d3.scaleLinear([1, Math.max(2, epochCount)], [margin.left, width - margin.right]);
  const svg = chartSvg(width, height).attr("role", "img");
  const grid = svg.append("g");
  const lines = svg.append("g").attr("fill", "none").attr("stroke-width", 2);
  const trainLine = lines.append("path").attr("class", "loss-train");
  const heldOutLine = lines.append("path").attr("class", "loss-held-out").attr("stroke-dasharray", "5 3");
  axisWithoutLine(
    svg,
    d3
      .axisBottom(x)
      .ticks(narrow ? 4 : 8)
      .tickSizeOuter(0),
    [0, height - margin.bottom]
  )
    .append("text")
    .attr("x", width - margin.right)
    .attr("y", 30)
    .attr("text-anchor", "end")
    .attr("fill", "currentColor")
    .text("epoch →");
  const legend = document.createElement("p");
  legend.className = "loss-legend";
  legend.innerHTML =
    '<span class="loss-key loss-train-key"></span> training examples ' +
    '<span class="loss-key loss-held-out-key"></span> held-out examples';
  legend.setAttribute("aria-hidden", "true"); // the caption says it in words
  area.append(svg.node()!, legend);
  let table: HTMLElement | null = null;

  chart.update = (epochs) => {
    const top = d3.max(epochs, (e) => Math.max(e.loss, e.heldOutLoss ?? 0)) ?? 1;
    const y = d3.scaleLinear([0, top || 1], [height - margin.bottom, margin.top]).nice();
    grid.selectChildren().remove();
    const ticks = y.ticks(narrow ? 4 : 5);
    gridLinesY(grid as unknown as typeof svg, y, ticks, {left: margin.left, right: width - margin.right});
    axisWithoutLine(grid as unknown as typeof svg, d3.axisLeft(y).tickValues(ticks).tickSizeOuter(0), [margin.left, 0])
      .append("text")
      .attr("x", -margin.left + 2)
      .attr("y", margin.top - 12)
      .attr("text-anchor", "start")
      .attr("fill", "currentColor")
      .text("↑ loss");
    const line = (value: (e: EpochLoss) => number | null) =>
      d3
        .line<EpochLoss>()
        .defined((e) => value(e) !== null)
        .x((e) => x(e.epoch))
        .y((e) => y(value(e)!));
    trainLine.attr("d", line((e) => e.loss)(epochs as EpochLoss[]));
    heldOutLine.attr("d", line((e) => e.heldOutLoss)(epochs as EpochLoss[]));

    const first = epochs[0];
    const last = epochs.at(-1);
    const words =
      first && last
        ? `Loss per epoch, ${last.epoch} of ${last.epochs} epochs: on the training examples from ${lossText(first.loss)} ` +
          `to ${lossText(last.loss)}` +
          (last.heldOutLoss === null
            ? "."
            : `; on the held-out examples from ${lossText(first.heldOutLoss)} to ${lossText(last.heldOutLoss)}.`)
        : "Loss per epoch: training has not started.";
    caption.textContent = words;
    svg.attr("aria-label", words);
    const next = ValuesTable(
      "The loss at every epoch",
      ["epoch", "training loss", "held-out loss"],
      epochs.map((e) => [e.epoch, lossText(e.loss), lossText(e.heldOutLoss)])
    );
    if (table?.hasAttribute("open")) next.setAttribute("open", "");
    table?.replaceWith(next);
    if (!table) figure.append(next);
    table = next;
  };
  chart.follow = (progress) => {
    const epochs: EpochLoss[] = [];
    chart.update(epochs);
    return (epoch) => {
      epochs.push(epoch);
      chart.update(epochs);
      progress.update(epoch.epoch / epoch.epochs);
    };
  };
  chart.update([]);
  return chart;
}
