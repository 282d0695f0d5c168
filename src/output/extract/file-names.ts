/**
 * File names made from text a peer controls (a subject, an attachment's name): plain ASCII,
 * lower case, letters, digits and single hyphens, bounded in length. No dot, slash or backslash
 * survives, so a name can never leave its folder (`../../etc/passwd` becomes `etc-passwd`).
 */

/** Longest slug, in characters. */
export const MAX_SLUG_LENGTH = 48;

/** Combining marks left by NFKD decomposition (é → e + U+0301), removed so accents fold to ASCII. */
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const UNSAFE_RUNS = /[^a-z0-9]+/g;

/**
 * `text` as a file-name slug: accents folded to ASCII, lower case, every run of other characters
 * a single hyphen, no hyphen at either end, cut at a hyphen when longer than `maxLength`.
 * Returns `fallback` when nothing is left.
 */
export function slugify(text: string | undefined, fallback: string, maxLength = MAX_SLUG_LENGTH): string {
  if (!text) return fallback;
  let slug = text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(UNSAFE_RUNS, '-').replace(/^-+|-+$/g, '');
  if (slug.length > maxLength) {
    const cut = slug.slice(0, maxLength);
    const lastHyphen = cut.lastIndexOf('-');
    slug = (lastHyphen >= maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replace(/-+$/, '');
  }
  return slug === '' ? fallback : slug;
}

/** The slug of a message's subject for its .eml name; `no-subject` when there is none left. */
export function subjectSlug(subject: string | undefined): string {
  return slugify(subject, 'no-subject');
}

/**
 * A safe file name for an attachment: its base name and extension slugged apart
 * (`Q3 Report.PDF` → `q3-report.pdf`, `../../x.sh` → `x.sh`), or `fallback` when nothing usable is left.
 */
export function safeFileName(name: string | undefined, fallback: string): string {
  if (!name) return fallback;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? slugify(name.slice(dot + 1), '', 10) : '';
  const base = slugify(dot > 0 ? name.slice(0, dot) : name, '');
  if (base === '') return ext === '' ? fallback : `${fallback}.${ext}`;
  return ext === '' ? base : `${base}.${ext}`;
}

/**
 * `name` made unique among `taken` (which it is then added to): `notes.txt`, `notes-2.txt`, ...
 */
export function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  const ext = dot > 0 ? name.slice(dot) : '';
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}${ext}`;
  taken.add(candidate);
  return candidate;
}
