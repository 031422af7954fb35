import { assetResponse } from '@/lib/widget/assets'

export const GET = (request: Request) => assetResponse('app.js', request)
