// The README lists exactly the keys of the key table (the same table the footer and the ? overlay use).
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { keyTableMarkdown } from '../../source/ui/keymap.js';

test('README key table equals keymap.ts', () => {
  const readme = readFileSync('README.md', 'utf8');
  expect(readme).toContain(keyTableMarkdown());
});
