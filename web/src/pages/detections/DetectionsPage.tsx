// PLACEHOLDER: replaced by the page's implementation.
export default function DetectionsPage() {
  return null;
}
