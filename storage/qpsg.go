package storage

/*
// Declared here rather than through sqlite3.h: the symbol comes from the
// SQLite that github.com/mattn/go-sqlite3 compiles into the binary.
extern int sqlite3_db_config(void*, int, ...);

// SQLITE_DBCONFIG_ENABLE_QPSG is 1007.
static int atelier_enable_qpsg(void *db) {
	int on = 0;
	int rc = sqlite3_db_config(db, 1007, 1, &on);
	return rc != 0 ? rc : (on ? 0 : -1);
}
*/
import "C"

import (
	"database/sql"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/mattn/go-sqlite3"
)

// driverName is go-sqlite3 with the query planner stability guarantee on
// for every connection, and OrgKey as the SQL function org_key.
//
// Why: SQLite 3.54 marks a statement for re-preparation when its planner
// looked at a bound value (a LIMIT, an equality whose selectivity it
// guesses), and go-sqlite3 clears the bindings before every execution,
// which expires such a statement: it was parsed and planned again on every
// run, often costing several times the query itself (seen with perf as the
// parser running on each call). With the guarantee, plans never depend on
// bound values, so a prepared statement stays prepared. Our queries need
// no value-dependent plans.
const driverName = "sqlite3_atelier"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		if err := c.RegisterFunc("org_key", OrgKey, true); err != nil {
			return fmt.Errorf("storage: register org_key: %w", err)
		}
		return enableQPSG(c)
	}})
}

// enableQPSG sets SQLITE_DBCONFIG_ENABLE_QPSG on a new connection.
// go-sqlite3 exposes no db_config, so the handle is read from its
// connection; if a later go-sqlite3 renames the field, the bot runs as
// before, only slower.
func enableQPSG(c *sqlite3.SQLiteConn) error {
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil
	}
	if rc := C.atelier_enable_qpsg(unsafe.Pointer(f.Pointer())); rc != 0 {
		return fmt.Errorf("storage: enable the query planner stability guarantee: code %d", int(rc))
	}
	return nil
}
