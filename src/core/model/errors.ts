/** A file that cannot be read. The message always names the file and the problem. */
export class ReadError extends Error {
  readonly fileName: string;
  readonly problem: string;
  /** `cause` keeps the reader's own error for logs and tests; the message is what users see. */
  constructor(fileName: string, problem: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${problem}`, options);
    this.name = 'ReadError';
    this.fileName = fileName;
    this.problem = problem;
  }
}

/** A problem found inside a format, before the file name is known to the code that found it. */
export class FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatError';
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
