/** "Did you mean" for misspelled keys and type names. */

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * The closest candidates to `input`, best first: an exact case-insensitive match wins outright,
 * then anything within a third of the input's length in edits (at least two).
 */
export function closestMatches(input: string, candidates: readonly string[], limit = 3): string[] {
  const caseInsensitive = candidates.filter((c) => c.toLowerCase() === input.toLowerCase());
  if (caseInsensitive.length > 0) return caseInsensitive;
  const budget = Math.max(2, Math.floor(input.length / 3));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(input.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ distance }) => distance <= budget)
    .sort((x, y) => x.distance - y.distance)
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** ` Did you mean A or B?` or the empty string. */
export function didYouMean(input: string, candidates: readonly string[], quote = ""): string {
  const matches = closestMatches(input, candidates).map((m) => `${quote}${m}${quote}`);
  return matches.length === 0 ? "" : ` Did you mean ${matches.join(" or ")}?`;
}
