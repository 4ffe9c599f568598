export {
  type Database,
  type Dialect,
  dropSchema,
  type MigrateOptions,
  migrateDatabase,
  type OpenDatabaseOptions,
  openDatabase,
  quoteSchema,
  SCHEMA_NAME,
} from './database.ts';
export { type DocsOptions, docsCsp, registerDocs, registerHealth } from './http/docs.ts';
export {
  type ErrorBody,
  type ErrorHandlingOptions,
  ErrorSchema,
  HttpError,
  notFoundBody,
  registerErrorHandling,
  STATUS_TYPES,
} from './http/errors.ts';
export {
  DEFAULT_INPUT_LIMITS,
  type InputLimits,
  inputViolation,
  registerInputLimits,
  requestViolation,
} from './http/input-limits.ts';
export {
  errorForLog,
  type LoggerLike,
  maskDeep,
  maskedLoggerOptions,
  maskingLogger,
  maskingStream,
  requestForLog,
} from './http/logging.ts';
export { type RegisteredRoute, routesOf } from './http/routes.ts';
export { registerSecurityHeaders, type SecurityHeadersOptions } from './http/security-headers.ts';
export { createServer, DEFAULT_TIMEOUTS, listenUrl, type ServerOptions, type ServerTimeouts } from './http/server.ts';
export { parseTrustProxy, type TrustProxy } from './http/trust-proxy.ts';
export { guardWebApi, headerValue, tokensMatch, unauthenticated, type WebApiGuardOptions } from './http/web-api.ts';
export { DUMMY_HASH, hashPassword, needsRehash, verifyPassword } from './passwords.ts';
export {
  type Attempt,
  accountKey,
  FailureThrottle,
  type LoginKeys,
  LoginThrottle,
  loginThrottle,
  reentryThrottle,
  type ThrottleRule,
  TooManyAttempts,
} from './throttle.ts';
