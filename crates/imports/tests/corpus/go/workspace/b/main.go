package main

import (
	"example.com/a/pkg"
	"example.com/c/missing"
)
