// Bars drawn by the stylesheet: a span whose --fraction (0–1) sets how much of it is filled. The number a bar stands
// for is always written beside it, so the bar itself is hidden from screen readers.

/** A bar filled to `fraction` of its width. */
export function FractionBar(className: string, fraction: number): HTMLSpanElement {
  const bar = document.createElement("span");
  bar.className = className;
  bar.style.setProperty("--fraction", String(fraction));
  bar.setAttribute("aria-hidden", "true");
  return bar;
}

/** An empty list of labelled bars (add them with appendBar), at most `width` pixels wide, named for screen readers. */
export function BarList(tag: "ol" | "ul", className: string, name: string, width: number): HTMLElement {
  const list = document.createElement(tag);
  list.className = className;
  list.style.maxWidth = `${width}px`;
  list.setAttribute("aria-label", name);
  return list;
}

/** Adds a row to a BarList: its label, its value as text, and a bar filled to `fraction`; classes `<list>-label` etc. */
export function appendBar(
  list: HTMLElement,
  label: string | readonly (string | Node)[],
  value: string,
  fraction: number
): {item: HTMLLIElement; label: HTMLSpanElement; bar: HTMLSpanElement} {
  const item = document.createElement("li");
  const labelNode = document.createElement("span");
  labelNode.className = `${list.className}-label`;
  labelNode.append(...(typeof label === "string" ? [label] : label));
  const valueNode = document.createElement("span");
  valueNode.className = `${list.className}-value`;
  valueNode.textContent = value;
  const bar = FractionBar(`${list.className}-bar`, fraction);
  item.append(labelNode, valueNode, bar);
  list.append(item);
  return {item, label: labelNode, bar};
}
