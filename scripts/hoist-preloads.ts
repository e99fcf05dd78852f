// After `observable build` and scripts/strict-csp.ts (npm's "postbuild"): a page's own <link rel="preload"> tags, which
// Framework leaves where the Markdown has them (in <main>, after the 30 module preloads it puts in <head>), move to the
// top of <head>, right after the Content-Security-Policy. Over HTTP/1.1 a browser opens six connections to a host and
// asks in document order, so from <main> the home page's model waited behind every module (measured on a phone-like
// 4G profile: the weights requested at 470 ms instead of 145, the first prediction 0.2 s later).
//
// `tsx scripts/hoist-preloads.ts [folder]` rewrites the folder (default dist/) in place; running it twice changes nothing.
import {readdir, readFile, writeFile} from "node:fs/promises";
import {join, relative, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {parse, type DefaultTreeAdapterMap} from "parse5";
import {errorMessage} from "../components/pipeline/errors.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** The page with its body's preload links moved to the top of <head>, after the policy (or the charset). */
export function hoistPreloads(html: string): string {
  const document = parse(html, {sourceCodeLocationInfo: true});
  const root = document.childNodes.find(isElement);
  const head = root?.childNodes.find((node): node is Element => isElement(node) && node.tagName === "head");
  const body = root?.childNodes.find((node): node is Element => isElement(node) && node.tagName === "body");
  if (!head?.sourceCodeLocation?.startTag || !body) return html;
  const preloads: Element[] = [];
  visit(body, (element) => {
    if (element.tagName === "link" && attribute(element, "rel")?.toLowerCase() === "preload") preloads.push(element);
  });
  if (!preloads.length) return html;
  const anchor =
    head.childNodes.find(
      (node): node is Element =>
        isElement(node) &&
        node.tagName === "meta" &&
        attribute(node, "http-equiv")?.toLowerCase() === "content-security-policy"
    ) ??
    head.childNodes.find(
      (node): node is Element => isElement(node) && node.tagName === "meta" && !!attribute(node, "charset")
    );
  const insertAt = (anchor ?? head).sourceCodeLocation!.startTag!.endOffset;
  const tags = preloads.map((link) =>
    html.slice(link.sourceCodeLocation!.startOffset, link.sourceCodeLocation!.endOffset)
  );
  let out = html;
  // Cut from the end first, so the earlier offsets stay right; each link goes with the line break after it.
  for (const link of [...preloads].reverse()) {
    const {startOffset, endOffset} = link.sourceCodeLocation!;
    out = out.slice(0, startOffset) + out.slice(out[endOffset] === "\n" ? endOffset + 1 : endOffset);
  }
  return out.slice(0, insertAt) + tags.map((tag) => `\n${tag}`).join("") + out.slice(insertAt);
}

function visit(node: Node, onElement: (element: Element) => void): void {
  if (isElement(node)) onElement(node);
  for (const child of "childNodes" in node ? node.childNodes : []) visit(child, onElement);
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

export async function hoistAllPreloads(folder: string): Promise<{pages: number; moved: number}> {
  const names = (await readdir(folder, {recursive: true})).filter((name) => name.endsWith(".html"));
  let moved = 0;
  for (const name of names) {
    const path = join(folder, name);
    const html = await readFile(path, "utf8");
    const hoisted = hoistPreloads(html);
    if (hoisted !== html) {
      moved++;
      await writeFile(path, hoisted);
    }
  }
  return {pages: names.length, moved};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const folder = resolve(process.argv[2] ?? "dist");
  try {
    const {pages, moved} = await hoistAllPreloads(folder);
    console.log(
      `Preloads: ${moved} of ${pages} pages in ${relative(process.cwd(), folder) || "."} ask for their own files first.`
    );
  } catch (error) {
    console.error(errorMessage(error));
    process.exitCode = 1;
  }
}
