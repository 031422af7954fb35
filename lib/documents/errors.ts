/** Why a document could not be processed, as a stable code the UI translates. */
export const failureReasons = {
  empty: 'The file is empty.',
  unsupported_type: 'This type of file is not supported: upload PDF, Word (.docx), Excel (.xlsx), CSV, Markdown, text or HTML.',
  password_protected: 'The file is password-protected: remove the password and upload it again.',
  no_text: 'No extractable text was found (a scanned image?).',
  damaged: 'The file is damaged and could not be read.',
  too_large: 'The file is too large once unpacked.',
  internal: 'Processing failed on our side: retry it, and contact the administrator if it fails again.',
} as const

export type FailureReason = keyof typeof failureReasons

export class DocumentError extends Error {
  constructor(
    readonly reason: FailureReason,
    detail?: string,
  ) {
    super(detail ? `${failureReasons[reason]} (${detail})` : failureReasons[reason])
    this.name = 'DocumentError'
  }
}
