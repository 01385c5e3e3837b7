// Stands in for the `server-only` package under vitest: the real one throws outside Next's server
// build (vercel/next.js#60038). Next still enforces it in the app.
export {};
