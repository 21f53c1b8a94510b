/**
 * Builds the script text of the `twilio-webhook-fwd` Worker (functions/twilioWebhookForwarder.ts) that the edge
 * component uploads as the WorkersScript content. Unminified on purpose: the deployed code is what reviewers and
 * the on-call engineer read in the Cloudflare dashboard.
 */
import { buildSync } from "esbuild";
import * as path from "path";

/** The Worker's source, relative to this file so the program can run from any working directory. */
export const WORKER_SOURCE = path.resolve(__dirname, "../../functions/twilioWebhookForwarder.ts");

/**
 * Bundles the Worker into one ES module. The entry re-exports only the default handler: the named helpers exist for
 * the tests, and workerd would otherwise offer every exported function as an entrypoint. Throws on any esbuild error
 * or warning, so a broken Worker stops the deployment instead of shipping.
 */
export function bundleWorker(): string {
    const result = buildSync({
        stdin: {
            contents: `export { default } from ${JSON.stringify("./" + path.basename(WORKER_SOURCE))};\n`,
            resolveDir: path.dirname(WORKER_SOURCE),
            sourcefile: "twilio-webhook-fwd-entry.ts",
            loader: "ts",
        },
        bundle: true,
        format: "esm",
        platform: "neutral",
        target: "es2022",
        minify: false,
        write: false,
        logLevel: "silent",
    });
    if (result.warnings.length > 0) {
        const details = result.warnings.map((w) => w.text).join("; ");
        throw new Error(`esbuild warned while bundling ${WORKER_SOURCE}: ${details}`);
    }
    const [output] = result.outputFiles;
    if (!output || output.text.trim() === "") {
        throw new Error(`esbuild produced no output for ${WORKER_SOURCE}`);
    }
    return output.text;
}
