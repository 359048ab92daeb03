// Lint of src/ (flat config): Office add-in rules (load before read, sync after load, no sync in
// loops…) and typescript-eslint. Formatting is not linted (no prettier rule).
/* eslint-disable @typescript-eslint/no-require-imports */
const officeAddins = require("eslint-plugin-office-addins");
const tseslint = require("typescript-eslint");
const globals = require("globals");

// The plugin's recommended config brings its own copies of the typescript-eslint and prettier
// plugins: typescript-eslint comes from the project's version below, prettier is not used.
const officeRecommended = officeAddins.configs.recommended.map((c) => {
  if (!c.plugins) return c;
  const rules = Object.fromEntries(Object.entries(c.rules).filter(([name]) => !name.startsWith("prettier/")));
  return { files: ["**/*.{js,mjs,cjs,ts,cts,mts,tsx}"], plugins: { "office-addins": c.plugins["office-addins"] }, languageOptions: c.languageOptions, rules };
});

module.exports = [
  { ignores: ["dist/**", "lib/**", "node_modules/**", "coverage/**"] },
  ...officeRecommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.browser, Office: "readonly", Excel: "readonly", OfficeExtension: "readonly", CustomFunctions: "readonly" },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-unused-vars": "off",
      // Ambient declarations of host objects (e.g. the CustomFunctions runtime) are namespaces.
      "@typescript-eslint/no-namespace": ["error", { allowDeclarations: true }],
    },
  },
  {
    // The command line and the build scripts run on Node.
    files: ["src/cli/**/*.ts", "*.js", "scripts/**/*.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
