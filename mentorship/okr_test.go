package mentorship_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/footprint-hq/footprint/mentorship"
	"github.com/footprint-hq/footprint/okr"
	"github.com/footprint-hq/footprint/storage"
	"github.com/footprint-hq/footprint/storage/memory"
)

// The two packages plug into each other without adapters.
var (
	_ okr.MentorFinder     = (*mentorship.Service)(nil)
	_ mentorship.Interests = (*okr.Service)(nil)
)

// TestOKRVisibilityFollowsMentorSwitch wires okr to mentorship in one line
// and checks that a goal visible to the owner's mentor is visible to the
// team lead by default, to the chosen mentor from the moment they accept,
// and to the team lead again once the relation ends.
func TestOKRVisibilityFollowsMentorSwitch(t *testing.T) {
	ctx := context.Background()
	store := memory.New()
	dir := mentorship.DirectoryFunc(func(_ context.Context, person string) (string, error) {
		return map[string]string{"ana": "lee"}[person], nil
	})
	ms := mentorship.NewService(store, mentorship.WithDirectory(dir))
	okrs := okr.NewService(store, okr.WithMentors(ms))

	goal, err := okrs.CreateGoal(ctx, "ana", okr.GoalInput{Title: "Become an agile coach", Tags: []string{"agile", "coaching"}, Visibility: okr.VisibilityMentor})
	require.NoError(t, err)
	sees := func(viewer string) bool {
		t.Helper()
		_, err := okrs.Goal(ctx, viewer, goal.ID)
		if err != nil {
			require.ErrorIs(t, err, storage.ErrNotFound)
			return false
		}
		return true
	}
	assert.True(t, sees("lee"), "the team lead mentors ana by default")
	assert.False(t, sees("mia"))

	_, err = ms.Volunteer(ctx, "mia", mentorship.ProfileInput{Capacity: ptr(2), Expertise: []string{"coaching"}})
	require.NoError(t, err)
	r, err := ms.Request(ctx, "ana", mentorship.RequestInput{Mentor: "mia"})
	require.NoError(t, err)
	assert.False(t, sees("mia"), "a request alone changes nothing")
	assert.True(t, sees("lee"))

	_, err = ms.Accept(ctx, "mia", r.ID, 0, mentorship.AnswerInput{})
	require.NoError(t, err)
	assert.True(t, sees("mia"), "the new mentor sees the goal at once")
	assert.False(t, sees("lee"), "the former mentor no longer does")

	_, err = ms.End(ctx, "ana", r.ID, 0, mentorship.EndInput{Reason: mentorship.EndCompleted})
	require.NoError(t, err)
	assert.False(t, sees("mia"))
	assert.True(t, sees("lee"), "back to the team lead")

	// okr's ActiveTags feed mentor suggestions.
	withTags := mentorship.NewService(store, mentorship.WithDirectory(dir), mentorship.WithInterests(okrs))
	_, err = okrs.CreateObjective(ctx, "ana", okr.ObjectiveInput{GoalID: goal.ID, ObjectiveSpec: okr.ObjectiveSpec{
		Title: "Coach a team", KeyResults: []okr.KeyResultInput{{Title: "Certified", Kind: okr.Milestone}}}})
	require.NoError(t, err)
	cands, err := withTags.SuggestMentors(ctx, "ana", 0)
	require.NoError(t, err)
	require.Len(t, cands, 1)
	assert.Equal(t, []string{"coaching"}, cands[0].Shared)
}
