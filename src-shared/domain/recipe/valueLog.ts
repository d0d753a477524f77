import type { RenderedValue, SettingKey } from '../../contract/recipe.js';

/** Collects every number a renderer writes, with the settings it comes from. */
export interface ValueLog {
  /** Records `text` as coming from `keys` (none: a fixed value) and returns it for inline use. */
  add(text: string | number, keys: SettingKey[], note?: string): string;
  readonly values: RenderedValue[];
}

export function valueLog(): ValueLog {
  const values: RenderedValue[] = [];
  return {
    values,
    add(text, keys, note = '') {
      const value = String(text);
      if (!values.some((v) => v.text === value && sameKeys(v.keys, keys))) values.push({ text: value, keys: [...keys], note });
      return value;
    },
  };
}

function sameKeys(a: SettingKey[], b: SettingKey[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}
