// patches/ink+6.8.0.patch keeps each text node's squashed text until the node or a node below it changes
// (squash-text-nodes.js). Every update below must draw what a fresh render of the same tree draws.
import React from 'react';
import { Box, Text, Transform, renderToString } from 'ink';
import { render } from 'ink-testing-library';
import { expect, test } from 'vitest';

const steps: Array<() => React.JSX.Element> = [
  () => <Box flexDirection="column"><Text>a <Text color="red">b</Text> c</Text><Text bold>x</Text></Box>,
  // a nested text value changes
  () => <Box flexDirection="column"><Text>a <Text color="red">b2</Text> c</Text><Text bold>x</Text></Box>,
  // only a nested style (the transform) changes
  () => <Box flexDirection="column"><Text>a <Text color="green">b2</Text> c</Text><Text bold>x</Text></Box>,
  // only a transform changes (colours may be off in a test run; a Transform changes the text whatever the level)
  () => <Box flexDirection="column"><Text>a <Transform transform={(t) => t.toUpperCase()}><Text color="green">b2</Text></Transform> c</Text><Text bold>x</Text></Box>,
  () => <Box flexDirection="column"><Text>a <Transform transform={(t) => `[${t}]`}><Text color="green">b2</Text></Transform> c</Text><Text bold>x</Text></Box>,
  () => <Transform transform={(t, i) => `${i}:${t}`}><Text>a <Transform transform={(t) => `[${t}]`}><Text color="green">b2</Text></Transform> c</Text></Transform>,
  () => <Transform transform={(t, i) => `${i}|${t}`}><Text>a <Transform transform={(t) => `[${t}]`}><Text color="green">b2</Text></Transform> c</Text></Transform>,
  // only the outer style changes
  () => <Box flexDirection="column"><Text inverse>a <Text color="green">b2</Text> c</Text><Text bold>x</Text></Box>,
  // a child is added, deep nesting
  () => <Box flexDirection="column"><Text inverse>a <Text color="green">b2<Text dimColor> deep <Text bold>er</Text></Text></Text> c</Text><Text bold>x</Text></Box>,
  // the deepest text changes
  () => <Box flexDirection="column"><Text inverse>a <Text color="green">b2<Text dimColor> deep <Text bold>est</Text></Text></Text> c</Text><Text bold>x</Text></Box>,
  // children removed and reordered (keyed)
  () => <Box flexDirection="column"><Text>{[<Text key="2" color="blue">two </Text>, <Text key="1">one</Text>]}</Text><Text bold>x</Text></Box>,
  () => <Box flexDirection="column"><Text>{[<Text key="1">one </Text>, <Text key="2" color="blue">two</Text>]}</Text><Text bold>x</Text></Box>,
  // a text moves to another line, an unchanged line stays
  () => <Box flexDirection="column"><Text bold>x</Text><Text>{[<Text key="1">one </Text>, <Text key="2" color="blue">two</Text>]}</Text></Box>,
  () => <Box flexDirection="column"><Text bold>x</Text><Text>plain</Text></Box>,
];

test('a text node redrawn from its cache equals a fresh render after every kind of change', () => {
  const { rerender, lastFrame, unmount } = render(steps[0]!());
  expect(lastFrame()).toBe(renderToString(steps[0]!(), { columns: 100 }));
  for (const step of steps.slice(1)) {
    rerender(step());
    expect(lastFrame()).toBe(renderToString(step(), { columns: 100 }));
  }
  // and back to the start: cached nodes from earlier steps are not reused wrongly
  rerender(steps[0]!());
  expect(lastFrame()).toBe(renderToString(steps[0]!(), { columns: 100 }));
  unmount();
});
