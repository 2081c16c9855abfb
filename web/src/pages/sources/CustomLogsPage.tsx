// PLACEHOLDER: replaced by the page's implementation.
export default function CustomLogsPage() {
  return null;
}
