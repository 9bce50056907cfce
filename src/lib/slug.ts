/** "Shipping the Q3 roadmap!" → "shipping-the-q3-roadmap": lowercase ASCII words joined by dashes. */
export function slugify(text: string, maxLength: number): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxLength)
    .replace(/-+$/, "");
}
