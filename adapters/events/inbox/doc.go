// Package inbox keeps each person's inbox: one item for every event of the
// log that concerns them and that they may see, and one for every reminder
// of something due — a key result without a check-in, a mentoring meeting
// due or overdue, a mentoring request waiting for its answer or about to
// expire, a suggestion waiting for its owner.
//
// Items are idempotent on (person, key): an event's key is
// "event:<eventID>" and a reminder's "<kind>:<objectID>:<occurrence>", and
// the store skips a key it already holds. So the event consumer may see an
// event twice (delivery is at least once) and Remind may run twice, or on
// two instances at once, and each occurrence still arrives once.
//
// The library runs nothing in the background: the host drains
// Service.Consumer and calls Service.Remind (or runs RunReminders).
package inbox
