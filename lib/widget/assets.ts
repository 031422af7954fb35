import { createHash } from 'node:crypto'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The widget's browser code: the loader (embed.js) and the widget page's script and styles,
 * bundled and minified from lib/widget/client by esbuild on first use, then kept in memory.
 * Plain DOM code, no framework: the widget page must stay a few kilobytes.
 */

export type AssetName = 'embed.js' | 'app.js' | 'app.css'
export interface Asset {
  body: string
  contentType: string
  /** Content hash: the page links app.js and app.css by it, so they can be cached for good. */
  version: string
  gzipBytes: number
}

const clientDir = path.join(/* turbopackIgnore: true */ process.cwd(), 'lib', 'widget', 'client')
const store = globalThis as typeof globalThis & { monitoraWidgetAssets?: Promise<Record<AssetName, Asset>> }

async function bundle(): Promise<Record<AssetName, Asset>> {
  const { build } = await import(/* turbopackIgnore: true */ 'esbuild')
  const result = await build({
    entryPoints: { embed: path.join(clientDir, 'embed.ts'), app: path.join(clientDir, 'widget.ts') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome90', 'firefox90', 'safari15'],
    legalComments: 'none',
    write: false,
    outdir: '/widget',
    logLevel: 'silent',
  })
  const assets = {} as Record<AssetName, Asset>
  for (const file of result.outputFiles) {
    const name = path.basename(file.path) as AssetName
    assets[name] = {
      body: file.text,
      contentType: name.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      version: createHash('sha256').update(file.contents).digest('base64url').slice(0, 12),
      gzipBytes: gzipSync(file.contents, { level: 9 }).length,
    }
  }
  return assets
}

/** The bundled assets; rebuilt on every call in development, so edits show at once. */
export function widgetAssets(): Promise<Record<AssetName, Asset>> {
  if (process.env.NODE_ENV === 'development') return bundle()
  store.monitoraWidgetAssets ??= bundle().catch((error) => {
    store.monitoraWidgetAssets = undefined
    throw error
  })
  return store.monitoraWidgetAssets
}

/** One asset as a response: long-cached when asked for by its version, an hour otherwise (embed.js). */
export async function assetResponse(name: AssetName, request: Request): Promise<Response> {
  const asset = (await widgetAssets())[name]
  const versioned = new URL(request.url).searchParams.get('v') === asset.version
  return new Response(asset.body, {
    headers: {
      'content-type': asset.contentType,
      'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=3600, stale-while-revalidate=86400',
      etag: `"${asset.version}"`,
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    },
  })
}
