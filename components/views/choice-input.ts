// Radio buttons that behave like an Observable input: `.value` is the chosen option's value, "input" on change.

let choiceCount = 0;

export function ChoiceInput<T extends string | number>(
  legend: string,
  options: readonly {value: T; text: string}[],
  value: T
): HTMLFormElement & {value: T} {
  const form = document.createElement("form") as HTMLFormElement & {value: T};
  form.className = "choice-input";
  form.addEventListener("submit", (event) => event.preventDefault());
  const fieldset = document.createElement("fieldset");
  const title = document.createElement("legend");
  title.textContent = legend;
  fieldset.append(title);
  const name = `choice-${++choiceCount}`;
  for (const option of options) {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = name;
    radio.value = String(option.value);
    radio.checked = option.value === value;
    // The radio's own "input" runs before the event bubbles to the form, so readers of the form see the new value.
    radio.addEventListener("input", () => {
      form.value = option.value;
    });
    label.append(radio, ` ${option.text}`);
    fieldset.append(label);
  }
  form.append(fieldset);
  form.value = value;
  return form;
}
