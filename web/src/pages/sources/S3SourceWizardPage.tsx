// PLACEHOLDER: replaced by the page's implementation.
export default function S3SourceWizardPage() {
  return null;
}
