import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const FEATURES = ["auth", "overview", "cases", "documents", "meetings", "decisions", "subcommittees", "annual-plans"];

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/lib/api-types.gen.ts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    files: ["**/*.{ts,tsx}"],
    languageOptions: { globals: globals.browser },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Styles come from Designsystemet's CSS and src/app/app.css: the CSP allows no style attribute.
      "no-restricted-syntax": [
        "error",
        { selector: "JSXAttribute[name.name='style']", message: "CSP: style-src 'self' forbids inline styles." },
      ],
    },
  },
  // bulletproof-react: a feature never imports another feature; shared code lives in components/ and lib/.
  ...FEATURES.map((feature) => ({
    files: [`src/features/${feature}/**`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: FEATURES.filter((other) => other !== feature).flatMap((other) => [
                `@/features/${other}`,
                `@/features/${other}/**`,
                `**/features/${other}`,
                `**/features/${other}/**`,
                `../${other}`,
                `../${other}/**`,
              ]),
              message: "Features do not import each other: move what they share to src/components or src/lib.",
            },
          ],
        },
      ],
    },
  })),
  // Shared code never reaches up into a feature or the app.
  {
    files: ["src/components/**", "src/lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/features/*", "@/app/*", "**/features/*", "**/app/*"],
              message: "Shared code imports no feature.",
            },
          ],
        },
      ],
    },
  },
  { files: ["scripts/**/*.mjs", "*.config.*"], languageOptions: { globals: globals.node } },
);
