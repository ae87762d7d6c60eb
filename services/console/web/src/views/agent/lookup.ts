import type { Grid, Open311Request, Organisation } from '../../api/types';

/** A place name of an organisation: 东王村党总支 → 东王村, 冶山镇党委 → 冶山镇. */
export function placeOf(organisation: Pick<Organisation, 'name'>): string {
  return organisation.name.replace(/(党总支|党支部|党委|党工委|机关党支部|机关党委)$/, '');
}

export interface GridMatch {
  grid: Grid;
  score: number;
  label: string;
}

/** The words of a grid a resident's address may contain: its name's part in brackets (东王组), its village, its township. */
function gridWords(grid: Grid, organisations: ReadonlyMap<string, Organisation>): Array<[string, number]> {
  const words: Array<[string, number]> = [];
  const bracket = /[（(]([^）)]+)[）)]/.exec(grid.name)?.[1];
  if (bracket) for (const part of bracket.split(/[、,，]/)) if (part.trim().length >= 2) words.push([part.trim(), 4]);
  const village = organisations.get(grid.organisationId);
  if (village) {
    words.push([placeOf(village), 3]);
    const township = village.parentId ? organisations.get(village.parentId) : undefined;
    if (township) words.push([placeOf(township), 1]);
  }
  return words;
}

/**
 * 网格匹配: the grids whose group (组/小区/片), village and township names the address mentions,
 * best first. A small grid that names its 组 beats the village's large grid.
 */
export function matchGrids(address: string, grids: readonly Grid[], organisations: ReadonlyMap<string, Organisation>): GridMatch[] {
  const text = address.replace(/\s+/g, '');
  if (text.length < 2) return [];
  const matches: GridMatch[] = [];
  for (const grid of grids) {
    let score = 0;
    for (const [word, weight] of gridWords(grid, organisations)) if (word && text.includes(word)) score += weight * word.length;
    if (score > 0) {
      if (grid.size === 'small') score += 1;
      const village = organisations.get(grid.organisationId);
      matches.push({ grid, score, label: village ? `${grid.name} · ${village.name}` : grid.name });
    }
  }
  matches.sort((a, b) => b.score - a.score);
  // Grids that only share the township with the address fall away once a village or group matched.
  const best = matches[0]?.score ?? 0;
  return matches.filter((m) => m.score * 3 >= best).slice(0, 5);
}

/** Character pairs of a text (for a rough likeness of two titles). */
function pairs(text: string): Set<string> {
  const clean = text.replace(/[\s，。、,.!！?？:：;；()（）]/g, '');
  const out = new Set<string>();
  for (let i = 0; i < clean.length - 1; i += 1) out.add(clean.slice(i, i + 2));
  return out;
}

/** Dice similarity of two texts' character pairs (0..1). */
export function likeness(a: string, b: string): number {
  const x = pairs(a);
  const y = pairs(b);
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  for (const p of x) if (y.has(p)) common += 1;
  return (2 * common) / (x.size + y.size);
}

export interface DuplicateCandidate {
  request: Open311Request;
  score: number;
  sameGrid: boolean;
}

/**
 * 疑似重复: open requests of the same category (Open311's public read) in the same grid or at an
 * address that starts the same, or with a title much like this one.
 */
export function likelyDuplicates(
  requests: readonly Open311Request[],
  draft: { gridId?: string; address?: string; title?: string; description?: string },
): DuplicateCandidate[] {
  const address = (draft.address ?? '').replace(/\s+/g, '');
  const words = `${draft.title ?? ''}${draft.description ?? ''}`;
  const out: DuplicateCandidate[] = [];
  for (const request of requests) {
    const sameGrid = !!draft.gridId && request.address_id === draft.gridId;
    const shown = (request.address ?? '').replace(/\*+$/, '');
    const nearAddress = address.length >= 3 && shown.length >= 3 && (address.startsWith(shown) || shown.startsWith(address.slice(0, shown.length)));
    const similar = words ? likeness(words, request.description ?? '') : 0;
    const score = (sameGrid ? 0.5 : 0) + (nearAddress ? 0.3 : 0) + similar;
    if (sameGrid || nearAddress || similar >= 0.25) out.push({ request, score, sameGrid });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, 5);
}
