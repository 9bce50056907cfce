import type { Config } from "tailwindcss";

// Tailwind 4 reads this file through `@config` in src/app/globals.css. Colours, radii and the
// rest of the design tokens live in that CSS file as variables; this file only holds what is
// easier to express in JS: the font stacks (fed by next/font CSS variables from `geist`), the
// page container and a couple of motion primitives. Content paths are auto-detected in v4.
const config = {
  theme: {
    container: {
      center: true,
      padding: { DEFAULT: "1rem", sm: "1.5rem", lg: "2rem" },
    },
    extend: {
      fontFamily: {
        sans: ["var(--font-geist-sans)", "ui-sans-serif", "system-ui", "sans-serif", "Apple Color Emoji", "Segoe UI Emoji"],
        mono: ["var(--font-geist-mono)", "ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
      },
      keyframes: {
        "fade-up": {
          from: { opacity: "0", transform: "translateY(0.5rem)" },
          to: { opacity: "1", transform: "translateY(0)" },
        },
      },
      animation: {
        "fade-up": "fade-up 0.6s cubic-bezier(0.16, 1, 0.3, 1) both",
      },
    },
  },
} satisfies Config;

export default config;
