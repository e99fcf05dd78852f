// A long job's progress: a bar, the percentage in words, and a Cancel button that aborts `signal`. TaskButton starts
// one such job per press.

export interface TaskProgress extends HTMLElement {
  /** Aborted when the reader presses Cancel (or `cancel()` is called). */
  signal: AbortSignal;
  /** When it was made (performance.now()): the job's start, for the time it took. */
  started: number;
  update(fraction: number): void;
  cancel(): void;
  /** Ends the job: hides Cancel and says how it went. */
  finish(message: string): void;
}

export function TaskProgress(caption: string): TaskProgress {
  const root = document.createElement("div") as unknown as TaskProgress;
  root.className = "task-progress";
  const controller = new AbortController();
  const label = document.createElement("label");
  label.textContent = caption;
  const bar = document.createElement("progress");
  bar.max = 1;
  bar.value = 0;
  label.append(" ", bar);
  const status = document.createElement("span");
  status.className = "task-progress-status";
  status.setAttribute("aria-live", "polite");
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  cancel.addEventListener("click", () => root.cancel());
  root.append(label, " ", cancel, " ", status); // Cancel first: it stays put while the status text changes

  const show = (fraction: number) => {
    bar.value = fraction;
    root.dataset.progress = String(fraction);
    status.textContent = `${Math.floor(fraction * 100)}%`;
  };
  show(0);
  root.signal = controller.signal;
  root.started = performance.now();
  root.update = show;
  root.cancel = () => {
    if (controller.signal.aborted || root.dataset.state === "done") return;
    controller.abort();
    root.finish(`Cancelled at ${status.textContent}.`);
  };
  root.finish = (message) => {
    root.dataset.state = controller.signal.aborted ? "cancelled" : "done";
    cancel.hidden = true;
    status.textContent = message;
  };
  return root;
}

/** A button that starts a long job; its value is the job's TaskProgress, undefined before the first press. */
export interface TaskButton extends HTMLElement {
  value: TaskProgress | undefined;
}

/**
 * A button for `view()`: each press shows a fresh TaskProgress (`caption`) under it, cancels the one before, and sends
 * "input". So `const job = view(TaskButton(…))` runs the cells that use `job` once per press, and until the first
 * press they wait.
 */
export function TaskButton(label: string, caption: string): TaskButton {
  const root = document.createElement("div") as unknown as TaskButton;
  root.className = "task-button";
  const wrapper = document.createElement("span");
  wrapper.className = "action-button";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = label;
  wrapper.append(button);
  root.append(wrapper);
  button.addEventListener("click", () => {
    root.value?.cancel();
    root.value?.remove();
    root.value = TaskProgress(caption);
    root.append(root.value);
    root.dispatchEvent(new Event("input"));
  });
  return root;
}
