/**
 * NATS subject patterns, as `@EventPattern` handlers of the JetStream transport use them: tokens separated by
 * dots, `*` matches exactly one token, `>` (last token only) matches one or more trailing tokens.
 */

export function isSubjectPattern(pattern: string): boolean {
  const tokens = pattern.split('.');
  return tokens.every(
    (token, index) => token.length > 0 && !/\s/.test(token) && (token !== '>' || index === tokens.length - 1),
  );
}

export function subjectMatches(pattern: string, subject: string): boolean {
  const patternTokens = pattern.split('.');
  const subjectTokens = subject.split('.');
  for (const [index, token] of patternTokens.entries()) {
    if (token === '>') return subjectTokens.length > index;
    if (index >= subjectTokens.length) return false;
    if (token !== '*' && token !== subjectTokens[index]) return false;
  }
  return patternTokens.length === subjectTokens.length;
}

/**
 * Orders patterns that match the same subject, most specific first: at the first token where they differ, a
 * literal beats `*`, and `*` beats `>`.
 */
export function compareSpecificity(left: string, right: string): number {
  const leftTokens = left.split('.');
  const rightTokens = right.split('.');
  for (let index = 0; index < Math.max(leftTokens.length, rightTokens.length); index += 1) {
    const difference = tokenRank(leftTokens[index]) - tokenRank(rightTokens[index]);
    if (difference !== 0) return difference;
  }
  return 0;
}

function tokenRank(token: string | undefined): number {
  if (token === undefined) return 3;
  if (token === '>') return 2;
  if (token === '*') return 1;
  return 0;
}
