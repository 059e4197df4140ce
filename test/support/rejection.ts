/**
 * Asserts that `promise` rejects with an Error, then returns that error for assertions on its fields (status,
 * attempts, details). A promise that resolves fails the test here, not later on `undefined.message`.
 */
export async function rejectionOf<E extends Error = Error>(promise: Promise<unknown>): Promise<E> {
  await expect(promise).rejects.toThrow(Error);
  return promise.then(
    () => {
      throw new Error("unreachable: the promise resolved");
    },
    (error: unknown) => error as E,
  );
}
