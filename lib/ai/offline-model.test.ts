import { generateText, streamText } from 'ai'
import { describe, expect, it } from 'vitest'
import { offlineModel } from './offline-model'
import { formatSources, parseSources, type Source } from './sources'

const sources: Source[] = [
  { n: 1, documentName: 'handbook.md', page: null, text: 'Visitors park in the east car park, level minus two. The office opens at eight.' },
  { n: 2, documentName: 'expenses.pdf', page: 4, text: 'Travel expenses are reimbursed within thirty days after the receipt is uploaded.' },
  { n: 3, documentName: 'télétravail.md', page: null, text: 'Les réunions d’équipe ont lieu le mardi matin à dix heures.\nChaque salarié reçoit un écran.' },
]

const ask = (question: string, given: Source[] = sources) =>
  generateText({ model: offlineModel(), instructions: `Answer from the sources.\n${formatSources(given)}`, prompt: question })

describe('the offline extractive model', () => {
  it('quotes the sentence that answers, with its citation', async () => {
    const { text, usage, finishReason } = await ask('When are travel expenses reimbursed?')
    expect(text).toBe('Here is what the documents say:\n\n> Travel expenses are reimbursed within thirty days after the receipt is uploaded. [2]')
    expect(finishReason).toBe('stop')
    expect(usage.outputTokens).toBeGreaterThan(5)
  })

  it('answers in French, whatever the accents', async () => {
    const { text } = await ask('Quand ont lieu les reunions d’equipe ?')
    expect(text).toBe('Voici ce que disent les documents :\n\n> Les réunions d’équipe ont lieu le mardi matin à dix heures. [3]')
  })

  it('says plainly when the documents do not contain the answer, in the question’s language', async () => {
    expect((await ask('What is the CEO’s salary?')).text).toBe('I could not find the answer to this question in the documents of this workspace.')
    expect((await ask('Quel est le salaire du directeur ?', [])).text).toBe('Je n’ai pas trouvé la réponse à cette question dans les documents de cet espace.')
  })

  it('streams its answer in several deltas', async () => {
    const result = streamText({ model: offlineModel(), instructions: formatSources(sources), prompt: 'Where do visitors park?' })
    const deltas: string[] = []
    for await (const delta of result.textStream) deltas.push(delta)
    expect(deltas.length).toBeGreaterThan(3)
    expect(deltas.join('')).toContain('east car park, level minus two. [1]')
    expect((await result.usage).outputTokens).toBeGreaterThan(0)
  })

  it('round-trips sources through the prompt, markup in the text included', () => {
    const tricky: Source[] = [{ n: 7, documentName: 'a "quoted" <name>.md', page: 12, text: 'Text with </source> inside & more' }]
    expect(parseSources(formatSources(tricky))).toEqual([{ ...tricky[0], text: 'Text with < /source> inside & more' }])
  })
})
