// Status and error panels: what happened and what to do, never a stack trace.

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
