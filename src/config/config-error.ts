/** A mistake in what the user configured (flags, environment, `.env`, profile): one line, exit 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a user's file with `read`; the reader's own error for bad input (`inputError`) becomes a ConfigError
 * (one line, exit 2), prefixed when given, and anything else stays what it is (a bug, with its stack on request).
 */
export function readAsConfig<T>(read: () => T, inputError: abstract new (...args: never[]) => Error, prefix = ''): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof inputError) throw new ConfigError(`${prefix}${error.message}`);
    throw error;
  }
}
