// The prompt a probe step evaluates: a long, varied document (a harbour ledger) followed by
// questions about its first records, so that the last tokens must attend all the way back.
// A repeated token would let caches and the model's attention take shortcuts; real text does not.

import { mulberry32 } from '../random/mulberry32.js';

const HARBOURS = ['Port Avel', 'Kessring', 'Marrow Bay', 'Tolland', 'Saint Ives Reach', 'Oderhalt', 'Caldmouth', 'Verisand', 'Lumen Quay', 'Brackwater'];
const SHIPS = ['Heron', 'Morning Star', 'Ferryman', 'Galloway', 'Quiet Tide', 'Albatross', 'Copper Kettle', 'Northwind', 'Saltmarsh', 'Juniper'];
const KEEPERS = ['Mira Tolvan', 'Josef Arne', 'Edda Crane', 'Tobias Wren', 'Ilse Morrow', 'Henrik Dahl', 'Agnes Vey', 'Osric Pell', 'Lena Strand', 'Caspar Holm'];
const CARGO = ['salted cod', 'copper wire', 'barley', 'lamp oil', 'wool bales', 'rope', 'glass bottles', 'timber', 'tea chests', 'iron nails'];
const WEATHER = ['under a grey drizzle', 'in a steady westerly', 'through thick fog', 'on a calm, bright morning', 'against a rising gale', 'as the tide turned'];
const MONTHS = ['March', 'April', 'May', 'June', 'July', 'August', 'September', 'October'];

interface LedgerRecord {
  n: number;
  harbour: string;
  ship: string;
  keeper: string;
  cargo: string;
  tons: number;
  day: number;
  month: string;
  weather: string;
}

function record(n: number, next: () => number): LedgerRecord {
  const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
  return { n, harbour: pick(HARBOURS), ship: pick(SHIPS), keeper: pick(KEEPERS), cargo: pick(CARGO), tons: 3 + Math.floor(next() * 480), day: 1 + Math.floor(next() * 28), month: pick(MONTHS), weather: pick(WEATHER) };
}

function recordText(r: LedgerRecord): string {
  return `Record ${r.n}. On the ${r.day}th of ${r.month}, ${r.weather}, the ${r.ship} came into ${r.harbour} carrying ${r.tons} tons of ${r.cargo}; the harbour keeper, ${r.keeper}, signed the ledger and noted the berth as number ${(r.n * 7) % 23 + 1}.`;
}

/** The ledger's first `count` records as text, one paragraph each. */
export function ledgerText(count: number, seed = 1): string {
  const next = mulberry32(seed);
  const lines: string[] = ['The harbour ledger of the northern coast. Read every record carefully; questions follow at the end.', ''];
  for (let n = 1; n <= count; n++) lines.push(recordText(record(n, next)));
  return lines.join('\n');
}

/** Questions about the ledger's first records, which only attention to the start can answer. */
export function ledgerQuestions(seed = 1, count = 4): string {
  const next = mulberry32(seed);
  const records = Array.from({ length: count }, (_, i) => record(i + 1, next));
  const questions = records.map((r) => `- In record ${r.n}, which ship arrived in ${r.harbour}, how many tons of ${r.cargo} did it carry, and who signed the ledger?`);
  return ['', 'Questions about the first records of the ledger above:', ...questions, 'Answer each question using only the ledger.', 'Answer:'].join('\n');
}

/**
 * Exactly `targetTokens` tokens: the ledger, cut to length, then the questions. `tokenize` is the
 * model's own tokenizer, so the count is exact for that model.
 */
export function attentionPromptTokens<T>(targetTokens: number, tokenize: (text: string) => T[], seed = 1): T[] {
  const questions = tokenize(ledgerQuestions(seed));
  if (questions.length >= targetTokens) return questions.slice(-targetTokens);
  const need = targetTokens - questions.length;
  let records = Math.max(4, Math.ceil(need / 40));
  for (;;) {
    const document = tokenize(ledgerText(records, seed));
    if (document.length >= need) return [...document.slice(0, need), ...questions];
    records = Math.ceil(records * Math.max(1.2, (need / Math.max(1, document.length)) * 1.1));
  }
}
