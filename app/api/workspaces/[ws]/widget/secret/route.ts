import { handle } from '@/lib/api/route'
import { rotateIdentitySecret } from '@/lib/widget'
import { widgetContracts as contracts } from '@/lib/widget/contracts'

export const POST = handle(contracts.rotateSecret, ({ caller, params }) => rotateIdentitySecret(caller.identity, params.ws))
