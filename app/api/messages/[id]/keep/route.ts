import { handle } from '@/lib/api/route'
import { keepAnswer } from '@/lib/chat'
import { chatContracts as contracts } from '@/lib/chat/contracts'

export const POST = handle(contracts.keep, ({ caller, params }) => keepAnswer(caller.identity, params.id))
