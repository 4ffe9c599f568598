import { defineConfig } from 'vitest/config';

// One project per workspace; browser journeys (e2e/) run last and alone because they start real servers and Chromium.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'keys', include: ['packages/keys/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'server-kit', include: ['packages/server-kit/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'platform', include: ['packages/platform/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'connector', include: ['packages/connector/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'cli', include: ['packages/cli/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
