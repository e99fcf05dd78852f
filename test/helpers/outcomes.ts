// What a call left behind: the progress and warnings it wrote, or the error it failed with.
import {vi} from "vitest";

/** A sink for progress and warnings that the test can read back. */
export function captureLog(): {text: string; write(chunk: string): boolean} {
  return {
    text: "",
    write(chunk: string) {
      this.text += chunk;
      return true;
    }
  };
}

/** The error `promise` fails with; the test fails if it succeeds. */
export async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * What `run` writes to the process's stdout (each chunk as given: a data loader's bytes) and stderr (as text), caught
 * instead of printed.
 */
export async function writesOf(run: () => Promise<unknown>): Promise<{stdout: unknown[]; stderr: string}> {
  const stdout: unknown[] = [];
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation(((chunk: unknown, done?: () => void) => {
    stdout.push(chunk);
    done?.();
    return true;
  }) as typeof process.stdout.write);
  const err = vi.spyOn(process.stderr, "write").mockImplementation(((chunk: unknown) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write);
  try {
    await run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return {stdout, stderr};
}
