module example.com/app

go 1.22

require (
	github.com/spf13/cobra v1.8.0
	gopkg.in/yaml.v3 v3.0.1
	github.com/x/lib/v2 v2.1.0 // indirect
)

replace github.com/old/thing => ../thing
