package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/footprint-hq/footprint/storage"
)

// column binds one column of a table to a field of a value. ptr points at
// the field, directly for strings, numbers, bools (stored as 0 or 1) and
// named types over them, or
// through a codec (jsonOf, timeOf, nullTimeOf) for everything else. It is
// both where a read scans the column to and what a write stores.
type column struct {
	name string
	ptr  any
}

// col binds the column name to the field ptr points at.
func col(name string, ptr any) column { return column{name: name, ptr: ptr} }

// table says how values of type T are stored in one SQL table: which
// column holds which field. The first column is the primary key "id"; a
// column "version" (an *int64) makes the values updatable with
// optimistic concurrency. The SQL for reading and inserting one value is
// built once per dialect.
type table[T any] struct {
	name    string
	columns func(*T) []column
	version int // index of the version column, or -1
	sql     map[Dialect]tableSQL
}

// tables lists every table newTable described, for the tests that check
// all of them.
var tables []tableColumns

// tableColumns is a table's name and the bindings of a zero value.
type tableColumns struct {
	name    string
	columns func() []column
}

type tableSQL struct {
	get, getForUpdate, insert, selectFrom string
}

// newTable describes the table name whose columns are bound by columns. It
// panics when the binding breaks a rule above, so that a mistake shows in
// the first test that touches the package.
func newTable[T any](name string, columns func(*T) []column) *table[T] {
	cols := columns(new(T))
	if len(cols) == 0 || cols[0].name != "id" {
		panic("sqlstore: table " + name + ": the first column must be id")
	}
	if _, ok := cols[0].ptr.(*string); !ok {
		panic("sqlstore: table " + name + ": id must be bound to a string field")
	}
	t := &table[T]{name: name, columns: columns, version: -1, sql: map[Dialect]tableSQL{}}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
		checkBinding(name, c)
		if c.name == "version" {
			if _, ok := c.ptr.(*int64); !ok {
				panic("sqlstore: table " + name + ": version must be bound to an int64 field")
			}
			t.version = i
		}
	}
	tables = append(tables, tableColumns{name: name, columns: func() []column { return columns(new(T)) }})
	selectFrom := "SELECT " + strings.Join(names, ", ") + " FROM " + name
	insert := "INSERT INTO " + name + " (" + strings.Join(names, ", ") + ") VALUES (" +
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", ") +
		") ON CONFLICT DO NOTHING"
	for _, d := range Dialects {
		t.sql[d] = tableSQL{
			get:          d.rebind(selectFrom + " WHERE id = ?"),
			getForUpdate: d.rebind(selectFrom + " WHERE id = ?" + d.lockRow()),
			insert:       d.rebind(insert),
			selectFrom:   selectFrom,
		}
	}
	return t
}

// checkBinding panics for a field bound without the codec its type needs:
// a time, or a slice, map, struct or pointer, which the drivers would store
// in forms that differ between them; and for a JSON column that would
// encode a struct's own json tags instead of a stored shape (stored.go).
func checkBinding(table string, c column) {
	switch p := c.ptr.(type) {
	case *jsonCodec:
		if _, ok := p.ptr.(storedShape); !ok && needsShape(reflect.TypeOf(p.ptr)) {
			panic(fmt.Sprintf("sqlstore: table %s: column %s (%T) holds a struct: bind it with storedOf and a stored shape", table, c.name, p.ptr))
		}
		return
	case *timeCodec, *nullTimeCodec, *textCodec, nullCodec:
		return
	}
	rv := reflect.ValueOf(c.ptr)
	if rv.Kind() != reflect.Pointer {
		panic(fmt.Sprintf("sqlstore: table %s: column %s must be bound to a pointer", table, c.name))
	}
	switch rv.Elem().Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Float32, reflect.Float64:
		return
	}
	panic(fmt.Sprintf("sqlstore: table %s: column %s (%s) needs a codec: timeOf, nullTimeOf or jsonOf", table, c.name, rv.Elem().Type()))
}

// scan reads one row into v and returns the bindings it used.
func (t *table[T]) scan(row interface{ Scan(...any) error }, v *T) ([]column, error) {
	cols := t.columns(v)
	dest := make([]any, len(cols))
	for i, c := range cols {
		dest[i] = c.ptr
	}
	return cols, row.Scan(dest...)
}

