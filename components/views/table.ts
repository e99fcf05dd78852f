// Table pieces every view's tables share. No d3 here, so pages without charts don't load it.

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
