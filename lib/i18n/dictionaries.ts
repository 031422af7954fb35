import type { Locale } from '.'
import { en, type Dictionary } from './en'
import { fr } from './fr'

export const dictionaries: Record<Locale, Dictionary> = { en, fr }
