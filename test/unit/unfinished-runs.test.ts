import {describe, expect, test} from "vitest";
import {forgetRun, rememberRun, unfinishedRuns} from "../../components/browser/unfinished-runs.js";

/** sessionStorage's interface over a Map (Node has none). */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value))
  };
}

describe("rememberRun", () => {
  test("keeps a run's code, by page and cell, until the function it returns forgets it", () => {
    const storage = memoryStorage();
    const forgetA = rememberRun("a", "while (true) {}", {page: "/logits", storage});
    rememberRun("b", "const x = 1;", {page: "/logits", storage});
    rememberRun("a", "other page's code", {page: "/softmax", storage});
    expect(unfinishedRuns({page: "/logits", storage})).toEqual({a: "while (true) {}", b: "const x = 1;"});
    forgetA();
    expect(unfinishedRuns({page: "/logits", storage})).toEqual({b: "const x = 1;"});
    expect(unfinishedRuns({page: "/softmax", storage})).toEqual({a: "other page's code"});
  });

  test("leaves storage empty once every run has ended", () => {
    const storage = memoryStorage();
    const forget = rememberRun("a", "1", {page: "/p", storage});
    forget();
    forget(); // a second end changes nothing
    expect(storage.length).toBe(0);
  });

  test("does nothing, and throws nothing, where storage refuses writes or holds something else", () => {
    const full = {
      ...memoryStorage(),
      setItem: () => {
        throw new DOMException("full", "QuotaExceededError");
      }
    } as Storage;
    expect(() => rememberRun("a", "1", {page: "/p", storage: full})()).not.toThrow();
    const garbled = memoryStorage();
    garbled.setItem("mobilenet-lesson:unfinished-runs", "{not json");
    expect(unfinishedRuns({page: "/p", storage: garbled})).toEqual({});
  });
});

describe("forgetRun", () => {
  test("forgets one cell's run and keeps the others'", () => {
    const storage = memoryStorage();
    rememberRun("a", "1", {page: "/p", storage});
    rememberRun("b", "2", {page: "/p", storage});
    forgetRun("a", {page: "/p", storage});
    expect(unfinishedRuns({page: "/p", storage})).toEqual({b: "2"});
  });
});
