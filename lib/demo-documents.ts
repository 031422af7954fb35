/**
 * The documents of the demo workspace: short, original texts in English and French, so that a
 * fresh install can be asked real questions and answer them with citations.
 */
export const demoDocuments: { name: string; content: string }[] = [
  {
    name: 'monitora-guide.md',
    content: `# Monitora guide

Monitora answers questions from the documents of a workspace and cites the passages it used.

## Uploading documents

Drop files on the Documents page, or send them to the documents API. Monitora reads PDF, Word (.docx), Excel (.xlsx), CSV, Markdown, HTML and plain text files up to 25 MB each.
Each file is processed in the background: its status goes from queued to processing to ready. A file that cannot be read is marked failed with the reason, such as a password-protected or scanned PDF.

## Asking questions

Open the Chat page and type a question. The answer streams in and every statement carries a numbered citation such as [1]. Click a citation to read the passage, its document and its page.
When the documents do not contain the answer, the assistant says so plainly instead of guessing. These questions appear in the analytics as unanswered, so that the missing documents can be added.

## Models

Without any configuration, Monitora uses its offline extractive model, which quotes the best matching sentences of the documents. With a Mistral API key, answers are written by Mistral models; any OpenAI-compatible endpoint, such as Ollama, can be added as well.

## Widget and API keys

Secret keys (sk_) give programs access to the whole API of one workspace. Public keys (pk_) only open the chat widget, and only on the domains listed in the widget settings.
`,
  },
  {
    name: 'politique-teletravail.md',
    content: `# Politique de télétravail

Cette politique s’applique à tous les salariés de l’entreprise depuis le 1er mars 2025.

## Jours de télétravail

Chaque salarié peut télétravailler jusqu’à trois jours par semaine, en accord avec son responsable. Le mardi est un jour de présence obligatoire au bureau pour toutes les équipes.
Les demandes de télétravail exceptionnel, au-delà de trois jours, sont adressées au service des ressources humaines au moins une semaine à l’avance.

## Indemnité et équipement

Une indemnité forfaitaire de 30 euros par mois est versée aux salariés qui télétravaillent au moins un jour par semaine.
L’entreprise fournit un ordinateur portable, un écran et un casque. Le matériel est remis par le service informatique lors de la première semaine.

## Horaires et disponibilité

Le salarié en télétravail reste joignable de 9 h 30 à 12 h et de 14 h à 17 h. En dehors de ces plages, le droit à la déconnexion s’applique.

## Sécurité

Les documents confidentiels ne doivent jamais être imprimés au domicile. La connexion au réseau de l’entreprise passe obligatoirement par le VPN.
`,
  },
]
