import { escapeHtml } from './markdown'

const css = `
body{font-family:"Noto Sans",-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#111827;max-width:860px;margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#6b7280;font-size:.9rem}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}th,td{border:1px solid #d1d5db;padding:.25rem .5rem;text-align:left}th{background:#eef2f7}.num{text-align:right}
pre{background:#f3f4f6;padding:.75rem;overflow:auto}code{font-family:ui-monospace,Menlo,Consolas,monospace}
blockquote{border-left:3px solid #d1d5db;margin-left:0;padding-left:1rem;color:#374151}
.message{border-top:1px solid #e5e7eb;padding:.75rem 0}.role{font-weight:600}.time{color:#6b7280;font-size:.85rem;margin-left:.5rem}
.sources{font-size:.85rem;color:#374151}.artifact{margin:1rem 0}.artifact h3{margin-bottom:.25rem}svg{max-width:100%;height:auto}`

/**
 * A self-contained page (styles inline, nothing loaded) whose body is built by our escaping
 * writers; its own CSP forbids scripts should anything slip through.
 */
export function htmlPage(title: string, language: string, body: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(language)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
${body}
</body>
</html>
`
}
