// Repeatable random numbers. Framework's bundled seedrandom loses its named exports, so tfjs's own random ops
// (tf.randomUniform, tf.randomNormal, seeded initializers) break in the site's pages: the lesson draws its own.

/** A repeatable stream of numbers in [0, 1) (the mulberry32 generator): the same seed gives the same stream. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** The same `items` in an order drawn from `random` (Fisher–Yates); `items` is left as it was. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const order = items.slice();
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}