// values returns the values to store for cols, followed by extra.
func values(cols []column, extra ...any) ([]any, error) {
	out := make([]any, 0, len(cols)+len(extra))
	for _, c := range cols {
		v, err := c.value()
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return append(out, extra...), nil
}

// value returns the value to store for c. A bool is stored as the integer
// 0 or 1, which both databases take in an INTEGER column (PostgreSQL's
// driver does not convert a bool by itself) and read back into a bool.
func (c column) value() (driver.Value, error) {
	v, err := driver.DefaultParameterConverter.ConvertValue(c.ptr)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: column %s: %w", c.name, err)
	}
	if b, ok := v.(bool); ok {
		if b {
			return int64(1), nil
		}
		return int64(0), nil
	}
	return v, nil
}

// storedValues returns the values of cols as a scan stored them, as values
// would make them: it saves encoding JSON columns again.
func storedValues(cols []column) ([]any, error) {
	out := make([]any, len(cols))
	for i, c := range cols {
		if j, ok := c.ptr.(*jsonCodec); ok {
			out[i] = j.stored
			continue
		}
		v, err := c.value()
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

func (t *table[T]) id(v *T) string { return *t.columns(v)[0].ptr.(*string) }

// get is the shared body of every single-value read.
func get[T any](ctx context.Context, s *Store, t *table[T], id string) (*T, error) {
	v, _, err := t.read(ctx, s, t.sql[s.dialect].get, id)
	return v, err
}

// read runs query, which selects the row of id, and decodes the row. It
// returns the bindings it scanned with, which remember the stored text of
// JSON columns.
func (t *table[T]) read(ctx context.Context, s *Store, query, id string) (*T, []column, error) {
	st, err := s.stmt(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	v := new(T)
	cols, err := t.scan(st.QueryRowContext(ctx, id), v)
	if err != nil {
		return nil, nil, t.readError(ctx, s, id, err)
	}
	return v, cols, nil
}

func (t *table[T]) readError(ctx context.Context, s *Store, id string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlstore: %s %s: %w", t.name, id, storage.ErrNotFound)
	}
	return s.fail(ctx, "read "+t.name+" "+id, err)
}

// insert is the shared body of every Create method. A value whose ID, or
// other unique key, is taken returns storage.ErrAlreadyExists; it leaves a
// surrounding transaction usable on both databases.
func insert[T any](ctx context.Context, s *Store, t *table[T], v *T) error {
	args, err := values(t.columns(v))
	if err != nil {
		return err
	}
	st, err := s.stmt(ctx, t.sql[s.dialect].insert)
	if err != nil {
		return err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return s.fail(ctx, "insert into "+t.name, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.fail(ctx, "insert into "+t.name, err)
	}
	if n == 0 {
		return fmt.Errorf("sqlstore: %s %s: %w", t.name, t.id(v), storage.ErrAlreadyExists)
	}
	return nil
}

// update is the shared body of every Update method: in one transaction,
// read and lock the row, check the version, call fn on the value read,
// and write the result with its version incremented — only if the stored
// version is still the one read, which the lock guarantees. Only the
// columns whose values changed are written, so that SQLite leaves the
// indexes of the others alone.
func update[T any](ctx context.Context, s *Store, t *table[T], id string, version int64, fn func(*T) error) (*T, error) {
	if t.version < 0 {
		panic("sqlstore: table " + t.name + " has no version column")
	}
	var out *T
	err := s.write(ctx, func(ctx context.Context) error {
		v, cols, err := t.read(ctx, s, t.sql[s.dialect].getForUpdate, id)
		if err != nil {
			return err
		}
		ver := cols[t.version].ptr.(*int64)
		stored := *ver
		if err := storage.CheckVersion(version, stored); err != nil {
			return fmt.Errorf("sqlstore: %s %s: %w", t.name, id, err)
		}
		before, err := storedValues(cols)
		if err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
		if t.id(v) != id {
			return fmt.Errorf("sqlstore: %s %s: an update must not change the ID: %w", t.name, id, storage.ErrInvalid)
		}
		*ver = stored + 1
		after, err := values(cols)
		if err != nil {
			return err
		}
		query, args := t.updateQuery(s.dialect, cols, before, after, id, stored)
		st, err := s.stmt(ctx, query)
		if err != nil {
			return err
		}
		res, err := st.ExecContext(ctx, args...)
		if err != nil {
			return s.fail(ctx, "update "+t.name+" "+id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return s.fail(ctx, "update "+t.name+" "+id, err)
		} else if n == 0 {
			return fmt.Errorf("sqlstore: %s %s changed concurrently: %w", t.name, id, storage.ErrConflict)
		}
		out = v
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// updateQuery returns the UPDATE that writes the columns whose values
// differ between before and after — the version among them — to the row
// of id if its version is still version.
func (t *table[T]) updateQuery(d Dialect, cols []column, before, after []any, id string, version int64) (string, []any) {
	var b strings.Builder
	b.WriteString("UPDATE " + t.name + " SET ")
	args := make([]any, 0, len(cols)+1)
	for i := 1; i < len(cols); i++ {
		if sameValue(before[i], after[i]) {
			continue
		}
		if len(args) > 0 {
			b.WriteString(", ")
		}
		b.WriteString(cols[i].name + " = ?")
		args = append(args, after[i])
	}
	b.WriteString(" WHERE id = ? AND version = ?")
	return d.rebind(b.String()), append(args, id, version)
}

// sameValue compares two values made by driver.DefaultParameterConverter.
func sameValue(a, b any) bool {
	if x, ok := a.([]byte); ok {
		y, ok := b.([]byte)
		return ok && bytes.Equal(x, y)
	}
	if _, ok := b.([]byte); ok {
		return false
	}
	return a == b
}

// cond is one condition of a list: the column equals value, or one of
// the values in. A condition with neither selects every row.
type cond struct {
	column string
	value  any
	in     []any
}

// is selects the rows whose column equals value.
func is(column string, value any) cond { return cond{column: column, value: plainValue(value)} }

// isSet selects the rows whose column equals value when value is not the
// zero value of its type ("", 0), and every row otherwise: a field of a
// filter.
func isSet(column string, value any) cond {
	if reflect.ValueOf(value).IsZero() {
		return cond{column: column}
	}
	return is(column, value)
}

// isIn selects the rows whose column equals one of values when there are
// any, and every row otherwise: a filter field that lists alternatives.
func isIn[V ~string](column string, values []V) cond {
	c := cond{column: column}
	for _, v := range values {
		c.in = append(c.in, string(v))
	}
	return c
}

// listQuery returns the SQL and arguments of one page of a list.
func (t *table[T]) listQuery(d Dialect, after string, limit int, conds []cond) (string, []any) {
	var b strings.Builder
	b.WriteString(t.sql[d].selectFrom)
	args := make([]any, 0, len(conds)+2)
	sep := " WHERE "
	for _, c := range conds {
		switch {
		case len(c.in) > 1:
			b.WriteString(sep + c.column + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(c.in)), ", ") + ")")
			args = append(args, c.in...)
		case len(c.in) == 1:
			b.WriteString(sep + c.column + " = ?")
			args = append(args, c.in[0])
		case c.value != nil:
			b.WriteString(sep + c.column + " = ?")
			args = append(args, c.value)
		default:
			continue
		}
		sep = " AND "
	}
	if after != "" {
		b.WriteString(sep + "id > ?")
		args = append(args, after)
	}
	b.WriteString(" ORDER BY id")
	if limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args, limit+1)
	}
	return d.rebind(b.String()), args
}

// list is the shared body of every list read: the rows matching conds
// after the page cursor, in ID order, one more than the page size so that
// storage.Paginate knows whether a next page exists.
func list[T any](ctx context.Context, s *Store, t *table[T], page storage.PageRequest, conds ...cond) (storage.Page[T], error) {
	after, err := page.After()
	if err != nil {
		return storage.Page[T]{}, fmt.Errorf("sqlstore: list %s: %w", t.name, err)
	}
	query, args := t.listQuery(s.dialect, after, page.Size(), conds)
	st, err := s.stmt(ctx, query)
	if err != nil {
		return storage.Page[T]{}, err
	}
	rows, err := st.QueryContext(ctx, args...)
	if err != nil {
		return storage.Page[T]{}, s.fail(ctx, "list "+t.name, err)
	}
	defer rows.Close()
	items := []T{}
	var zero T
	for rows.Next() {
		items = append(items, zero)
		if _, err := t.scan(rows, &items[len(items)-1]); err != nil {
			return storage.Page[T]{}, s.fail(ctx, "list "+t.name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return storage.Page[T]{}, s.fail(ctx, "list "+t.name, err)
	}
	return storage.Paginate(items, page, func(v T) string { return t.id(&v) }), nil
}

// timeLayout stores times as UTC text with nine fractional digits: exact
// to the nanosecond on both databases, readable, and — being of fixed
// width — ordered as text the way the times are ordered.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

// timeOf binds a time.Time field. Times come back in UTC.
func timeOf(t *time.Time) any { return (*timeCodec)(t) }

type timeCodec time.Time

func (c *timeCodec) Value() (driver.Value, error) {
	return time.Time(*c).UTC().Format(timeLayout), nil
}

func (c *timeCodec) Scan(src any) error {
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*c = timeCodec(t)
	return nil
}

// nullTimeOf binds a *time.Time field; nil is stored as NULL.
func nullTimeOf(t **time.Time) any { return &nullTimeCodec{t} }

type nullTimeCodec struct{ t **time.Time }

func (c *nullTimeCodec) Value() (driver.Value, error) {
	if *c.t == nil {
		return nil, nil
	}
	return (*c.t).UTC().Format(timeLayout), nil
}

func (c *nullTimeCodec) Scan(src any) error {
	if src == nil {
		*c.t = nil
		return nil
	}
	t, err := parseTime(src)
	if err != nil {
		return err
	}
	*c.t = &t
	return nil
}

func parseTime(src any) (time.Time, error) {
	var s string
	switch v := src.(type) {
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return time.Time{}, fmt.Errorf("sqlstore: cannot read a time from %T", src)
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlstore: read time: %w", err)
	}
	return t, nil
}

// nullOf binds a pointer to a string or number — a field whose nil means
// "not given", such as an optional estimate — to a column of that type
// that holds NULL for nil.
func nullOf[T ~string | ~int | ~int64 | ~float64](p **T) any { return &nullValue[T]{p} }

// nullCodec is what every nullValue is, for checkBinding.
type nullCodec interface {
	driver.Valuer
	sql.Scanner
	null()
}

type nullValue[T ~string | ~int | ~int64 | ~float64] struct{ p **T }

func (*nullValue[T]) null() {}

func (c *nullValue[T]) Value() (driver.Value, error) {
	if *c.p == nil {
		return nil, nil
	}
	return plainValue(**c.p), nil
}

func (c *nullValue[T]) Scan(src any) error {
	if src == nil {
		*c.p = nil
		return nil
	}
	var n sql.Null[T] // converts to named types too
	if err := n.Scan(src); err != nil {
		return err
	}
	*c.p = &n.V
	return nil
}

// plainValue returns v, of a named string or number type, as the driver
// value of its kind, which every driver takes.
func plainValue(v any) driver.Value {
	switch v.(type) {
	case string, int64, float64:
		return v // as it is, without copying it into a new interface
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int64:
		return rv.Int()
	case reflect.Float64:
		return rv.Float()
	}
	return v
}

// textOf binds a field whose type has a text form of its own
// (encoding.TextMarshaler and TextUnmarshaler), such as a quarter, to a
// TEXT column: a value that lists may filter on, unlike JSON.
func textOf(v interface {
	encoding.TextMarshaler
	encoding.TextUnmarshaler
}) any {
	return &textCodec{v}
}

type textCodec struct {
	v interface {
		encoding.TextMarshaler
		encoding.TextUnmarshaler
	}
}

func (c *textCodec) Value() (driver.Value, error) {
	b, err := c.v.MarshalText()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func (c *textCodec) Scan(src any) error {
	switch v := src.(type) {
	case string:
		return c.v.UnmarshalText([]byte(v))
	case []byte:
		return c.v.UnmarshalText(v)
	}
	return fmt.Errorf("sqlstore: cannot read text from %T", src)
}

// jsonOf binds a field stored as a JSON document: a part of an aggregate
// that is always read and written with it and never filtered on, such as
// an objective's key results. A nil slice, map or pointer is stored as
// NULL, so nil and empty survive the round trip apart.
func jsonOf(ptr any) any { return &jsonCodec{ptr: ptr} }

type jsonCodec struct {
	ptr    any
	stored any // the text Scan decoded, or nil for NULL
}

func (c *jsonCodec) Value() (driver.Value, error) {
	b, err := json.Marshal(c.ptr)
	if err != nil {
		return nil, err
	}
	if string(b) == "null" {
		return nil, nil
	}
	return string(b), nil
}

func (c *jsonCodec) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		c.stored = nil
		return nil
	case string:
		c.stored = v
		return json.Unmarshal([]byte(v), c.ptr)
	case []byte:
		c.stored = string(v)
		return json.Unmarshal(v, c.ptr)
	}
	return fmt.Errorf("sqlstore: cannot read JSON from %T", src)
}

// remove deletes the row of t with key id, or returns ErrNotFound.
func remove[T any](ctx context.Context, s *Store, t *table[T], id string) error {
	return s.write(ctx, func(ctx context.Context) error {
		st, err := s.stmt(ctx, s.dialect.rebind("DELETE FROM "+t.name+" WHERE id = ?"))
		if err != nil {
			return err
		}
		res, err := st.ExecContext(ctx, id)
		if err != nil {
			return s.fail(ctx, "delete "+t.name+" "+id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return s.fail(ctx, "delete "+t.name+" "+id, err)
		}
		if n == 0 {
			return fmt.Errorf("sqlstore: %s %s: %w", t.name, id, storage.ErrNotFound)
		}
		return nil
	})
}
