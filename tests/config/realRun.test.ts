/**
 * The other side of the placeholder refusal (loader.test.ts shows the mock's): outside the mock, as in a real
 * `pulumi preview`/`up` where the monitor is the engine's gRPC client and never the SDK's MockMonitor, the program knows
 * it is not on the mock cloud and refuses while a stock placeholder remains, naming each key. No setMocks here: the
 * engine's monitor address is a closed loopback port (nothing connects to it; loadConfig registers nothing).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadConfig, onMockCloud } from "../../config";
import { loadStackConfig } from "../../harness/stackConfig";
import { formatProblem } from "../../lib/problems";

it("is not the mock cloud with a real engine's monitor, and then refuses the stock placeholders by name", () => {
    pulumi.runtime.setAllConfig(loadStackConfig("main").config, loadStackConfig("main").secretKeys);
    process.env.PULUMI_MONITOR = "127.0.0.1:1";
    try {
        expect(onMockCloud()).toBe(false);
        let error: unknown;
        try {
            loadConfig();
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).problems.map(formatProblem)).toEqual(
            expect.arrayContaining([expect.stringMatching(/^osprey-strike:platform\.cluster\.adminRoleArns: /)]),
        );
    } finally {
        delete process.env.PULUMI_MONITOR;
    }
});
