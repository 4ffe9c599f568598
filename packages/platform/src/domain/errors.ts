/** Domain failures; the HTTP layer maps `kind` to a status and `{type, message}`. Messages never contain a key. */
export type DomainErrorKind = 'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unprocessable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** Pleo-style error `type`, e.g. `EXPORT_JOB_STATUS_UNPROCESSABLE`; defaults by kind. */
    readonly type?: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (message: string, type?: string) => new DomainError('invalid', message, type);
export const forbidden = (message: string, type?: string) => new DomainError('forbidden', message, type);
export const notFound = (message: string, type?: string) => new DomainError('not_found', message, type);
export const conflict = (message: string, type?: string) => new DomainError('conflict', message, type);
