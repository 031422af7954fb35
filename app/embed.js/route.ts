import { assetResponse } from '@/lib/widget/assets'

/** The loader: `<script src=".../embed.js" data-key="pk_..." async></script>` (lib/widget/client/embed.ts). */
export const GET = (request: Request) => assetResponse('embed.js', request)
