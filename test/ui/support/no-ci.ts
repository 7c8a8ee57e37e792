// Import FIRST in test files that mount the dashboard on a fake TTY: Ink reads CI once at import and, when it is
// set (as in .ci/run), writes no live frames at all. A dashboard on a terminal ignores CI (source/ui/env.ts).
delete process.env.CI;
delete process.env.CONTINUOUS_INTEGRATION;
