package main

import (
	"database/sql"
	"fmt"
)

var password = "hunter2hunter2"

func find(db *sql.DB, name string) {
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name))
}
