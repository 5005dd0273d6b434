/**
 * A conversion that cannot be done as asked: the message is a sentence for the user (what is
 * missing, which tensor does not fit) and never a stack of library internals.
 */
export class ConvertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConvertError';
  }
}
