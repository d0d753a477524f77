// A SentencePiece ("llama") vocabulary that can tokenize any text: every byte has a byte-fallback
// token (<0x00>…<0xFF>), so nothing is ever unknown, and common English pieces keep prompts short.

/** llama.cpp's token types. */
export const TokenType = { normal: 1, unknown: 2, control: 3, unused: 5, byte: 6 } as const;

export interface SyntheticVocab {
  tokens: string[];
  scores: number[];
  types: number[];
  bosId: number;
  eosId: number;
  unkId: number;
}

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were ' +
  'her she there been one all we their has would when if will more no out so said what up its about into than them can only ' +
  'other time new some could these two may first then do any like my now over such our man me even most made after also did ' +
  'many before must through back years where much your way well down should because each just those people how too little ' +
  'state good very make world still own see men work long get here between both life being under never day same another know ' +
  'while last might us great old year off come since against go came right used take three hello story model memory context ' +
  'token cache question answer write long text about words number'
).split(' ');

const CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?\'"()-_/[]{}<>@#$%&*+=~`|\\^';

/** The smallest vocabulary this writer produces; geometries need at least this many tokens. */
export const MIN_VOCAB_SIZE = 512;

/** Builds a vocabulary of exactly `size` tokens (≥ {@link MIN_VOCAB_SIZE}); extra slots are unused tokens. */
export function syntheticVocab(size: number): SyntheticVocab {
  if (!Number.isInteger(size) || size < MIN_VOCAB_SIZE) throw new RangeError(`vocab size must be an integer ≥ ${MIN_VOCAB_SIZE}, got ${size}`);
  // llama.cpp looks <|endoftext|> up by name when general.name mentions phi-3, so it must exist.
  const tokens = ['<unk>', '<s>', '</s>', '<|endoftext|>'];
  const types: number[] = [TokenType.unknown, TokenType.control, TokenType.control, TokenType.control];
  for (let b = 0; b < 256; b++) {
    tokens.push(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
    types.push(TokenType.byte);
  }
  // SentencePiece only merges adjacent pieces into pieces it knows, so each word brings its prefixes.
  const prefixes = WORDS.flatMap((w) => Array.from({ length: w.length }, (_, i) => `▁${w.slice(0, i + 1)}`));
  const pieces = new Set<string>(['▁', ...CHARS, ...[...CHARS].map((c) => `▁${c}`), ...prefixes]);
  for (const piece of pieces) {
    if (tokens.length >= size) break;
    tokens.push(piece);
    types.push(TokenType.normal);
  }
  while (tokens.length < size) {
    tokens.push(`<unused${tokens.length}>`);
    types.push(TokenType.unused);
  }
  // SentencePiece merges the pair with the highest score; longer pieces win, so words beat letters.
  const scores = tokens.map((t, i) => (types[i] === TokenType.normal ? [...t].length : 0) - i * 1e-6);
  return { tokens, scores, types, bosId: 1, eosId: 2, unkId: 0 };
}
