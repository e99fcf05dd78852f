// Table pieces every view's tables share. No d3 here, so pages without charts don't load it.

/**
 * A box for a table that may not fit (too wide for a phone, or too long): it scrolls, and it is a named, focusable
 * region, so keyboard readers can scroll it too and screen readers say what it holds.
 */
export function ScrollRegion(className: string, label: string): HTMLDivElement {
  const region = document.createElement("div");
  region.className = `scroll-region ${className}`;
  region.tabIndex = 0;
  region.setAttribute("role", "region");
  region.setAttribute("aria-label", label);
  return region;
}

/** Adds a header row to `table`, one `<th scope="col">` per heading (an empty heading leaves a corner cell). */
export function appendColumnHeadings(table: HTMLTableElement, headings: readonly string[]): HTMLTableRowElement {
  const row = table.createTHead().insertRow();
  for (const heading of headings) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = heading;
    row.append(th);
  }
  return row;
}
