/** The user typed something wrong: print the message alone and exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
