// Lint of src/ (flat config): Office add-in rules (load before read, sync after load, no sync in
// loops…) and typescript-eslint. Formatting is not linted (no prettier rule).
 
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
    // The command line, the build scripts, the benchmarks and the command's entry run on Node.
    files: ["src/cli/**/*.ts", "*.js", "scripts/**/*.js", "bench/**/*.js", "bin/**/*.js"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tests run on Node under jest; some load modules lazily with require() (after a build, or to
    // pick the module under test at run time).
    files: ["test/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // ExcelJS (the .xlsx writer of the command line) has `cell.value` too: the Office.js
    // load-before-read rules do not apply to code that never touches Office.js.
    files: ["src/cli/**/*.ts", "test/dashboards/**", "test/cotation/**", "test/cli/**", "test/register/**", "scripts/**", "bench/**"],
    rules: { "office-addins/call-sync-before-read": "off", "office-addins/load-object-before-read": "off" },
  },
];
