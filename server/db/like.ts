/** A LIKE pattern matching values that start with `text`, its own `\`, `%` and `_` taken literally. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}
