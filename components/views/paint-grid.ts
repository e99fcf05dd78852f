// A small black-and-white image the reader paints, and the same image as the numbers a model reads.
// PaintGrid behaves like an Observable input: `.value` is the pixels (row by row, 0 black or 255 white) and an
// "input" event announces every change.

const BLACK = 0;
const WHITE = 255;

export interface PaintAction {
  /** The button's text. */
  label: string;
  /** The new pixels, given the current ones. */
  apply: (pixels: number[]) => number[];
}

export interface PaintGrid extends HTMLElement {
  value: number[];
}

let gridCount = 0;

/**
 * A size × size grid of pixels to paint: drag with a mouse, finger or pen (starting on a black pixel paints white,
 * starting on a white one paints black), or move with the arrow keys and press space to flip a pixel. `actions`
 * become buttons under the grid (clear, load an example, …).
 */
export function PaintGrid(
  value: readonly number[],
  {size = 10, width = 360, actions = []}: {size?: number; width?: number; actions?: readonly PaintAction[]} = {}
): PaintGrid {
  if (value.length !== size * size)
    throw new Error(`PaintGrid needs ${size * size} pixels for a ${size}×${size} grid, got ${value.length}.`);
  const id = `paint-grid-${++gridCount}`;
  let pixels: number[] = value.map((v) => (v >= 128 ? WHITE : BLACK));
  let cursor = 0;

  const root = document.createElement("div") as unknown as PaintGrid;
  root.className = "paint-grid";

  const grid = document.createElement("div");
  grid.className = "paint-grid-pixels";
  grid.setAttribute("role", "grid");
  grid.setAttribute(
    "aria-label",
    `Drawing, ${size} by ${size} pixels. Arrow keys move, space flips a pixel between black and white.`
  );
  grid.tabIndex = 0;
  grid.style.setProperty("--size", String(size));
  grid.style.width = `min(100%, ${Math.max(160, Math.round(width))}px)`;

  const cells: HTMLElement[] = [];
  for (let row = 0; row < size; row++) {
    const rowElement = document.createElement("div");
    rowElement.setAttribute("role", "row");
    rowElement.className = "paint-grid-row";
    for (let column = 0; column < size; column++) {
      const cell = document.createElement("div");
      cell.setAttribute("role", "gridcell");
      cell.id = `${id}-${row * size + column}`;
      cell.className = "paint-grid-cell";
      cells.push(cell);
      rowElement.append(cell);
    }
    grid.append(rowElement);
  }

  const describe = (index: number) => {
    const cell = cells[index]!;
    const value = pixels[index]!;
    cell.dataset.value = String(value);
    cell.style.background = `rgb(${value}, ${value}, ${value})`;
    cell.setAttribute(
      "aria-label",
      `row ${Math.floor(index / size) + 1}, column ${(index % size) + 1}: ${value}, ${value === WHITE ? "white" : "black"}`
    );
  };
  const moveCursor = (index: number) => {
    cells[cursor]!.classList.remove("paint-grid-cursor");
    cursor = index;
    cells[cursor]!.classList.add("paint-grid-cursor");
    grid.setAttribute("aria-activedescendant", cells[cursor]!.id);
  };
  const announce = () => root.dispatchEvent(new Event("input", {bubbles: true}));
  const set = (index: number, value: number): boolean => {
    if (pixels[index] === value) return false;
    pixels[index] = value;
    describe(index);
    return true;
  };
  const replace = (next: readonly number[]) => {
    pixels = next.map((v) => (v >= 128 ? WHITE : BLACK));
    cells.forEach((_, i) => describe(i));
  };
  replace(pixels);
  moveCursor(0);

  // Painting: the pixel under the pointer, found from coordinates so a drag keeps working under pointer capture.
  let brush: number | undefined;
  const cellAt = (event: PointerEvent): number | undefined => {
    const box = grid.getBoundingClientRect();
    const column = Math.floor(((event.clientX - box.left) / box.width) * size);
    const row = Math.floor(((event.clientY - box.top) / box.height) * size);
    return row >= 0 && row < size && column >= 0 && column < size ? row * size + column : undefined;
  };
  grid.addEventListener("pointerdown", (event) => {
    const index = cellAt(event);
    if (index === undefined || event.button !== 0) return;
    event.preventDefault();
    grid.focus({preventScroll: true});
    grid.setPointerCapture(event.pointerId);
    brush = pixels[index] === WHITE ? BLACK : WHITE;
    moveCursor(index);
    if (set(index, brush)) announce();
  });
  grid.addEventListener("pointermove", (event) => {
    if (brush === undefined) return;
    const index = cellAt(event);
    if (index === undefined) return;
    moveCursor(index);
    if (set(index, brush)) announce();
  });
  const stop = () => void (brush = undefined);
  grid.addEventListener("pointerup", stop);
  grid.addEventListener("pointercancel", stop);
  grid.addEventListener("lostpointercapture", stop);

  grid.addEventListener("keydown", (event) => {
    const row = Math.floor(cursor / size);
    const column = cursor % size;
    const moves: Record<string, number> = {
      ArrowUp: Math.max(0, row - 1) * size + column,
      ArrowDown: Math.min(size - 1, row + 1) * size + column,
      ArrowLeft: row * size + Math.max(0, column - 1),
      ArrowRight: row * size + Math.min(size - 1, column + 1),
      Home: row * size,
      End: row * size + size - 1
    };
    if (event.key in moves) {
      moveCursor(moves[event.key]!);
    } else if (event.key === " " || event.key === "Enter") {
      set(cursor, pixels[cursor] === WHITE ? BLACK : WHITE);
      announce();
    } else {
      return;
    }
    event.preventDefault();
  });

  const toolbar = document.createElement("div");
  toolbar.className = "paint-grid-actions";
  for (const action of actions) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = action.label;
    button.addEventListener("click", () => {
      replace(action.apply(pixels.slice()));
      announce();
    });
    toolbar.append(button);
  }

  root.append(grid, toolbar);
  Object.defineProperty(root, "value", {
    get: () => pixels.slice(),
    set: (next: readonly number[]) => replace(next)
  });
  return root;
}

/** The pixels as the numbers they are: a size × size table, 255s highlighted so the drawing shows through. */
export function NumberGrid(pixels: readonly number[], {size = 10}: {size?: number} = {}): HTMLElement {
  const table = document.createElement("table");
  table.className = "number-grid";
  const caption = document.createElement("caption");
  caption.textContent = `The same drawing as ${pixels.length} numbers, row by row (0 = black, 255 = white)`;
  table.append(caption);
  const body = document.createElement("tbody");
  for (let row = 0; row < size; row++) {
    const tr = document.createElement("tr");
    for (let column = 0; column < size; column++) {
      const value = pixels[row * size + column]!;
      const td = document.createElement("td");
      td.textContent = String(value);
      if (value >= 128) td.className = "number-grid-bright";
      tr.append(td);
    }
    body.append(tr);
  }
  table.append(body);
  return table;
}
