import { createServer, type Server } from 'node:http'

/**
 * A plain web page on another origin that pastes the widget snippet, served with a strict
 * Content-Security-Policy that allows only the Monitora server for scripts and frames.
 */
export async function startHostSite(port: number, app: string, snippet: () => string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    // Nothing else (the browser's favicon request) is an error.
    if (request.url !== '/') return void response.writeHead(204).end()
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${app}; frame-src ${app}; style-src 'self'; img-src 'self'`,
    })
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>A shop</h1><p>Products, prices and a chat in the corner.</p>
${snippet()}
</body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(port, resolve))
  return { url: `http://localhost:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) }
}
