export const languages = ['fr', 'en', 'other'] as const
export type Language = (typeof languages)[number]

const stopWords: Record<'fr' | 'en', Set<string>> = {
  fr: new Set('le la les des du de un une et est sont dans pour que qui sur pas par avec au aux ce cette ces il elle ils elles nous vous leur leurs se sa son ses mais ou donc ne plus été être avoir fait comme tout très aussi entre après sans sous'.split(' ')),
  en: new Set('the of and to in is are was were that for on with as by at from this these those it its be been have has had not but or which who an will would can could their there they than into also more when what'.split(' ')),
}

/** French or English from the share of each language's function words; 'other' below a clear signal. */
export function detectLanguage(text: string): Language {
  const words = text.slice(0, 20_000).toLowerCase().match(/[a-zà-öø-ÿœ']+/g) ?? []
  let fr = 0
  let en = 0
  for (const word of words) {
    const bare = word.replace(/^[ldjcmnst]'/, '')
    if (stopWords.fr.has(bare) || word.startsWith("l'") || word.startsWith("d'")) fr++
    if (stopWords.en.has(word)) en++
  }
  const hits = fr + en
  if (hits < 3 || hits < words.length * 0.05) return 'other'
  return fr >= en ? 'fr' : 'en'
}

/** The Postgres text-search configuration of a language (accent-insensitive). */
export const searchConfig = (language: Language) => (language === 'fr' ? 'french_unaccent' : language === 'en' ? 'english_unaccent' : 'simple_unaccent')
