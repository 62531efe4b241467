/** A bad configuration value; the message names every offending variable. */
export class ConfigError extends Error {}
