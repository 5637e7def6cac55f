/** Edit distance where swapping two neighbouring letters (`shrotName`) costs one, as typos usually do. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const up = rows[i - 1] as number[];
      let v = Math.min((up[j] as number) + 1, (row[j - 1] as number) + 1, (up[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/**
 * A token that is probably a misspelling of `expected`: same letters in another case, or a small edit on a
 * long enough word. Short tokens (`fio`, `post`) would match too much noise, so they only match by case.
 */
export function isNearMiss(token: string, expected: string): boolean {
  if (token === expected) return false;
  if (token.toLowerCase() === expected.toLowerCase()) return true;
  if (expected.length < 6) return false;
  const allowed = expected.length >= 10 ? 2 : 1;
  return editDistance(token.toLowerCase(), expected.toLowerCase(), allowed) <= allowed;
}
