// What went wrong, as words: anything can be thrown in JavaScript, not only an Error.

/** The message of an Error, or the thrown value itself as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The thrown value as an Error (a thrown string becomes an Error with that message). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
