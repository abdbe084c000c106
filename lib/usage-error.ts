/** Bad input from the user (an option, an environment variable): one line, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
