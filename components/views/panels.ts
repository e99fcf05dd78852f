// Status and error panels: what happened and what to do, never a stack trace.
import {percentText} from "../pipeline/format.js";

export function ErrorPanel(title: string, message: string): HTMLElement {
  const panel = document.createElement("div");
  panel.className = "note panel-error";
  panel.setAttribute("role", "alert");
  const heading = document.createElement("strong");
  heading.textContent = title;
  const body = document.createElement("p");
  body.textContent = message;
  panel.append(heading, body);
  return panel;
}

/** A progress bar with a caption; `update(fraction, status?)` moves it and says `status` (if given) beside it. */
export function ProgressPanel(caption: string): HTMLElement & {update(fraction: number, status?: string): void} {
  const panel = document.createElement("div") as unknown as HTMLElement & {
    update(fraction: number, status?: string): void;
  };
  panel.className = "panel-progress";
  const label = document.createElement("label");
  label.textContent = caption;
  const bar = document.createElement("progress");
  bar.max = 1;
  label.append(" ", bar);
  panel.append(label);
  let said: HTMLElement | undefined;
  panel.update = (fraction, status) => {
    bar.value = fraction;
    if (status === undefined) return;
    if (!said) {
      said = document.createElement("span");
      said.className = "status";
      said.setAttribute("aria-live", "polite");
      panel.append(said);
    }
    said.textContent = status;
  };
  return panel;
}

/** What tfjs's model.fit hands an epoch's callbacks: the loss and, when compiled with that metric, the accuracy. */
export interface EpochLogs {
  loss: number;
  acc: number;
}

/**
 * A ProgressPanel for a model.fit run of `epochs` epochs: pass its `onEpochEnd` as fit's callback, and the bar moves and
 * says each epoch's loss and accuracy; after the last epoch the panel goes (the page's summary takes its place).
 * `started` is when it was made, in performance.now() time.
 */
export function FitProgress(
  caption: string,
  epochs: number
): HTMLElement & {onEpochEnd(epoch: number, logs: EpochLogs): void; started: number} {
  const panel = Object.assign(ProgressPanel(caption), {
    started: performance.now(),
    onEpochEnd(epoch: number, {loss, acc}: EpochLogs) {
      const done = epoch + 1;
      panel.update(done / epochs, ` epoch ${done} of ${epochs}: loss ${loss.toFixed(3)}, ${percentText(acc, 1)} right`);
      if (done === epochs) panel.remove();
    }
  });
  return panel;
}
