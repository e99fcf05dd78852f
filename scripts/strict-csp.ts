// After `observable build` (npm's "postbuild"): gives every page in dist/ its own Content-Security-Policy, the one from
// observablehq.config.ts's head minus 'unsafe-inline', plus the SHA-256 of each inline script and style on that page.
// Framework writes each page's cells as an inline module script that differs per page and per build, so only a step
// after the build can list them; the preview server keeps the head's looser policy (it injects scripts as it goes).
//
// `tsx scripts/strict-csp.ts [folder]` rewrites the folder (default dist/) in place; running it twice changes nothing.
import {createHash} from "node:crypto";
import {readdir, readFile, writeFile} from "node:fs/promises";
import {join, relative, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {parse, type DefaultTreeAdapterMap} from "parse5";
import {errorMessage} from "../components/pipeline/errors.js";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** A CSP source for these exact bytes of inline code: 'sha256-…' (base64). */
export function hashSource(code: string): string {
  return `'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`;
}

/** A policy's directives by name, each with its sources, in the order written. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

export function formatPolicy(directives: Map<string, string[]>): string {
  return [...directives].map(([name, sources]) => [name, ...sources].join(" ")).join("; ");
}

/** `policy` without 'unsafe-inline' (and without hashes from an earlier run), allowing exactly these inline scripts
 * and styles by hash. */
export function strictPolicy(policy: string, inline: {scripts: string[]; styles: string[]}): string {
  const directives = parsePolicy(policy);
  const tighten = (name: string, code: string[]) => {
    const sources = directives.get(name) ?? directives.get("default-src") ?? [];
    const kept = sources.filter((source) => source !== "'unsafe-inline'" && !/^'sha(256|384|512)-/.test(source));
    directives.set(name, [...kept, ...new Set(code.map(hashSource))]);
  };
  tighten("script-src", inline.scripts);
  tighten("style-src", inline.styles);
  return formatPolicy(directives);
}

export class PolicyError extends Error {
  override name = "PolicyError";
}

/**
 * The page with its policy rewritten: the head's Content-Security-Policy meta tag is replaced by the strict one, placed
 * first in <head> (a policy only covers what comes after it: the head's own inline script came before it). Refuses
 * pages that hashes cannot cover: inline event handlers, style attributes, javascript: URLs.
 */
export function withStrictPolicy(html: string, page = "the page"): string {
  const document = parse(html, {sourceCodeLocationInfo: true});
  const scripts: string[] = [];
  const styles: string[] = [];
  const metas: Element[] = [];
  const problems: string[] = [];
  let head: Element | undefined;
  visit(document, (element) => {
    if (element.tagName === "head") head ??= element;
    if (element.tagName === "script" && !attribute(element, "src")) scripts.push(textOf(element));
    if (element.tagName === "style") styles.push(textOf(element));
    if (element.tagName === "meta" && attribute(element, "http-equiv")?.toLowerCase() === "content-security-policy") {
      metas.push(element);
    }
    for (const {name, value} of element.attrs) {
      if (name.startsWith("on")) problems.push(`<${element.tagName} ${name}="…"> (an inline event handler)`);
      if (name === "style") problems.push(`<${element.tagName} style="${value}">`);
      if (/^\s*javascript:/i.test(value)) problems.push(`<${element.tagName} ${name}="javascript:…">`);
    }
  });
  if (problems.length) {
    throw new PolicyError(
      `${page} has markup that a policy without 'unsafe-inline' blocks and hashes cannot allow: ${problems.join(", ")}. ` +
        "Move styles into src/style.css and handlers into a script."
    );
  }
  if (metas.length !== 1 || !head?.sourceCodeLocation?.startTag) {
    throw new PolicyError(
      `${page} has ${metas.length} Content-Security-Policy meta tags in <head>; expected the one observablehq.config.ts's head adds.`
    );
  }
  const [meta] = metas as [Element];
  const policy = strictPolicy(attribute(meta, "content") ?? "", {scripts, styles});
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}">`;
  // The charset declaration must stay within the first 1024 bytes, so the policy goes right after it.
  const charset = head.childNodes.find(
    (node): node is Element => isElement(node) && node.tagName === "meta" && attribute(node, "charset") !== undefined
  );
  const insertAt = (charset ?? head).sourceCodeLocation!.startTag!.endOffset;
  const {startOffset, endOffset} = meta.sourceCodeLocation!;
  const removeEnd = html[endOffset] === "\n" ? endOffset + 1 : endOffset;
  if (startOffset < insertAt) throw new PolicyError(`${page}'s policy comes before its <meta charset>.`);
  return html.slice(0, insertAt) + `\n${tag}` + html.slice(insertAt, startOffset) + html.slice(removeEnd);
}

function visit(node: Node, onElement: (element: Element) => void): void {
  if (isElement(node)) onElement(node);
  const children = "childNodes" in node ? node.childNodes : [];
  for (const child of children) visit(child, onElement);
  if (isElement(node) && node.tagName === "template" && "content" in node) visit(node.content as Node, onElement);
}

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

/** The text inside a <script> or <style>, exactly as the browser hashes it (raw text: no entities decoded). */
function textOf(element: Element): string {
  return element.childNodes.map((child) => ("value" in child ? child.value : "")).join("");
}

/** Every .html file under `folder`. */
async function htmlFiles(folder: string): Promise<string[]> {
  const names = await readdir(folder, {recursive: true});
  return names.filter((name) => name.endsWith(".html")).map((name) => join(folder, name));
}

export async function applyStrictPolicies(folder: string): Promise<{pages: number}> {
  const files = await htmlFiles(folder);
  if (!files.length) throw new PolicyError(`${folder} has no HTML pages: build the site first (npm run build).`);
  for (const file of files) {
    const html = await readFile(file, "utf8");
    await writeFile(file, withStrictPolicy(html, relative(process.cwd(), file)));
  }
  return {pages: files.length};
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const folder = resolve(process.argv[2] ?? "dist");
  try {
    const {pages} = await applyStrictPolicies(folder);
    console.log(
      `Content-Security-Policy: ${pages} pages in ${relative(process.cwd(), folder) || "."} allow inline code by hash only.`
    );
  } catch (error) {
    console.error(errorMessage(error));
    process.exitCode = 1;
  }
}
