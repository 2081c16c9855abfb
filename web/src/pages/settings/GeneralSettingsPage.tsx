// PLACEHOLDER: replaced by the page's implementation.
export default function GeneralSettingsPage() {
  return null;
}
