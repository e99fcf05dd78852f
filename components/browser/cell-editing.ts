// Editing a teaching cell where it stands, and copying a page's teaching cells as one file: the part of
// teaching-cells.ts that loads only when a reader first asks for it. A run reads the cell's names from the page as they
// are now (page-scope.ts), sends them to the playground's code runner (run-cell.ts) and shows what comes back; the
// page's own cells never see the edited code.
import * as tf from "@tensorflow/tfjs-core";
import {analyzeCell, runnableBody, type CellCode} from "../pipeline/cell-code.js";
import {pageSnippet, type PublishedImport, type SnippetInput} from "../pipeline/cell-snippet.js";
import {errorMessage} from "../pipeline/errors.js";
import {MODELS, isModelId} from "../pipeline/models.js";
import {CodeCell, type CellRun, type CodeCellElement} from "../views/code-cell.js";
import {sendValue, type SendContext, type SentValue} from "./cell-values.js";
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
  {label, key, config, onClose}: {label: string; key: string; config: RunnerConfig; onClose: () => void}
): CodeCellElement {
  const cell = CodeCell(code, {label, key, onClose, run: (edited) => runWithPageValues(edited, pageRunner(config))});
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
  const context = {tf, functionReads, lookup: pageValue, moduleExport, transfer};
  const values: Record<string, SentValue> = {};
  for (const name of names) {
    if (CELL_OWN_NAMES.has(name)) continue;
    const found = await waitFor(
      pageValue(name),
      signal,
      DEFAULT_TIME_LIMIT,
      `The page has no \`${name}\` yet: the cell that makes it is still running, or waiting for you (a photo, a button), or for something the page explains above.`
    ).catch((error: unknown) => {
      if (signal.aborted || error instanceof NotYet) throw error;
      throw new Error(`\`${name}\` is not available: the page's cell that makes it failed (${errorMessage(error)}).`);
    });
    if (found) values[name] = await sendOrRetry(name, found.value, context);
  }
  return values;
}

/**
 * The page's value, sent; once more with its next value if the page freed a tensor of it while it was being read (it
 * was recomputing, for a new photo, say).
 */
async function sendOrRetry(name: string, value: unknown, context: SendContext): Promise<SentValue> {
  try {
    return await sendValue(value, name, context);
  } catch (error) {
    const next = await pageValue(name);
    if (!next || next.value === value) throw error;
    return sendValue(next.value, name, context);
  }
}

/** A page value that did not come within the time allowed. */
class NotYet extends Error {}

function waitFor<T>(promise: Promise<T>, signal: AbortSignal, limit: number, timeoutMessage: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new NotYet(timeoutMessage)), limit);
    signal.addEventListener("abort", () => reject(new Error("Stopped before the code started.")), {once: true});
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** The page's own modules, each with its exports: Framework preloads every local module a page imports (/_import/). */
let pageModules: Promise<{url: string; exports: Record<string, unknown>}[]> | undefined;

/**
 * The module of the page that exports `fn`, and under which name: the worker then imports that same file, so that a
 * lesson function keeps what its module gives it (its imports, its constants), which its source alone would not.
 */
async function moduleExport(fn: unknown): Promise<{url: string; name: string} | undefined> {
  pageModules ??= Promise.all(
    Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]'))
      .filter((link) => new URL(link.href).pathname.includes("/_import/"))
      .map(async (link) => ({
        url: link.href,
        // Already loaded by the page: this gives its module namespace at once.
        exports: await (import(/* @vite-ignore */ link.href) as Promise<Record<string, unknown>>).catch(() => ({}))
      }))
  );
  for (const {url, exports} of await pageModules)
    for (const [name, value] of Object.entries(exports)) if (value === fn) return {url, name};
  return undefined;
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

/**
 * The page's teaching cells as one file (cell-snippet.ts), with the page's own values for what they read, and the
 * page's imports from the published packages for what it imports (`imports`).
 */
export async function pageCode(
  cells: readonly string[],
  {title, page, imports = {}}: {title: string; page: string; imports?: Readonly<Record<string, PublishedImport>>}
): Promise<string> {
  const parsed = cells.map((code) => analyzeCell(code));
  const defined = new Set(parsed.flatMap((cell) => cell.defines));
  const inputs: Record<string, SnippetInput> = {};
  for (const name of new Set(parsed.flatMap((cell) => cell.reads))) {
    if (defined.has(name) || CELL_OWN_NAMES.has(name) || name === "tf" || name === "mobilenet") continue;
    const imported = imports[name];
    if (imported) {
      inputs[name] = {kind: "import", ...imported};
      continue;
    }
    // A value the page doesn't have yet (a button not pressed) becomes a parameter, described by its name only.
    const found = await waitFor(pageValue(name), new AbortController().signal, 1000, "").catch(() => null);
    if (found) inputs[name] = snippetInput(name, found.value);
    else if (found === null) inputs[name] = {kind: "parameter", about: `what the page calls \`${name}\``};
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
