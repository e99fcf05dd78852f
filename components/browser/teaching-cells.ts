// Every teaching cell of a page (a `js echo` block: Framework shows its code under the cell) gets an Edit button that
// turns the code into an editor in place, and the page gets "Copy the code". This module is all a page loads until
// the reader asks for either: the editor, the parser and the code runner come with cell-editing.ts, on first use.
import type {RunnerConfig} from "./run-cell.js";
import type {PublishedImport} from "../pipeline/cell-snippet.js";
import {errorMessage} from "../pipeline/errors.js";
import {unfinishedRuns} from "./unfinished-runs.js";

/**
 * A teaching cell as Framework 1.13 builds it: the cell's root (a div holding the comment `<!--:id:-->`), then its code
 * as `<pre data-language="js">`, which Framework's client wraps in a div with its own copy button.
 */
export interface EchoedCell {
  /** Framework's id for the cell. */
  id: string;
  /** The code block as the page shows it (the wrapper, once Framework has added its copy button). */
  block: HTMLElement;
  code: string;
}

/** A cell's root comment: `:` + 8 hex digits (+ `-n` for a repeated cell) + `:`. */
const ROOT = /^:([0-9a-f]{8}(?:-\d+)?):$/;

/** The page's teaching cells, in page order: each code block that directly follows a cell's root. */
export function findEchoedCells(root: ParentNode): EchoedCell[] {
  return Array.from(root.querySelectorAll<HTMLPreElement>('pre[data-language="js"]')).flatMap((pre) => {
    const wrapper = pre.parentElement;
    const block = wrapper?.classList.contains("observablehq-pre-container") ? wrapper : pre;
    const previous = block.previousElementSibling;
    if (!previous?.classList.contains("observablehq")) return [];
    const comment = Array.from(previous.childNodes).find((node) => node.nodeType === Node.COMMENT_NODE);
    const id = comment && ROOT.exec((comment as Comment).data)?.[1];
    return id ? [{id, block, code: (pre.textContent ?? "").replace(/\s+$/, "")}] : [];
  });
}

let editing: Promise<typeof import("./cell-editing.js")> | undefined;
const loadEditing = () => (editing ??= import("./cell-editing.js"));

/**
 * Adds Edit under each teaching cell of the page, and "Copy the page's code" under the first. `runner` says where the
 * code runner finds the models and tfjs's WASM files; `imports`, what the cells read from a published package.
 */
export function editableCells(
  runner: RunnerConfig,
  root: ParentNode = document.body,
  imports: Readonly<Record<string, PublishedImport>> = {}
): void {
  const cells = findEchoedCells(root);
  const interrupted = unfinishedRuns();
  cells.forEach((cell, index) => {
    if (cell.block.nextElementSibling?.classList.contains("cell-tools")) return; // already done (the page re-ran)
    const tools = document.createElement("div");
    tools.className = "cell-tools";
    const status = document.createElement("span");
    status.className = "cell-tools-status";
    status.setAttribute("role", "status");
    const firstLine = (cell.code.split("\n").find((line) => line.trim() && !line.trim().startsWith("//")) ?? "").trim();
    const edit = toolButton("Edit", `Edit and run this code: ${firstLine}`);
    edit.addEventListener("click", () => void openEditor(cell, firstLine, {tools, edit, status}, runner));
    tools.append(edit);
    if (index === 0) tools.append(copyButton(cells, status, imports));
    tools.append(status);
    cell.block.after(tools);
    // A run of this cell's edited code never ended (see unfinished-runs.ts): open the editor with that code again.
    if (editorKey(cell) in interrupted) void openEditor(cell, firstLine, {tools, edit, status}, runner);
  });
}

const editorKey = (cell: EchoedCell) => `teaching cell ${cell.id}`;

function toolButton(text: string, label: string): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.setAttribute("aria-label", label);
  button.title = label;
  return button;
}

async function openEditor(
  cell: EchoedCell,
  firstLine: string,
  {tools, edit, status}: {tools: HTMLElement; edit: HTMLButtonElement; status: HTMLElement},
  runner: RunnerConfig
): Promise<void> {
  const opened = tools.nextElementSibling?.matches(".code-cell.in-place") ? tools.nextElementSibling : null;
  let editor = opened as (HTMLElement & {ready: Promise<void>}) | null;
  if (!editor) {
    edit.disabled = true;
    status.textContent = "Loading the editor…";
    try {
      const {editCell} = await loadEditing();
      editor = editCell(cell.code, {
        label: `Teaching cell: ${firstLine}`,
        key: editorKey(cell),
        config: runner,
        onClose: () => {
          editor!.hidden = true;
          cell.block.hidden = false;
          tools.hidden = false;
          edit.focus();
        }
      });
    } catch (error) {
      status.textContent = `The editor could not be loaded (${errorMessage(error)}). Reload the page and try again.`;
      return;
    } finally {
      edit.disabled = false;
    }
    editor.classList.add("in-place");
    tools.after(editor);
    // If CodeMirror itself can't load, the cell says so and still runs the code as it is.
    await editor.ready.catch(() => {});
    status.textContent = "";
  }
  editor.hidden = false;
  cell.block.hidden = true;
  tools.hidden = true;
  editor.focus();
}

function copyButton(
  cells: readonly EchoedCell[],
  status: HTMLElement,
  imports: Readonly<Record<string, PublishedImport>>
): HTMLButtonElement {
  const copy = toolButton("Copy the page's code", "Copy the page's code: its teaching cells as one JavaScript file");
  copy.addEventListener("click", async () => {
    status.textContent = "Preparing…";
    let code: string;
    try {
      const {pageCode} = await loadEditing();
      code = await pageCode(
        cells.map((cell) => cell.code),
        {title: document.querySelector("h1")?.textContent ?? document.title, page: location.pathname, imports}
      );
    } catch (error) {
      status.textContent = `The code could not be put together: ${errorMessage(error)}`;
      return;
    }
    try {
      await navigator.clipboard.writeText(code);
      status.textContent = `Copied: ${code.split("\n").length} lines of JavaScript, ready to paste into a file.`;
    } catch {
      // No clipboard (an insecure origin, or permission refused): show the code to select and copy by hand.
      status.textContent = "Your browser did not let the page copy. Select the code below and copy it.";
      const shown = document.createElement("pre");
      shown.className = "cell-tools-copied";
      shown.tabIndex = 0;
      shown.setAttribute("aria-label", "This page's code, to copy");
      shown.textContent = code;
      status.parentElement?.querySelector(".cell-tools-copied")?.remove();
      status.after(shown);
    }
  });
  return copy;
}
