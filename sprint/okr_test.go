package sprint_test

import (
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/sprint"
)

// okr's Service tells sprint what a person works on.
var _ sprint.Interests = (*okr.Service)(nil)
