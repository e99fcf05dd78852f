// A code cell's run that never ended, remembered across a reload. The one thing the cells' worker cannot survive is a
// run that fills its JavaScript heap: Chromium then ends the page's whole process ("Aw, Snap!"), worker and page
// together. sessionStorage lives in the browser, not in that process, so after the reload the page can put the
// reader's code back, unrun, and say what happened.

/** sessionStorage: {[page path]: {[cell key]: code}} for runs started and not yet ended. */
const KEY = "mobilenet-lesson:unfinished-runs";

/** A page's unfinished runs: the code by cell key. */
type Cells = Record<string, string>;
type Runs = Record<string, Cells>;

function read(storage: Storage): Runs {
  try {
    const runs: unknown = JSON.parse(storage.getItem(KEY) ?? "{}");
    return runs && typeof runs === "object" ? (runs as Runs) : {};
  } catch {
    return {};
  }
}

function write(storage: Storage, runs: Runs): void {
  try {
    if (Object.keys(runs).length) storage.setItem(KEY, JSON.stringify(runs));
    else storage.removeItem(KEY);
  } catch {
    // Storage full or refused (a private window): the run goes on, only this safety net is missing.
  }
}

/** The browser's sessionStorage, or undefined where there is none (Node, or storage blocked). */
function sessionStore(): Storage | undefined {
  try {
    return globalThis.sessionStorage;
  } catch {
    return undefined;
  }
}

interface Where {
  page?: string;
  storage?: Storage;
}

/** Notes that cell `key` of `page` started running `code`; the function returned forgets it when the run ends. */
export function rememberRun(key: string, code: string, where: Where = {}): () => void {
  const {page = location.pathname, storage = sessionStore()} = where;
  if (!storage) return () => {};
  const runs = read(storage);
  write(storage, {...runs, [page]: {...runs[page], [key]: code}});
  return () => forgetRun(key, {page, storage});
}

/** Forgets cell `key`'s unfinished run, if any. */
export function forgetRun(key: string, {page = location.pathname, storage = sessionStore()}: Where = {}): void {
  if (!storage) return;
  const runs = read(storage);
  const cells = {...runs[page]};
  delete cells[key];
  if (Object.keys(cells).length) runs[page] = cells;
  else delete runs[page];
  write(storage, runs);
}

/** The cells of `page` whose last run never ended, by key, with the code that was running. */
export function unfinishedRuns({page = location.pathname, storage = sessionStore()}: Where = {}): Cells {
  return storage ? (read(storage)[page] ?? {}) : {};
}

/** What a cell says when it brings back code whose run never ended. */
export const INTERRUPTED_RUN =
  "Your code was still running when the page was reloaded or closed, so it is back here, not run. If the browser " +
  "closed the page by itself, the code probably used up the memory (a loop that keeps making arrays, say): " +
  "change it, then press Run.";
