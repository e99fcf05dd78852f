// Runs a reader's code cell in the current JavaScript realm: the code-cell worker uses it (so a cell that never ends
// can be stopped by ending the worker), and so do the unit tests, in Node. In the worker the code becomes a blob:
// module (moduleCompiler), since the site's Content-Security-Policy, which the worker inherits, forbids eval() and
// new Function(); Node has no such policy and builds an AsyncFunction (functionCompiler).
import type * as tfType from "@tensorflow/tfjs-core";
import {formatTensor} from "../pipeline/format.js";

/** One line a cell wrote to the console (tfjs's print() writes with console.log). */
export interface LogLine {
  level: "log" | "info" | "warn" | "error" | "debug";
  text: string;
}

export interface CellError {
  name: string;
  message: string;
  /** 1-based line in the reader's code, when the error says where. */
  line?: number;
  column?: number;
}

/** What a run produced, as plain data (it crosses from the worker to the page). */
export interface CellOutput {
  logs: LogLine[];
  /** The returned value as text (tensors as print() shows them); undefined when the code returned nothing. */
  result?: string;
  error?: CellError;
  /** tf.memory().numTensors before and after the run (after the run's tensors were freed). */
  tensorsBefore: number;
  tensorsAfter: number;
  milliseconds: number;
}

export type CellScope = Record<string, unknown>;

/** A cell's output is shown on the page: at most this many lines (the rest are counted), each at most this long. A
 * cell that logs in a loop keeps the worker's memory and the page's rendering bounded. */
export const MAX_LOG_LINES = 1000;
export const MAX_TEXT_LENGTH = 10_000;

type CellFunction = (...args: unknown[]) => Promise<unknown>;

/** How a cell's code becomes an async function of the scope's names. */
export interface CellCompiler {
  /** The function, and the name its frames carry in a stack trace. Throws, or rejects with, a SyntaxError when the
   * code does not parse. The reader's line 1 is line HEADER_LINES + 1 of what runs. */
  compile(parameters: string[], code: string): Promise<{run: CellFunction; sourceName: string}>;
  /** Where the code's syntax error is, 1-based, or undefined when the parser finds none. */
  locateSyntaxError(code: string): Promise<{line: number; column: number} | undefined>;
}

const AsyncFunction = (async () => {}).constructor as new (...argsAndBody: string[]) => CellFunction;

/** The lines before the reader's code: V8 writes `new AsyncFunction(a, b, body)` as "async function anonymous(a,b\n)
 * {\n" + body, and cellModuleSource does the same. */
const HEADER_LINES = 2;

/** new AsyncFunction: sloppy-mode code, named "<anonymous>" in stack traces. Needs a policy that allows eval (Node). */
export const functionCompiler: CellCompiler = {
  compile: async (parameters, code) => ({run: new AsyncFunction(...parameters, code), sourceName: "<anonymous>"}),
  locateSyntaxError: (code) => locateWith(code, "script")
};

/** The module the worker imports for a cell: its default export is the cell as an async function, with the reader's
 * code starting on line HEADER_LINES + 1, as in an AsyncFunction. */
export function cellModuleSource(parameters: string[], code: string): string {
  return `export default async function anonymous(${parameters.join(",")}\n) {\n${code}\n}\n`;
}

/** A blob: module, imported: runs under a policy without 'unsafe-eval' as long as it allows blob: scripts, as the
 * site's does. Module code is strict-mode code. */
export const moduleCompiler: CellCompiler = {
  async compile(parameters, code) {
    const url = URL.createObjectURL(new Blob([cellModuleSource(parameters, code)], {type: "text/javascript"}));
    try {
      const module = (await import(/* @vite-ignore */ url)) as {default: CellFunction};
      return {run: module.default, sourceName: url};
    } finally {
      URL.revokeObjectURL(url);
    }
  },
  locateSyntaxError: (code) => locateWith(code, "module")
};

function isTensor(value: unknown, tf: typeof tfType): value is tfType.Tensor {
  return value instanceof tf.Tensor;
}

/** `text` cut to MAX_TEXT_LENGTH characters, saying how many more there were. */
export function truncateText(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  return `${text.slice(0, MAX_TEXT_LENGTH)}… (${(text.length - MAX_TEXT_LENGTH).toLocaleString("en-US")} more characters)`;
}

