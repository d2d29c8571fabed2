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

function sentence(field: InquiryField | 'form', message: string): string {
  if (/^(too small|invalid input)/i.test(message) || /expected string, received undefined/i.test(message)) {
    return `${LABELS[field]} is needed.`;
  }
  return `${LABELS[field]} ${message.replace(/^must/, 'must')}.`.replace(/\.\.$/, '.');
}
