/** A mistake in what the user configured (flags, environment, `.env`, profile): one line, exit 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
