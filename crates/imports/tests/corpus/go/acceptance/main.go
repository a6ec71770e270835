package main

// #include <stdio.h>
import "C"

import (
	"fmt"
	"net/http"
	cobra "github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"gopkg.in/yaml.v3"
	"github.com/x/lib/v2/sub"
	"github.com/old/thing/pkg"
	"example.com/app/internal/store"
	// "github.com/commented/out"
)

var s = "import \"github.com/in/string\""
