// "How sure is it?" for pictures of nothing, for real photos and for the reader's own: the three measures in a table, a
// strip chart of one measure with the reader's threshold across it, the slider that sets the threshold, and what the
// thresholded classifier says to the reader's photo.
import * as d3 from "d3";
import {shortLabel} from "../pipeline/classes.js";
import {measureText, verdict, type Confidence, type Measure} from "../pipeline/confidence.js";
import {appendColumnHeadings, ScrollRegion} from "./table.js";

export type ConfidenceGroup = "nothing" | "gallery" | "photo";

export interface ConfidenceRow {
  name: string;
  /** Pictures of nothing, gallery photos, or the reader's own photo. */
  group: ConfidenceGroup;
  confidence: Confidence;
  /** Whether the threshold turns this answer into "I don't know". */
  unsure: boolean;
}

export const GROUP_NAMES = {nothing: "Pictures of nothing", gallery: "Gallery photos", photo: "Your photo"} as const;

/** One row per picture: its top class and the three measures, and what the thresholded classifier answers. */
export function ConfidenceTable(rows: readonly ConfidenceRow[], measures: readonly Measure[]): HTMLElement {
  const region = ScrollRegion("confidence-table", "How sure the model is about each picture");
  const table = document.createElement("table");
  appendColumnHeadings(table, ["picture", "best guess", ...measures.map((m) => m.title), "with the threshold"]);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.picture = row.name;
    tr.dataset.group = row.group;
    tr.dataset.unsure = String(row.unsure);
    if (row.group === "photo") tr.className = "your-photo";
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.name;
    tr.append(th);
    tr.insertCell().textContent = shortLabel(row.confidence.topClass);
    for (const measure of measures) {
      const cell = tr.insertCell();
      cell.className = "number";
      cell.dataset.measure = measure.id;
      cell.dataset.value = String(row.confidence[measure.id]);
      cell.textContent = measureText(measure, row.confidence[measure.id]);
    }
    const answer = tr.insertCell();
    answer.className = row.unsure ? "unsure" : "answered";
    answer.textContent = row.unsure ? "I don't know" : shortLabel(row.confidence.topClass);
  }
  region.append(table);
  return region;
}

/**
 * One dot per picture on the measure's scale, a lane for each group, the threshold as a line and the "I don't know"
 * side shaded. The figure's caption says in words what the chart shows.
 */
