package mentorship

import (
	"fmt"
	"slices"
	"strings"
)

// Candidate is a suggested mentor with the reasons for the suggestion.
type Candidate struct {
	Mentor string `json:"mentor"`
	// Shared are the mentee's tags the mentor has expertise in, in the
	// order of the mentee's tags.
	Shared    []string `json:"shared"`
	SeatsLeft int      `json:"seatsLeft"`
	Capacity  int      `json:"capacity"`
	// Explanation says the above in a sentence, for example
	// "shares go, sql; 2 of 3 seats left".
	Explanation string `json:"explanation"`
}

// Suggest ranks mentors for a mentee whose goals carry tags. It leaves
// out the mentee themselves and mentors with no seat left (full, or
// capacity 0). Candidates are ranked by the number of shared tags
// (descending), then seats left (descending: a mentor with room has more
// time), then mentor ID (ascending), so the order is fully determined.
// Mentors sharing no tag are still listed, last. Tags are compared after
// trimming and lower-casing. Suggest is a pure function: O(P·(T+E)) for
// P profiles, T tags and E expertise tags each, plus the sort.
func Suggest(mentee string, tags []string, profiles []Profile) []Candidate {
	tags = normalizeTags(tags)
	out := []Candidate{}
	for _, p := range profiles {
		if p.Person == mentee || !p.Accepting() {
			continue
		}
		shared := sharedTags(tags, p.Expertise)
		c := Candidate{Mentor: p.Person, Shared: shared, SeatsLeft: p.SeatsLeft(), Capacity: p.Capacity}
		what := "shares no tag"
		if len(shared) > 0 {
			what = "shares " + strings.Join(shared, ", ")
		}
		c.Explanation = fmt.Sprintf("%s; %d of %d seats left", what, c.SeatsLeft, c.Capacity)
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		if d := len(b.Shared) - len(a.Shared); d != 0 {
			return d
		}
		if d := b.SeatsLeft - a.SeatsLeft; d != 0 {
			return d
		}
		return strings.Compare(a.Mentor, b.Mentor)
	})
	return out
}

// sharedTags returns the tags (normalised) found in expertise, in tag
// order.
func sharedTags(tags, expertise []string) []string {
	exp := normalizeTags(expertise)
	shared := []string{}
	for _, t := range tags {
		if slices.Contains(exp, t) {
			shared = append(shared, t)
		}
	}
	return shared
}

// TagFit is the fit score of a mentee with a mentor computed from tags:
// the number of the mentee's tags the mentor has expertise in, after
// trimming and lower-casing.
func TagFit(tags, expertise []string) int {
	return len(sharedTags(normalizeTags(tags), expertise))
}

// Seeker is a person looking for a mentor in a matching round, with the
// tags of their goals.
type Seeker struct {
	Person string   `json:"person"`
	Tags   []string `json:"tags"`
}

// ProblemFromTags builds an Assign problem from seekers and mentor
// profiles: each mentor offers the seats left on their profile, the fit
// of a pair is TagFit, and a person is never paired with themselves
// (NoFit). Mentors without a seat left are left out. Seekers and mentors
// keep the order given (Assign's result does not depend on it). Every
// list of the result is non-nil, also when no mentor has a seat left.
func ProblemFromTags(seekers []Seeker, profiles []Profile) Problem {
	p := Problem{Mentees: make([]string, len(seekers)), Mentors: []string{}, Capacity: []int{}}
	var offering []Profile
	for _, pr := range profiles {
		if pr.Accepting() {
			offering = append(offering, pr)
			p.Mentors = append(p.Mentors, pr.Person)
			p.Capacity = append(p.Capacity, pr.SeatsLeft())
		}
	}
	p.Fit = make([][]int, len(seekers))
	for i, sk := range seekers {
		p.Mentees[i] = sk.Person
		tags := normalizeTags(sk.Tags)
		row := make([]int, len(offering))
		for j, pr := range offering {
			row[j] = len(sharedTags(tags, pr.Expertise))
			if pr.Person == sk.Person {
				row[j] = NoFit
			}
		}
		p.Fit[i] = row
	}
	return p
}
