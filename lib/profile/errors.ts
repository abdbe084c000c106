/** Base of the errors a profile can cause; the message is one line, fit to print as is. */
export class ProfileError extends Error {
  override name = 'ProfileError';
}

/** A profile's text is damaged: the message names the file, the line and what is wrong. */
export class ProfileFormatError extends ProfileError {
  override name = 'ProfileFormatError';

  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${problem}`);
  }
}

/** A profile file could not be read at all (missing, unreadable). */
export class ProfileReadError extends ProfileError {
  override name = 'ProfileReadError';

  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: cannot read profile: ${reason}`);
  }
}

/**
 * What is wrong with one line, before the reader knows which file and line it is;
 * the reader turns it into a ProfileFormatError.
 */
export class LineError extends Error {
  override name = 'LineError';
}
