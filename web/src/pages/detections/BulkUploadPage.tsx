// PLACEHOLDER: replaced by the page's implementation.
export default function BulkUploadPage() {
  return null;
}
