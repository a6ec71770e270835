// Copyright 2021 The Authors

//go:build ignore
// +build ignore

package main

import (
	"fmt"

	"github.com/hashicorp/go-version"
)

func main() { fmt.Println(version.Must(version.NewVersion("1.0"))) }
