package sqlstore

// OKRListQueries returns the SQL of each kind of list the okr package's
// services ask for, as the store builds it for dialect d, for tests that
// check the database answers them from an index.
func OKRListQueries(d Dialect) map[string]string {
	q := func(query string, _ []any) string { return query }
	const v, after, limit = "x", "01", 50
	return map[string]string{
		"goals of a person":          q(okrGoals.listQuery(d, after, limit, []cond{is("owner", v)})),
		"objectives of a person":     q(okrObjectives.listQuery(d, after, limit, []cond{isSet("owner", v)})),
		"objectives of a goal":       q(okrObjectives.listQuery(d, after, limit, []cond{isSet("owner", v), isSet("goal_id", v)})),
		"check-ins of a person":      q(okrCheckIns.listQuery(d, after, 0, []cond{isSet("owner", v)})),
		"check-ins of an objective":  q(okrCheckIns.listQuery(d, after, limit, []cond{isSet("objective_id", v)})),
		"check-ins of a key result":  q(okrCheckIns.listQuery(d, after, limit, []cond{isSet("objective_id", v), isSet("key_result_id", v)})),
		"comments of an objective":   q(okrComments.listQuery(d, after, limit, []cond{is("objective_id", v)})),
		"suggestions to a person":    q(okrSuggestions.listQuery(d, after, limit, []cond{isSet("to_person", v), isSet("status", v)})),
		"suggestions from a person":  q(okrSuggestions.listQuery(d, after, limit, []cond{isSet("from_person", v)})),
		"first page without a limit": q(okrGoals.listQuery(d, "", 0, []cond{is("owner", v)})),
	}
}
