// The inquiry form's fields and how the API's problem+json maps onto them.
export const INQUIRY_FIELDS = ['name', 'email', 'message', 'impressionId'] as const;
export type InquiryField = (typeof INQUIRY_FIELDS)[number];
export type InquiryValues = Record<InquiryField, string>;
export type InquiryErrors = Partial<Record<InquiryField | 'form', string>>;

/** What the API names `body.email` (or `email`) is the form's `email`; anything else is the form's. */
export function fieldErrors(problem: { errors?: { path: string; message: string }[]; detail?: string } | undefined) {
  const errors: InquiryErrors = {};
  for (const { path, message } of problem?.errors ?? []) {
    const name = path.replace(/^body\./, '').split('.')[0] ?? '';
    const field: InquiryField | 'form' =
      name === 'artworkSlug'
        ? 'form'
        : (INQUIRY_FIELDS as readonly string[]).includes(name)
          ? (name as InquiryField)
          : 'form';
    errors[field] ??= sentence(field, message);
  }
  if (!Object.keys(errors).length) errors.form = problem?.detail ?? 'The inquiry could not be sent.';
  return errors;
}

const LABELS: Record<InquiryField | 'form', string> = {
  name: 'Your name',
  email: 'Your email address',
  message: 'Your message',
  impressionId: 'The impression',
  form: 'The inquiry',
};

/** The API's messages are for developers; the visitor reads what to do about them. */
function sentence(field: InquiryField | 'form', message: string): string {
  if (/^too small/i.test(message) || /received undefined/i.test(message)) return `${LABELS[field]} is needed.`;
  if (/^too big/i.test(message)) {
    const max = /<=\s*(\d+)/.exec(message)?.[1];
    return `${LABELS[field]} is too long${max ? `: at most ${Number(max).toLocaleString('en-GB')} characters` : ''}.`;
  }
  if (field === 'email') return 'Please give an email address like name@example.com.';
  if (field === 'impressionId') return 'Please choose an impression from the list.';
  return `${LABELS[field]}: ${message}.`;
}
