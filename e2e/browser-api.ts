/** Builds window.api in a plain browser page over Playwright bindings (see e2e/harness.ts). */
export {};
