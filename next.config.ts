import type { NextConfig } from 'next'

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
]

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // PGlite loads its WASM and extension bundles from its own package folder at run time;
  // esbuild bundles the widget's browser code on first use (lib/widget/assets.ts); resvg-js is a native module (chart PNGs);
  // pdfkit reads its font metrics from its own folder.
  serverExternalPackages: ['@electric-sql/pglite', '@electric-sql/pglite-pgvector', 'esbuild', '@resvg/resvg-js', 'pdfkit'],
  // The migrations are read at start-up, the widget's browser code on first use, the fonts of PDFs and chart images when
  // exporting (also on Vercel, where files must be traced).
  outputFileTracingIncludes: {
    '/**': ['./supabase/migrations/*.sql', './node_modules/@expo-google-fonts/noto-sans/{400Regular,700Bold}/*.ttf', './node_modules/@fontsource/dejavu-sans/files/*.woff'],
    '/embed.js': ['./lib/widget/client/*'],
    '/widget/**': ['./lib/widget/client/*'],
  },
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      // Every page refuses to be framed, but the widget's, which sets its own frame-ancestors.
      { source: '/:path((?!widget/).*)', headers: [{ key: 'X-Frame-Options', value: 'DENY' }] },
    ]
  },
}

export default nextConfig
