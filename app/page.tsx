import { redirect } from 'next/navigation'
import { currentUser } from '@/lib/auth/server'

export default async function Home() {
  redirect((await currentUser()) ? '/workspaces' : '/signin')
}
