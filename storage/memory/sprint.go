package memory

// sprintTables will hold the sprint package's data once it exists.
type sprintTables struct{}

func newSprintTables() sprintTables { return sprintTables{} }
