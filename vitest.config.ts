import { defineConfig } from 'vitest/config'

// Integration tests run on PGlite, and again on a real PostgreSQL when TEST_DATABASE_URL is set.
const databases = ['pglite', ...(process.env.TEST_DATABASE_URL ? ['postgres'] : [])]

export default defineConfig({
  resolve: { alias: { '@': import.meta.dirname } },
  test: {
    projects: databases.map((name) => ({
      extends: true,
      test: {
        name,
        include: ['lib/**/*.test.ts', 'app/**/*.test.ts', 'supabase/tests/**/*.test.ts'],
        // A configured CORS origin, so that the API's CORS (lib/api/cors.ts) is exercised.
        env: { TEST_DB: name, CORS_ORIGINS: 'https://partner.example' },
        globalSetup: ['tests/support/global-setup.ts'],
        setupFiles: ['tests/support/setup.ts'],
        testTimeout: 20_000,
        hookTimeout: 60_000,
      },
    })),
  },
})
