import { ApiError } from '../api/errors'

export interface UploadedFile {
  name: string
  bytes: Uint8Array
}

/**
 * The files of a multipart request, refusing at once a declared size over `maxBytes` and
 * stopping the read as soon as an undeclared body goes past it.
 */
export async function readFiles(request: Request, field: string, limits: { maxBytes: number; maxFiles: number; maxFileBytes: number }): Promise<UploadedFile[]> {
  const type = request.headers.get('content-type') ?? ''
  if (!/^multipart\/form-data;\s*boundary=/i.test(type)) {
    throw new ApiError('unsupported_media_type:api', `Send the files as multipart/form-data, in the field "${field}".`)
  }
  const tooLarge = () => new ApiError('payload_too_large:api', `The upload is larger than the ${Math.round(limits.maxBytes / 1048576)} MB accepted at once: send fewer or smaller files.`)
  const declared = Number(request.headers.get('content-length') ?? NaN)
  if (declared > limits.maxBytes) throw tooLarge()
  if (!request.body) throw new ApiError('bad_request:api', `No file was sent: add one or more files in the field "${field}".`)

  let seen = 0
  let overflow = false
  const limited = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength
        if (seen > limits.maxBytes) {
          overflow = true
          controller.error(tooLarge())
        } else controller.enqueue(chunk)
      },
    }),
  )
  let form: FormData
  try {
    form = await new Response(limited, { headers: { 'content-type': type } }).formData()
  } catch {
    if (overflow) throw tooLarge()
    throw new ApiError('bad_request:api', 'The multipart body could not be read.')
  }
  const entries = form.getAll(field).filter((value): value is File => typeof value !== 'string')
  if (!entries.length) throw new ApiError('bad_request:api', `No file was sent: add one or more files in the field "${field}".`)
  if (entries.length > limits.maxFiles) throw new ApiError('bad_request:api', `At most ${limits.maxFiles} files can be sent at once.`)
  const oversized = entries.find((file) => file.size > limits.maxFileBytes)
  if (oversized) {
    throw new ApiError('payload_too_large:api', `"${oversized.name}" is larger than the ${Math.round(limits.maxFileBytes / 1048576)} MB allowed per file.`, { file: oversized.name })
  }
  return Promise.all(entries.map(async (file) => ({ name: (file.name || 'upload').slice(0, 255), bytes: new Uint8Array(await file.arrayBuffer()) })))
}
