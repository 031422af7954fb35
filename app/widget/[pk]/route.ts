import { errorResponse } from '@/lib/api/route'
import { widgetPage } from '@/lib/widget/page'

/** The widget page, the iframe's document (lib/widget/page.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ pk?: string }> }) {
  try {
    return await widgetPage(request, (await params).pk ?? '')
  } catch (error) {
    return errorResponse(error)
  }
}
