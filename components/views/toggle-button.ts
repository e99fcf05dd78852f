// An on/off button that behaves like an Observable input: `.value` is true when on, and each press flips it and sends
// "input". Its label says what pressing it will do ("Start the camera" / "Stop the camera").

export interface ToggleButton extends HTMLElement {
  value: boolean;
  button: HTMLButtonElement;
  /** Sets the state without sending "input": for the page to report that something turned itself off. */
  set(value: boolean): void;
}

export function ToggleButton(labels: {off: string; on: string}, value = false): ToggleButton {
  const root = document.createElement("span") as unknown as ToggleButton;
  root.className = "toggle-button";
  const button = document.createElement("button");
  button.type = "button";
  root.set = (next) => {
    root.value = next;
    root.dataset.state = next ? "on" : "off";
    button.textContent = next ? labels.on : labels.off;
  };
  button.addEventListener("click", () => {
    root.set(!root.value);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  root.append(button);
  root.button = button;
  root.set(value);
  return root;
}
