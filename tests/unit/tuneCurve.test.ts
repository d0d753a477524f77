import { expect, it } from 'vitest';
import { curveContexts } from '../../src-shared/domain/tune/curveContexts';

it('the context curve measures a quarter and a half of the target, on the 256 grid, below the target', () => {
  expect(curveContexts(32768)).toEqual([8192, 16384]);
  expect(curveContexts(4096)).toEqual([1024, 2048]);
  expect(curveContexts(1000)).toEqual([256]);
  expect(curveContexts(512)).toEqual([256]);
  expect(curveContexts(256)).toEqual([]);
});
