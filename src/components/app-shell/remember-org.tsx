"use client";

import { useEffect } from "react";
import { LAST_ORG_COOKIE } from "@/lib/last-org";

/** Remembers the organization last opened, so /dashboard can return to it. A preference, not access. */
export function RememberOrg({ slug }: { slug: string }) {
  useEffect(() => {
    document.cookie = `${LAST_ORG_COOKIE}=${encodeURIComponent(slug)}; path=/; max-age=31536000; samesite=lax`;
  }, [slug]);
  return null;
}
