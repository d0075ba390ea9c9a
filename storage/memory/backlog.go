package memory

// backlogTables will hold the backlog package's data once it exists.
type backlogTables struct{}

func newBacklogTables() backlogTables { return backlogTables{} }
