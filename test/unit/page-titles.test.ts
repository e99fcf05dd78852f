// The sidebar (observablehq.config.ts) names each page as the page titles itself: its front matter's title and its
// heading, the same words (the lesson's pages add their step number in the sidebar: "4. Outputs: logits").
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import config from "../../observablehq.config.js";

interface SidebarEntry {
  name: string;
  path?: string;
  pages?: SidebarEntry[];
}

const SRC = new URL("../../src", import.meta.url).pathname;
const entries = (config.pages as SidebarEntry[]).flatMap((entry) => (entry.pages ? entry.pages : [entry]));

function pageTitles(path: string): {title: string | undefined; heading: string | undefined} {
  const markdown = readFileSync(join(SRC, path === "/" ? "index.md" : `${path.slice(1)}.md`), "utf8");
  const front = /^---\n([\s\S]*?)\n---/.exec(markdown)?.[1] ?? "";
  const title = /^title:\s*(.+)$/m.exec(front)?.[1]?.replace(/^"(.*)"$/, "$1");
  const heading = /^# (.+)$/m.exec(markdown.slice(front.length))?.[1];
  return {title, heading};
}

describe("sidebar names and page titles", () => {
  it("lists every page", () => {
    expect(entries.length).toBeGreaterThanOrEqual(19);
  });
  for (const {name, path} of entries) {
    it(`${path}: the sidebar's “${name}” is the page's title and heading`, () => {
      const {title, heading} = pageTitles(path!);
      const sidebarTitle = name.replace(/^\d+\. /, "");
      expect(title).toBe(sidebarTitle);
      expect(heading).toBe(sidebarTitle);
    });
  }
});
