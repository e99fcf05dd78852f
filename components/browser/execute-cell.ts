// Runs a reader's code cell in the current JavaScript realm: the code-cell worker uses it (so a cell that never ends
// can be stopped by ending the worker), and so do the unit tests, in Node.
import type * as tfType from "@tensorflow/tfjs-core";
import {formatTensor} from "../pipeline/format.js";
import {CELL_OUTPUTS} from "../pipeline/cell-code.js";

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

/** A name a cell defines, and its value as text. */
export interface NamedValue {
  name: string;
  text: string;
}

/** What a run produced, as plain data (it crosses from the worker to the page). */
export interface CellOutput {
  logs: LogLine[];
  /** The returned value as text (tensors as print() shows them); undefined when the code returned nothing. */
  result?: string;
  /** For a cell run as runnableBody (components/pipeline/cell-code.ts) made it: the names it defines, with values. */
  values?: NamedValue[];
  error?: CellError;
  /** tf.memory().numTensors before and after the run (after the run's tensors were freed). */
  tensorsBefore: number;
  tensorsAfter: number;
  milliseconds: number;
}

export type CellScope = Record<string, unknown>;

const AsyncFunction = (async () => {}).constructor as new (
  ...argsAndBody: string[]
) => (...args: unknown[]) => Promise<unknown>;

/** The lines V8 puts before the body of `new AsyncFunction(a, b, body)`: "async function anonymous(a,b\n) {\n". */
const HEADER_LINES = 2;

function isTensor(value: unknown, tf: typeof tfType): value is tfType.Tensor {
  return value instanceof tf.Tensor;
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
    const items = Array.from(value as unknown as ArrayLike<number>);
    const shown = items.slice(0, 20).join(", ") + (items.length > 20 ? `, … ${items.length - 20} more` : "");
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

/** A value a cell defines, as a notebook shows it: a tensor with its shape and dtype, then its values as print() writes them. */
export function describeNamed(name: string, value: unknown, tf: typeof tfType): NamedValue {
  if (isTensor(value, tf) && !value.isDisposed) {
    const values = formatTensor(value).replace(/^Tensor\n/, "");
    return {name, text: `${value.dtype} tensor, shape [${value.shape.join(", ")}]\n${values}`};
  }
  return {name, text: describeValue(value, tf)};
}

/**
 * Where a runtime error happened in the reader's code, from V8's stack ("<anonymous>:LINE:COLUMN"); `lineOffset` lines
 * that the runner put before the reader's code are not counted.
 */
export function runtimeErrorLocation(error: unknown, lineOffset = 0): {line?: number; column?: number} {
  const stack = error instanceof Error ? String(error.stack ?? "") : "";
  const match = /<anonymous>:(\d+):(\d+)/.exec(stack);
  if (!match) return {};
  const line = Number(match[1]) - HEADER_LINES - lineOffset;
  return line >= 1 ? {line, column: Number(match[2])} : {};
}

type SyntaxLocator = (code: string) => Promise<{line: number; column: number} | undefined>;

/** Finds a syntax error's line with acorn (the browser's own message says what, but not where). */
export const locateSyntaxError: SyntaxLocator = async (code) => {
  try {
    const {parse} = await import("acorn");
    parse(code, {
      ecmaVersion: "latest",
      sourceType: "script",
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true
    });
  } catch (error) {
    const loc = (error as {loc?: {line: number; column: number}}).loc;
    if (loc) return {line: loc.line, column: loc.column + 1};
  }
  return undefined;
};

/** The names and values a cell defines, when the code returned them as runnableBody has it do. */
function definedValues(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== "object" || !(CELL_OUTPUTS in value)) return undefined;
  return (value as {[CELL_OUTPUTS]: Record<string, unknown>})[CELL_OUTPUTS];
}

function toCellError(error: unknown, lineOffset = 0): CellError {
  if (error instanceof Error)
    return {name: error.name, message: error.message, ...runtimeErrorLocation(error, lineOffset)};
  return {name: "Error", message: `The code threw ${String(error)} (throw an Error to get a message and a line).`};
}

export interface ExecuteOptions {
  locate?: SyntaxLocator;
  /** Lines the runner put before the reader's first line (components/pipeline/cell-code.ts, runnableBody). */
  lineOffset?: number;
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
  {locate = locateSyntaxError, lineOffset = 0}: ExecuteOptions = {}
): Promise<CellOutput> {
  const started = performance.now();
  const tensorsBefore = tf.memory().numTensors;
  const logs: LogLine[] = [];
  let outcome: Pick<CellOutput, "result" | "values" | "error"> = {};

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
    let run: ((...args: unknown[]) => Promise<unknown>) | undefined;
    try {
      run = new AsyncFunction(...Object.keys(scope), code);
    } catch (error) {
      const where = error instanceof SyntaxError ? await locate(code) : undefined;
      const line = where && where.line > lineOffset ? where.line - lineOffset : undefined;
      outcome = {error: {...toCellError(error), line, column: line ? where?.column : undefined}};
    }
    if (run) {
      for (const level of Object.keys(originals) as LogLine["level"][]) {
        console[level] = (...args: unknown[]) =>
          void logs.push({level, text: args.map((arg) => describeValue(arg, tf)).join(" ")});
      }
      try {
        const value = await run(...Object.values(scope));
        // Described before the scope ends: a returned tensor is printed, then freed with the rest.
        const defined = definedValues(value);
        if (defined) outcome = {values: Object.entries(defined).map(([name, item]) => describeNamed(name, item, tf))};
        else if (value !== undefined) outcome = {result: describeValue(value, tf)};
      } catch (error) {
        outcome = {error: toCellError(error, lineOffset)};
      }
    }
  } finally {
    Object.assign(console, originals);
    engine.endScope();
  }
  return {
    logs,
    ...outcome,
    tensorsBefore,
    tensorsAfter: tf.memory().numTensors,
    milliseconds: performance.now() - started
  };
}
