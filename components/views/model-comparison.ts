// Two (or more) models side by side: what each costs to download, how many numbers it learned, how long it takes per
// image; and their sizes next to a size quoted elsewhere (the lecture's full-width MobileNet).
import {aboutMbText, countText, mbText, millionsText, msText, ratioText} from "../pipeline/format.js";
import {appendBar, BarList} from "./bars.js";
import {appendColumnHeadings, ScrollRegion} from "./table.js";

export interface ModelFacts {
  /** A short name, e.g. "v1 0.25". */
  name: string;
  /** Bytes fetched to load it (model.json and weights). */
  downloadBytes: number;
  /** Of which the weights file. */
  weightsBytes: number;
  /** Learned numbers, counted from the loaded weight tensors. */
  parameters: number;
  /** Those numbers' size in memory. */
  parameterBytes: number;
  /** Median milliseconds per image, and how many runs it is the median of. */
  medianMs: number;
  runs: number;
}

/** What a page measured of a loaded model: its download (runtime's modelDownload) and countParameters' count. */
export interface MeasuredSizes {
  download: {modelJsonBytes: number; weightsBytes: number};
  count: {parameters: number; bytes: number};
}

/** timeInference's result. */
export interface MeasuredTimes {
  median: number;
  times: readonly number[];
}

/** A model's facts from what a page measured: the bytes it downloaded, its counted parameters, its timed runs. */
export function measuredFacts(name: string, {download, count}: MeasuredSizes, timing: MeasuredTimes): ModelFacts {
  return {
    name,
    downloadBytes: download.modelJsonBytes + download.weightsBytes,
    weightsBytes: download.weightsBytes,
    parameters: count.parameters,
    parameterBytes: count.bytes,
    medianMs: timing.median,
    runs: timing.times.length
  };
}

/** A table: one column per model, and the last model ÷ the first. */
export function ModelComparison(models: readonly ModelFacts[], {width = 640}: {width?: number} = {}): HTMLElement {
  const first = models[0];
  const last = models[models.length - 1];
  const rows: {label: string; values: string[]; ratio?: number; note?: string}[] = [
    {
      label: "Download",
      values: models.map((m) => mbText(m.downloadBytes)),
      ratio: first && last ? last.downloadBytes / first.downloadBytes : undefined,
      note: "model.json and the weights, as tfjs reads them"
    },
    {
      label: "Parameters",
      values: models.map((m) => `${countText(m.parameters)} (${millionsText(m.parameters)})`),
      ratio: first && last ? last.parameters / first.parameters : undefined,
      note: "numbers in the weight tensors, added up"
    },
    {
      label: "Weights file ÷ parameters",
      values: models.map((m) => `${(m.weightsBytes / m.parameters).toFixed(2)} bytes each`),
      note: "a float32 number takes 4 bytes"
    },
    {
      label: "Time per image",
      values: models.map((m) => `${msText(m.medianMs)}`),
      ratio: first && last ? last.medianMs / first.medianMs : undefined,
      note: `median of ${models.map((m) => m.runs).join(" and ")} runs, in this browser, now`
    }
  ];
  const figure = document.createElement("figure");
  figure.className = "model-comparison";
  figure.style.maxWidth = `${width}px`;
  const title = `${models.map((m) => m.name).join(" and ")}, measured in this page`;
  const scroller = ScrollRegion("model-comparison-scroll", title);
  const table = document.createElement("table");
  table.createCaption().textContent = title;
  appendColumnHeadings(table, [
    "",
    ...models.map((m) => m.name),
    models.length > 1 ? `${last!.name} ÷ ${first!.name}` : ""
  ]);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.row = row.label;
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = row.label;
    if (row.note) {
      const note = document.createElement("span");
      note.className = "model-comparison-note";
      note.textContent = row.note;
      th.append(note);
    }
    tr.append(th);
    row.values.forEach((value, i) => {
      const td = tr.insertCell();
      td.textContent = value;
      td.dataset.model = models[i]!.name;
    });
    const ratio = tr.insertCell();
    ratio.className = "model-comparison-ratio";
    ratio.textContent = row.ratio === undefined || models.length < 2 ? "" : ratioText(row.ratio);
  }
  scroller.append(table);
  figure.append(scroller);
  return figure;
}

/** A size quoted rather than measured, e.g. the lecture's figure for the full-width MobileNet. */
export interface QuotedSize {
  name: string;
  bytes: number;
  /** Where the number comes from, e.g. "the lecture's figure". */
  source: string;
}

/**
 * Sizes as bars on one scale, each with how many times smaller than the largest it is: `quoted` first (with the
 * precision it was quoted with), then each measured model's download.
 */
export function ModelSizes(
  measured: readonly Pick<ModelFacts, "name" | "downloadBytes">[],
  {quoted, width = 640}: {quoted?: QuotedSize; width?: number} = {}
): HTMLElement {
  const entries = [
    ...(quoted ? [{...quoted, measured: false}] : []),
    ...measured.map((m) => ({name: m.name, bytes: m.downloadBytes, source: "measured here", measured: true}))
  ];
  const largest = Math.max(...entries.map((e) => e.bytes));
  const biggest = entries.find((e) => e.bytes === largest);
  const list = BarList("ul", "model-sizes", "Model sizes in megabytes, on one scale", width);
  for (const entry of entries) {
    const name = document.createElement("strong");
    name.textContent = entry.name;
    const smaller =
      entry !== biggest && biggest ? `, ${ratioText(largest / entry.bytes)} smaller than ${biggest.name}` : "";
    // A quoted figure keeps the precision it was quoted with.
    const size = entry.measured ? mbText(entry.bytes) : aboutMbText(entry.bytes);
    const {item, bar} = appendBar(list, [name, ` (${entry.source})`], size + smaller, entry.bytes / largest);
    item.dataset.model = entry.name;
    if (!entry.measured) bar.classList.add("model-sizes-quoted");
  }
  return list;
}
