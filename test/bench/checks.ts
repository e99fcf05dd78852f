// The bench's verdicts: each target with the figure measured against it, PASS, FAIL, or n/a when it was not measured.

export type Verdict = "PASS" | "FAIL" | "n/a";

export interface Check {
  target: string;
  figure: string;
  verdict: Verdict;
}

export function verdict(pass: boolean | undefined): Verdict {
  return pass === undefined ? "n/a" : pass ? "PASS" : "FAIL";
}

/** A figure held against a limit: at most `limit` passes (at least, with `atLeast`). */
export interface Budget {
  /** What is measured, e.g. "/further/inside: stage switch, input → new maps (p95)". */
  what: string;
  limit: number;
  /** Printed after the numbers: "ms", "×", " %"… */
  unit: string;
  atLeast?: boolean;
}

/** The check of `value` against `budget`; a value that is undefined or not a number was not measured. */
export function budgetCheck(budget: Budget, value: number | undefined, note?: string): Check {
  const measured = value !== undefined && Number.isFinite(value);
  const pass = measured ? (budget.atLeast ? value >= budget.limit : value <= budget.limit) : undefined;
  return {
    target: `${budget.what} ${budget.atLeast ? "≥" : "≤"} ${budget.limit}${budget.unit}`,
    figure: measured ? `${value}${budget.unit}${note ? ` (${note})` : ""}` : (note ?? "not measured"),
    verdict: verdict(pass)
  };
}
