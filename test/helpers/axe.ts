// Accessibility check with axe-core, injected from node_modules (no CDN): `await seriousViolations(page)` lists the
// serious and critical problems axe finds on the page as it is now, each with the elements it blames (minus a short,
// named list of problems in Framework's own template).
import {readFile} from "node:fs/promises";
import {createRequire} from "node:module";
import type {Page} from "playwright-core";

export interface AxeViolation {
  id: string;
  impact: "serious" | "critical";
  help: string;
  /** CSS selectors and HTML of the elements that fail, for the failure message. */
  nodes: {target: string; html: string}[];
}

/**
 * Problems in Framework 1.13's own page template that no page, stylesheet or config option can change. Only these
 * rule/element pairs are skipped; the same rules still check everything else.
 */
export const FRAMEWORK_TEMPLATE_ISSUES: readonly {rule: string; selector: string; why: string}[] = [
  {
    rule: "label-title-only",
    selector: "#observablehq-sidebar-toggle",
    why: "the sidebar's hidden toggle checkbox is named by its title; its visible control is the sidebar's own button"
  },
  {
    rule: "list",
    selector: "#observablehq-sidebar > ol",
    why: "the sidebar <ol> holds its close <label> beside the <li>s"
  }
];

let axeSource: Promise<string> | undefined;

function loadAxe(): Promise<string> {
  axeSource ??= readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/**
 * Runs axe on `page` (or only inside `include`, a CSS selector) and returns the serious and critical violations.
 * Rules in `disable` are skipped: name each with the reason at the call site.
 */
export async function seriousViolations(
  page: Page,
  {include, disable = []}: {include?: string; disable?: readonly string[]} = {}
): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => "axe" in window);
  // Evaluated, not added as a <script>: the built pages' policy blocks inline scripts it has no hash for.
  if (!hasAxe) await page.evaluate(await loadAxe());
  return page.evaluate(
    async ({include, disable, known}) => {
      type Result = {id: string; impact?: string | null; help: string; nodes: {target: unknown[]; html: string}[]};
      const axe = (
        window as unknown as {axe: {run(context: unknown, options: unknown): Promise<{violations: Result[]}>}}
      ).axe;
      const {violations} = await axe.run(include ? {include: [include]} : document, {
        resultTypes: ["violations"],
        rules: Object.fromEntries(disable.map((id) => [id, {enabled: false}]))
      });
      return violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => ({
          id: violation.id,
          impact: violation.impact as "serious" | "critical",
          help: violation.help,
          nodes: violation.nodes
            // (No named helpers in here: tsx/vitest would wrap them in a __name() the page doesn't have.)
            .filter((node) => {
              const element = node.target.length === 1 ? document.querySelector(String(node.target[0])) : null;
              return !known.some((issue) => issue.rule === violation.id && element?.matches(issue.selector));
            })
            .map((node) => ({target: node.target.join(" "), html: node.html.slice(0, 200)}))
        }))
        .filter((violation) => violation.nodes.length > 0);
    },
    {include, disable: [...disable], known: FRAMEWORK_TEMPLATE_ISSUES.map(({rule, selector}) => ({rule, selector}))}
  );
}
