#!/usr/bin/env node
// `npm start`: builds the app when the build is missing or older than the sources, then
// serves it on PORT (default 3000). With nothing configured it runs on the embedded default.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const major = Number(process.versions.node.split('.')[0])
if (major < 22) {
  console.error(`Monitora needs Node 22 or later (this is ${process.version}). Run it through npm (npm start), which uses the Node 22 that npm install brings.`)
  process.exit(1)
}

const sources = ['app', 'lib', 'components', 'public', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'tsconfig.json', 'package-lock.json']

function newestChange(target) {
  const full = path.join(root, target)
  if (!existsSync(full)) return 0
  const stat = statSync(full)
  if (!stat.isDirectory()) return stat.mtimeMs
  return readdirSync(full).reduce((newest, name) => Math.max(newest, newestChange(path.join(target, name))), stat.mtimeMs)
}

const buildId = path.join(root, '.next', 'BUILD_ID')
const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0
const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next')
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

if (builtAt < Math.max(...sources.map(newestChange))) {
  console.log(builtAt ? 'Sources changed since the last build: building…' : 'First start: building the app (about a minute)…')
  const build = spawnSync(process.execPath, [next, 'build'], { cwd: root, stdio: 'inherit', env })
  if (build.status !== 0) process.exit(build.status ?? 1)
}

const port = process.env.PORT || '3000'
// AsyncLocalStorage through async context frames rather than promise hooks: Next keeps a
// request's context in it, and the hooks ran on every promise of every streamed answer.
const server = spawn(process.execPath, ['--experimental-async-context-frame', next, 'start', '-p', port], { cwd: root, stdio: 'inherit', env })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
