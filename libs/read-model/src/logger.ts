/** The slice of a pino logger this library uses; pass the service's logger (or a child of it). */
export interface Logger {
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

/** Used when no logger is given: failures still reach stderr instead of vanishing. */
export const stderrLogger: Logger = {
  info: () => {},
  warn: (fields, message) => console.error(message ?? '', fields),
  error: (fields, message) => console.error(message ?? '', fields),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
