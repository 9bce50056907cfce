"use client";

import type * as React from "react";
import { ThemeProvider as NextThemesProvider } from "next-themes";

/**
 * next-themes with the app's defaults: the `dark` class on <html>, following the OS until the
 * user picks a theme. Pass `nonce` (the per-request CSP nonce) so the inline script that applies
 * the stored theme before first paint is allowed by the Content-Security-Policy.
 */
export function ThemeProvider({ children, ...props }: React.ComponentProps<typeof NextThemesProvider>) {
  return (
    <NextThemesProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange {...props}>
      {children}
    </NextThemesProvider>
  );
}
