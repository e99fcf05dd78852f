// An editable code cell: a text box, Run (or Ctrl/Cmd+Enter), Stop, Reset, and the run's output shown the way a
// console shows it. The cell only displays; `run` (components/browser/run-cell.ts) decides where the code runs.
import type {CellOutput} from "../browser/run-cell.js";

/** A run in progress: its output when it ends, and a way to end it early. */
export interface CellRun {
  output: Promise<CellOutput>;
  stop(): void;
}

export interface CodeCellOptions {
  /** What the cell does, for screen readers ("Cell 2: softmax"). */
  label: string;
  run: (code: string) => CellRun;
  width?: number;
}

export type CodeCellElement = HTMLElement & {
  /** Runs the code as it is in the box now. */
  run(): Promise<CellOutput>;
  /** The code in the box now. */
  readonly code: string;
};

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

export function CodeCell(initialCode: string, {label, run, width}: CodeCellOptions): CodeCellElement {
  const cell = document.createElement("section") as unknown as CodeCellElement;
  cell.className = "code-cell";
  cell.dataset.state = "idle";
  cell.setAttribute("aria-label", label);
  if (width) cell.style.maxWidth = `${width}px`;

  const editor = document.createElement("textarea");
  editor.className = "code-cell-editor";
  editor.value = initialCode;
  editor.spellcheck = false;
  editor.autocapitalize = "off";
  editor.setAttribute("autocorrect", "off");
  editor.setAttribute("aria-label", `${label}: code (${isMac ? "Cmd" : "Ctrl"}+Enter runs it)`);
  const fit = () => {
    editor.rows = Math.max(3, editor.value.split("\n").length + 1);
  };
  fit();
  editor.addEventListener("input", () => {
    fit();
    cell.dataset.edited = String(editor.value !== initialCode);
  });

  const actions = document.createElement("div");
  actions.className = "code-cell-actions";
  const button = (text: string, className: string, title: string) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = text;
    b.title = title;
    return b;
  };
  const runButton = button("Run", "code-cell-run", `Run this cell (${isMac ? "⌘" : "Ctrl"}+Enter)`);
  const stopButton = button("Stop", "code-cell-stop", "Stop this cell's code");
  const resetButton = button("Reset", "code-cell-reset", "Put the original code back and run it");
  stopButton.disabled = true;
  const status = document.createElement("span");
  status.className = "code-cell-status";
  status.setAttribute("role", "status");
  actions.append(runButton, stopButton, resetButton, status);

  const output = document.createElement("pre");
  output.className = "code-cell-output";
  output.setAttribute("role", "log");
  output.setAttribute("aria-label", `${label}: output`);
  output.tabIndex = 0; // long output scrolls sideways: let keyboard readers scroll it

  let current: CellRun | undefined;
  let generation = 0;
  let finished = 0;

  async function start(): Promise<CellOutput> {
    current?.stop();
    const mine = ++generation;
    const started = run(editor.value);
    current = started;
    cell.dataset.state = "running";
    stopButton.disabled = false;
    status.textContent = "Running…";
    const result = await started.output;
    if (mine === generation) {
      current = undefined;
      stopButton.disabled = true;
      show(result);
    }
    return result;
  }

  function show(result: CellOutput): void {
    cell.dataset.state = result.error ? "error" : "done";
    cell.dataset.runs = String(++finished); // lets a test (or a reader's script) tell one run's output from the next
    const lines: HTMLElement[] = [];
    const line = (text: string, className: string) => {
      const span = document.createElement("span");
      span.className = className;
      span.textContent = text;
      lines.push(span);
    };
    for (const entry of result.logs) line(entry.text, `code-cell-line code-cell-${entry.level}`);
    if (result.result !== undefined) line(result.result, "code-cell-line code-cell-result");
    if (result.error) {
      const where = result.error.line
        ? `Line ${result.error.line}${result.error.column ? `, column ${result.error.column}` : ""}: `
        : "";
      line(`${where}${result.error.name}: ${result.error.message}`, "code-cell-line code-cell-error");
    }
    if (!lines.length) line("(no output: console.log a value, or return it)", "code-cell-line code-cell-empty");
    output.replaceChildren(...lines);
    if (result.error?.name === "Stopped") {
      status.textContent = "Stopped";
      return;
    }
    const leaked = result.tensorsAfter - result.tensorsBefore;
    status.textContent =
      `${result.error ? "Failed" : "Done"} in ${Math.round(result.milliseconds)} ms · tensors in memory ${result.tensorsBefore} → ${result.tensorsAfter}` +
      (leaked > 0 ? ` (${leaked} kept by tf.keep or tf.variable)` : "");
  }

  runButton.addEventListener("click", () => void start());
  stopButton.addEventListener("click", () => current?.stop());
  resetButton.addEventListener("click", () => {
    editor.value = initialCode;
    fit();
    cell.dataset.edited = "false";
    void start();
  });
  editor.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void start();
    }
  });

  cell.append(editor, actions, output);
  Object.defineProperty(cell, "code", {get: () => editor.value});
  cell.run = start;
  return cell;
}
