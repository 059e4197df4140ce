// Command state-cost measures what the Pulumi engine pinned in this module spends saving resources' state: the
// work its snapshot manager repeats for every resource of the stack after every step of a run (serializing the
// resource with stack.SerializeResource, its secrets through the caching batch encrypter, then the compact
// JSON the file backend writes). bench/state-cost.ts runs it on states exported from real stacks, and on
// variants of them, to tell which part of a resource's state costs what. It is a measurement, not part of the
// CLI build (scripts/setup-tools builds ../cmd/pulumi only), and it uses this module so that it measures the
// very engine version the CLI is built from.
//
// Usage: state-cost ROUNDS LABEL=DEPLOYMENT.json:TYPE ...
//
// Each argument names a deployment (`pulumi stack export --show-secrets`) and the resource type token whose
// resources to take from it. The variants take turns, a burst of saves each per round, so a machine whose speed
// drifts weighs on all of them alike; round 0 warms up. It prints one JSON object per variant, in order: the
// median over the rounds of microseconds per resource per save, the median within-round ratio to the first
// variant, and the bytes per resource of the JSON written.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	pkgresource "github.com/pulumi/pulumi/pkg/v3/resource"
	"github.com/pulumi/pulumi/pkg/v3/resource/stack"
	"github.com/pulumi/pulumi/pkg/v3/secrets/passphrase"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
)

// savesPerBurst is how many saves of one variant run back to back in a round.
const savesPerBurst = 100

type variant struct {
	Label                    string  `json:"label"`
	Resources                int     `json:"resources"`
	MicrosPerResourcePerSave float64 `json:"microsPerResourcePerSave"`
	RatioToFirst             float64 `json:"ratioToFirst"`
	BytesPerResource         int     `json:"bytesPerResource"`
	states                   []*pkgresource.State
	roundMicros              []float64
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: state-cost ROUNDS LABEL=DEPLOYMENT.json:TYPE ...")
	}
	rounds, err := strconv.Atoi(os.Args[1])
	if err != nil || rounds < 1 {
		fail("ROUNDS must be a positive integer, got %q", os.Args[1])
	}
	var variants []*variant
	for _, arg := range os.Args[2:] {
		variants = append(variants, load(arg))
	}

	// The passphrase manager, behind the same caching batch encrypter the CLI's snapshot manager uses: a
	// secret whose plaintext did not change since the last save reuses its ciphertext, as in a real run.
	_, manager, err := passphrase.NewPassphraseSecretsManager("state-cost")
	check(err)
	secrets := stack.NewBatchingCachingSecretsManager(manager)
	ctx := context.Background()

	for round := 0; round <= rounds; round++ {
		for _, v := range variants {
			started := time.Now()
			for i := 0; i < savesPerBurst; i++ {
				v.BytesPerResource = save(ctx, secrets, v.states) / len(v.states)
			}
			if round > 0 {
				elapsed := float64(time.Since(started).Nanoseconds()) / 1000
				v.roundMicros = append(v.roundMicros, elapsed/float64(savesPerBurst*len(v.states)))
			}
		}
	}

	out := json.NewEncoder(os.Stdout)
	for _, v := range variants {
		ratios := make([]float64, rounds)
		for i := range ratios {
			ratios[i] = v.roundMicros[i] / variants[0].roundMicros[i]
		}
		v.MicrosPerResourcePerSave, v.RatioToFirst = median(v.roundMicros), median(ratios)
		check(out.Encode(v))
	}
}

// load reads LABEL=FILE:TYPE: the resources of that type in the deployment, as the engine holds them in memory.
func load(arg string) *variant {
	label, rest, ok := strings.Cut(arg, "=")
	file, resourceType, ok2 := strings.Cut(rest, ":")
	if !ok || !ok2 || label == "" || resourceType == "" {
		fail("expected LABEL=DEPLOYMENT.json:TYPE, got %q", arg)
	}
	raw, err := os.ReadFile(file)
	check(err)
	var deployment apitype.DeploymentV3
	check(json.Unmarshal(raw, &deployment))
	v := &variant{Label: label}
	for _, res := range deployment.Resources {
		if string(res.Type) != resourceType {
			continue
		}
		state, err := stack.DeserializeResource(res, config.NopDecrypter)
		check(err)
		v.states = append(v.states, state)
	}
	if len(v.states) == 0 {
		fail("%s: no resource of type %s", file, resourceType)
	}
	v.Resources = len(v.states)
	return v
}

// save does for these resources what one state save does for them: serialize each (SerializeDeploymentWithMetadata
// calls SerializeResource per resource, with one batch encrypter per save), then encode the JSON the file
// backend writes (its compact marshaler: json.Encoder without HTML escaping). It returns the bytes written.
func save(ctx context.Context, secrets stack.BatchingSecretsManager, states []*pkgresource.State) int {
	enc, complete := secrets.BeginBatchEncryption()
	resources := make([]apitype.ResourceV3, 0, len(states))
	for _, state := range states {
		res, _, err := stack.SerializeResource(ctx, state, enc, false)
		check(err)
		resources = append(resources, res)
	}
	check(complete(ctx))
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	check(encoder.Encode(resources))
	return buf.Len()
}

func median(values []float64) float64 {
	sorted := append([]float64(nil), values...)
	sort.Float64s(sorted)
	return sorted[len(sorted)/2]
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "state-cost: "+format+"\n", args...)
	os.Exit(1)
}
