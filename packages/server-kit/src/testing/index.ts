export { type TestDatabasePlace, testDatabasePlace, testDatabaseUrl } from './database.ts';
export {
  type FuzzCredential,
  type FuzzFinding,
  type FuzzOptions,
  type FuzzReport,
  type FuzzTarget,
  formatFuzzReport,
  fuzz,
} from './fuzz.ts';
export { docsHeaderProblems, signInRun } from './security-checks.ts';
export { type RequestOptions, type TestResponse, TestWebClient, type TestWebClientOptions } from './web-client.ts';
