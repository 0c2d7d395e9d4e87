import { partitionByName, splitInHalves } from './create-batch-plan';

describe(splitInHalves.name, () => {
  it.each([
    [
      [1, 2, 3, 4],
      [1, 2],
      [3, 4],
    ],
    [[1, 2, 3], [1, 2], [3]],
    [[1, 2], [1], [2]],
    [[1], [1], []],
    [[], [], []],
  ])('should split %j into %j and %j', (items, left, right) => {
    expect(splitInHalves(items)).toEqual([left, right]);
  });

  it('should isolate one bad item among 100 in 7 levels of halving', () => {
    let part = Array.from({ length: 100 }, (_, index) => index);
    let levels = 0;
    while (part.length > 1) {
      const [left, right] = splitInHalves(part);
      part = left.includes(42) ? left : right;
      levels += 1;
    }
    expect([part, levels]).toEqual([[42], 7]);
  });
});

describe(partitionByName.name, () => {
  it.each([
    [['a', 'b', 'c'], ['a', 'b', 'c'], []],
    [
      ['a', 'b', 'a', 'a'],
      ['a', 'b'],
      ['a', 'a'],
    ],
    [[], [], []],
  ])('should keep the first of each name of %j: %j, and defer %j', (names, unique, repeats) => {
    const items = names.map((name, index) => ({ name, index }));

    const partition = partitionByName(items, (item) => item.name);

    expect(partition.unique.map((item) => item.name)).toEqual(unique);
    expect(partition.repeats.map((item) => item.name)).toEqual(repeats);
    expect([...partition.unique, ...partition.repeats].map((item) => item.index).sort()).toEqual(
      items.map((item) => item.index),
    );
  });
});
