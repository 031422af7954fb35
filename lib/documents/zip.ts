import { unzipSync } from 'fflate'
import { DocumentError } from './errors'

export interface ZipEntry {
  name: string
  size: number
  originalSize: number
}

export const zipLimits = { maxEntries: 5_000, maxTotalBytes: 300 * 1024 * 1024, maxRatio: 200 }

/** The entries of a ZIP archive from its directory, without inflating anything. */
export function listZip(bytes: Uint8Array): ZipEntry[] {
  const entries: ZipEntry[] = []
  try {
    unzipSync(bytes, {
      filter(file) {
        entries.push({ name: file.name, size: file.size, originalSize: file.originalSize })
        return false
      },
    })
  } catch (error) {
    throw new DocumentError('damaged', `not a readable ZIP archive: ${(error as Error).message}`)
  }
  return entries
}

/** Refuses archives that would unpack into far more than they weigh (zip bombs). */
export function checkZipBomb(entries: ZipEntry[]): void {
  if (entries.length > zipLimits.maxEntries) throw new DocumentError('too_large', `${entries.length} files in the archive`)
  const total = entries.reduce((sum, entry) => sum + entry.originalSize, 0)
  const packed = entries.reduce((sum, entry) => sum + entry.size, 0)
  if (total > zipLimits.maxTotalBytes) throw new DocumentError('too_large', `${Math.round(total / 1048576)} MB unpacked`)
  if (total > 10 * 1024 * 1024 && total / Math.max(1, packed) > zipLimits.maxRatio) {
    throw new DocumentError('too_large', `compressed ${Math.round(total / Math.max(1, packed))} to 1`)
  }
}

/** Inflates only the named entries of a checked archive. */
export function readZipEntries(bytes: Uint8Array, names: (name: string) => boolean): Record<string, Uint8Array> {
  checkZipBomb(listZip(bytes))
  try {
    return unzipSync(bytes, { filter: (file) => names(file.name) })
  } catch (error) {
    throw new DocumentError('damaged', (error as Error).message)
  }
}
