// Editing a teaching cell where it stands, and copying a page's teaching cells as one file: the part of
// teaching-cells.ts that loads only when a reader first asks for it. A run reads the cell's names from the page as they
// are now (page-scope.ts), sends them to the playground's code runner (run-cell.ts) and shows what comes back; the
// page's own cells never see the edited code.
import * as tf from "@tensorflow/tfjs-core";
import {analyzeCell, runnableBody, type CellCode} from "../pipeline/cell-code.js";
import {pageSnippet, type SnippetInput} from "../pipeline/cell-snippet.js";
import {errorMessage} from "../pipeline/errors.js";
import {MODELS, isModelId} from "../pipeline/models.js";
import {CodeCell, type CellRun, type CodeCellElement} from "../views/code-cell.js";
import {sendValue, type SentValue} from "./cell-values.js";
import {pageValue} from "./page-scope.js";
import {CellRunner, DEFAULT_TIME_LIMIT, type CellOutput, type RunnerConfig} from "./run-cell.js";

/** Names Framework gives each cell itself (not page values): the runner has its own. */
const CELL_OWN_NAMES = new Set(["invalidation", "display", "view", "visibility"]);

/** Stand-ins the runner offers for the packages a cell may import (cell-worker.ts, builtins). */
const IMPORTABLE: Record<string, string> = {
  "@tensorflow/tfjs": "__tfjs",
  "@tensorflow/tfjs-core": "__tfjs",
  "npm:@tensorflow/tfjs": "__tfjs",
  "npm:@tensorflow/tfjs-core": "__tfjs",
  "@tensorflow-models/mobilenet": "__mobilenet",
  "npm:@tensorflow-models/mobilenet": "__mobilenet"
};

let runner: CellRunner | undefined;

/** One runner (one worker, one copy of the model) for all the page's cells, started by the first edit. */
function pageRunner(config: RunnerConfig): CellRunner {
  runner ??= new CellRunner(config);
  return runner;
}

/**
 * The editor for a teaching cell: a CodeCell whose runs see the page's current values. The code runner starts once the
 * editor is ready (so that tfjs, downloading for the worker, doesn't hold up the editor's own code), while the reader
 * reads and types.
 */
export function editCell(
  code: string,
  {label, config, onClose}: {label: string; config: RunnerConfig; onClose: () => void}
): CodeCellElement {
  const cell = CodeCell(code, {label, onClose, run: (edited) => runWithPageValues(edited, pageRunner(config))});
  void cell.ready.then(() => pageRunner(config));
  return cell;
}

function runWithPageValues(code: string, cellRunner: CellRunner): CellRun {
  const stop = new AbortController();
  let stopRun = () => {};
  const output = (async (): Promise<CellOutput> => {
    let cell: CellCode;
    try {
      cell = analyzeCell(code);
    } catch {
      // The runner reports the syntax error, with its line, as for any cell.
      return cellRunner.run(code, {reads: [], values: {}}).output;
    }
    const {body, lineOffset} = runnableBody(code, cell, (source) => IMPORTABLE[source]);
    const standIns = cell.imports.flatMap((i) => (IMPORTABLE[i.source] ? [IMPORTABLE[i.source]!] : []));
    const transfer: Transferable[] = [];
    let values: Record<string, SentValue>;
    try {
      values = await pageValues(cell.reads, transfer, stop.signal);
    } catch (error) {
      return failure(errorMessage(error), stop.signal.aborted ? "Stopped" : "Error");
    }
    const run = cellRunner.run(body, {reads: [...cell.reads, ...standIns], values, lineOffset}, transfer);
    stopRun = () => cellRunner.stop(run.id);
    return run.output;
  })();
  return {
    output,
    stop: () => {
      stop.abort();
      stopRun();
    }
  };
}

