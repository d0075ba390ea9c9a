package memory

// mentorshipTables will hold the mentorship package's data once it exists.
type mentorshipTables struct{}

func newMentorshipTables() mentorshipTables { return mentorshipTables{} }
