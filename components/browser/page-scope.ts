// The page's values that its teaching cells read, as the page hands them over. The page says once which names it
// shares (expectPageValues), then hands over each value in a cell of its own (sharePageValue), which Framework runs
// again whenever that value changes: the editor always sees what the page's own cells see now, and a value the page
// is still waiting for (a model loading, a button not pressed yet) holds up only the runs that read it.
// (scripts/editable-cells.ts writes those cells into every page; Framework 1.13's built client keeps its runtime to
// itself, so the page has to hand its values over.)
import type * as tfType from "@tensorflow/tfjs-core";

const expected = new Set<string>();
const values = new Map<string, unknown>();
const waiting = new Map<string, (() => void)[]>();

/** The names the page will share: any other name a cell reads is a global, or the code runner's own. */
export function expectPageValues(names: Iterable<string>): void {
  for (const name of names) expected.add(name);
}

/** The page's current value of `name`; called again by the page each time it changes. */
export function sharePageValue(name: string, value: unknown): void {
  values.set(name, value);
  for (const resolve of waiting.get(name) ?? []) resolve();
  waiting.delete(name);
}

/**
 * The page's `name`, or undefined when the page doesn't share one (a global such as Math, or the runner's own tf).
 * Waits while the page has not handed it over yet, and when the page's tensor has been freed, which means the page
 * is recomputing it (for a new photo, say): the caller bounds the wait.
 */
export async function pageValue(name: string): Promise<{value: unknown} | undefined> {
  if (!expected.has(name)) return undefined;
  if (!values.has(name) || isFreedTensor(values.get(name))) await nextValue(name);
  return {value: values.get(name)};
}

function nextValue(name: string): Promise<void> {
  return new Promise<void>((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve]));
}

function isFreedTensor(value: unknown): boolean {
  return (
    (value as tfType.Tensor | null)?.isDisposed === true && typeof (value as tfType.Tensor).dataSync === "function"
  );
}
