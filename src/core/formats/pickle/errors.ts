import { FormatError } from '../../model/errors';

/**
 * A pickle that cannot be read: malformed, truncated, over a limit, or asking for something we
 * refuse to do. It is a FormatError so callers that already report format problems need no
 * special case; `offset` is where in the byte array the problem was found.
 */
export class PickleError extends FormatError {
  readonly offset: number;
  /**
   * The bytes ran out before STOP (or a length field points past the end). Callers that read a
   * pickle from a growing prefix of a file use this to fetch more and retry.
   */
  readonly truncated: boolean;
  constructor(message: string, offset: number, options?: { cause?: unknown; truncated?: boolean }) {
    super(message);
    this.name = 'PickleError';
    this.offset = offset;
    this.truncated = options?.truncated ?? false;
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** True when `err` says the pickle needs more bytes than it was given. */
export function isTruncation(err: unknown): boolean {
  return err instanceof PickleError && err.truncated;
}
