import type { Candidate, Match, SeparatingQuestion } from './Diagnosis.js';
import type { FamilyCandidate } from './readFamilies.js';
import { CATEGORY_TITLES, GENERIC_FIXES } from './genericFixes.js';
import type { Category } from './KnowledgeEntry.js';
import { questionFor, questionSeparating } from './separatingQuestions.js';

const MAX_CANDIDATES = 3;
/** Two candidates are close when the second has at least this share of the first's confidence. */
export const CLOSE = 0.6;
/** A similarity guess is offered only when nothing better is this sure. */
export const SIMILARITY_WHEN_BELOW = 0.5;
/** When nothing was recognised, categories this likely are offered as resemblances (the log stays `unknown`; see diagnoseLog). */
export const SIMILARITY_RESEMBLES = 0.15;
/** An entry this sure outranks any family alone. */
const ENTRY_SURE = 0.5;

/** The category the similarity model finds closest, with its probability. */
export interface SimilarityGuess {
  category: Category;
  probability: number;
  /** Words of the log that weighed most for it. */
  words: string[];
}

export interface Ranked {
  candidates: Candidate[];
  question: SeparatingQuestion | null;
}

/**
 * Up to three candidates of distinct categories: the best entry of each category (backed by its
 * family when one agrees), the families no entry refined, and a similarity guess when nothing is
 * sure. Answers to separating questions re-rank them. Pure.
 */
export function rankCandidates(
  matches: Match[],
  families: FamilyCandidate[] = [],
  similarity: SimilarityGuess | null = null,
  answers: Record<string, string> = {},
): Ranked {
  const pool = new Map<Category, Candidate & { question?: string }>();
  for (const match of matches) if (!pool.has(match.category)) pool.set(match.category, fromMatch(match));
  // Entries refine families: once a sure entry matched, a family alone ranks below it.
  const bestEntry = Math.max(0, ...matches.filter((m) => m.category !== 'unknown').map((m) => m.confidence));
  const cap = bestEntry >= ENTRY_SURE ? bestEntry - 0.01 : 1;
  for (const family of families) {
    const seen = pool.get(family.category);
    if (!seen) pool.set(family.category, { ...fromFamily(family), confidence: round(family.decisive ? family.confidence : Math.min(cap, family.confidence)) });
    // An entry keeps its own confidence: the matcher's order among entries (runtime hints included) stands.
    else seen.question ??= family.question;
  }
  const best = Math.max(0, ...[...pool.values()].map((c) => c.confidence));
  if (similarity && best < SIMILARITY_WHEN_BELOW && !pool.has(similarity.category)) pool.set(similarity.category, fromSimilarity(similarity));
  let ranked = sort([...pool.values()]);
  const answered = new Set<string>();
  for (const [id, answer] of Object.entries(answers)) {
    const next = applyAnswer(ranked, id, answer);
    if (next) {
      ranked = next;
      answered.add(id);
    }
  }
  // An entry of the `unknown` category (a port in use) explains a log without naming a failure category.
  const top = ranked.filter((c) => c.category !== 'unknown').slice(0, MAX_CANDIDATES);
  return { candidates: top.map(({ question: _q, ...c }) => c), question: pickQuestion(top, answered) };
}

/**
 * The diagnosis's category: the first candidate's, unless a sure entry of the `unknown` category (a port
 * in use, a lost GPU device) explains the log better than a family or similarity guess: speed lines beside
 * "forcing full prompt re-processing" must not turn a cache miss into slowness at long context. An entry
 * that names a failure (an out-of-memory beside the cache miss) still leads. Resemblances never set it.
 */
export function leadingCategory(candidates: Pick<Candidate, 'category' | 'confidence' | 'basis'>[], matches: Pick<Match, 'category' | 'confidence'>[]): Category {
  const lead = candidates[0];
  if (!lead || lead.basis === 'resemblance') return 'unknown';
  const explainer = matches.find((m) => m.category === 'unknown' && m.confidence >= ENTRY_SURE);
  return explainer && lead.basis !== 'entry' && explainer.confidence > lead.confidence ? 'unknown' : lead.category;
}

type Pooled = Candidate & { question?: string };

function fromMatch(match: Match): Pooled {
  return {
    category: match.category,
    confidence: match.confidence,
    basis: 'entry',
    entryId: match.id,
    title: match.title,
    evidence: match.evidence,
    decidingFact: match.evidence.find((e) => e.note)?.note ?? match.evidence[0]?.text ?? match.title,
    fixes: match.fixes,
  };
}

function fromFamily(family: FamilyCandidate): Pooled {
  return {
    category: family.category,
    confidence: family.confidence,
    basis: 'family',
    entryId: null,
    title: CATEGORY_TITLES[family.category],
    evidence: family.evidence,
    decidingFact: family.decidingFact,
    fixes: GENERIC_FIXES[family.category],
    ...(family.question ? { question: family.question } : {}),
  };
}

