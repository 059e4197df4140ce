//go:build tools

// Package tools records the Go programs that scripts/setup-tools builds from
// this module, so that `go mod tidy` keeps go.mod/go.sum complete for them.
//
// The Node.js language host is built from its own module in
// ../pulumi-language-nodejs (see the comment in that go.mod for why).
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