/** The page's values of `names` (those it has), ready to send; waits for cells still running, up to the time limit. */
async function pageValues(
  names: readonly string[],
  transfer: Transferable[],
  signal: AbortSignal
): Promise<Record<string, SentValue>> {
  const context = {tf, functionReads, lookup: pageValue, transfer};
  const values: Record<string, SentValue> = {};
  for (const name of names) {
    if (CELL_OWN_NAMES.has(name)) continue;
    const found = await waitFor(
      pageValue(name),
      signal,
      `The page has no \`${name}\` yet: the cell that makes it is still running (or waiting for something the page explains above).`
    ).catch((error: unknown) => {
      if (signal.aborted) throw error;
      throw new Error(`\`${name}\` is not available: the page's cell that makes it failed (${errorMessage(error)}).`);
    });
    if (found) values[name] = await sendValue(found.value, name, context);
  }
  return values;
}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal, timeoutMessage: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(timeoutMessage)), DEFAULT_TIME_LIMIT);
    signal.addEventListener("abort", () => reject(new Error("Stopped before the code started.")), {once: true});
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** The names a function's source reads, so that it can be rebuilt beside them; undefined if it can't be parsed alone. */
function functionReads(source: string): string[] | undefined {
  try {
    return analyzeCell(`(${source})`).reads;
  } catch {
    return undefined;
  }
}

const failure = (message: string, name = "Error"): CellOutput => ({
  logs: [],
  error: {name, message},
  tensorsBefore: 0,
  tensorsAfter: 0,
  milliseconds: 0
});

// ---------------------------------------------------------------------------------------------------------------
// Copy the code

/** The page's teaching cells as one file (cell-snippet.ts), with the page's own values for what they read. */
export async function pageCode(
  cells: readonly string[],
  {title, page}: {title: string; page: string}
): Promise<string> {
  const parsed = cells.map((code) => analyzeCell(code));
  const defined = new Set(parsed.flatMap((cell) => cell.defines));
  const inputs: Record<string, SnippetInput> = {};
  for (const name of new Set(parsed.flatMap((cell) => cell.reads))) {
    if (defined.has(name) || CELL_OWN_NAMES.has(name) || name === "tf" || name === "mobilenet") continue;
    const found = await waitFor(
      pageValue(name),
      new AbortController().signal,
      `The page has no \`${name}\` yet.`
    ).catch(() => undefined);
    if (found) inputs[name] = snippetInput(name, found.value);
  }
  return pageSnippet({title, page, cells, inputs});
}

const PHOTO = "the photo as pixels [height, width, 3], values 0–255: tf.browser.fromPixels(an <img> or <canvas>)";

/** How the reader's file gets `name`, judged from the page's value. */
function snippetInput(name: string, value: unknown): SnippetInput {
  const model = value as {spec?: {id?: unknown}; infer?: unknown; version?: unknown; alpha?: unknown} | null;
  if (model && typeof model.infer === "function") {
    if (isModelId(model.spec?.id)) {
      const [version, alpha] = MODELS[model.spec.id].id.slice(1).split("-").map(Number) as [number, number];
      return {kind: "model", version, alpha};
    }
    if (model.version !== undefined) return {kind: "model", version: Number(model.version), alpha: Number(model.alpha)};
  }
  if (value instanceof tf.Tensor) {
    if (value.rank === 3 && value.shape[2] === 3) return {kind: "parameter", about: PHOTO};
    return {kind: "parameter", about: `a ${value.dtype} tensor of shape [${value.shape.join(", ")}]`};
  }
  if (value instanceof HTMLCanvasElement || value instanceof HTMLImageElement)
    return {kind: "parameter", about: "the photo, as an <img> or <canvas> element"};
  if (typeof value === "function")
    return {kind: "parameter", about: `the lesson's own \`${name}\` (not in the published packages)`};
  try {
    const json = JSON.stringify(value);
    if (json !== undefined && json.length <= 2000) return {kind: "value", json};
  } catch {
    // Not JSON (a cycle, a BigInt): a parameter, below.
  }
  return {kind: "parameter", about: `what the page calls \`${name}\``};
}