function fromSimilarity(guess: SimilarityGuess): Pooled {
  return {
    category: guess.category,
    // Never above what a family alone would claim: it is a resemblance, not a recognised failure.
    confidence: round(Math.min(0.45, guess.probability * 0.5)),
    basis: 'similarity',
    entryId: null,
    title: `Likely, by similarity: ${titleInSentence(guess.category)}`,
    evidence: [],
    decidingFact: `the log reads like known ${guess.category} logs${guess.words.length ? ` (${guess.words.slice(0, 5).join(', ')})` : ''}`,
    fixes: GENERIC_FIXES[guess.category],
  };
}

/**
 * What an unrecognised log reads like: the similarity model's likeliest categories (from
 * {@link SIMILARITY_RESEMBLES}, most likely first) as weak leads. The diagnosis stays `unknown`;
 * these only say where to look.
 */
export function resemblances(alternatives: SimilarityGuess[]): Candidate[] {
  const likely = alternatives.filter((a) => a.probability >= SIMILARITY_RESEMBLES);
  return likely.slice(0, MAX_CANDIDATES).map((guess) => ({
    ...fromSimilarity(guess),
    // Below any recognised candidate: a hint for the user, never a diagnosis.
    confidence: round(Math.min(0.25, guess.probability * 0.5)),
    basis: 'resemblance' as const,
    title: `Not recognised; it reads most like: ${titleInSentence(guess.category)}`,
    decidingFact: `no known failure matched; the log's words resemble known ${guess.category} logs (${Math.round(guess.probability * 100)} %${guess.words.length ? `: ${guess.words.slice(0, 5).join(', ')}` : ''})`,
  }));
}

/** The favoured category goes first (added if it was not a candidate); the others the question names step back. */
function applyAnswer(ranked: Pooled[], id: string, answerId: string): Pooled[] | null {
  const question = questionFor(id, ranked.map((c) => c.category));
  const answer = question?.answers.find((a) => a.id === answerId);
  if (!question || !answer) return null;
  const named = new Set(question.answers.map((a) => a.favours));
  const top = ranked[0]?.confidence ?? 0.5;
  const said = `you said: ${answer.label.toLowerCase()}`;
  const favoured = ranked.find((c) => c.category === answer.favours);
  const rest = ranked.filter((c) => c !== favoured).map((c) => (named.has(c.category) ? { ...c, confidence: round(c.confidence * 0.5) } : c));
  const lifted: Pooled = favoured
    ? { ...favoured, confidence: round(Math.min(0.97, Math.max(top, favoured.confidence) + 0.05)), decidingFact: `${said}; ${favoured.decidingFact}` }
    : {
        category: answer.favours,
        confidence: round(Math.min(0.9, top)),
        basis: 'family',
        entryId: null,
        title: CATEGORY_TITLES[answer.favours],
        evidence: ranked[0]?.evidence ?? [],
        decidingFact: said,
        fixes: GENERIC_FIXES[answer.favours],
      };
  return sort([lifted, ...rest]);
}

function pickQuestion(top: Pooled[], answered: Set<string>): SeparatingQuestion | null {
  const [first, second] = top;
  if (!first || !second || second.confidence < first.confidence * CLOSE) return null;
  const tagged = first.question ?? second.question;
  const byTag = tagged && !answered.has(tagged) ? questionFor(tagged, top.map((c) => c.category)) : undefined;
  const separates = (q: SeparatingQuestion) => {
    const favoured = new Set(q.answers.map((a) => a.favours));
    return favoured.has(first.category) && favoured.has(second.category);
  };
  if (byTag && separates(byTag)) return byTag;
  return questionSeparating(first.category, second.category, answered) ?? null;
}

const sort = (list: Pooled[]) => [...list].sort((a, b) => b.confidence - a.confidence || basisOrder(a) - basisOrder(b));
const basisOrder = (c: Candidate) => (c.basis === 'entry' ? 0 : c.basis === 'family' ? 1 : 2);
const round = (n: number) => Math.round(n * 100) / 100;
/** A category's title after a colon in a sentence ("Likely, by similarity: the weights …"). */
const titleInSentence = (category: Category) => `${CATEGORY_TITLES[category].charAt(0).toLowerCase()}${CATEGORY_TITLES[category].slice(1)}`;

/** What to paste when nothing in the log explains the failure. */
export const UNKNOWN_NEXT_STEPS = [
  'Paste the lines around the first error or warning, not only the last lines: the cause is usually printed before the crash.',
  'Include the load summary: the lines that name the device, the layers offloaded and the context size (llama.cpp prints them as llm_load_tensors / load_tensors / llama_context; Ollama as "offloaded N/M layers").',
  'Start the runtime with more logging if it printed nothing (llama.cpp: -v; Ollama: OLLAMA_DEBUG=1) and run the failing request again.',
];
