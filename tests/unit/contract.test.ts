import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { channelNames, channels } from '../../src-shared/contract/channels';
import { resultSchema } from '../../src-shared/contract/envelope';
import { eventNames, events } from '../../src-shared/contract/events';
import { HeadroomError } from '../../src-shared/errors/HeadroomError';
import { toErrorInfo } from '../../src-shared/errors/toErrorInfo';

describe('the contract', () => {
  it('names every channel domain:verb and gives each an input and an output schema', () => {
    expect(channelNames.length).toBeGreaterThan(0);
    for (const name of channelNames) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      const def = channels[name];
      expect(def.input).toBeInstanceOf(z.ZodType);
      expect(def.output).toBeInstanceOf(z.ZodType);
      expect(def.summary.length).toBeGreaterThan(10);
    }
  });

  it('gives every event a schema', () => {
    for (const name of eventNames) {
      expect(name).toMatch(/^[a-z]+:on[A-Z][a-zA-Z]+$/);
      expect(events[name]).toBeInstanceOf(z.ZodType);
    }
  });

  it('round-trips the envelope through JSON, both ways', () => {
    const schema = resultSchema(z.object({ n: z.number() }));
    const good = { ok: true, value: { n: 3 } };
    const bad = { ok: false, error: { code: 'x', message: 'broke', hint: 'fix it' } };
    expect(schema.parse(JSON.parse(JSON.stringify(good)))).toEqual(good);
    expect(schema.parse(JSON.parse(JSON.stringify(bad)))).toEqual(bad);
    expect(schema.safeParse({ ok: false, error: { code: 'x', message: 'no hint' } }).success).toBe(false);
    expect(schema.safeParse({ ok: true, value: { n: 'three' } }).success).toBe(false);
  });

  it('turns errors into code, message and hint', () => {
    expect(toErrorInfo(new HeadroomError('Disk full', { code: 'disk_full', hint: 'Free space.' }))).toEqual({ code: 'disk_full', message: 'Disk full', hint: 'Free space.' });
    const unknown = toErrorInfo(new TypeError('x is undefined'));
    expect(unknown.code).toBe('internal_error');
    expect(unknown.message).toBe('x is undefined');
    expect(unknown.hint).toMatch(/bug/);
  });
});
