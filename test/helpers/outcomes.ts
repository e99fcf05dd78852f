// What a call left behind: the progress and warnings it wrote, or the error it failed with.

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
