// The reader's image choice follows them from page to page: samples by name (also in the URL, ?image=cat.png, so a
// link shares it), uploads as the file itself in IndexedDB (too big for localStorage, and never sent anywhere).
// localStorage keeps which kind was chosen last, so a page can start downloading a sample at once instead of first
// waiting for IndexedDB, which it opens only to fetch an upload.

export type ImageChoice = {kind: "sample"; name: string} | {kind: "upload"; name: string; blob: Blob};

const DB = "mobilenet-lesson";
const STORE = "choice";
const KEY = "current";
const CHANGED = "mobilenet-lesson:choice";
/** localStorage: {"kind":"sample","name":…} or {"kind":"upload"} (the file itself is in IndexedDB). */
const LAST_KIND = "mobilenet-lesson:last-choice";

type LastChoice = {kind: "sample"; name: string} | {kind: "upload"};

/** What localStorage says was chosen last; null if nothing was, undefined if storage can't be read. */
function readLastChoice(): LastChoice | null | undefined {
  try {
    const text = localStorage.getItem(LAST_KIND);
    if (text === null) return null;
    const last = JSON.parse(text) as Partial<LastChoice> | null;
    if (last?.kind === "upload") return {kind: "upload"};
    if (last?.kind === "sample" && typeof last.name === "string") return {kind: "sample", name: last.name};
    return null;
  } catch {
    return undefined;
  }
}

function openStore(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function transact<T>(mode: IDBTransactionMode, run: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await openStore();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = run(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result as T);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** The choice to start this page with: the URL's ?image=, else the last one saved, else `fallback`. */
export async function restoreChoice(fallback: ImageChoice, isSample: (name: string) => boolean): Promise<ImageChoice> {
  const fromUrl = new URLSearchParams(location.search).get("image");
  if (fromUrl && isSample(fromUrl)) return {kind: "sample", name: fromUrl};
  const last = readLastChoice();
  if (last === null) return fallback;
  if (last?.kind === "sample") return isSample(last.name) ? {kind: "sample", name: last.name} : fallback;
  try {
    const saved = await transact<ImageChoice | undefined>("readonly", (store) => store.get(KEY));
    if (saved && (saved.kind === "upload" || isSample(saved.name))) return saved;
  } catch {
    // Private windows may refuse storage: the lesson still works, it just won't remember.
  }
  return fallback;
}

/** Remembers `choice` for the other pages and tells this page's other views. */
export async function saveChoice(choice: ImageChoice): Promise<void> {
  const url = new URL(location.href);
  if (choice.kind === "sample") url.searchParams.set("image", choice.name);
  else url.searchParams.delete("image");
  history.replaceState(history.state, "", url);
  try {
    localStorage.setItem(
      LAST_KIND,
      JSON.stringify(choice.kind === "sample" ? {kind: "sample", name: choice.name} : {kind: "upload"})
    );
  } catch {
    // See restoreChoice.
  }
  try {
    await transact("readwrite", (store) => store.put(choice, KEY));
  } catch {
    // See restoreChoice.
  }
  dispatchEvent(new CustomEvent(CHANGED, {detail: choice}));
}

/** Calls `listener` whenever another view on this page changes the choice; returns the unsubscribe function. */
export function onChoiceChange(listener: (choice: ImageChoice) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<ImageChoice>).detail);
  addEventListener(CHANGED, handler);
  return () => removeEventListener(CHANGED, handler);
}