/** A value as a console would show it: tensors as print() text, the rest as readable, size-limited text. */
export function describeValue(value: unknown, tf: typeof tfType, depth = 0): string {
  if (typeof value === "string") return depth === 0 ? value : JSON.stringify(value);
  if (value === undefined || value === null || typeof value !== "object") {
    return typeof value === "function" ? `[function ${(value as {name?: string}).name || "anonymous"}]` : String(value);
  }
  if (isTensor(value, tf)) {
    return value.isDisposed ? `Tensor (disposed, shape [${value.shape.join(", ")}])` : formatTensor(value);
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (depth > 2) return Array.isArray(value) ? "[…]" : "{…}";
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const items = value as unknown as {length: number; subarray(start: number, end: number): ArrayLike<number>};
    const shown =
      Array.from(items.subarray(0, 20)).join(", ") + (items.length > 20 ? `, … ${items.length - 20} more` : "");
    return `${value.constructor.name}(${items.length}) [${shown}]`;
  }
  if (Array.isArray(value)) {
    const shown = value.slice(0, 20).map((item) => describeValue(item, tf, depth + 1));
    if (value.length > 20) shown.push(`… ${value.length - 20} more`);
    return `[${shown.join(", ")}]`;
  }
  if (value instanceof Promise) return "Promise (add `await` to see its value)";
  const entries = Object.entries(value).slice(0, 30);
  return `{${entries.map(([key, item]) => `${key}: ${describeValue(item, tf, depth + 1)}`).join(", ")}}`;
}

/** Where a runtime error happened in the reader's code, from V8's stack: the first frame in `sourceName`
 * ("<anonymous>:LINE:COLUMN" for an AsyncFunction, "blob:…:LINE:COLUMN" for a module). */
export function runtimeErrorLocation(error: unknown, sourceName = "<anonymous>"): {line?: number; column?: number} {
  const stack = error instanceof Error ? String(error.stack ?? "") : "";
  const escaped = sourceName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return {};
  const line = Number(match[1]) - HEADER_LINES;
  return line >= 1 ? {line, column: Number(match[2])} : {};
}

/** Finds a syntax error's line with acorn (the browser's own message says what, but not where). As a module, the
 * strict-mode rules count too. */
async function locateWith(code: string, sourceType: "script" | "module") {
  try {
    const {parse} = await import("acorn");
    parse(code, {ecmaVersion: "latest", sourceType, allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true});
  } catch (error) {
    const loc = (error as {loc?: {line: number; column: number}}).loc;
    if (loc) return {line: loc.line, column: loc.column + 1};
  }
  return undefined;
}

function toCellError(error: unknown, sourceName?: string): CellError {
  if (error instanceof Error) {
    return {name: error.name, message: truncateText(error.message), ...runtimeErrorLocation(error, sourceName)};
  }
  return {
    name: "Error",
    message: truncateText(`The code threw ${String(error)} (throw an Error to get a message and a line).`)
  };
}

/**
 * Runs `code` as the body of an async function whose parameters are the names in `scope`; `return x` shows x.
 * console output is captured, and every tensor the code makes is freed afterwards (tfjs scope), so a cell cannot
 * leak memory by forgetting dispose(). `makeScope` runs inside that scope, so per-run tensors (a fresh `image`) go too.
 */
export async function executeCell(
  code: string,
  makeScope: () => CellScope,
  tf: typeof tfType,
  compiler: CellCompiler = functionCompiler
): Promise<CellOutput> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  const logs: LogLine[] = [];
  let unshown = 0;
  let outcome: Pick<CellOutput, "result" | "error"> = {};

  const engine = tf.engine();
  engine.startScope();
  const originals = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
    debug: console.debug
  };
  try {
    const scope = makeScope();
    let compiled: Awaited<ReturnType<CellCompiler["compile"]>> | undefined;
    try {
      compiled = await compiler.compile(Object.keys(scope), code);
    } catch (error) {
      const where = error instanceof SyntaxError ? await compiler.locateSyntaxError(code) : undefined;
      outcome = {error: {...toCellError(error), line: where?.line, column: where?.column}};
    }
    if (compiled) {
      for (const level of Object.keys(originals) as LogLine["level"][]) {
        console[level] = (...args: unknown[]) => {
          if (logs.length >= MAX_LOG_LINES) unshown++;
          else logs.push({level, text: truncateText(args.map((arg) => describeValue(arg, tf)).join(" "))});
        };
      }
      try {
        const value = await compiled.run(...Object.values(scope));
        // Described before the scope ends: a returned tensor is printed, then freed with the rest.
        if (value !== undefined) outcome = {result: truncateText(describeValue(value, tf))};
      } catch (error) {
        outcome = {error: toCellError(error, compiled.sourceName)};
      }
    }
  } finally {
    Object.assign(console, originals);
    engine.endScope();
  }
  if (unshown > 0) {
    logs.push({
      level: "info",
      text: `… and ${unshown.toLocaleString("en-US")} more lines, not shown (a cell shows its first ${MAX_LOG_LINES.toLocaleString("en-US")}).`
    });
  }
  return {
    logs,
    ...outcome,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    milliseconds: performance.now() - started
  };
}
