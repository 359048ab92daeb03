/* Build of the Excel add-in: one taskpane.html (shared runtime) that loads the task pane, the
 * custom functions and the ribbon commands, plus the functions metadata (functions.json in
 * English, functions-fr.json in French), the manifest and the icons.
 *
 *   npm run build                      production build, URLs from SPASER_URL
 *   SPASER_URL=https://… npm run build  (default: the placeholder below)
 *   npm run dev-server                 https://localhost:3000/ with the Office development certificate
 */
 
const fs = require("fs");
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
const DEFAULT_PROD_URL = "https://spaser.example.fr/";

/** The production address, ending with "/" and over HTTPS (Office refuses anything else). */
function productionUrl() {
  let url = (process.env.SPASER_URL || DEFAULT_PROD_URL).trim();
  if (!url.endsWith("/")) url += "/";
  if (!/^https:\/\/[^/\s]+\//.test(url)) {
    throw new Error(`SPASER_URL doit être une adresse https:// (reçu : ${url})`);
  }
  return url;
}

/**
 * Rewrites every development URL of a manifest to the production address: every occurrence, the
 * bare origin (AppDomain) included.
 */
function rewriteManifest(xml, prodUrl) {
  const origin = new URL(prodUrl).origin;
  return xml.split(DEV_URL).join(prodUrl).split(DEV_URL.slice(0, -1)).join(origin);
}

const FUNCTIONS_ENTRY = "./src/functions/functions.ts";

module.exports = async (env = {}, options = {}) => {
  const dev = options.mode === "development";
  const serving = Boolean(env.WEBPACK_SERVE);
  const prodUrl = dev ? DEV_URL : productionUrl();
  const hasFunctions = fs.existsSync(path.resolve(__dirname, FUNCTIONS_ENTRY));

  const plugins = [];
  if (hasFunctions) {
    // Metadata only: the functions register themselves once, guarded (src/functions/functions.ts).
    const FunctionsMetadataPlugin = require("./scripts/functions-metadata-plugin.js");
    plugins.push(new FunctionsMetadataPlugin({ input: FUNCTIONS_ENTRY, output: "functions.json", french: "functions-fr.json" }));
  }
  plugins.push(
    new HtmlWebpackPlugin({
      filename: "taskpane.html",
      template: "./src/taskpane/taskpane.html",
      chunks: ["taskpane"],
      scriptLoading: "defer",
    }),
    // The Office dialog of the annual report (src/excel/report-dialog.ts opens it).
    new HtmlWebpackPlugin({
      filename: "report.html",
      template: "./src/taskpane/report.html",
      chunks: ["report"],
      scriptLoading: "defer",
    }),
    new CopyWebpackPlugin({
      patterns: [
        { from: "assets/*", to: "assets/[name][ext]" },
        {
          from: "manifest.xml",
          to: "manifest.xml",
          transform(content) {
            return dev ? content : rewriteManifest(content.toString(), prodUrl);
          },
        },
      ],
    }),
  );

  return {
    devtool: dev ? "eval-source-map" : "source-map",
    // One entry, hence one module registry: the functions, the ribbon commands and the pane share
    // the same store (shared runtime). The functions come first so that they are associated
    // before Office asks for them.
    entry: {
      taskpane: [...(hasFunctions ? [FUNCTIONS_ENTRY] : []), "./src/commands/commands.ts", "./src/taskpane/index.tsx"],
      report: "./src/taskpane/report-dialog.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              configFile: path.resolve(__dirname, "tsconfig.json"),
              // Type-check what goes into the bundle, for the browser (ES modules for tree shaking).
              onlyCompileBundledFiles: true,
              compilerOptions: { module: "esnext", target: "ES2020", lib: ["ES2020", "DOM", "DOM.Iterable"], sourceMap: true, types: ["office-js", "office-runtime"] },
            },
          },
        },
      ],
    },
    plugins,
    performance: { maxAssetSize: 2_000_000, maxEntrypointSize: 2_000_000 },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      server: serving ? { type: "https", options: await httpsOptions() } : undefined,
    },
  };
};

async function httpsOptions() {
  const devCerts = require("office-addin-dev-certs");
  const o = await devCerts.getHttpsServerOptions();
  return { ca: o.ca, key: o.key, cert: o.cert };
}

module.exports.rewriteManifest = rewriteManifest;
module.exports.productionUrl = productionUrl;
