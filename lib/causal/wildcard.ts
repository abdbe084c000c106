// Name patterns for things that are not paths (native libraries and symbols, whose C++
// names hold '::' and may hold '/'): `*` for any run of characters and `?` for one, nothing
// else special.
export function wildcard(pattern: string): (value: string) => boolean {
  const body = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  const re = new RegExp(`^${body}$`);
  return (value) => re.test(value);
}
