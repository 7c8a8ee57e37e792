// Import FIRST in test files that compare coloured output: chalk (through Ink) reads FORCE_COLOR once at import,
// and a test run is not a terminal, so colours would otherwise be off and every style would compare equal.
process.env.FORCE_COLOR = '3';
