/**
 * The reading of the Pulumi CLI's CPU profile in `npm run bench:profile` (bench/cli-profile.ts): the text of
 * `go tool pprof -top -cum -unit=ms`, as pprof 1.26 prints it for the CLI's `--profiling` files.
 */
import { CLI_PARTS, parseCliProfile } from "../../bench/cli-profile";

const [saves, serialize, marshal, grpc, log] = CLI_PARTS.map(({ label }) => label);

const listing = `File: pulumi
Build ID: 2deaa855a760fb325c91c2a09142505ceab9c9e0
Type: cpu
Time: 2026-12-04 00:39:36 UTC
Duration: 18.21s, Total samples = 15770ms (86.58%)
Showing nodes accounting for 15770ms, 100% of 15770ms total
      flat  flat%   sum%        cum   cum%
         0     0%     0%    11840ms 75.08%  github.com/pulumi/pulumi/pkg/v3/backend.(*SnapshotManager).defaultServiceLoop
         0     0%     0%    11820ms 74.95%  github.com/pulumi/pulumi/pkg/v3/backend.(*SnapshotManager).saveSnapshot
      60ms  0.38%  0.76%     3170ms 20.10%  github.com/pulumi/pulumi/pkg/v3/resource/stack.SerializeResource
      10ms 0.063%  0.82%     2020ms 12.81%  github.com/pulumi/pulumi/pkg/v3/resource/stack.SerializeProperties
         0     0% 47.94%      530ms  3.36%  github.com/pulumi/pulumi/pkg/v3/resource/plugin.MarshalProperties
      10ms 0.063% 48.07%      400ms  2.54%  encoding/json.Marshal
      10ms 0.063% 48.13%      400ms  2.54%  encoding/json.(*Encoder).Encode
         0     0% 49.00%   61234.5ms  3.00%  github.com/pulumi/pulumi/pkg/v3/logging.VerboseLogger.Infof
`;

describe("parseCliProfile", () => {
  test("takes each part's cumulative milliseconds from the line naming its function, and the total", () => {
    // The listing also has near misses, which are not the parts: SerializeProperties (inside SerializeResource),
    // json.(*Encoder).Encode (not json.Marshal), the service loop around saveSnapshot.
    expect(parseCliProfile(listing)).toEqual({
      total: 15770,
      [saves]: 11820,
      [serialize]: 3170,
      [marshal]: 400,
      [grpc]: 530,
      [log]: 61234.5,
    });
  });

  test("leaves out a part whose function the profile never sampled", () => {
    const withoutSaves = listing
      .split("\n")
      .filter((line) => !/saveSnapshot$|SerializeResource$/.test(line))
      .join("\n");
    expect(parseCliProfile(withoutSaves)).toEqual({ total: 15770, [marshal]: 400, [grpc]: 530, [log]: 61234.5 });
  });
});
