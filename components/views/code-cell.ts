// An editable code cell: a code editor (CodeMirror, code-editor.ts), Run (or Ctrl/Cmd+Enter), Stop, Reset, and the
// run's output shown the way a console shows it. The cell only displays; `run` (components/browser/run-cell.ts)
// decides where the code runs. The editor's code is fetched when the first cell is made; until it has arrived the
// cell shows its code read-only, and Run already works.
import type {CellOutput} from "../browser/run-cell.js";
import type {CodeEditor} from "./code-editor.js";
import {errorMessage} from "../pipeline/errors.js";
import {INTERRUPTED_RUN, forgetRun, rememberRun, unfinishedRuns} from "../browser/unfinished-runs.js";

/** A run in progress: its output when it ends, and a way to end it early. */
export interface CellRun {
  output: Promise<CellOutput>;
  stop(): void;
}

export interface CodeCellOptions {
  /** What the cell does, for screen readers ("Cell 2: softmax"). */
  label: string;
  run: (code: string) => CellRun;
  /** Adds a Close button, which calls this (a teaching cell goes back to the page's own code). */
  onClose?: () => void;
  /** Reset runs the original code again (the playground's cells); otherwise it only puts it back. */
  runOnReset?: boolean;
  /**
   * Names the cell on its page across reloads (unfinished-runs.ts): code whose run never ended (it used up the
   * browser's memory, which ends the page) comes back in the editor, unrun. Defaults to `label`.
   */
  key?: string;
  width?: number;
}

export type CodeCellElement = HTMLElement & {
  /** Runs the code as it is in the editor now. */
  run(): Promise<CellOutput>;
  /** The code in the editor now. */
  readonly code: string;
  /** Settles once the editor is ready to type in (it is loaded on first use). */
  readonly ready: Promise<void>;
  /** The cell holds code whose last run never ended (see `key`): run it only when the reader asks. */
  readonly interrupted: boolean;
  focus(): void;
};

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

let editorModule: Promise<typeof import("./code-editor.js")> | undefined;

export function CodeCell(
  initialCode: string,
  {label, run, onClose, runOnReset = false, width, key = label}: CodeCellOptions
): CodeCellElement {
  const interruptedCode = unfinishedRuns()[key];
  const cell = document.createElement("section") as unknown as CodeCellElement;
  cell.className = "code-cell";
  cell.dataset.state = "idle";
  cell.setAttribute("aria-label", label);
  if (width) cell.style.maxWidth = `${width}px`;

  // The code, read-only, until the editor has loaded.
  const placeholder = document.createElement("pre");
  placeholder.className = "code-cell-placeholder";
  placeholder.textContent = interruptedCode ?? initialCode;
  let editor: CodeEditor | undefined;

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
  const resetButton = button(
    "Reset",
    "code-cell-reset",
    runOnReset ? "Put the original code back and run it" : "Put the original code back"
  );
  stopButton.disabled = true;
  const status = document.createElement("span");
  status.className = "code-cell-status";
  status.setAttribute("role", "status");
  actions.append(runButton, stopButton, resetButton);
  if (onClose) {
    const closeButton = button("Close", "code-cell-close", "Close the editor and show the page's code again");
    closeButton.addEventListener("click", () => {
      forgetRun(key);
      onClose();
    });
    actions.append(closeButton);
  }
  actions.append(status);

  const output = document.createElement("pre");
  output.className = "code-cell-output";
  output.setAttribute("role", "log");
  output.setAttribute("aria-label", `${label}: output`);
  output.tabIndex = 0; // long output scrolls sideways: let keyboard readers scroll it

  const currentCode = () => editor?.code ?? interruptedCode ?? initialCode;
  let current: CellRun | undefined;
  let generation = 0;
  let finished = 0;

  async function start(): Promise<CellOutput> {
    current?.stop();
    const mine = ++generation;
    editor?.markErrorLine(undefined);
    const code = currentCode();
    const forget = rememberRun(key, code);
    const started = run(code);
    // A run stopped by a newer one must not forget the newer one's code, which is kept under the same key.
    void started.output.then(() => {
      if (mine === generation) forget();
    });
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
    const line = (text: string, className: string, name?: string) => {
      const span = document.createElement("span");
      span.className = className;
      if (name) {
        const label = document.createElement("span");
        label.className = "code-cell-name";
        label.textContent = `${name}: `;
        span.append(label);
      }
      span.append(text);
      lines.push(span);
    };
    for (const entry of result.logs) line(entry.text, `code-cell-line code-cell-${entry.level}`);
    for (const value of result.values ?? []) line(value.text, "code-cell-line code-cell-value", value.name);
    if (result.result !== undefined) line(result.result, "code-cell-line code-cell-result");
    if (result.error) {
      const where = result.error.line
        ? `Line ${result.error.line}${result.error.column ? `, column ${result.error.column}` : ""}: `
        : "";
      line(`${where}${result.error.name}: ${result.error.message}`, "code-cell-line code-cell-error");
      editor?.markErrorLine(result.error.line);
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
    forgetRun(key);
    if (editor) editor.code = initialCode;
    cell.dataset.edited = "false";
    if (runOnReset) void start();
    else {
      current?.stop();
      output.replaceChildren();
      cell.dataset.state = "idle";
      status.textContent = "The original code is back.";
    }
  });

  editorModule ??= import("./code-editor.js");
  const ready = editorModule.then(({CodeEditor}) => {
    editor = CodeEditor(interruptedCode ?? initialCode, {
      label: `${label}: code (${isMac ? "Cmd" : "Ctrl"}+Enter runs it; Esc, then Tab, leaves the editor)`,
      onRun: () => void start(),
      onChange: (code) => (cell.dataset.edited = String(code !== initialCode))
    });
    placeholder.replaceWith(editor.dom);
    cell.dataset.editor = "ready";
  });
  ready.catch((error: unknown) => {
    // Offline, say: the code still shows and runs as it is; only editing waits for a reload.
    cell.dataset.editor = "failed";
    status.textContent = `The editor could not be loaded (${errorMessage(error)}): reload the page to edit. Run still works.`;
  });

  cell.append(placeholder, actions, output);
  if (interruptedCode !== undefined) {
    cell.dataset.state = "interrupted";
    cell.dataset.edited = String(interruptedCode !== initialCode);
    const notice = document.createElement("span");
    notice.className = "code-cell-line code-cell-notice";
    notice.textContent = INTERRUPTED_RUN;
    output.replaceChildren(notice);
    // Kept until the reader runs, resets or closes the cell: another reload brings it back again.
  }
  Object.defineProperty(cell, "code", {get: currentCode});
  Object.defineProperty(cell, "ready", {value: ready});
  Object.defineProperty(cell, "interrupted", {value: interruptedCode !== undefined});
  cell.run = start;
  cell.focus = () => editor?.focus();
  return cell;
}
