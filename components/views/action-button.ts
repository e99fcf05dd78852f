// A button that behaves like an Observable input: `.value` counts the presses and each press sends "input", so a cell
// that reads it (`Generators.input(button)`, or `view(button)`) runs again on every press.

export interface ActionButton extends HTMLElement {
  value: number;
  button: HTMLButtonElement;
}

export function ActionButton(text: string, {disabled = false}: {disabled?: boolean} = {}): ActionButton {
  const root = document.createElement("span") as unknown as ActionButton;
  root.className = "action-button";
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = text;
  button.disabled = disabled;
  root.value = 0;
  button.addEventListener("click", () => {
    root.value++;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  root.append(button);
  root.button = button;
  return root;
}
