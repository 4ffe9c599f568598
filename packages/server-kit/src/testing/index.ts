export { type TestDatabasePlace, testDatabasePlace, testDatabaseUrl } from './database.ts';
export { type RequestOptions, type TestResponse, TestWebClient, type TestWebClientOptions } from './web-client.ts';