export function ThresholdStrip(
  rows: readonly ConfidenceRow[],
  {measure, threshold, width = 640}: {measure: Measure; threshold: number; width?: number}
): HTMLElement {
  const figure = document.createElement("figure");
  figure.className = "chart threshold-strip";
  const lanes = (["nothing", "gallery", "photo"] as const).filter((group) => rows.some((row) => row.group === group));
  const counts = (["nothing", "gallery"] as const).map((group) => {
    const inGroup = rows.filter((row) => row.group === group);
    return {group, total: inGroup.length, unsure: inGroup.filter((row) => row.unsure).length};
  });
  figure.dataset.galleryRejected = String(counts[1]!.unsure);
  figure.dataset.nothingRejected = String(counts[0]!.unsure);
  const caption = document.createElement("figcaption");
  caption.textContent =
    "Blue dots get an answer, grey ones “I don't know”. " +
    `With ${measure.title} ${measure.unsureWhen === "below" ? "below" : "above"} ${measureText(measure, threshold)} ` +
    `meaning “I don't know”, the classifier says it to ${counts[0]!.unsure} of ${counts[0]!.total} pictures of ` +
    `nothing and to ${counts[1]!.unsure} of ${counts[1]!.total} gallery photos.` +
    rows
      .filter((row) => row.group === "photo")
      .map((row) => ` ${row.name}: ${row.unsure ? "“I don't know”" : shortLabel(row.confidence.topClass)}.`)
      .join("");

  const margin = {top: 8, right: 16, bottom: 30, left: Math.min(150, width * 0.34)};
  const laneHeight = 34;
  const lanesHeight = laneHeight * lanes.length;
  const height = margin.top + lanesHeight + margin.bottom;
  const values = [...rows.map((row) => row.confidence[measure.id]), threshold];
  const x = d3
    .scaleLinear()
    .domain(d3.extent(values) as [number, number])
    .nice()
    .range([margin.left, Math.max(margin.left + 40, width - margin.right)]); // a sliver of width still draws
  const svg = d3
    .create("svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", [0, 0, width, height])
    .attr("class", "chart-svg")
    .attr("aria-hidden", "true"); // the caption and the table say the same in words
  const [low, high] = x.range() as [number, number];
  const line = x(threshold);
  svg
    .append("rect")
    .attr("class", "threshold-unsure")
    .attr("x", measure.unsureWhen === "below" ? low : line)
    .attr("width", Math.max(0, measure.unsureWhen === "below" ? line - low : high - line))
    .attr("y", margin.top)
    .attr("height", lanesHeight);
  lanes.forEach((group, lane) => {
    const y = margin.top + laneHeight * (lane + 0.5);
    svg
      .append("text")
      .attr("class", "threshold-lane")
      .attr("x", margin.left - 8)
      .attr("y", y)
      .attr("dy", "0.32em")
      .attr("text-anchor", "end")
      .text(GROUP_NAMES[group]);
    svg
      .append("g")
      .selectAll("circle")
      .data(rows.filter((row) => row.group === group))
      .join("circle")
      .attr("class", (row) => `threshold-dot ${group}${row.unsure ? " unsure" : ""}`)
      .attr("cx", (row) => x(row.confidence[measure.id]))
      .attr("cy", y)
      .attr("r", group === "photo" ? 8 : 6)
      .append("title")
      .text((row) => `${row.name}: ${measureText(measure, row.confidence[measure.id])}`);
  });
  svg
    .append("line")
    .attr("class", "threshold-line")
    .attr("x1", line)
    .attr("x2", line)
    .attr("y1", margin.top - 4)
    .attr("y2", margin.top + lanesHeight + 4);
  svg
    .append("g")
    .attr("class", "chart-axis")
    .attr("transform", `translate(0,${margin.top + lanesHeight + 6})`)
    .call((g) => {
      const axis = d3.axisBottom(x).ticks(Math.max(3, Math.floor(width / 90)));
      // Probabilities as percentages, like every probability in the lesson.
      if (measure.id === "topProbability") axis.tickFormat((p) => `${Math.round(Number(p) * 100)}%`);
      g.call(axis);
    })
    .call((g) => g.select(".domain").remove());
  figure.append(caption, svg.node()!);
  return figure;
}

export type ThresholdInput = HTMLFormElement & {value: number};

/** A labelled slider for the threshold, `min` to `max` in steps of `step`, with its value written beside it. */
export function ThresholdInput(
  measure: Measure,
  {min, max, step, value}: {min: number; max: number; step: number; value: number}
): ThresholdInput {
  const form = document.createElement("form") as ThresholdInput;
  form.className = "threshold-input";
  form.addEventListener("submit", (event) => event.preventDefault());
  const input = document.createElement("input");
  input.type = "range";
  input.id = "threshold-slider";
  input.min = String(min);
  input.max = String(max);
  input.step = String(step);
  input.value = String(value);
  const label = document.createElement("label");
  label.htmlFor = input.id;
  label.textContent = `“I don't know” when the ${measure.title} is ${measure.unsureWhen}`;
  const output = document.createElement("output");
  output.htmlFor.add(input.id);
  const update = () => {
    form.value = Number(input.value);
    output.textContent = measureText(measure, form.value);
    input.setAttribute("aria-valuetext", output.textContent);
  };
  input.addEventListener("input", update);
  update();
  form.append(label, input, output);
  return form;
}

/** A sentence saying what the thresholded classifier says to one picture (the reader's photo), and why. */
export function ThresholdVerdict(
  row: ConfidenceRow,
  {measure, threshold}: {measure: Measure; threshold: number}
): HTMLElement {
  const {unsure, because, answer} = verdict(row.confidence, measure, threshold);
  const paragraph = document.createElement("p");
  paragraph.className = "threshold-verdict";
  paragraph.dataset.unsure = String(unsure);
  paragraph.dataset.value = String(row.confidence[measure.id]);
  const strong = document.createElement("strong");
  strong.textContent = answer;
  paragraph.append(`${row.name}: ${because}, so the classifier `, strong, ".");
  return paragraph;
}
