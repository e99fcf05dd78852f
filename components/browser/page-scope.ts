// The page's values that its teaching cells read, as the page hands them over: a page calls editableCells({model,
// image, …}) (src/lesson.ts) in a cell of its own, which Framework runs again whenever one of them changes, so the
// editor always sees what the page's own cells see now. (Framework 1.13's built client keeps its runtime to itself:
// the page has to say which values to share.)
import type * as tfType from "@tensorflow/tfjs-core";

let scope: Readonly<Record<string, unknown>> = {};
let nextScope: Promise<void> | undefined;
let announce = () => {};

/** The page's current values, by the names its cells use; called again by the page each time one changes. */
export function setPageScope(values: Readonly<Record<string, unknown>>): void {
  scope = values;
  announce();
  nextScope = undefined;
}

/** How long a run waits for the page to hand over values newer than a tensor it has already freed. */
const REFRESH_WAIT_MS = 5_000;

/**
 * The page's `name`, or undefined when the page doesn't share one (a global such as Math, or the runner's own tf). A
 * tensor the page has freed means the page is recomputing (a new photo, say): then this waits for the new values.
 */
export async function pageValue(name: string): Promise<{value: unknown} | undefined> {
  if (!Object.hasOwn(scope, name)) return undefined;
  if (isFreedTensor(scope[name])) await refreshed();
  return {value: scope[name]};
}

function refreshed(): Promise<void> {
  nextScope ??= new Promise<void>((resolve) => (announce = resolve));
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, REFRESH_WAIT_MS));
  return Promise.race([nextScope, timeout]);
}

function isFreedTensor(value: unknown): boolean {
  return (
    (value as tfType.Tensor | null)?.isDisposed === true && typeof (value as tfType.Tensor).dataSync === "function"
  );
}
