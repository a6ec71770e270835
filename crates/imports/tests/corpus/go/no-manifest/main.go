package main

import (
	"fmt"
	"github.com/pkg/errors"
)
