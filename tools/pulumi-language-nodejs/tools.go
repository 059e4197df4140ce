//go:build tools

// Package tools records the Node.js language host that scripts/setup-tools
// builds from this module (see go.mod for why it is a separate module).
package tools

import (
	_ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
)
