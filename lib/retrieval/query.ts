import type { Language } from '../documents/language'

/** Words of a question that say how it is asked, not what it is about. */
const questionWords: Record<'fr' | 'en', Set<string>> = {
  en: new Set(
    ('a an the and or of to in on at by for from with as into about than then what which who whom whose when where why how whats ' +
      'is are was were be been being am do does did done has have had having can could would should will shall may might must ' +
      'it its this that these those there their they them he she his her him i you we our your me my ' +
      'not no any some many much more most other another such same also very just only type kind name called call').split(' '),
  ),
  fr: new Set(
    ('le la les l un une des du de d au aux et ou a en dans par pour sur sous avec sans chez entre vers ' +
      'quel quelle quels quelles lequel laquelle lesquels lesquelles qui que qu quoi dont ou quand comment pourquoi combien ' +
      'est sont ete etait etaient sera seront fut furent etre ont avait avaient aura eu fait faire font ' +
      'ce cet cette ces c ca se s sa son ses leur leurs il elle ils elles on t y lui eux ne n pas plus moins meme tres aussi ' +
      'nom appelle appele appelee type sorte').split(' '),
  ),
}

const markers = {
  en: new Set('the what which who is are was were of did does how when where why and in to'.split(' ')),
  fr: new Set('le la les quel quelle quels quelles qui que est sont de des du et en à au aux combien comment pourquoi où quand une un'.split(' ')),
}

const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()

/** The language of a short question from its function words; null when they do not tell. */
export function questionLanguage(question: string): Language | null {
  const words = question.toLowerCase().match(/\p{L}+/gu) ?? []
  let en = 0
  let fr = 0
  for (const word of words) {
    if (markers.en.has(word)) en++
    if (markers.fr.has(word)) fr++
  }
  if (/[àâçéèêëîïôûùüÿœ]/i.test(question)) fr += 0.5
  return en === fr ? null : en > fr ? 'en' : 'fr'
}

/** The question without its question words (unless nothing else is left). */
export function questionKeywords(question: string, language: Language): string {
  const words = question.replace(/[’`]/g, "'").match(/[\p{L}\p{N}]+/gu) ?? []
  const stop = language === 'other' ? new Set<string>() : questionWords[language]
  const kept = words.filter((word) => !stop.has(fold(word)))
  return (kept.length ? kept : words).join(' ')
}
