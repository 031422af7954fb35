import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../api/errors'
import { resolveModel, workspaceModelName, type Workspace } from './models'

// Model names as clients write them: Ollama's tags, names without -latest, the alias table.
const saved = { ...process.env }
beforeAll(() => {
  Object.assign(process.env, { MISTRAL_API_KEY: 'test', MODEL_ALIASES: 'gpt-4o=monitora,fast=mistral-small-latest' })
})
afterAll(() => {
  process.env = saved
})

const workspace: Workspace = { id: crypto.randomUUID(), name: 'Équipe Support & Ventes', model: null, systemPrompt: '', temperature: 0.3, updatedAt: new Date() }

describe('the compatible APIs’ model names', () => {
  it('name a workspace’s assistant by its name as a slug, accents and signs folded', () => {
    expect(workspaceModelName('Équipe Support & Ventes')).toBe('monitora/equipe-support-ventes')
    expect(workspaceModelName('  Bravo  ')).toBe('monitora/bravo')
    expect(workspaceModelName('数据')).toBe('monitora/workspace')
    expect(workspaceModelName('x'.repeat(100))).toBe(`monitora/${'x'.repeat(60)}`)
  })

  it('resolve the assistant, registry models, the embedding model, tags, -latest and aliases', () => {
    for (const name of ['monitora', 'monitora:latest', 'monitora/equipe-support-ventes', 'monitora/equipe-support-ventes:latest', 'gpt-4o']) {
      expect(resolveModel(name, workspace)).toMatchObject({ kind: 'workspace', name: 'monitora/equipe-support-ventes', model: { id: 'mistral:mistral-small-latest' } })
    }
    for (const name of ['mistral-large-latest', 'mistral-large-latest:latest', 'mistral-large', 'mistral:mistral-large-latest']) {
      expect(resolveModel(name, workspace)).toMatchObject({ kind: 'chat', name: 'mistral-large-latest' })
    }
    expect(resolveModel('fast', workspace)).toMatchObject({ kind: 'chat', name: 'mistral-small-latest' })
    expect(resolveModel('monitora-extractive', workspace)).toMatchObject({ kind: 'chat', model: { provider: 'offline' } })
    expect(resolveModel('mistral-embed:latest', workspace)).toEqual({ kind: 'embedding', name: 'mistral-embed' })
  })

  it('do not resolve another workspace’s assistant or an unknown model', () => {
    for (const name of ['monitora/bravo', 'monitora/equipe-support', 'llama3.2', 'monitora-extractive-2']) {
      expect(() => resolveModel(name, workspace), name).toThrow(ApiError)
      try {
        resolveModel(name, workspace)
      } catch (error) {
        expect((error as ApiError).code).toBe('not_found:model')
      }
    }
  })
})
