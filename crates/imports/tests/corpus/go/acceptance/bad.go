package main

import (
	"github.com/spf13/cobar"
	"github.com/made/up/pkg"
)
